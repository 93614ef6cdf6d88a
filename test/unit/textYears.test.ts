import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { findDates, findEraYears, findNextYears } from '../../server/src/service/domain/textDates';
import { doc, marked, realService, summary } from '../helpers/service';
import { policySheet, reviewSheet } from '../helpers/sheets';

const service = realService();
const codes = ['fiscal-year/', 'date/'];
const mine = (diagnostics: Diagnostic[]) => summary(diagnostics.filter((d) => codes.some((c) => String(d.code).startsWith(c))));

/** A 振り返りシート (基準時点 令和6年度末) with one 実施中 row whose text fields are given. */
function row(fields: string, basis = '令和6年度末'): string {
  return reviewSheet(`              - めざす姿: 令和8年度末までに全区で実施\n                実施状況: 実施中\n${fields}`, basis);
}

/** Asserts that the marked text raises exactly one diagnostic, with `code`, on the marked range. */
function one(source: string, code: string): Diagnostic {
  const { text, range } = marked(source);
  const found = mine(service.validate(doc(text)));
  const d = service.validate(doc(text)).find((x) => x.code === code);
  assert.equal(found.length, 1, found.join(' '));
  assert.ok(d, `no ${code}: ${found.join(' ')}`);
  assert.deepEqual(d.range, range);
  return d;
}

const none = (source: string) => assert.deepEqual(mine(service.validate(doc(source))), []);

