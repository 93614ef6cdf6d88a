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

/** A 振り返りシート row with every field the carry-over checks read. */
interface Row { name: string; goal: string; status?: string; results?: string; plan?: string; note?: string }

function fullSheet(year: number, rows: Row[]): string {
  const items = rows
    .map((r) =>
      [
        `          - 名称: ${r.name}`,
        `            行:`,
        `              - めざす姿: ${r.goal}`,
        `                具体的取組: 進める`,
        `                主な取組実績: ${r.results ?? '説明会を開いた'}`,
        `                実施状況: ${r.status ?? '実施中'}`,
        `                課題: ${r.note ?? '—'}`,
        `                次年度以降の取組内容: ${r.plan ?? '—'}`,
      ].join('\n'),
    )
    .join('\n');
  return `様式: 振り返りシート\n基準時点: 令和${year}年度末\n柱:\n  - 番号: 1\n    名称: 柱\n    中項目:\n      - 番号: 1\n        名称: 中項目\n        取組項目:\n${items}\n`;
}

/** A 区運営方針 of 阿倍野区, `year` (令和N年度), one outcome indicator. */
function plan(year: number, indicator: string, target: number, values: [string, string][], note?: string): string {
  const rows = values.map(([y, v]) => `              - 年度: ${y}\n                値: ${v}`).join('\n');
  return `様式: 区運営方針\n区名: 阿倍野区\n年度: 令和${year}年度\n経営課題:\n  - 番号: 5\n    名称: 区政運営\n    戦略:\n      - 番号: "5-1"\n        名称: 発信\n        アウトカム指標:\n          - 指標: ${indicator}\n            目標値: ${target}\n            単位: "%"\n${note ? `            備考: ${note}\n` : ''}            実績:\n${rows}\n`;
}

function found(code: string, thisYear: string, lastYear: string): { line: number; character: number; endCharacter: number; message: string; severity?: number }[] {
  const last = service.factsOfText('file:///last.sheet.yaml', lastYear);
  return service
    .validate(doc(thisYear, 'file:///this.sheet.yaml'), {}, { workspace: { files: () => [last] } })
    .filter((d) => d.code === code)
    .map((d) => ({ line: d.range.start.line, character: d.range.start.character, endCharacter: d.range.end.character, message: String(d.message), severity: d.severity }));
}

describe('year over year: carry-over/target-changed', () => {
  const last = fullSheet(5, [{ name: '窓口の改善', goal: '待ち時間が10分以内' }]);

  it('a めざす姿 changed at the same row is reported on the new めざす姿', () => {
    const result = found('carry-over/target-changed', fullSheet(6, [{ name: '窓口の改善', goal: '待ち時間が15分以内' }]), last);
    assert.equal(result.length, 1);
    assert.deepEqual([result[0]!.line, result[0]!.character, result[0]!.endCharacter], [11, 22, 32]);
    assert.equal(result[0]!.severity, 2);
    assert.match(result[0]!.message, /めざす姿が前年度の令和5年度末 振り返りシートから変わっています/);
  });

  it('nothing when unchanged (spaces aside), noted in 課題, or another 取組項目', () => {
    assert.deepEqual(found('carry-over/target-changed', fullSheet(6, [{ name: '窓口の改善', goal: '待ち時間が 10分以内' }]), last), []);
    assert.deepEqual(found('carry-over/target-changed', fullSheet(6, [{ name: '窓口の改善', goal: '待ち時間が15分以内', note: '混雑の実態に合わせて目標を見直した' }]), last), []);
    assert.deepEqual(found('carry-over/target-changed', fullSheet(6, [{ name: '窓口の刷新', goal: '待ち時間が15分以内' }]), last), []);
  });

  it('a 目標値 of the same indicator (figures in its name aside) changed without 備考 is reported on the 目標値', () => {
    const before = plan(5, '発信ができていると思う区民の割合：70％以上', 70, []);
    const result = found('carry-over/target-changed', plan(6, '発信ができていると思う区民の割合：75％以上', 75, []), before);
    assert.equal(result.length, 1);
    assert.deepEqual([result[0]!.line, result[0]!.character, result[0]!.endCharacter], [11, 17, 19]);
    assert.match(result[0]!.message, /70% から 75% に変わっています/);
    assert.deepEqual(found('carry-over/target-changed', plan(6, '発信ができていると思う区民の割合：75％以上', 75, [], '目標を上方修正した'), before), []);
    assert.deepEqual(found('carry-over/target-changed', plan(6, '発信ができていると思う区民の割合：70％以上', 70, []), before), []);
  });
});

