import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colorEnabled, formatStylish } from '../../server/src/formatters/stylish';
import type { Finding } from '../../server/src/formatters/types';
import { minutesSheet, runCli, tempFolder } from '../helpers/cli';

const ansi = /\u001b\[/;

describe('policy-sheets check --format stylish', () => {
  const dir = tempFolder({ 'a.sheet.yaml': minutesSheet(), 'b.sheet.yaml': minutesSheet(true), 'c.sheet.yaml': minutesSheet() });

  it('groups findings under each file name with aligned columns, skips clean files, and sums up', () => {
    const r = runCli(['check', '.', '--format', 'stylish'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined } });
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stdout, ansi, 'no colour when stdout is not a terminal');
    const block = (file: string) =>
      `${file}\n` +
      '  4:7   error  schema/enum               「公開区分」は次のいずれかです: 公開、非公開（いまは「秘密」）。\n' +
      '  5:26  error  minutes/weekday-mismatch  金曜日ではありません。令和５年12月14日は木曜日です。\n\n';
    assert.equal(r.stdout, `${block('a.sheet.yaml')}${block('c.sheet.yaml')}✖ 4 件の問題（エラー 4 件、警告 0 件、情報 0 件）、3 件のシート\n`);
  });

  it('colours with FORCE_COLOR, never with NO_COLOR, and says so when all is clean', () => {
    const forced = runCli(['check', '.', '--format', 'stylish'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    assert.match(forced.stdout, /\u001b\[4ma\.sheet\.yaml\u001b\[24m/);
    assert.match(forced.stdout, /\u001b\[31merror\u001b\[39m/);
    const off = runCli(['check', '.', '--format', 'stylish'], { cwd: dir, env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    assert.doesNotMatch(off.stdout, ansi);
    const clean = runCli(['check', 'b.sheet.yaml', '--format', 'stylish'], { cwd: dir });
    assert.equal(clean.status, 0);
    assert.equal(clean.stdout, '✔ 1 件のシート、問題なし\n');
  });

  it('decides colour from NO_COLOR, FORCE_COLOR and the terminal', () => {
    assert.equal(colorEnabled({}, true), true);
    assert.equal(colorEnabled({}, false), false);
    assert.equal(colorEnabled({ NO_COLOR: '1' }, true), false);
    assert.equal(colorEnabled({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR is ignored (no-color.org)');
    assert.equal(colorEnabled({ FORCE_COLOR: '1' }, false), true);
    assert.equal(colorEnabled({ FORCE_COLOR: '0' }, true), false);
    assert.equal(colorEnabled({ NO_COLOR: 'x', FORCE_COLOR: '1' }, true), false);
  });

  it('counts info and hints apart from warnings and colours a warnings-only summary yellow', () => {
    const f = (severity: Finding['severity']): Finding => ({ file: 'x', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, severity, code: 'yaml/syntax', message: 'm' });
    const out = formatStylish([f('warning'), f('info'), f('hint')], { files: ['x'], toolVersion: '0', color: true });
    assert.match(out, /\u001b\[33m✖ 3 件の問題（エラー 0 件、警告 1 件、情報 2 件）、1 件のシート/);
  });
});
