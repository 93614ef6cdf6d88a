import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePlanPeriod } from '../../server/src/service/checks/planPeriod';
import { doc, marked, only, realService, summary } from '../helpers/service';
import { policySheet } from '../helpers/sheets';

const service = realService();
const codes = new Set(['fiscal-year/outside-plan-period', 'fiscal-year/target-year', 'schema/additional-property', 'schema/pattern']);
const mine = (text: string) => summary(service.validate(doc(text)).filter((d) => codes.has(String(d.code))));

/** A 令和6年度 区運営方針 with `計画期間` (when given) and one indicator whose 目標年度 is `target`. */
const plan = (period: string | undefined, target: string) => policySheet({ target }).replace('年度: 令和6年度\n', `年度: 令和6年度\n${period === undefined ? '' : `計画期間: ${period}\n`}`);

describe('parsePlanPeriod', () => {
  it('reads the forms the seeds use for year ranges', () => {
    const read = (text: string) => {
      const p = parsePlanPeriod(text);
      return p && [p.start, p.end];
    };
    assert.deepEqual(read('令和6～8年度'), [2024, 2026]);
    assert.deepEqual(read('令和６〜８年度'), [2024, 2026]);
    assert.deepEqual(read('令和6年度～令和8年度'), [2024, 2026]);
    assert.deepEqual(read('R6～R8'), [2024, 2026]);
    assert.deepEqual(read('令和6年度から令和8年度まで'), [2024, 2026]);
    assert.deepEqual(read('平成30年度～令和2年度'), [2018, 2020]);
  });

  it('rejects what is not a range, or one that ends before it starts', () => {
    for (const text of ['令和6年度', '令和8～6年度', '6〜', 'いつか', '令和0～2年度']) assert.equal(parsePlanPeriod(text), undefined, text);
  });
});

describe('fiscal-year/outside-plan-period', () => {
  it('flags a 目標年度 after the end of 計画期間, on the 目標年度', () => {
    const { text, range } = marked(plan('令和6～8年度', '⟦10年度⟧'));
    const d = only(service.validate(doc(text)), 'fiscal-year/outside-plan-period');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { start: 2024, end: 2026 });
    assert.deepEqual(mine(text).length, 1);
  });

  it('accepts targets inside the period (its first and last year included)', () => {
    assert.deepEqual(mine(plan('令和6～8年度', '8年度')), []);
    assert.deepEqual(mine(plan('令和6年度～令和8年度', '令和6年度')), []);
  });

  it('reports a target before the plan year once, as target-year', () => {
    assert.deepEqual(mine(plan('令和6～8年度', '5年度')).map((s) => s.split('@')[0]), ['fiscal-year/target-year']);
  });

  it('checks nothing without 計画期間, and reports an unreadable one as a schema pattern', () => {
    assert.deepEqual(mine(plan(undefined, '12年度')), []);
    assert.deepEqual(mine(plan('中期', '12年度')).map((s) => s.split('@')[0]), ['schema/pattern']);
  });
});
