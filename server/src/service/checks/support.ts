import type { DiagnosticCode } from '../diagnosticCodes';
import type { Problem, Severity } from '../problem';
import { firstKey, locate, offsetsOf } from '../yamlPath';
import type { CheckContext } from './index';

/** A path into the sheet's data: map keys and sequence indexes. */
export type DataPath = readonly (string | number)[];

/**
 * A Problem placed on the node at `path`: on its value (default) or on its key (`on: 'key'`).
 * Falls back to the nearest existing ancestor, never to offset 0 unless the document is empty.
 */
export function problemAt(
  context: CheckContext,
  path: DataPath,
  code: DiagnosticCode,
  message: string,
  options: { severity?: Severity; on?: 'key' | 'value'; data?: unknown; sub?: { start: number; end: number; text: string } } = {},
): Problem {
  const location = locate(context.yaml, path);
  const value = offsetsOf(location.node);
  const key = offsetsOf(location.key) ?? offsetsOf(firstKey(location.node));
  let [start, end] = (options.on === 'key' ? (key ?? value) : (value ?? key)) ?? [0, 0];
  if (options.sub && value) {
    // A sub-range inside a one-line scalar (e.g. one date inside a sentence), given in string
    // offsets. Used only when the source text there is exactly the substring (no escapes, not a
    // folded block scalar); otherwise the whole value is marked.
    const quoted = /^["']/.test(context.sheet.text.slice(value[0], value[0] + 1)) ? 1 : 0;
    const subStart = value[0] + quoted + options.sub.start;
    const subEnd = value[0] + quoted + options.sub.end;
    if (context.sheet.text.slice(subStart, subEnd) === options.sub.text) [start, end] = [subStart, subEnd];
    else {
      // Search the value's source for the substring (block scalars keep their text line by line).
      const at = context.sheet.text.slice(value[0], value[1]).indexOf(options.sub.text);
      if (at >= 0) [start, end] = [value[0] + at, value[0] + at + options.sub.text.length];
    }
  }
  const problem: Problem = { code, message, start, end, severity: options.severity ?? 'warning' };
  if (options.data !== undefined) problem.data = options.data;
  return problem;
}

/** True for a plain mapping (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value` as an array of records (non-objects dropped), for walking data that may not match the schema. */
export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)) : [];
}

/** Index pairs of `value` as records, keeping the original index for paths. */
export function indexedRecords(value: unknown): [number, Record<string, unknown>][] {
  if (!Array.isArray(value)) return [];
  const out: [number, Record<string, unknown>][] = [];
  value.forEach((v, i) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) out.push([i, v as Record<string, unknown>]);
  });
  return out;
}

/** A 文章 value (string or list of strings) as one list of strings. */
export function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

// Deep enough for any sheet the parser accepts (it refuses deeper nesting), and bounded.
const maxDepth = 64;

/**
 * Calls `visit` for every mapping entry whose key is in `keys`, anywhere in `data`, with the path of
 * the entry's value. Walks any shape of data, so a list written under an unexpected parent is still
 * found. Source order is kept. Each object is entered once (a set of visited objects): data shared
 * through YAML aliases is walked at its first path only, and cyclic data (`&a [*a]`) cannot loop.
 * Iterative, so no data depth can exhaust the stack.
 */
export function findKeyed(data: unknown, keys: ReadonlySet<string>, visit: (path: DataPath, key: string, value: unknown) => void): void {
  const visited = new Set<object>();
  // A stack of pending steps in reverse source order: walk a value, or report a keyed entry.
  type Step = { walk: unknown; path: (string | number)[] } | { key: string; value: unknown; path: (string | number)[] };
  const stack: Step[] = [{ walk: data, path: [] }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    if ('key' in step) {
      visit(step.path, step.key, step.value);
      continue;
    }
    const { walk: value, path } = step;
    if (path.length > maxDepth || value === null || typeof value !== 'object' || visited.has(value)) continue;
    visited.add(value);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ walk: value[i], path: [...path, i] });
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i]!;
      stack.push({ walk: child, path: [...path, key] });
      if (keys.has(key)) stack.push({ key, value: child, path: [...path, key] });
    }
  }
}
