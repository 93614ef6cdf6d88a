import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, tempFolder } from '../helpers/cli';
import { review, review2 } from '../helpers/workspaceSheets';

/** The reference/dangling findings of `check --format json` on the files given. */
function dangling(files: Record<string, string>, names: string[]): { file: string; message: string; range: { start: { line: number } } }[] {
  const dir = tempFolder(files);
  const result = runCli(['check', '--format', 'json', ...names.map((n) => join(dir, n))]);
  return (JSON.parse(result.stdout) as { code: string; file: string; message: string; range: { start: { line: number } } }[]).filter((f) => f.code === 'reference/dangling');
}

describe('check: the files given form the workspace', () => {
  it('a 【再掲】 of another sheet given on the command line resolves', () => {
    assert.deepEqual(dangling({ 'a.sheet.yaml': review, 'b.sheet.yaml': review2(1) }, ['a.sheet.yaml', 'b.sheet.yaml']), []);
  });

  it('the same sheet checked alone reports the 再掲 as dangling', () => {
    const found = dangling({ 'a.sheet.yaml': review }, ['a.sheet.yaml']);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.range.start.line, review.split('\n').findIndex((l) => l.includes('再掲: 2 (1)')));
  });

  it('an unresolved 再掲 names the nearest candidate in any file', () => {
    const found = dangling({ 'a.sheet.yaml': review, 'b.sheet.yaml': review2(3) }, ['a.sheet.yaml', 'b.sheet.yaml']);
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /ワークスペースで近い候補: 令和6年度末 振り返りシートの「2 \(3\) 区政会議の運営」/);
  });
});
