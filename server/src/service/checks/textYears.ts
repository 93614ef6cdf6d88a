/**
 * Years and dates written inside free text, in every kind of sheet (../shared/domain.md, "Checks
 * the language server must make" 2, and issue 9 §1):
 * - fiscal-year/invalid-era, fiscal-year/mixed-era: 令和1年度 / 令和1年 (元), 令和0年, 昭和64年度,
 *   平成32年度 written in a sentence; a 令和 year in a document of a year before 令和;
 * - date/invalid: a date that does not exist (平成29年2月30日, 令和5年4月31日, R6.13.1) or lies
 *   outside its era (平成31年5月1日);
 * - fiscal-year/date-outside-year: a dated activity in a results field (取組実績, 主な取組実績,
 *   市政改革プラン進捗 主な取組) outside the fiscal year the sheet reports on;
 * - fiscal-year/next-year: 次年度 / 翌年度 / 来年度 written as a year that is not the sheet's year + 1;
 * - fiscal-year/future-result: a 時点 of the sheet (市政改革プラン進捗 時点) after the end of its year;
 * - fiscal-year/target-year: a 目標年度 before the plan year.
 *
 * Structured year fields (年度, 目標年度, 基準時点, 完了済み時点) are checked by ./fiscalYears.ts and
 * not again here; the minutes' 日時.日付 by ./minutes.ts.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { daysInMonth, parsePointInTime, fiscalYearSpan } from '../domain/dates';
import { type Era, eras, fiscalYearOfDate, toFullWidthDigits, warekiDateName } from '../domain/era';
import { dateSpan, findDates, findEraYears, findNextYears, type DateMention, type EraYearMention } from '../domain/textDates';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { documentYear, type DocumentYear, yearsAt } from './fiscalYears';
import { problemAt } from './support';
import { textProblems, type TextValue } from './text';
import { ItemMemo, walkItems } from './itemMemo';

/** Keys whose values ./fiscalYears.ts or ./minutes.ts already read as years or dates. */
const structuredKeys = new Set(['年度', '目標年度', '基準時点', '完了済み時点', '日付', '様式']);

/** Results fields: dated activities there belong to the year the sheet reports on. */
const resultKeys = new Set(['取組実績', '主な取組実績']);

/** The document's year, derived once per validation. */
const docYear = (context: CheckContext): DocumentYear => documentYear(context.data);

/** The document-level inputs of the text year checks (memo validity): the kind and the document's year. */
const yearInputs = (context: CheckContext): string => `${context.kind}\u0001${JSON.stringify(context.once(docYear))}`;

const eraMemo = new ItemMemo();
const activityMemo = new ItemMemo();
const nextYearMemo = new ItemMemo();
const pointMemo = new ItemMemo();
const targetYearMemo = new ItemMemo();

function eraYearLabel(era: Era, eraYear: number, unit: string): string {
  return `${era}${eraYear === 1 ? '元' : eraYear}${unit}`;
}

function on(text: string, start: number, end: number) {
  return { sub: { start, end, text: text.slice(start, end) } };
}

/**
 * The name of a date written in the first year of an era as 1年 (令和1年4月30日) that lies wholly
 * before the era began: the previous era's last year (平成31年), which is what the date was called —
 * 令和元年4月30日 would be a date outside its era. Undefined when the year has no month after it, the
 * month reaches into the era (令和1年5月), or the era has no predecessor here.
 */
function previousEraName(m: EraYearMention, dates: readonly DateMention[]): { replacement: string; date: string } | undefined {
  const date = dates.find((d) => d.start === m.start && d.form === 'wareki' && d.era === m.era && d.eraYear === 1);
  const previous = ({ 令和: '平成', 平成: '昭和' } as Partial<Record<Era, Era>>)[m.era];
  if (!date || !previous || date.month < 1 || date.month > 12) return undefined;
  const { end } = dateSpan(date);
  const lastYear = eras[previous].lastYear;
  if (lastYear === undefined || end >= eras[m.era].start) return undefined;
  return { replacement: `${previous}${lastYear}年`, date: date.text };
}

/** True when a date's month or day does not exist in its calendar year (13月, 11月31日, 2月29日 of a common year). */
function impossibleDay(d: DateMention): boolean {
  return d.month < 1 || d.month > 12 || (d.day !== undefined && (d.day < 1 || d.day > daysInMonth(d.year, d.month)));
}

