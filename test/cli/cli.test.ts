import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { minutesSheet } from '../helpers/sheets';

const root = resolve(__dirname, '../..');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), ...args], { cwd, encoding: 'utf8' });

function sheetDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const validMinutes = minutesSheet();

describe('policy-sheets check', () => {
  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const dir = sheetDir({ 'a.sheet.yaml': validMinutes.replace('公開区分: 公開', '公開区分: 秘密') });
    const r = cli(['check', dir]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /a\.sheet\.yaml:4:7 error schema\/enum /);
  });

  it('exits 0 on a clean folder and only reads *.sheet.yaml files in it', () => {
    const dir = sheetDir({ 'ok.sheet.yaml': validMinutes, 'other.yaml': 'not: [a sheet' });
    const r = cli(['check', dir, '--format', 'json']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('prints one JSON array with 0-based LSP ranges', () => {
    const dir = sheetDir({ 'b.sheet.yaml': validMinutes.replace('回: 1', '回: x') });
    const r = cli(['check', join(dir, 'b.sheet.yaml'), '--format=json']);
    assert.equal(r.status, 1);
    const findings = JSON.parse(r.stdout) as { file: string; range: unknown; severity: string; code: string; message: string }[];
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0]!.range, { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } });
    assert.equal(findings[0]!.severity, 'error');
    assert.equal(findings[0]!.code, 'schema/type');
    assert.ok(findings[0]!.file.endsWith('b.sheet.yaml'));
  });

  it('checks samples/ by default', () => {
    const r = cli(['check', '--format', 'json']);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const files = new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file));
    for (const f of files) assert.match(f, /^samples\//);
  });

  it('exits 2 on bad usage and on unreadable input', () => {
    assert.equal(cli(['lint']).status, 2);
    assert.equal(cli(['check', '--format', 'xml']).status, 2);
    assert.equal(cli(['check', '--frobnicate']).status, 2);
    const missing = cli(['check', '/nonexistent/file.sheet.yaml']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /読めません/);
  });
});
