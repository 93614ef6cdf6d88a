import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/formatters/github';
import type { Finding } from '../../server/src/formatters/types';
import { minutesSheet, runCli, tempFolder } from '../helpers/cli';

describe('policy-sheets check --format github', () => {
  it('prints one workflow command per finding with 1-based positions and the code as title', () => {
    const dir = tempFolder({ 'a.sheet.yaml': minutesSheet() });
    const r = runCli(['check', '.', '--format', 'github'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    assert.deepEqual(r.stdout.split('\n'), [
      '::error file=a.sheet.yaml,line=4,endLine=4,col=7,endColumn=8,title=schema/enum::「公開区分」は次のいずれかです: 公開、非公開（いまは「秘密」）。',
      '::error file=a.sheet.yaml,line=5,endLine=5,col=26,endColumn=26,title=minutes/weekday-mismatch::金曜日ではありません。令和５年12月14日は木曜日です。',
      '',
    ]);
  });

  it('maps warnings to ::warning and info/hint to ::notice (samples/002)', () => {
    const r = runCli(['check', 'samples/002-abeno-unei-hoshin-r6.sheet.yaml', '--format', 'github']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 0);
    for (const line of lines) assert.match(line, /^::(warning|notice) file=samples\/002-abeno-unei-hoshin-r6\.sheet\.yaml,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=(indicator\/lookalike-mark|writing\/prh)::/);
    // The info finding of the writing checks (「および」 → 及び) is a notice.
    assert.equal(lines.filter((l) => l.startsWith('::notice ') && l.includes('title=writing/prh::')).length, 1, r.stdout);
    const info: Finding = { file: 'x.sheet.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'hint', code: 'yaml/syntax', message: 'm' };
    assert.equal(formatGithub([info], { files: [], toolVersion: '0', color: false }), '::notice file=x.sheet.yaml,line=1,endLine=1,col=1,endColumn=1,title=yaml/syntax::m\n');
  });

  it('escapes % CR LF in messages and also : , in properties, as the Actions runner requires', () => {
    assert.equal(escapeData('100% a\r\nb: c, d'), '100%25 a%0D%0Ab: c, d');
    assert.equal(escapeProperty('dir,1/a:b%.sheet.yaml'), 'dir%2C1/a%3Ab%25.sheet.yaml');
    const f: Finding = { file: 'w,1:x.sheet.yaml', range: { start: { line: 1, character: 2 }, end: { line: 3, character: 0 } }, severity: 'error', code: 'yaml/syntax', message: '1行目\n2行目 50%' };
    const [command] = formatGithub([f], { files: [], toolVersion: '0', color: false }).split('\n');
    assert.equal(command, '::error file=w%2C1%3Ax.sheet.yaml,line=2,endLine=4,col=3,endColumn=1,title=yaml/syntax::1行目%0A2行目 50%25');
  });
});