/**
 * The name of a day that exists but is written in an era that did not hold it (平成31年5月10日 →
 * 令和元年5月10日, 令和元年4月25日 → 平成31年4月25日), in the digits' width as written; undefined for
 * other dates (a day that does not exist, a letter or bare era, no day).
 */
function dayName(d: DateMention): string | undefined {
  if (d.form !== 'wareki' || d.day === undefined || d.eraYear < 1 || !d.era || !d.text.trimStart().startsWith(d.era)) return undefined;
  const name = warekiDateName(d.year, d.month, d.day);
  if (!name || name.startsWith(d.era)) return undefined;
  return /[０-９]/.test(d.text) ? toFullWidthDigits(name) : name;
}

/** Era forms and impossible dates in every free text of the sheet. */
function checkTextEras(context: CheckContext): Problem[] {
  const document = context.once(docYear);
  return textProblems(context, eraMemo, context.once(yearInputs), (value) => {
    const problems: Problem[] = [];
    if (structuredKeys.has(value.key)) return problems;
    const taken: [number, number][] = [];
    const dates = findDates(value.text, document.era, document.fiscalYear);
    for (const m of findEraYears(value.text)) {
      const written = value.text.slice(m.start, m.end);
      const last = eras[m.era].lastYear;
      let problem: Problem | undefined;
      if (m.eraYear < 1) {
        problem = problemAt(context, value.path, DiagnosticCode.fiscalYearInvalidEra, `${written}: ${m.era}0${m.unit}はありません（${m.era}は元${m.unit}から）。`, { severity: 'error', ...on(value.text, m.start, m.end) });
      } else if (m.eraYear === 1 && !m.gannen && !m.letter) {
        const earlier = m.unit === '年' ? previousEraName(m, dates) : undefined;
        problem = earlier
          ? problemAt(context, value.path, DiagnosticCode.fiscalYearInvalidEra, `${earlier.date}は${m.era}の始まる前（${m.era}は${eras[m.era].start.replace(/-/g, '/')}から）で、${earlier.replacement}です。`, {
              ...on(value.text, m.start, m.end),
              data: { replacement: earlier.replacement },
            })
          : problemAt(context, value.path, DiagnosticCode.fiscalYearInvalidEra, `${m.era}1${m.unit}は「${m.era}元${m.unit}」と書きます。`, {
              ...on(value.text, m.start, m.end),
              data: { replacement: eraYearLabel(m.era, 1, m.unit) },
            });
      } else if (m.era === '昭和' && m.unit === '年度' && last !== undefined && m.eraYear === last) {
        problem = problemAt(context, value.path, DiagnosticCode.fiscalYearInvalidEra, `昭和64年度はありません（1989年1月8日から平成。平成元年度は1989年度）。`, { severity: 'error', ...on(value.text, m.start, m.end) });
      } else if (last !== undefined && m.eraYear > last && !(m.era === '平成' && document.era === '平成')) {
        // A document of a 平成 year was written before the era changed: 平成32年度 was then the right
        // name of a year ahead (domain.md: "平成32年度 written before the change means 令和2年度").
        const next: Era = m.era === '昭和' ? '平成' : '令和';
        const meant = eras[m.era].first + m.eraYear - 1 - eras[next].first + 1;
        const replacement = m.letter ? `${next === '令和' ? 'R' : 'H'}${meant}${m.unit}` : eraYearLabel(next, meant, m.unit);
        problem = problemAt(context, value.path, DiagnosticCode.fiscalYearMixedEra, `${written}は${m.era}が終わった後の年です。${replacement}と書いてください。`, {
          ...on(value.text, m.start, m.end),
          data: { replacement },
        });
      } else if (m.era === '令和' && document.fiscalYear !== undefined && document.fiscalYear < 2019 - 1) {
        problem = problemAt(context, value.path, DiagnosticCode.fiscalYearMixedEra, `${written}: ${document.label ?? ''}の文書に令和の年は書けません（令和は2019年5月から）。年を確かめてください。`, on(value.text, m.start, m.end));
      }
      if (problem) {
        problems.push(problem);
        taken.push([m.start, m.end]);
      }
    }
    for (const d of dates) {
      // A date whose era year is reported already (令和0年…, 平成32年…, 令和1年4月) is not reported again,
      // unless its month or day exists in no reading of the year (令和1年11月31日): a second mistake,
      // which the era year's fix would leave (令和元年11月31日).
      if (!d.problem || (taken.some(([s, e]) => d.start < e && s < d.end) && !impossibleDay(d))) continue;
      const name = dayName(d);
      problems.push(
        problemAt(context, value.path, DiagnosticCode.dateInvalid, `${d.text}: ${d.problem}${name ? `この日は${name}です。` : ''}`, {
          severity: 'error',
          ...on(value.text, d.start, d.end),
          ...(name ? { data: { replacement: name } } : {}),
        }),
      );
    }
    return problems;
  });
}

