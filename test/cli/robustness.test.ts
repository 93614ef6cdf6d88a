import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '../..');

describe('policy-sheets check on hostile sheets', () => {
  it('reports the cyclic alias through the recursive schema and the 39-byte cycle with a finding each, no crash, no hang', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-cli-'));
    writeFileSync(join(dir, 'a.sheet.yaml'), '様式: 区運営方針\nx: &a [*a, *a]\n');
    writeFileSync(
      join(dir, 'b.sheet.yaml'),
      '様式: 市政改革プラン進捗\n年度: 平成23年度\n時点: 24年3月末\n柱: {番号: 2, 名称: 区役所・市役所力の強化}\n事項:\n  - 番号: 2-③\n    名称: x\n    主な取組: &a\n      - 記号: ア\n        子項目: *a\n',
    );
    const run = spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), 'check', dir, '--format', 'json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(run.signal, null, 'finished within the timeout');
    assert.equal(run.stderr, '');
    const findings = JSON.parse(run.stdout) as { file: string; code: string }[];
    assert.deepEqual(findings.map((f) => f.code), ['yaml/alias-cycle', 'yaml/alias-cycle']);
    assert.equal(run.status, 1, 'errors found');
  });
});