describe('era forms inside text', () => {
  it('令和1年度 / 令和１年 in 課題 → invalid-era with 元 as fix', () => {
    assert.deepEqual(one(row('                課題: ⟦令和1年度⟧から続く課題がある。\n'), 'fiscal-year/invalid-era').data, { replacement: '令和元年度' });
    assert.deepEqual(one(row('                課題:\n                  - ⟦令和１年⟧10月に開始した事業の見直し\n'), 'fiscal-year/invalid-era').data, { replacement: '令和元年' });
  });

  it('令和1年4月30日 (before 令和 began) → one invalid-era whose fix is 平成31年, not 令和元年 (which date/invalid flags)', () => {
    const d = one(row('                課題: ⟦令和1年⟧4月30日に始めた調査を継続する。\n'), 'fiscal-year/invalid-era');
    assert.deepEqual(d.data, { replacement: '平成31年' });
    const fixed = row('                課題: 平成31年4月30日に始めた調査を継続する。\n');
    none(fixed);
    const naive = row('                課題: 令和元年4月30日に始めた調査を継続する。\n');
    assert.deepEqual(mine(service.validate(doc(naive))).map((x) => x.split('@')[0]), ['date/invalid']);
    // a month wholly before 5月1日 too (全角), but not a month that reaches into 令和 nor a year alone
    assert.deepEqual(one(row('                課題: ⟦令和１年⟧４月に始めた調査\n'), 'fiscal-year/invalid-era').data, { replacement: '平成31年' });
    assert.deepEqual(one(row('                課題: ⟦令和1年⟧5月1日に始めた調査\n'), 'fiscal-year/invalid-era').data, { replacement: '令和元年' });
    assert.deepEqual(one(row('                課題: ⟦令和1年⟧の調査\n'), 'fiscal-year/invalid-era').data, { replacement: '令和元年' });
  });

  it('a day named in an era that did not hold it → date/invalid whose fix is the day\'s name, in the digits\' width as written', () => {
    assert.deepEqual(one(row('                課題: ⟦令和元年4月30日⟧に始めた調査を継続する。\n'), 'date/invalid').data, { replacement: '平成31年4月30日' });
    assert.deepEqual(one(row('                課題: ⟦平成31年５月１０日⟧に始めた調査を継続する。\n'), 'date/invalid').data, { replacement: '令和元年５月１０日' });
    // No name for a day that does not exist, nor for letter forms.
    assert.equal(one(row('                課題: ⟦令和5年4月31日⟧に始めた調査\n'), 'date/invalid').data, undefined);
    assert.equal(one(row('                課題: ⟦H31.5.10⟧に始めた調査\n'), 'date/invalid').data, undefined);
  });

  it('令和1年11月31日: invalid-era on 令和1年 and date/invalid on the date (a day that exists in no reading of the year); 令和0年4月1日 only invalid-era', () => {
    const text = row('                課題: 令和1年11月31日に中間報告会を開いた。\n');
    assert.deepEqual(mine(service.validate(doc(text))).map((x) => x.split('@')[0]).sort(), ['date/invalid', 'fiscal-year/invalid-era']);
    assert.deepEqual(mine(service.validate(doc(row('                課題: 令和0年4月1日の調査\n')))).map((x) => x.split('@')[0]), ['fiscal-year/invalid-era']);
    assert.deepEqual(mine(service.validate(doc(row('                課題: 平成32年2月29日の調査\n')))).map((x) => x.split('@')[0]), ['fiscal-year/mixed-era']);
  });

  it('full-width era letters read as their ASCII forms: Ｒ５．４ outside the year, Ｈ３３年度 mixed-era, 翌年度（Ｒ８年度）', () => {
    one(row('                主な取組実績: ⟦Ｒ５．４⟧から2区で運用を開始した。\n', '令和4年度末'), 'fiscal-year/date-outside-year');
    assert.deepEqual(one(row('                課題: ⟦Ｈ３３年度⟧までの計画\n'), 'fiscal-year/mixed-era').data, { replacement: 'R3年度' });
    one(row('                次年度以降の取組内容: 翌年度（⟦Ｒ８年度⟧）に実施する。\n'), 'fiscal-year/next-year');
    none(row('                主な取組実績: Ｒ６．１０に説明会を開いた（Ｒ７．３末現在 12区）。\n'));
    assert.deepEqual(findEraYears('はＲ５年度').map((m) => [m.text, m.start, m.era, m.eraYear, m.letter]), [['Ｒ５年度', 1, '令和', 5, true]]);
    assert.deepEqual(findDates('Ｈ２６．３．１５に').map((d) => [d.text, d.year, d.month, d.day]), [['Ｈ２６．３．１５', 2014, 3, 15]]);
    assert.deepEqual(findNextYears('翌年度（Ｒ８）').map((m) => [m.yearText, m.eraYear]), [['Ｒ８', 8]]);
  });

  it('平成32年度 in a 令和 document → mixed-era with 令和2年度', () => {
    assert.deepEqual(one(row('                次年度以降の取組内容: ⟦平成32年度⟧の計画に沿って進める。\n'), 'fiscal-year/mixed-era').data, { replacement: '令和2年度' });
    one(row('                主な取組実績: ⟦平成 33 年度⟧までの目標を達成\n'), 'fiscal-year/mixed-era');
  });

  it('令和0年 and 昭和64年度 → invalid-era', () => {
    one(row('                課題: ⟦令和0年度⟧の数値\n'), 'fiscal-year/invalid-era');
    one(row('                課題: ⟦昭和64年度⟧の数値\n'), 'fiscal-year/invalid-era');
  });

  it('kanji numerals: 平成三十二年度 → mixed-era with 令和2年度; 令和一年度 → invalid-era', () => {
    assert.deepEqual(one(row('                課題: ⟦平成三十二年度⟧の組織改正の影響が残る。\n'), 'fiscal-year/mixed-era').data, { replacement: '令和2年度' });
    one(row('                課題: ⟦令和一年度⟧の調査\n'), 'fiscal-year/invalid-era');
    none(row('                課題: 令和二年度以降、平成三十年度と比べて、令和元年度の\n'));
  });

  it('平成32年度 in a document of a 平成 year (written before the change) raises nothing', () => {
    none(
      policySheet({ year: '平成30年度', target: '32年度', budget: '              28決算額: 1\n              29予算額: 2\n              30予算額: 3', results: '              - 年度: 平成29年度\n                値: 40\n                出典: 区民アンケート', yearly: '                  30年度: 2回' }).replace(
        '名称: 区政情報の発信\n        アウトカム指標',
        '名称: 区政情報の発信\n        課題: 平成32年度までに全世代への発信手段を整える。\n        アウトカム指標',
      ),
    );
  });

  it('clean: 令和元年度, R1, 平成31年4月, 平成30年度 raise nothing', () => {
    none(row('                課題: 令和元年度から、R1年度比で、平成31年4月に始め、平成30年度実績と比べた。\n'));
  });
});

describe('impossible and abbreviated dates', () => {
  it('平成29年2月30日, 令和5年4月31日, R6.2.30 → date/invalid on the date', () => {
    one(row('                課題: ⟦平成29年2月30日⟧に開催した会議\n'), 'date/invalid');
    one(row('                課題: ⟦令和５年４月３１日⟧付け通知\n'), 'date/invalid');
    one(row('                課題: ⟦R6.2.30⟧開催\n'), 'date/invalid');
  });

  it('a date outside its era: 平成31年5月1日', () => {
    one(row('                課題: ⟦平成31年5月1日⟧に施行\n'), 'date/invalid');
  });

  it('clean: 令和6年2月29日 (leap year), H26.3.15, 26年3月末 raise nothing', () => {
    none(row('                課題: 令和6年2月29日、H26.3.15、26年3月末の状況\n'));
  });
});

