import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc, realService } from '../helpers/service';

const service = realService();

/** A 振り返りシート of `year` (令和N年度末) with rows [取組項目 name, めざす姿, 実施状況]. */
function sheet(year: number, rows: [string, string, string][]): string {
  const items = rows.map(([name, goal, status]) => `          - 名称: ${name}\n            行:\n              - めざす姿: ${goal}\n                具体的取組: 進める\n                実施状況: ${status}`).join('\n');
  return `様式: 振り返りシート\n基準時点: 令和${year}年度末\n柱:\n  - 番号: 1\n    名称: 柱\n    中項目:\n      - 番号: 1\n        名称: 中項目\n        取組項目:\n${items}\n`;
}

function reopened(thisYear: string, lastYear: string): { line: number; message: string }[] {
  const last = service.factsOfText('file:///last.sheet.yaml', lastYear);
  return service
    .validate(doc(thisYear, 'file:///this.sheet.yaml'), {}, { workspace: { files: () => [last] } })
    .filter((d) => d.code === 'carry-over/completed-reopened')
    .map((d) => ({ line: d.range.start.line, message: String(d.message) }));
}

describe('year over year: carry-over/completed-reopened', () => {
  const last = sheet(5, [['窓口の改善', '待ち時間が短くなる', '完了'], ['広報の充実', '読まれる広報紙', '実施中']]);

  it('a row 完了 last year and 実施中 this year is reported on its 実施状況, naming last year\'s sheet', () => {
    const found = reopened(sheet(6, [['窓口の改善', '待ち時間が　短くなる', '実施中'], ['広報の充実', '読まれる広報紙', '実施中']]), last);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.line, 13);
    assert.match(found[0]!.message, /前年度の令和5年度末 振り返りシートで「完了」とした取組が「実施中」/);
  });

  it('nothing when the row stays 完了, is another item, or last year\'s sheet is not last year', () => {
    assert.deepEqual(reopened(sheet(6, [['窓口の改善', '待ち時間が短くなる', '完了']]), last), []);
    assert.deepEqual(reopened(sheet(6, [['窓口の刷新', '待ち時間が短くなる', '実施中']]), last), []);
    assert.deepEqual(reopened(sheet(7, [['窓口の改善', '待ち時間が短くなる', '実施中']]), last), []);
  });

  it('nothing without a workspace', () => {
    assert.deepEqual(service.validate(doc(sheet(6, [['窓口の改善', '待ち時間が短くなる', '実施中']]))).filter((d) => d.code === 'carry-over/completed-reopened'), []);
  });
});
