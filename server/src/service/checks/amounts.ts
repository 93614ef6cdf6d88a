/**
 * Count and sum checks (../shared/domain.md "Checks the language server must make", 5) on the
 * structured figures of any kind of sheet: 実績額 (金額内訳) and 実績値 lists, and the results of
 * アウトカム指標 / プロセス指標.
 * - count/breakdown-sum: 内訳 that do not add up to their whole (広告収入 7,684 = 5,627 + 145 + …).
 * - count/rate: a % 実績値 with 分子 and 分母 that is not 分子/分母 × 100 (就職率 58.2 = 85/146).
 * - count/percentage-range: a percentage outside 0–100 (changes such as 執行額 ▲8.8％ excepted).
 * - count/wards-over-24: a count of wards (単位 区) above 24 (全区 = 24).
 * The 振り返りシート 全区 quantities and 24-ward tables are checked elsewhere (review checks).
 *
 * Sums and rates are computed exactly (domain/numbers.ts); every check tolerates any data shape.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { type Decimal, formatDecimal, halfUnit, isPercentUnit, percentage, sumDecimals, withinTolerance, type WrittenNumber, compareDecimals } from '../domain/numbers';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { indicatorsOf, numberAt } from './indicators';
import { ItemMemo, itemProblems, walkItems } from './itemMemo';
import { type DataPath, indexedRecords, problemAt } from './support';
import { wardCount } from '../domain/wards';

/** A 実績額 / 実績値 entry found in the data. */
interface Figure {
  path: DataPath;
  record: Record<string, unknown>;
  /** The key holding the whole and each part's figure: 金額 for 実績額, 値 for 実績値. */
  field: '金額' | '値';
}

/** Every entry of every 実績額 and 実績値 list, anywhere in the data, in source order. */
function findFigures(data: unknown): Figure[] {
  return walkItems(undefined, data, figureMemo, '', ({ value, path, key, entry }, out) => {
    if (!entry || (key !== '実績額' && key !== '実績値')) return;
    for (const [i, record] of indexedRecords(value)) out.facts.push({ path: [...path, i], record, field: key === '実績額' ? '金額' : '値' });
  }).facts;
}

// Per-item memos (./itemMemo.ts): the figures of each item, and each check's findings per figure
// (a figure's findings depend on its own entry only).
const figureMemo = new ItemMemo<Figure>();
const breakdownMemo = new ItemMemo();
const rateMemo = new ItemMemo();
const percentageMemo = new ItemMemo();
const indicatorPercentageMemo = new ItemMemo();
const wardCountMemo = new ItemMemo();
const recordOf = (figure: Figure) => figure.record;

/** Every 実績額 / 実績値 entry, derived once per validation (`context.once`). */
const figuresOf = (context: CheckContext): Figure[] => findFigures(context.data);

function unitOf(record: Record<string, unknown>): string {
  return typeof record['単位'] === 'string' ? record['単位'].trim() : '';
}

function itemOf(record: Record<string, unknown>): string {
  return typeof record['項目'] === 'string' ? record['項目'] : '';
}

/** A written number for messages, with thousands commas: 7,684 / 58.2. */
function shown(n: WrittenNumber | Decimal): string {
  return formatDecimal('decimal' in n ? n.decimal : n, true);
}

/**
 * count/breakdown-sum (error, data {expected}: the parts' sum as a plain number): the parts (内訳)
 * of a 実績額 (金額) or 実績値 (値) must add up to the whole. Integers must be equal; with decimals the
 * sum may differ from the whole by half a unit in the whole's last written digit (rounding).
 * Skipped when the whole or any part is not a number (e.g. 金額 "－"). Range: the whole.
 */
export function checkBreakdownSums(context: CheckContext): Problem[] {
  return itemProblems(context, breakdownMemo, '', context.once(figuresOf), recordOf, ({ path, record, field }) => {
    const parts = indexedRecords(record['内訳']);
    if (parts.length === 0) return [];
    const whole = numberAt(context, [...path, field], record[field]);
    if (!whole) return [];
    const values: WrittenNumber[] = [];
    for (const [j, part] of parts) {
      const n = numberAt(context, [...path, '内訳', j, field], part[field]);
      if (!n) break;
      values.push(n);
    }
    if (values.length !== parts.length) return [];
    const sum = sumDecimals(values.map((v) => v.decimal));
    if (withinTolerance(sum, whole.decimal, halfUnit(whole.decimals))) return [];
    const unit = unitOf(record);
    const terms = values.length <= 8 ? values.map(shown).join(' + ') : `${values.slice(0, 8).map(shown).join(' + ')} + …`;
    return [
      problemAt(context, [...path, field], DiagnosticCode.countBreakdownSum, `内訳の合計は ${shown(sum)}${unit} です（${terms}）。${field} ${shown(whole)}${unit} と一致しません。`, {
        severity: 'error',
        data: { expected: formatDecimal(sum) },
      }),
    ];
  });
}

/**
 * count/rate (error, data {expected}): a 実績値 in % with 分子 and 分母 must equal
 * 分子 / 分母 × 100 to the number of decimals written in 値, rounded half up (四捨五入) or truncated
 * (切り捨て). 就職率 58.2 with 85 / 146 is right. Skipped when 分母 is 0. Range: 値.
 */
