import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sheetKinds } from '../../server/src/service/kinds';
import { runCli, tempFolder } from '../helpers/cli';

describe('policy-sheets new', () => {
  it('writes each 様式 to a file that `check` then finds clean', () => {
    const dir = tempFolder({});
    for (const kind of sheetKinds) {
      const r = runCli(['new', kind, '--ward', '北区', '--year', '令和7年度', '-o', `${kind}.sheet.yaml`], { cwd: dir });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stderr, /を作りました/);
    }
    const check = runCli(['check', '.', '--format', 'json'], { cwd: dir });
    assert.equal(check.status, 0, check.stdout);
    assert.deepEqual(JSON.parse(check.stdout), []);
  });

  it('prints to stdout without -o, accepting R7 and 2025 and --ward=/--year= forms alike', () => {
    const a = runCli(['new', '区運営方針', '--ward', '阿倍野区', '--year', 'R7']);
    const b = runCli(['new', '区運営方針', '--ward=阿倍野', '--year=2025']);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    assert.match(a.stdout, /^区名: 阿倍野区$/m);
    assert.match(a.stdout, /^年度: 令和7年度$/m);
    assert.match(a.stdout, /^ +5決算額: 0$/m);
  });

  it('never overwrites a file, and exits 2 with a reason for bad input', () => {
    const dir = tempFolder({});
    writeFileSync(join(dir, 'x.sheet.yaml'), 'mine');
    const exists = runCli(['new', '部会議事概要', '--ward', '北区', '--year', 'R7', '-o', 'x.sheet.yaml'], { cwd: dir });
    assert.equal(exists.status, 2);
    assert.match(exists.stderr, /もうあります/);
    assert.equal(readFileSync(join(dir, 'x.sheet.yaml'), 'utf8'), 'mine');
    const cases: [string[], RegExp][] = [
      [['new', '議事録', '--ward', '北区', '--year', 'R7'], /様式「議事録」はありません/],
      [['new', '区運営方針', '--ward', '阿部野区', '--year', 'R7'], /「阿倍野区」のことですか/],
      [['new', '区運営方針', '--ward', '北区', '--year', '令和0年度'], /令和0年度はありません/],
      [['new', '区運営方針', '--year', 'R7'], /--ward/],
      [['new', '区運営方針', '--ward', '北区'], /--year/],
      [['new', '--ward', '北区', '--year', 'R7'], /様式を指定してください/],
      [['new', '区運営方針', '--ward'], /--ward の値がありません/],
      [['new', '区運営方針', '--ward', '北区', '--year', 'R7', '--force'], /不明なオプション/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });
});
