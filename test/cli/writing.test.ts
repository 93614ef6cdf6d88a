import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { reviewSheet } from '../helpers/sheets';

const root = resolve(__dirname, '../..');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), ...args], { cwd, encoding: 'utf8' });

interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
}

// A folded scalar and a double-quoted one, so the ranges go through the YAML mapping.
const text = reviewSheet(`              - めざす姿: 令和5年度中に、区政会議の開催、区政会議の開催を全区で実施
                主な取組実績:
                  - >-
                    大阪府、大阪府が一体となり、
                    国際交流を展開する。
                  - "来庁\\uff65郵便で受け付けた。"
                実施状況: 実施中
`);

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-writing-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The 0-based line of the document that contains `needle`. */
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

/** The document text under a finding's range (single-line ranges). */
function under(f: JsonFinding): string {
  assert.equal(f.range.start.line, f.range.end.line, JSON.stringify(f.range));
  return text.split('\n')[f.range.start.line]!.slice(f.range.start.character, f.range.end.character);
}

describe('policy-sheets check: writing checks (issue 9 §3)', () => {
  it('reports writing/<rule> findings at severity info with exact ranges (plain, folded, quoted)', () => {
    const dir = dirWith({ 'a.sheet.yaml': text });
    const r = cli(['check', dir, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.code.startsWith('writing/'));
    const byCode = (code: string) => findings.find((f) => f.code === code);
    const phrase = byCode('writing/repeated-phrase');
    assert.ok(phrase, r.stdout);
    assert.equal(phrase.severity, 'info');
    assert.equal(phrase.range.start.line, lineOf('めざす姿'));
    assert.equal(under(phrase), '区政会議の開催');
    const terms = byCode('writing/prh');
    assert.ok(terms, r.stdout);
    assert.equal(terms.range.start.line, lineOf('大阪府、大阪府'));
    assert.equal(under(terms), '大阪府、大阪府');
    const kana = byCode('writing/no-hankaku-kana');
    assert.ok(kana, r.stdout);
    // The escape \uff65 in the double-quoted scalar: the range starts at its backslash.
    assert.equal(kana.range.start.line, lineOf('来庁'));
    assert.equal(text.split('\n')[kana.range.start.line]!.slice(kana.range.start.character).slice(0, 6), '\\uff65');
    // Off by default (noisy on the real samples): no doubled particles unless configured.
    assert.equal(byCode('writing/no-doubled-joshi'), undefined);
  });

  it('follows .policy-sheets.yaml: a code set to off is dropped, a default-off code can be turned on', () => {
    const dir = dirWith({ 'a.sheet.yaml': text, '.policy-sheets.yaml': 'diagnostics:\n  writing/prh: off\n  writing/repeated-phrase: warning\n' });
    const findings = JSON.parse(cli(['check', dir, '--format', 'json']).stdout) as JsonFinding[];
    assert.equal(findings.filter((f) => f.code === 'writing/prh').length, 0);
    assert.equal(findings.find((f) => f.code === 'writing/repeated-phrase')?.severity, 'warning');
  });

  it('--no-writing skips them and keeps the structural findings', () => {
    const dir = dirWith({ 'a.sheet.yaml': text });
    const all = JSON.parse(cli(['check', dir, '--format', 'json']).stdout) as JsonFinding[];
    const r = cli(['check', dir, '--format', 'json', '--no-writing']);
    const without = JSON.parse(r.stdout) as JsonFinding[];
    assert.ok(all.some((f) => f.code.startsWith('writing/')));
    assert.deepEqual(without, all.filter((f) => !f.code.startsWith('writing/')));
  });
});