export function checkRates(context: CheckContext): Problem[] {
  return itemProblems(context, rateMemo, '', context.once(figuresOf), recordOf, ({ path, record, field }) => {
    if (field !== '値' || !isPercentUnit(record['単位'])) return [];
    const value = numberAt(context, [...path, '値'], record['値']);
    const numerator = numberAt(context, [...path, '分子'], record['分子']);
    const denominator = numberAt(context, [...path, '分母'], record['分母']);
    if (!value || !numerator || !denominator) return [];
    const rate = percentage(numerator.decimal, denominator.decimal, value.decimals);
    if (!rate) return [];
    if (compareDecimals(rate.rounded, value.decimal) === 0 || compareDecimals(rate.truncated, value.decimal) === 0) return [];
    const precision = value.decimals === 0 ? '整数に四捨五入' : `小数第${value.decimals}位まで四捨五入`;
    return [
      problemAt(context, [...path, '値'], DiagnosticCode.countRate, `分子 ${shown(numerator)} ÷ 分母 ${shown(denominator)} × 100 = ${shown(rate.rounded)}% です（${precision}）。値 ${shown(value)}% と一致しません。`, {
        severity: 'error',
        data: { expected: formatDecimal(rate.rounded) },
      }),
    ];
  });
}

// Words that make a percentage a change or a ratio to something else (増減, 前年比, 執行計画に対し
// 約30％増, 予算に対し執行額 ▲8.8％), which may be negative or above 100.
const changeWords = /増|減|比|伸|倍|変化|変動|前年|上昇|低下|対し|差/;
// Words that make a percentage a share of a whole (割合, 就職率, 進捗率), which lies in 0–100.
const shareWords = /割合|率/;

/**
 * count/percentage-range (warning): a percentage that cannot be one.
 * - 実績値 in %: above 100 unless its 項目 names a change (増, 減, 比 …); below −100 always; below 0
 *   only when its 項目 names a share (割合, …率) and not a change — so 執行額 ▲8.8％ passes.
 * - indicator results (実績.値) in %: the same, the indicator text standing for 項目; an indicator
 *   whose 目標値 lies in 0–100 and whose text names no change is a share, and may not be negative.
 * Range: the value.
 */
export function checkPercentages(context: CheckContext): Problem[] {
  const check = (problems: Problem[], path: DataPath, value: unknown, text: string, share: boolean) => {
    const n = numberAt(context, path, value);
    if (!n) return;
    const change = changeWords.test(text);
    let message: string | undefined;
    if (n.value < -100) message = `割合 ${shown(n)}% は −100% を下回っています。0〜100% の値を書いてください。`;
    else if (n.value > 100 && !change) message = `割合 ${shown(n)}% は 100% を超えています。0〜100% の値を書いてください（増減なら項目にそう書いてください）。`;
    else if (n.value < 0 && share && !change) message = `割合 ${shown(n)}% が負の値です。0〜100% の値を書いてください（増減なら項目にそう書いてください）。`;
    if (message) problems.push(problemAt(context, path, DiagnosticCode.countPercentageRange, message, { severity: 'warning' }));
  };
  const figures = itemProblems(context, percentageMemo, '', context.once(figuresOf), recordOf, ({ path, record, field }) => {
    const problems: Problem[] = [];
    if (field !== '値' || !isPercentUnit(record['単位'])) return problems;
    const item = itemOf(record);
    check(problems, [...path, '値'], record['値'], item, shareWords.test(item));
    return problems;
  });
  const indicators = itemProblems(context, indicatorPercentageMemo, '', context.once(indicatorsOf), (found) => found.indicator, ({ path, indicator }) => {
    const problems: Problem[] = [];
    if (!isPercentUnit(indicator['単位'])) return problems;
    const text = typeof indicator['指標'] === 'string' ? indicator['指標'] : '';
    const target = numberAt(context, [...path, '目標値'], indicator['目標値']);
    const share = target === undefined || (target.value >= 0 && target.value <= 100);
    for (const [i, result] of indexedRecords(indicator['実績'])) check(problems, [...path, '実績', i, '値'], result['値'], text, share);
    return problems;
  });
  return [...figures, ...indicators];
}

/** True when a unit counts wards: 区, also written 区(数) / 区（数）. */
function isWardUnit(unit: string): boolean {
  return unit.replace(/[\s\u3000()（）数]/g, '') === '区';
}

/**
 * count/wards-over-24 (error, data {max: 24}): a 実績値 counted in wards (単位 区) above 24, or a
 * part (内訳) of one above 24. Osaka City has 24 wards (domain.md, Wards). Range: the value.
 */
export function checkWardCounts(context: CheckContext): Problem[] {
  const check = (problems: Problem[], path: DataPath, value: unknown) => {
    const n = numberAt(context, path, value);
    if (n && n.value > wardCount) {
      problems.push(
        problemAt(context, path, DiagnosticCode.countWardsOver24, `区の数 ${shown(n)} は全区（${wardCount}区）を超えています。`, {
          severity: 'error',
          data: { max: wardCount },
        }),
      );
    }
  };
  return itemProblems(context, wardCountMemo, '', context.once(figuresOf), recordOf, ({ path, record, field }) => {
    const problems: Problem[] = [];
    if (field !== '値' || !isWardUnit(unitOf(record))) return problems;
    check(problems, [...path, '値'], record['値']);
    for (const [j, part] of indexedRecords(record['内訳'])) check(problems, [...path, '内訳', j, '値'], part['値']);
    return problems;
  });
}

/** The count and sum checks; they apply to every kind. */
export const amountChecks: readonly CheckRegistration[] = [
  { kinds: 'all', check: checkBreakdownSums },
  { kinds: 'all', check: checkRates },
  { kinds: 'all', check: checkPercentages },
  { kinds: 'all', check: checkWardCounts },
];
