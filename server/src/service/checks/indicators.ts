/**
 * Indicator checks (../shared/domain.md "Checks the language server must make", 1 and 3):
 * - 区運営方針: the marks (達成状況) of アウトカム指標 and プロセス指標 results against their value,
 *   target (目標値) and comparator (比較), read through the document's 凡例; look-alike marks; marks
 *   outside the legend; a value without a mark and a mark without a value (only when the document
 *   has a 凡例); an アウトカム指標 result with a value but no 出典.
 * - 市政改革プラン進捗: 業績目標の達成状況 marks (①, ② …) against the document's 達成状況の区分;
 *   marks without a declared scale.
 *
 * Every check walks the data as it is (the sheet may not match the schema) and never throws.
 */
import { isScalar } from 'yaml';
import { DiagnosticCode } from '../diagnosticCodes';
import {
  comparatorHolds,
  defaultLegend,
  isEmptyCellDash,
  type Legend,
  legendFrom,
  markFor,
  type MarkOutcome,
  parseComparator,
  readMark,
  trimMark,
} from '../domain/marks';
import { formatDecimal, readNumber, type WrittenNumber } from '../domain/numbers';
import type { Problem } from '../problem';
import { locate } from '../yamlPath';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo, itemProblems, signatureOf, walkItems } from './itemMemo';
import { type DataPath, indexedRecords, problemAt } from './support';

/** The two indicator lists of a 区運営方針 戦略 / 具体的取組. */
export type IndicatorKey = 'アウトカム指標' | 'プロセス指標';

/** An indicator found in the data, with its path (…, 'アウトカム指標', i) and the list it is in. */
export interface FoundIndicator {
  path: DataPath;
  indicator: Record<string, unknown>;
  key: IndicatorKey;
}

/** Every アウトカム指標 / プロセス指標 entry (a mapping) in the data, in source order. */
function findIndicators(data: unknown): FoundIndicator[] {
  // Memoised per item (./itemMemo.ts): an item's indicators are facts of its own data.
  return walkItems(undefined, data, indicatorMemo, '', ({ value, path, key, entry }, out) => {
    if (!entry || (key !== 'アウトカム指標' && key !== 'プロセス指標')) return;
    for (const [i, indicator] of indexedRecords(value)) out.facts.push({ path: [...path, i], indicator, key });
  }).facts;
}

const indicatorMemo = new ItemMemo<FoundIndicator>();

/** Every indicator, derived once per validation and shared with the amount checks (`context.once`). */
export const indicatorsOf = (context: CheckContext): FoundIndicator[] => findIndicators(context.data);

/**
 * The number at `path` as written: a YAML number keeps its written decimals ("62.0"), a string such
 * as "48.3%" or "８０．５" is parsed. Undefined when there is no number there.
 */
export function numberAt(context: CheckContext, path: DataPath, value: unknown): WrittenNumber | undefined {
  const node = locate(context.yaml, path).node;
  const source = isScalar(node) && node.range ? context.sheet.text.slice(node.range[0], node.range[1]) : undefined;
  return readNumber(value, source);
}

/** A mark as text: a string, or a YAML number written where a mark belongs (0 for 〇). Blank → undefined. */
function markText(value: unknown): string | undefined {
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
  return text === undefined || trimMark(text) === '' ? undefined : text;
}

/** True when a 値 cell holds something: a number or non-blank text that is not an empty-cell dash. */
function hasValue(value: unknown): boolean {
  if (typeof value === 'number') return true;
  if (typeof value !== 'string') return false;
  const v = trimMark(value);
  return v !== '' && !isEmptyCellDash(v) && v !== '－' && v !== '-';
}

/** A mark placed on its characters (inside the quotes, if any). */
function atMark(context: CheckContext, path: DataPath, mark: string, code: DiagnosticCode, message: string, severity: Problem['severity'], data?: unknown): Problem {
  const trimmed = trimMark(mark);
  const start = mark.indexOf(trimmed);
  return problemAt(context, path, code, message, { severity, data, sub: { start, end: start + trimmed.length, text: trimmed } });
}

