import { describe, it } from 'node:test';
import { findMonthMentions } from '../../server/src/service/domain/dates';
import { readGoal } from '../../server/src/service/domain/goals';
import { legendFrom, trimMark } from '../../server/src/service/domain/marks';
import { formatDecimal, parseWrittenNumber } from '../../server/src/service/domain/numbers';
import { parseSheet } from '../../server/src/service/parse';
import { doc, realService } from '../helpers/service';
import { assertLinear } from '../helpers/timing';

// Every regular expression on document text runs in linear time (issue 11 §1.3–1.4): each input
// below made the old pattern quadratic (100 k characters took 10–47 s). Budgets are ratios to a
// linear baseline measured in the same run, at 64 K and 1 M characters (see assertLinear).
describe('linear time on 1 MB cells', { timeout: 300_000 }, () => {
  const spaces = (n: number) => ' '.repeat(n);
  it('trimMark on a long run of inner spaces', () => assertLinear('trimMark', (n) => `a${spaces(n)}a`, trimMark));
  it('the 凡例 parser on one long mark without a colon', () => assertLinear('legendFrom', (n) => '〇'.repeat(n), legendFrom));
  it('the 凡例 parser on spaces after a colon', () => assertLinear('legendFrom', (n) => `〇：${spaces(n)}`, legendFrom));
  it('written numbers with inner spaces', () => assertLinear('parseWrittenNumber', (n) => `1${spaces(n)}1`, parseWrittenNumber));
  it('written numbers with spaces before a %', () => assertLinear('parseWrittenNumber', (n) => `x${spaces(n)}%`, parseWrittenNumber));
  it('thousands grouping of a long number (beside the digits conversion itself)', () => {
    const big = (n: number) => '7'.repeat(n);
    assertLinear('formatDecimal', big, (digits) => formatDecimal({ units: BigInt(digits), scale: 2 }, true), { baseline: (digits) => BigInt(digits).toString(), ratio: 10, runs: 1 });
  });
  it('quantities in めざす姿: full-width digits', () => assertLinear('readGoal', (n) => '１'.repeat(n), (t) => readGoal(t)));
  it('quantities in めざす姿: digits and spaces', () => assertLinear('readGoal', (n) => `1${spaces(n)}`, (t) => readGoal(t)));
  it('month mentions: a long run of spaces', () => assertLinear('findMonthMentions', (n) => `${spaces(n)}x`, (t) => findMonthMentions(t)));
  it('month mentions: a digit, then spaces', () => assertLinear('findMonthMentions', (n) => `5${spaces(n)}年`, (t) => findMonthMentions(t)));

  // Whole-service inputs, measured against parsing the same text (linear): the checks and the
  // placement of diagnostics may cost a constant factor more, never a factor of the size.
  const service = realService();
  const validateOnce = (text: string) => service.validate(doc(text));
  const parseOnly = (text: string) => parseSheet(text);
  it('attendee names of "（" × n (minutes owner check)', () =>
    assertLinear('attendees', (n) => `様式: 部会議事概要\n出席者: ["${'（'.repeat(n)}"]\n議事:\n  - 番号: 1\n    件名: x\n    担当: [北区長]\n`, validateOnce, { baseline: parseOnly, ratio: 20, runs: 1 }));
  it('a 凡例 of one long line', () => assertLinear('legend', (n) => `様式: 区運営方針\n凡例: "${'〇'.repeat(n)}"\n`, validateOnce, { baseline: parseOnly, ratio: 20, runs: 1 }));
  it('additional-property errors placed on 100,000 root keys', () =>
    assertLinear('additional properties', (n) => `様式: 部会議事概要\n${Array.from({ length: Math.floor(n / 10) }, (_, i) => `k${i}: 1`).join('\n')}\n`, validateOnce, { baseline: parseOnly, ratio: 20, runs: 1 }));
});