describe('dated activities outside the reported year', () => {
  it('a 令和6年度 review listing an activity of 令和6年3月 (= 令和5年度)', () => {
    one(row('                主な取組実績:\n                  - ⟦令和6年3月⟧に区民向け講座を開催した。\n'), 'fiscal-year/date-outside-year');
    one(row('                主な取組実績: 講座を開催（⟦R7.4.10⟧）\n'), 'fiscal-year/date-outside-year');
    one(row('                主な取組実績: ⟦R5.12⟧に説明会を実施\n'), 'fiscal-year/date-outside-year');
  });

  it('a 平成26年度 市政改革プラン進捗 item dated 平成27年4月〜5月', () => {
    const text = `様式: 市政改革プラン進捗
年度: 平成26年度
柱:
  番号: 2
  名称: 区役所力の強化
事項:
  - 番号: 2-①
    名称: 区政会議
    主な取組:
      - 記号: ア
        内容: 区政会議を開催（⟦平成27年4月⟧〜5月）
`;
    one(text, 'fiscal-year/date-outside-year');
  });

  it('a start after the year end is outside it (R6.4.1から… under 令和5年度); one before it is context', () => {
    one(row('                主な取組実績: ⟦R6.4.1⟧から全区でオンライン傍聴を開始した。\n', '令和5年度末'), 'fiscal-year/date-outside-year');
    none(row('                主な取組実績: 令和5年10月から継続して実施\n', '令和6年度末'));
  });

  it('a date in a relative clause before the object is not the activity; an activity clause of its own is (held-out batch 4)', () => {
    none(row('                主な取組実績:\n                  - 令和元年5月1日の改元に合わせて様式を改めた区役所の手続案内を再点検した。\n                  - 令和6年3月に実施した調査の結果を取りまとめた。\n'));
    one(row('                主な取組実績: ⟦令和6年3月⟧に説明会を開催した。\n'), 'fiscal-year/date-outside-year');
    one(row('                主な取組実績: ⟦令和6年3月⟧に研修を実施し、受講した職員が報告書を作成した。\n'), 'fiscal-year/date-outside-year');
    one(row('                主な取組実績: ⟦R7.4.10⟧に研修を実施した。\n'), 'fiscal-year/date-outside-year');
  });

  it('a figure at a month\'s end written for comparison is not an activity; an activity at a month\'s end is (held-out batch 5)', () => {
    none(row('                主な取組実績:\n                  - オンライン申請できる手続 128手続（令和5年3月末 96手続）\n                  - 会計ソフトを導入した地活協 R6.12末 281地活協（R5.12末 240地活協）\n                  - 相談件数 令和6年3月末：１２０件\n'));
    one(row('                主な取組実績: ⟦令和6年3月末⟧に説明会を開催した。\n'), 'fiscal-year/date-outside-year');
    one(row('                主な取組実績: ⟦R6.3末⟧ 手順書を全区に配付した。\n'), 'fiscal-year/date-outside-year');
    one(row('                主な取組実績: ⟦令和6年3月⟧ 2回目の説明会を開催した。\n'), 'fiscal-year/date-outside-year');
  });

  it('clean: baselines, starts, cited documents and dates inside the year', () => {
    none(row('                主な取組実績:\n                  - 「町会加入促進戦略」(令和6年3月)に基づいて実施\n                  - R7年4月25日現在の受診率\n                  - 令和6年3月から継続して実施\n                  - 令和7年1月11日付設立\n                  - 令和6年12月に開催、R7.3.1に報告\n'));
  });
});