function codePoint(mark: string): string {
  return [...trimMark(mark)].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

function legendText(legend: Legend): string {
  return legend.entries.map((e) => `${e.mark}：${e.meaning}`).join('　');
}

const outcomeName: Record<MarkOutcome, string> = { achieved: '目標達成', unachieved: '目標未達成' };

/**
 * 区運営方針: checks every result (実績) of every アウトカム指標 and プロセス指標 against the 凡例.
 * - indicator/mark-mismatch (error, data {expected}): the mark contradicts 値 vs 目標値 under 比較.
 * - indicator/lookalike-mark (warning, data {replacement}): ○ for 〇, - for －…; judged as the mark
 *   it stands for.
 * - indicator/mark-not-in-legend (warning, data {allowed}): with a 凡例, a mark that is neither in it
 *   nor a look-alike of one of its marks.
 * - indicator/undeclared-scale (warning): without a 凡例, a mark other than 〇/－ (and their
 *   look-alikes), e.g. ① or A, whose meaning the document does not declare.
 * - indicator/missing-mark (value range) and indicator/mark-without-value (mark range), warnings,
 *   only when the document has a 凡例 (otherwise blank marks may simply not be part of the form).
 * Without a 凡例 the built-in 〇：目標達成 －：目標未達成 (domain.md, Marks) is used for the rest.
 */
export function checkIndicatorMarks(context: CheckContext): Problem[] {
  const declared = legendFrom(context.data['凡例']);
  const legend = declared ?? defaultLegend;
  // Memoised per indicator (./itemMemo.ts) while the 凡例 is the same.
  return itemProblems(context, markMemo, signatureOf(context.data['凡例']), context.once(indicatorsOf), indicatorObject, ({ path, indicator }) => {
    const problems: Problem[] = [];
    const target = numberAt(context, [...path, '目標値'], indicator['目標値']);
    const comparator = parseComparator(indicator['比較']);
    const unit = typeof indicator['単位'] === 'string' ? indicator['単位'] : '';
    for (const [i, result] of indexedRecords(indicator['実績'])) {
      const resultPath = [...path, '実績', i];
      const markPath = [...resultPath, '達成状況'];
      const year = typeof result['年度'] === 'string' ? result['年度'] : '';
      const valuePresent = hasValue(result['値']);
      const mark = markText(result['達成状況']);
      if (mark === undefined) {
        if (valuePresent && declared) {
          problems.push(
            problemAt(context, [...resultPath, '値'], DiagnosticCode.indicatorMissingMark, `${year}の実績値に達成状況のマークがありません。凡例（${legendText(legend)}）のマークを書いてください。`, {
              severity: 'warning',
            }),
          );
        }
        continue;
      }
      // A lone — in a row without a value is an empty cell, not a mark.
      if (!valuePresent && isEmptyCellDash(mark)) continue;
      const reading = readMark(mark, legend);
      if (reading.kind === 'unknown') {
        if (declared) {
          problems.push(
            atMark(context, markPath, mark, DiagnosticCode.indicatorMarkNotInLegend, `「${trimMark(mark)}」は凡例にないマークです。凡例（${legendText(legend)}）のマークを使ってください。`, 'warning', {
              allowed: legend.entries.map((e) => e.mark),
            }),
          );
        } else {
          problems.push(
            atMark(context, markPath, mark, DiagnosticCode.indicatorUndeclaredScale, `マーク「${trimMark(mark)}」の意味が宣言されていません。凡例（例：「凡例: {〇: 目標達成, －: 目標未達成}」）を書いてください。`, 'warning'),
          );
        }
        continue;
      }
      if (reading.kind === 'lookalike') {
        const replacement = reading.entry.mark;
        problems.push(
          atMark(
            context,
            markPath,
            mark,
            DiagnosticCode.indicatorLookalikeMark,
            `マーク「${trimMark(mark)}」（${codePoint(mark)}）は凡例の「${replacement}」（${codePoint(replacement)}）に似た別の文字です。「${replacement}」に直してください。`,
            'warning',
            { replacement },
          ),
        );
      }
      if (!valuePresent) {
        if (declared) {
          problems.push(atMark(context, markPath, mark, DiagnosticCode.indicatorMarkWithoutValue, `${year}の達成状況「${trimMark(mark)}」に実績値（値）がありません。値を書くか、マークを消してください。`, 'warning'));
        }
        continue;
      }
      const value = numberAt(context, [...resultPath, '値'], result['値']);
      const outcome = reading.entry.outcome;
      if (!value || !target || !comparator || !outcome) continue;
      const expected: MarkOutcome = comparatorHolds(value.value, comparator, target.value) ? 'achieved' : 'unachieved';
      if (expected === outcome) continue;
      const expectedMark = markFor(legend, expected);
      const written = (n: WrittenNumber) => `${formatWritten(n)}${unit}`;
      problems.push(
        atMark(
          context,
          markPath,
          mark,
          DiagnosticCode.indicatorMarkMismatch,
          `目標「${written(target)}${comparator}」に対し実績値は${written(value)}なので${outcomeName[expected]}です。` +
            (expectedMark ? `マークは「${expectedMark}」です（「${trimMark(mark)}」は${reading.entry.meaning}）。` : `「${trimMark(mark)}」（${reading.entry.meaning}）は値と合いません。`),
          'error',
          expectedMark ? { expected: expectedMark } : undefined,
        ),
      );
    }
    return problems;
  });
}

const markMemo = new ItemMemo();
const sourceMemo = new ItemMemo();
const progressMarkMemo = new ItemMemo();
const indicatorObject = (found: FoundIndicator): object => found.indicator;

/** A written number for messages: its decimals as written, % dropped (the unit is added separately). */
function formatWritten(n: WrittenNumber): string {
  return formatDecimal(n.decimal); // exact for any number of decimals (toFixed throws past 100)
}

/**
 * 区運営方針 (check 1, the part the schema cannot say): indicator/missing-source (warning) on an
 * アウトカム指標 result that has a value (値) but no 出典 — the source must be given per year.
 * Range: the result's first key (like a missing required key). Data: {missingProperty: '出典'}.
 */
export function checkOutcomeSources(context: CheckContext): Problem[] {
  return itemProblems(context, sourceMemo, '', context.once(indicatorsOf), indicatorObject, ({ path, indicator, key }) => {
    const problems: Problem[] = [];
    if (key !== 'アウトカム指標') return problems;
    for (const [i, result] of indexedRecords(indicator['実績'])) {
      if (!hasValue(result['値'])) continue;
      const source = result['出典'];
      if (typeof source === 'string' && trimMark(source) !== '') continue;
      const year = typeof result['年度'] === 'string' ? result['年度'] : 'この年度';
      problems.push(
        problemAt(context, [...path, '実績', i], DiagnosticCode.indicatorMissingSource, `${year}のアウトカム指標の実績値に出典がありません。「出典:」（区民モニターアンケート など）を書いてください。`, {
          severity: 'warning',
          on: 'key',
          data: { missingProperty: '出典' },
        }),
      );
    }
    return problems;
  });
}

/**
 * 市政改革プラン進捗: 業績目標の達成状況 marks (①, ② …) against 達成状況の区分.
 * - indicator/undeclared-scale (warning), one per mark, when the document declares no 区分: the
 *   meaning of ① (達成? 概ね順調?) must come from the document, never be guessed.
 * - indicator/lookalike-mark (warning, data {replacement}): ➀ or 1 for ①, Ａ for A….
 * - indicator/mark-not-in-legend (warning, data {allowed}): a mark not in the 区分.
 * Marks are compared as written (no NFKC: ① must stay ①).
 */
export function checkProgressMarks(context: CheckContext): Problem[] {
  const legend = legendFrom(context.data['達成状況の区分']);
  // Memoised per item (./itemMemo.ts) while the 区分 is the same.
  return walkItems(context, context.data, progressMarkMemo, signatureOf(context.data['達成状況の区分']), ({ value, path, key, entry }, { problems }) => {
    if (!entry || key !== '業績目標の達成状況') return;
    const mark = markText(value);
    if (mark === undefined) return;
    const shown = trimMark(mark);
    if (!legend) {
      problems.push(
        atMark(
          context,
          path,
          mark,
          DiagnosticCode.indicatorUndeclaredScale,
          `達成状況「${shown}」の意味が文書で宣言されていません。「達成状況の区分:」に記号とその意味（達成／未達成、概ね順調／必ずしも順調ではない など、原文どおり）を書いてください。`,
          'warning',
        ),
      );
      return;
    }
    const reading = readMark(mark, legend);
    if (reading.kind === 'lookalike') {
      const replacement = reading.entry.mark;
      problems.push(
        atMark(context, path, mark, DiagnosticCode.indicatorLookalikeMark, `「${shown}」（${codePoint(shown)}）は達成状況の区分の「${replacement}」（${codePoint(replacement)}）に似た別の文字です。「${replacement}」に直してください。`, 'warning', {
          replacement,
        }),
      );
    } else if (reading.kind === 'unknown') {
      problems.push(
        atMark(context, path, mark, DiagnosticCode.indicatorMarkNotInLegend, `「${shown}」は達成状況の区分（${legendText(legend)}）にない記号です。`, 'warning', {
          allowed: legend.entries.map((e) => e.mark),
        }),
      );
    }
  }).problems;
}

/** The indicator checks and the kinds they apply to. */
export const indicatorChecks: readonly CheckRegistration[] = [
  { kinds: ['区運営方針'], check: checkIndicatorMarks },
  { kinds: ['区運営方針'], check: checkOutcomeSources },
  { kinds: ['市政改革プラン進捗'], check: checkProgressMarks },
];
