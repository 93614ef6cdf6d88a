// Expected diagnostics for a sheet (as the CLI finds them) and simple edits a user would make.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { cliFindings, type Finding } from './cli';
import { samplesDir } from './tools';

export function sampleText(name: string): string {
  return readFileSync(path.join(samplesDir, name), 'utf8');
}

/**
 * The CLI's findings for `name` with its text replaced by `text`, checked inside a copy of samples/
 * (so cross-file references see the same workspace as the editor does).
 */
export function cliFindingsForText(name: string, text: string): Finding[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'policy-sheets-expect-'));
  try {
    cpSync(samplesDir, dir, { recursive: true });
    writeFileSync(path.join(dir, name), text);
    return cliFindings(path.join(dir, name));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 0-based index of the first line matching `re`, or -1. */
export function lineMatching(text: string, re: RegExp): number {
  return text.split('\n').findIndex((l) => re.test(l));
}

/** Problems-panel comparison unit: "severity code @line:character" (hints are not listed there). */
export function problemKey(p: { severity: string; code: string; line: number; character: number }): string {
  return `${p.severity} ${p.code} @${p.line}:${p.character}`;
}
export function expectedProblemKeys(findings: Finding[]): string[] {
  return findings
    .filter((f) => f.severity !== 'hint')
    .map((f) => problemKey({ severity: f.severity === 'information' ? 'info' : f.severity, code: f.code, line: f.range.start.line, character: f.range.start.character }))
    .sort();
}