describe('次年度 written as a year', () => {
  it('次年度（令和8年度） in a 令和6年度末 review → next-year with 令和7年度', () => {
    assert.deepEqual(one(row('                次年度以降の取組内容: ⟦次年度（令和8年度）⟧は拡充する。\n'.replace('⟦次年度（', '次年度（⟦').replace('）⟧は', '⟧）は')), 'fiscal-year/next-year').data, { replacement: '令和7年度' });
    one(row('                次年度以降の取組内容: 翌年度(⟦R6年度⟧)に実施\n'), 'fiscal-year/next-year');
    one(row('                次年度以降の取組内容: 来年度(⟦R8⟧)の予算で実施\n'), 'fiscal-year/next-year');
    one(row('                課題: ⟦令和5年度⟧（次年度）に検討\n'), 'fiscal-year/next-year');
  });

  it('次年度は令和8年度であり / 翌年度は令和8年度予算で → next-year; 次年度は令和5年度の結果を踏まえ is clean', () => {
    one(row('                課題: 次年度は⟦令和8年度⟧であり、委員の改選期にあたる。\n'), 'fiscal-year/next-year');
    one(row('                課題: 翌年度は⟦令和8年度⟧予算で増刷する。\n'), 'fiscal-year/next-year');
    none(row('                課題: 次年度は令和5年度の結果を踏まえ、次年度は令和7年度であり拡充する。\n'));
  });

  it('西暦: 2025年度（次年度） is clean and never read as 25年度; 次年度（2026年度） → next-year (metamorphic era → 西暦)', () => {
    none(row('                次年度以降の取組内容: 2025年度（次年度）は拡充する。２０２５年度（次年度）に検討。次年度である2025年度\n'));
    assert.deepEqual(one(row('                次年度以降の取組内容: 次年度（⟦2026年度⟧）は拡充する。\n'), 'fiscal-year/next-year').data, { replacement: '令和7年度' });
    one(row('                課題: 次年度は⟦２０２６年度⟧であり、委員の改選期にあたる。\n'), 'fiscal-year/next-year');
  });

  it('clean: 次年度（令和7年度）', () => {
    none(row('                次年度以降の取組内容: 次年度（令和7年度）は拡充する。\n'));
  });
});

describe('時点 and 目標年度', () => {
  it('a 市政改革プラン進捗 時点 after the end of its year', () => {
    one(`様式: 市政改革プラン進捗\n年度: 平成23年度\n時点: ⟦24年4月末⟧\n柱:\n  番号: 2\n  名称: 区役所力の強化\n事項: []\n`, 'fiscal-year/future-result');
    none(`様式: 市政改革プラン進捗\n年度: 平成23年度\n時点: 24年3月末\n柱:\n  番号: 2\n  名称: 区役所力の強化\n事項: []\n`);
  });
});

describe('domain/textDates', () => {
  it('finds era years with their offsets', () => {
    assert.deepEqual(findEraYears('は令和1年度と R6年').map((m) => [m.text, m.start, m.eraYear, m.unit, m.letter]), [
      ['令和1年度', 1, 1, '年度', false],
      ['R6年', 8, 6, '年', true],
    ]);
  });

  it('reads kanji-numeral era years after a kanji era only', () => {
    assert.deepEqual(findEraYears('平成三十二年度、令和二年、R二年、令和十十年').map((m) => [m.text, m.eraYear]), [
      ['平成三十二年度', 32],
      ['令和二年', 2],
    ]);
  });

  it('reads abbreviated dates and leaves numbers alone', () => {
    assert.deepEqual(findDates('H26.3.15 と R6.12末、プラン 3.1、26年3月末').map((d) => [d.text, d.year, d.month, d.day, d.monthEnd]), [
      ['H26.3.15', 2014, 3, 15, false],
      ['R6.12末', 2024, 12, undefined, true],
      ['26年3月末', 2044, 3, undefined, true],
    ]);
  });

  it('finds 次年度 with a year in both orders', () => {
    assert.deepEqual(findNextYears('次年度（令和8年度）と 7年度(翌年度)').map((m) => [m.yearText, m.eraYear]), [
      ['令和8年度', 8],
      ['7年度', 7],
    ]);
  });

  it('is linear on a megabyte of near-matches', () => {
    const text = '令和'.repeat(200_000) + '1'.repeat(200_000) + '年'.repeat(100_000);
    const t0 = performance.now();
    findEraYears(text);
    findDates(text);
    findNextYears(text);
    assert.ok(performance.now() - t0 < 2000);
  });
});

describe('linear time on large free text', () => {
  it('validates a sheet whose texts are half a megabyte of near-matches of every text pattern quickly', () => {
    const chunk = '令和1年度全区平均 48.7%次年度（令和「NPO・企業」の具体的取組5-1-R6.12.H26.3.2024/1/6月31日、';
    const big = chunk.repeat(Math.floor(500_000 / chunk.length));
    const text = row(`                主な取組実績: "${big}"\n                課題: "${'－'.repeat(200_000)}"\n`);
    const t0 = performance.now();
    service.validate(doc(text));
    assert.ok(performance.now() - t0 < 20_000, `took ${Math.round(performance.now() - t0)} ms`);
  });
});