// After a date: a baseline or a start, not a dated activity (26年３月末現在, R6.12末時点, 令和7年1月11日付).
const notAnActivity = /^[ \u3000]{0,2}末?[ \u3000]{0,2}(現在|時点|時|まで|付|以降|から|より|以前|[〜～][ \u3000]{0,2}(?:現在|$))/;
// After a date: a start (令和5年10月から継続). A start before the year is context for an activity that
// continues into it; a start after the year's end (R6.4.1から…開始 under 令和5年度) is still outside it.
const startAfter = /^[ \u3000]{0,2}末?[ \u3000]{0,2}(?:以降|から|より)/;
// Before a date: the date of a cited document (「町会加入促進戦略」(令和6年3月)).
const citationBefore = /」[ \u3000]{0,2}[（(]?[ \u3000]{0,2}$/;

// A date in a relative clause about a start (平成31年4月に始めた取組を継続): context, not an activity.
const startClause = /^[^、。]{0,8}?(?:始め|開始|策定|制定|改定|設立|設置|発足|導入)[^、。]{0,3}?(?:た|して)[^、。]/;

// A date in a relative clause that modifies the object of the sentence's verb: a past-tense verb
// (…した / …めた / …った) right before a noun, in the date's clause, and that noun phrase then taken
// as the object (を). The date is of the clause (令和元年5月1日の改元に合わせて改めた手続案内を
// 再点検した; 令和6年3月に実施した調査の結果を取りまとめた), the activity is the undated main verb.
// An activity written as a clause of its own (令和6年3月に説明会を開催した。…を実施し、) is not one.
const relativeClause = /^[^、。]{0,24}?[しっいめけれせきぎちびみえ]た[\p{Script=Han}\p{Script=Katakana}][^、。「」]{0,20}?を/u;

// After a date at a month's end: a figure right after it is a stock at that point, given as a
// baseline or for comparison (128手続（令和5年3月末 96手続）, R6.12末 795件), not a dated activity.
const figureAfter = /^[ \u3000]{0,2}[:：]?[ \u3000]{0,2}[0-9０-９]/;

function isActivity(d: DateMention, yearEnd: string): boolean {
  if (d.monthEnd && figureAfter.test(d.after)) return false;
  if (startAfter.test(d.after) && dateSpan(d).start > yearEnd) return !citationBefore.test(d.before);
  return !notAnActivity.test(d.after) && !citationBefore.test(d.before) && !startClause.test(d.after) && !relativeClause.test(d.after);
}

/** True when a text value sits in a results field of its kind. */
function isResultText(context: CheckContext, value: TextValue): boolean {
  if (value.ancestors.some((k) => resultKeys.has(k))) return true;
  return context.kind === '市政改革プラン進捗' && value.ancestors.includes('主な取組');
}

function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/**
 * fiscal-year/date-outside-year: a dated activity in a results field outside the fiscal year
 * the sheet reports on (区運営方針 / 市政改革プラン進捗: 年度; 振り返りシート: the year of 基準時点).
 * Month-only dates（4月15日）are in that year by construction; baselines (…末現在, …時点) and dates
 * of cited documents (「…」(令和6年3月)) are not activities. Range: the date.
 */
function checkActivityDates(context: CheckContext): Problem[] {
  const document = context.once(docYear);
  const n = document.fiscalYear;
  if (n === undefined) return [];
  const span = fiscalYearSpan(n);
  return textProblems(context, activityMemo, context.once(yearInputs), (value) => {
    const problems: Problem[] = [];
    if (!isResultText(context, value)) return problems;
    for (const d of findDates(value.text, document.era)) {
      if (d.problem || d.form === 'month-day' || !isActivity(d, span.end)) continue;
      const { start, end } = dateSpan(d);
      if (fiscalYearOfDate(d.year, d.month) === n || (start <= span.end && end >= span.start)) continue;
      problems.push(
        problemAt(
          context,
          value.path,
          DiagnosticCode.fiscalYearDateOutsideYear,
          `${d.text}は${document.label ?? ''}（${formatDay(span.start)}〜${formatDay(span.end)}）の外です。この年度の取組実績か確かめてください。`,
          on(value.text, d.start, d.end),
        ),
      );
    }
    return problems;
  });
}

/** fiscal-year/next-year: 次年度（令和8年度） where the sheet's year + 1 is another year. Range: the year. */
function checkNextYear(context: CheckContext): Problem[] {
  const document = context.once(docYear);
  const n = document.fiscalYear;
  if (n === undefined) return [];
  const next = n + 1;
  const nextEra: Era = next >= 2020 ? '令和' : next >= 1989 ? '平成' : '昭和';
  return textProblems(context, nextYearMemo, context.once(yearInputs), (value) => {
    const problems: Problem[] = [];
    for (const m of findNextYears(value.text, document.era)) {
      const year = eras[m.era].first + m.eraYear - 1;
      if (year === next) continue;
      const unit = m.yearText.endsWith('年度') ? '年度' : m.yearText.endsWith('年') ? '年' : '';
      const replacement = eraYearLabel(nextEra, next - eras[nextEra].first + 1, unit || '年度');
      problems.push(
        problemAt(context, value.path, DiagnosticCode.fiscalYearNextYear, `${document.label ?? ''}の文書の次年度は${replacement}です（「${m.yearText}」と書かれています）。`, {
          ...on(value.text, m.yearStart, m.yearStart + m.yearText.length),
          data: { replacement },
        }),
      );
    }
    return problems;
  });
}

/** fiscal-year/future-result on a 時点 of the sheet outside a 実績値 (市政改革プラン進捗 時点: 24年3月末). */
function checkSheetPoints(context: CheckContext): Problem[] {
  const document = context.once(docYear);
  if (document.basisEnd === undefined) return [];
  return walkItems(context, context.data, pointMemo, context.once(yearInputs), ({ value: child, path, key, entry }, out) => {
    if (!entry || key !== '時点' || typeof child !== 'string' || path.includes('実績値')) return;
    const span = parsePointInTime(child, document.era);
    if (!span || span.start <= document.basisEnd!) return;
    out.problems.push(problemAt(context, path, DiagnosticCode.fiscalYearFutureResult, `時点「${child.trim()}」は${document.label ?? ''}の終わり（${formatDay(document.basisEnd!)}）より後です。`));
  }).problems;
}

/** fiscal-year/target-year: a 目標年度 before the plan's own year (目標年度 3年度 in a 令和7年度 plan). */
function checkTargetYears(context: CheckContext): Problem[] {
  const document = context.once(docYear);
  const n = document.fiscalYear;
  if (n === undefined) return [];
  return walkItems(context, context.data, targetYearMemo, context.once(yearInputs), (value, out) =>
    yearsAt(value, document.era, n, (y) => {
      if (y.problem || y.path[y.path.length - 1] !== '目標年度' || y.ref.fiscalYear >= n) return;
      out.problems.push(
        problemAt(context, y.path, DiagnosticCode.fiscalYearTargetYear, `目標年度「${y.written.trim()}」は${document.label ?? ''}の方針の年度より前です。計画の年度（${document.label ?? ''}）以降の年度を書いてください。`, {
          data: { minimum: n },
        }),
      );
    }),
  ).problems;
}

/** The text year checks, registered in checks/index.ts. */
export const textYearChecks: readonly CheckRegistration[] = [
  { kinds: 'all', check: checkTextEras },
  { kinds: 'all', check: checkActivityDates },
  { kinds: 'all', check: checkNextYear },
  { kinds: ['市政改革プラン進捗', '区運営方針', '振り返りシート'], check: checkSheetPoints },
  { kinds: ['区運営方針'], check: checkTargetYears },
];