describe('year over year: carry-over/plan-untraced', () => {
  const last = fullSheet(5, [{ name: '広報の充実', goal: '読まれる広報紙', plan: 'SNSでの動画配信を始める' }]);

  it('last year\'s plan none of whose content words is in this year\'s 実績 is reported on 主な取組実績 (info)', () => {
    const result = found('carry-over/plan-untraced', fullSheet(6, [{ name: '広報の充実', goal: '読まれる広報紙', results: '広報紙を全戸配布した' }]), last);
    assert.equal(result.length, 1);
    assert.deepEqual([result[0]!.line, result[0]!.character, result[0]!.endCharacter], [13, 24, 34]);
    assert.equal(result[0]!.severity, 3);
    assert.match(result[0]!.message, /「次年度以降の取組内容」の語（SNS・動画配信）が今年度の主な取組実績に見当たりません/);
  });

  it('nothing when one content word appears, when last year\'s row was 完了 or its plan is 「—」', () => {
    assert.deepEqual(found('carry-over/plan-untraced', fullSheet(6, [{ name: '広報の充実', goal: '読まれる広報紙', results: '区の動画を3本公開した' }]), last), []);
    assert.deepEqual(found('carry-over/plan-untraced', fullSheet(6, [{ name: '広報の充実', goal: '読まれる広報紙', results: 'snsを開設した' }]), last), []);
    const done = fullSheet(5, [{ name: '広報の充実', goal: '読まれる広報紙', status: '完了', plan: 'SNSでの動画配信を始める' }]);
    assert.deepEqual(found('carry-over/plan-untraced', fullSheet(6, [{ name: '広報の充実', goal: '読まれる広報紙', results: '広報紙を全戸配布した' }]), done), []);
    assert.deepEqual(found('carry-over/plan-untraced', fullSheet(6, [{ name: '広報の充実', goal: '読まれる広報紙' }]), fullSheet(5, [{ name: '広報の充実', goal: '読まれる広報紙' }])), []);
  });

  it('general words alone (引き続き実施する) are no trace and no plan', () => {
    const general = fullSheet(5, [{ name: '広報の充実', goal: '読まれる広報紙', plan: '引き続き取組を実施する' }]);
    assert.deepEqual(found('carry-over/plan-untraced', fullSheet(6, [{ name: '広報の充実', goal: '読まれる広報紙', results: '広報紙を全戸配布した' }]), general), []);
  });
});

describe('year over year: carry-over/value-changed', () => {
  const name = '発信ができていると思う区民の割合：70％以上';
  const last = plan(5, name, 70, [['令和４年度', '42.5'], ['令和５年度', '50.1']]);

  it('an earlier year\'s value that differs from last year\'s sheet is reported on the value', () => {
    const result = found('carry-over/value-changed', plan(6, name, 70, [['令和4年度', '45.2'], ['令和5年度', '52.5']]), last);
    assert.deepEqual(result.map((r) => [r.line, r.character, r.endCharacter]), [[15, 19, 23], [17, 19, 23]]);
    assert.match(result[0]!.message, /令和4年度の実績 45.2 が、前年度の阿倍野区 令和5年度 区運営方針 の 42.5 と異なります|令和4年度の実績 45.2 が、前年度の阿倍野区 令和5年度 区運営方針の 42.5 と異なります/);
  });

  it('nothing for equal values (full-width aside), this year\'s own value, another ward, or a 備考 noting the revision', () => {
    assert.deepEqual(found('carry-over/value-changed', plan(6, name, 70, [['令和4年度', '４２.５'], ['令和6年度', '60']]), last), []);
    assert.deepEqual(found('carry-over/value-changed', plan(6, name, 70, [['令和4年度', '45.2']], '数値を修正した'), last), []);
    assert.deepEqual(found('carry-over/value-changed', plan(6, name, 70, [['令和4年度', '45.2']]).replace('阿倍野区', '港区'), last), []);
  });
});
