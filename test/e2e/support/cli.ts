// The CLI's findings for a file: what every client is compared against.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot, samplesDir } from './tools';

export interface Position { line: number; character: number }
export interface Finding {
  file: string;
  range: { start: Position; end: Position };
  severity: 'error' | 'warning' | 'info' | 'hint' | string;
  code: string;
  message: string;
}

/** Runs `node dist/cli.js check <file> --format json` (exit 1 = findings with errors; both fine). */
export function cliFindings(file: string): Finding[] {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', file, '--format', 'json'], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    if (e.status !== 1 || !e.stdout) throw new Error(`CLI failed on ${file} (exit ${e.status}): ${e.stderr ?? ''}`);
    stdout = e.stdout;
  }
  return JSON.parse(stdout) as Finding[];
}

/** The sample sheets, relative to samples/ (sorted). */
export function sampleSheets(): string[] {
  return readdirSync(samplesDir).filter((f) => /\.sheet\.ya?ml$/.test(f)).sort();
}

/** "code@line" keys (0-based lines), sorted: the comparison unit for every client. */
export function keysOf(items: { code: string; line: number }[]): string[] {
  return items.map((d) => `${d.code}@${d.line}`).sort();
}
export function findingKeys(findings: Finding[]): string[] {
  return keysOf(findings.map((f) => ({ code: f.code, line: f.range.start.line })));
}
