import type { Finding } from '../cli';

export type { Finding };

/** What a formatter knows besides the findings. */
export interface FormatContext {
  /** Every file that was checked, in the order checked and spelt as in `Finding.file` (relative to the working directory when inside it). */
  files: readonly string[];
  /** Version of policy-sheets (package.json), for tool metadata. */
  toolVersion: string;
  /** Whether to colour the output with ANSI escapes (only `stylish` colours; decided by `colorEnabled`). */
  color: boolean;
}

/**
 * A pure function from findings to the complete output text (ending in a newline when not empty).
 * Findings arrive in file order, then document order.
 */
export type Formatter = (findings: readonly Finding[], context: FormatContext) => string;

/** Findings counted by severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Finding['severity'], number> {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Findings grouped by file, keeping every checked file (clean ones with no findings) in order. */
export function groupByFile(findings: readonly Finding[], files: readonly string[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>(files.map((file) => [file, []]));
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}
