import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot, runCli, tempFolder } from '../helpers/cli';

const sample = readFileSync(resolve(repoRoot, 'samples/001-furikaeri-r6.sheet.yaml'), 'utf8');

describe('diff: policy-sheets diff <old> <new>', () => {
  it('writes the 新旧対照表 of two versions of sample 001: the changed 実施状況 and figure, 旧 / 新, no script', () => {
    const changed = sample.replace('実施状況: 実施中', '実施状況: 完了').replace('導入・継続 323 地活協', '導入・継続 324 地活協');
    const dir = tempFolder({ 'old.sheet.yaml': sample, 'new.sheet.yaml': changed });
    const result = runCli(['diff', join(dir, 'old.sheet.yaml'), join(dir, 'new.sheet.yaml'), '-o', join(dir, 'diff.html')]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stderr, /新旧対照表: .*diff\.html（変更 2 件）/);
    const html = readFileSync(join(dir, 'diff.html'), 'utf8');
    assert.doesNotMatch(html, /<script|\son[a-z]+=|javascript:/i);
    assert.match(html, /<td class="column">実施状況<\/td><td class="old"><del>実施中<\/del><\/td><td class="new"><ins>完了<\/ins><\/td>/);
    assert.match(html, /導入・継続 32<del>3<\/del> 地活協/);
    assert.match(html, /導入・継続 32<ins>4<\/ins> 地活協/);
    assert.equal((html.match(/<tr class="change">/g) ?? []).length, 2);
    assert.match(html, /変更なし \d+ 行/);
  });

  it('bad usage and unreadable input: exit 2 with a Japanese message', () => {
    const one = runCli(['diff', 'samples/001-furikaeri-r6.sheet.yaml']);
    assert.equal(one.status, 2);
    assert.match(one.stderr, /旧と新の 2 つのシートを指定してください/);
    const missing = runCli(['diff', 'samples/001-furikaeri-r6.sheet.yaml', 'no-such.sheet.yaml']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /読めません: no-such\.sheet\.yaml/);
  });
});
