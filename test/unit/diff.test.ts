import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffHtml } from '../../server/src/export/diffHtml';
import { diffSheets, type DiffChange } from '../../server/src/service/diff';
import { doc, realService } from '../helpers/service';

const service = realService();

/** A 振り返りシート with one 取組項目 per entry: [name, めざす姿, 主な取組実績, 実施状況]. */
function sheet(rows: [string, string, string, string][]): string {
  const items = rows
    .map(([name, goal, results, status]) => `          - 名称: ${name}\n            行:\n              - めざす姿: ${goal}\n                具体的取組: 進める\n                主な取組実績: ${results}\n                実施状況: ${status}`)
    .join('\n');
  return `様式: 振り返りシート\n基準時点: 令和6年度末\n柱:\n  - 番号: 1\n    名称: 区民の参画\n    中項目:\n      - 番号: 1\n        名称: 区政会議\n        取組項目:\n${items}\n`;
}

const base: [string, string, string, string][] = [
  ['窓口の改善', '待ち時間が短くなる', '案内係を置いた', '実施中'],
  ['広報の充実', '読まれる広報紙', '全戸配布した', '実施中'],
  ['防災訓練', '参加者が増える', '訓練を2回開いた', '実施中'],
];

const compare = (before: string, after: string) => diffSheets(service.render(doc(before)), service.render(doc(after)));
const changes = (d: ReturnType<typeof compare>) => d.entries.filter((e): e is DiffChange => e.type === 'change').map((c) => [c.place.split(' › ').pop(), c.column, c.old, c.new]);

describe('diff: 新旧対照表 from the render model', () => {
  it('a changed cell is one change with its column heading, 旧 and 新; the unchanged rows around it are counted', () => {
    const after = sheet([base[0]!, ['広報の充実', '読まれる広報紙', '全戸配布した', '完了'], base[2]!]);
    const d = compare(sheet(base), after);
    assert.deepEqual(changes(d), [['➤ 広報の充実', '実施状況', '実施中', '完了']]);
    assert.equal(d.changes, 1);
    const same = d.entries.filter((e) => e.type === 'same');
    assert.equal(same.length, 2);
    assert.ok(same.every((e) => e.type === 'same' && e.count > 0));
    assert.equal(d.entries[1]!.type, 'change');
  });

  it('an added 取組項目 shows its cells with no 旧; a removed one with no 新', () => {
    const added = compare(sheet(base.slice(0, 2)), sheet(base));
    assert.ok(added.changes >= 2);
    assert.ok(changes(added).every((c) => c[2] === undefined && c[3] !== undefined));
    assert.ok(changes(added).some((c) => c[3] === '訓練を2回開いた'));
    const removed = compare(sheet(base), sheet(base.slice(0, 2)));
    assert.ok(changes(removed).every((c) => c[2] !== undefined && c[3] === undefined));
  });

  it('a renamed 取組項目 is one change of its heading; its rows are compared under the new name, empty cells never listed', () => {
    const after = sheet([base[0]!, ['広報紙の充実', '読まれる広報紙', '全戸配布した', '完了'], base[2]!]);
    const d = compare(sheet(base), after);
    assert.deepEqual(changes(d), [
      ['(1) 区政会議', '見出し', '➤ 広報の充実', '➤ 広報紙の充実'],
      ['➤ 広報紙の充実', '実施状況', '実施中', '完了'],
    ]);
    const added = compare(sheet(base.slice(0, 2)), sheet(base));
    assert.ok(changes(added).every((c) => c[3] !== ''), JSON.stringify(changes(added)));
  });

  it('the same sheet has no change', () => {
    const d = compare(sheet(base), sheet(base));
    assert.equal(d.changes, 0);
    assert.ok(d.entries.every((e) => e.type === 'same'));
  });

  it('HTML: Japanese, no script, 旧 / 新 columns, the changed characters marked, unchanged rows summarised', () => {
    const after = sheet([['窓口の改善', '待ち時間が短くなる', '案内係を2人置いた', '実施中'], base[1]!, base[2]!]);
    const html = diffHtml(compare(sheet(base), after), { oldLabel: 'old.sheet.yaml', newLabel: 'new.sheet.yaml', generated: '2026年12月1日' });
    assert.match(html, /^<!DOCTYPE html>\n<html lang="ja">/);
    assert.doesNotMatch(html, /<script|\son[a-z]+=|javascript:/i);
    assert.match(html, /<thead><tr><th>箇所<\/th><th>項目<\/th><th>旧<\/th><th>新<\/th><\/tr><\/thead>/);
    assert.match(html, /<td class="column">6年度の主な取組実績 \(実績数値など\)<\/td><td class="old">案内係を置いた<\/td><td class="new">案内係を<ins>2人<\/ins>置いた<\/td>/);
    assert.match(html, /<td class="same" colspan="4">変更なし \d+ 行/);
    assert.match(html, /旧: .*（old\.sheet\.yaml）/);
    assert.match(html, /変更 1 件 ・ 作成日 2026年12月1日/);
    assert.doesNotMatch(diffHtml(compare(sheet([['<b>', 'x', 'y', '実施中']]), sheet([['<i>', 'x', 'y', '実施中']]))), /<b>|<i>/);
  });
});
