import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doc, marked, only, realService, summary } from '../helpers/service';
import { reviewSheet } from '../helpers/sheets';

const service = realService();
const codes = new Set(['count/breakdown-sum', 'count/wards-over-24']);
const mine = (text: string) => summary(service.validate(doc(text)).filter((d) => codes.has(String(d.code))));

/** A 振り返りシート row whose 主な取組実績 is the one list item `result`. */
const row = (result: string) =>
  reviewSheet(`              - めざす姿: 毎年度、全区で実施
                主な取組実績:
                  - ${result}
                実施状況: 実施中
`);

describe('count/breakdown-sum in text', () => {
  it('flags a total whose parts in parentheses do not add up (004 with one part mistyped), on the total', () => {
    const { text, range } = marked(row('広告収入 ⟦7,864千円⟧（広報紙 5,627千円、ホームページ 145千円、周辺案内地図 810千円、番号案内表示モニター648千円、庁舎壁面広告 454千円）'));
    const d = only(service.validate(doc(text)), 'count/breakdown-sum');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: '7684' });
  });

  it('reads full-width figures, ward counts and nested parentheses', () => {
    only(service.validate(doc(row('⟦２４区⟧（9月：8区、2月：17区）'.replace(/[⟦⟧]/g, '')))), 'count/breakdown-sum');
    assert.deepEqual(mine(row('目的外使用料 ５，４９３千円（区役所駐車場収入 2,929千円、自動販売機（飲料・証明写真）2,523千円、無線LAN 41千円）')), []);
  });

  it('reads a full-width decimal point as one figure (１．２百万円 = ０．７ + ０．５: metamorphic digit width)', () => {
    assert.deepEqual(mine(row('実施経費 １．２百万円（印刷経費 ０．７百万円、システム改修 ０．５百万円）')), []);
    assert.deepEqual(mine(row('実施経費 ２．５百万円（印刷経費 １．２百万円、システム改修 １．３百万円）')), []);
    only(service.validate(doc(row('経費 ５，４９４千円（駐車場 2,929千円、自販機 2,523千円、無線LAN 41千円）'))), 'count/breakdown-sum');
  });

  it('accepts totals that add up, and parentheses that are not a full breakdown', () => {
    assert.deepEqual(mine(row('広告収入 7,684千円（広報紙 5,627千円、ホームページ 145千円、周辺案内地図 810千円、番号案内表示モニター648千円、庁舎壁面広告 454千円）')), []);
    assert.deepEqual(mine(row('16区（うち新規3区、継続5区）で実施')), []);
    assert.deepEqual(mine(row('参加者 120人（区民 80人、区外 30団体）')), []);
    assert.deepEqual(mine(row('参加者 120人（前年度 100人）')), []);
  });
});

describe('count/wards-over-24 in text', () => {
  it('flags a count of wards above 24, on the count', () => {
    const { text, range } = marked(row('防災訓練を実施した区 ⟦26区⟧(数)'));
    const d = only(service.validate(doc(text)), 'count/wards-over-24');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { max: 24 });
  });

  it('leaves 24区, 区長, 区画, 第30区 and amounts alone', () => {
    assert.deepEqual(mine(row('24区で実施、30区画を整備、第30区、25区民まつり、120区長会議')), []);
  });

  it('is linear on a megabyte of near-matches', () => {
    const text = row(`${'1,'.repeat(100_000)}${'（'.repeat(100_000)}${'9区'.repeat(100_000)}${'1区（'.repeat(100_000)}${'）'.repeat(100_000)}`);
    const t0 = performance.now();
    service.validate(doc(text));
    assert.ok(performance.now() - t0 < 20_000);
  });
});
