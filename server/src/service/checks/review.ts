/**
 * Domain checks of the 振り返りシート (year-end review) rows: deadlines vs 実施状況 and the 24-ward
 * tables (区別実績).
 *
 * Source: ../shared/domain.md "Checks the language server must make" — 4 "Deadlines vs status: a
 * goal due 令和5年度中 still 実施中 at 令和6年度末; 完了 while the goal's quantity is not met (001's
 * 放課後学習塾: 23 of 24 wards, marked 完了)" and 6 "ward names among the 24 (after removing padding
 * spaces); 24-ward tables list each ward once and all of them".
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { type Era, parseFiscalYear, toAsciiDigits } from '../domain/era';
import { fiscalYearEnd, fiscalYearOfTimePoint, isOpenEnded, readGoals, type Deadline, type Goal } from '../domain/goals';
import { nearestWardName, normalizeWardName, wardByName, wardNames } from '../domain/wards';
import type { Problem } from '../problem';
import { isPercentUnit, parseWrittenNumber } from '../domain/numbers';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo, itemProblems } from './itemMemo';
import { type DataPath, indexedRecords, problemAt, texts } from './support';

/** One table row of a 振り返りシート with where it sits. */
export interface ReviewRow {
  /** Data path of the row: 柱/i/中項目/j/(小項目/k/)取組項目/l/行/m. */
  path: DataPath;
  row: Record<string, unknown>;
  /** The 柱, 中項目 and 取組項目 the row belongs to. */
  pillar: Record<string, unknown>;
  section: Record<string, unknown>;
  item: Record<string, unknown>;
}

/**
 * Every row of a 振り返りシート's data, in document order, with its path. Tolerates any shape:
 * entries that are not mappings are skipped, a 中項目 may hold 取組項目 directly or through 小項目
 * (both are walked if both are written).
 */
export function reviewRows(data: Record<string, unknown>): ReviewRow[] {
  // Several checks (and the facts) ask for the rows of the same data: walked once per data object.
  const known = rowsOf.get(data);
  if (known) return known;
  const rows: ReviewRow[] = [];
  for (const [i, pillar] of indexedRecords(data['柱'])) {
    for (const [j, section] of indexedRecords(pillar['中項目'])) {
      const base: DataPath = ['柱', i, '中項目', j];
      const itemLists: [DataPath, unknown][] = [[[...base, '取組項目'], section['取組項目']]];
      for (const [k, sub] of indexedRecords(section['小項目'])) itemLists.push([[...base, '小項目', k, '取組項目'], sub['取組項目']]);
      for (const [itemsPath, items] of itemLists) {
        for (const [l, item] of indexedRecords(items)) {
          for (const [m, row] of indexedRecords(item['行'])) rows.push({ path: [...itemsPath, l, '行', m], row, pillar, section, item });
        }
      }
    }
  }
  rowsOf.set(data, rows);
  return rows;
}

/** The rows of each data object read so far (read-only; dropped with the data). */
const rowsOf = new WeakMap<object, ReviewRow[]>();

/** A row's own object, for the per-row memos (./itemMemo.ts). */
export const rowObject = (r: ReviewRow): object => r.row;

// Per-row memos: each finding of these checks depends on its row and on the 基準時点 only.
const overdueMemo = new ItemMemo();
const completedMemo = new ItemMemo();
const wardTableMemo = new ItemMemo();

/** The sheet's 基準時点 as a fiscal year, its era and its last day; undefined if unreadable. */
export function basisOf(data: Record<string, unknown>): { fiscalYear: number; era: Era; end: string; text: string } | undefined {
  const written = data['基準時点'];
  if (typeof written !== 'string') return undefined;
  const parsed = parseFiscalYear(written);
  // An invalid era form (令和0年度末) is reported by the era checks; no deadline can be judged on it.
  if (!parsed || parsed.problem) return undefined;
  return { fiscalYear: parsed.ref.fiscalYear, era: parsed.ref.era, end: fiscalYearEnd(parsed.ref.fiscalYear), text: written.trim() };
}

/**
 * deadline/overdue: a row 実施中 whose every めざす姿 deadline lies strictly before the 基準時点
 * (令和5年度中に at 令和6年度末). Not reported when the row has no deadline, when one deadline is
 * not yet past (…以降令和10年度まで, 令和6年度に at 令和6年度末), or when a goal of the row is
 * open-ended (毎年度 …, 令和5年度から …) — such a row is rightly still 実施中.
 * Range: the 実施状況 value; data `{deadline, due, basis}`.
 */
export function checkOverdue(context: CheckContext): Problem[] {
  const basis = basisOf(context.data);
  if (!basis) return [];
  return itemProblems(context, overdueMemo, JSON.stringify(basis), reviewRows(context.data), rowObject, ({ path, row }) => {
    if (statusOf(row) !== '実施中') return [];
    const goals = readGoals(row['めざす姿'], basis.era);
    const deadlines = goals.flatMap((g) => g.deadlines);
    if (deadlines.length === 0 || goals.some(isOpenEnded)) return [];
    if (!deadlines.every((d) => d.due < basis.end)) return [];
    const latest = deadlines.reduce((a, b) => (b.due > a.due ? b : a));
    return [
      problemAt(
        context,
        [...path, '実施状況'],
        DiagnosticCode.deadlineOverdue,
        `めざす姿の期限（${latest.label}）は基準時点（${basis.text}）より前ですが、実施状況が「実施中」のままです。達成していれば「完了」に、未達成なら課題と次年度以降の取組内容に理由と今後の期限を書いてください。`,
        { severity: 'warning', data: { deadline: latest.label, due: latest.due, basis: basis.text } satisfies OverdueData },
      ),
    ];
  });
}

/** `data` of a deadline/overdue problem. */
export interface OverdueData {
  /** The latest deadline of the row as written (令和5年度中). */
  deadline: Deadline['label'];
  /** Its last day, ISO. */
  due: string;
  /** The sheet's 基準時点 as written. */
  basis: string;
}

/**
 * deadline/completed-unmet: a row 完了 whose めざす姿 asks for 全区 (24 wards) while its 実績値 in
 * 区 report fewer (001's 放課後学習塾: 実施済 23区 + 令和7年度実施予定1区), or asks for 全地活協 while
 * its 実績値 in 地活協 stays below its 分母. Ward counts are read from 実績値 in 区, or, when the row has
 * none, from its 主な取組実績 text (16区(数)).
 * A 実績値 whose 時点 is another fiscal year than the 基準時点 (R5, 令和7年度予定) is not evidence
 * for this year; a 実績値 whose 内訳 sums to the target counts as met.
 * Range: the 実施状況 value; data `{reported, required, replacement: '実施中'}`.
 */
export function checkCompletedUnmet(context: CheckContext): Problem[] {
  const basis = basisOf(context.data);
  const era = basis?.era ?? '令和';
  return itemProblems(context, completedMemo, `${era}\u0001${basis?.fiscalYear ?? ''}`, reviewRows(context.data), rowObject, ({ path, row }) => {
    if (statusOf(row) !== '完了') return [];
    const goals = readGoals(row['めざす姿'], era);
    const shortfall = wardShortfall(goals, row, basis?.fiscalYear, era) ?? associationShortfall(goals, row, basis?.fiscalYear, era);
    if (!shortfall) {
      const other = increaseShortfall(goals, row) ?? recurringGoal(row, era);
      return other ? [problemAt(context, [...path, '実施状況'], DiagnosticCode.deadlineCompletedUnmet, other.message, { severity: 'warning', data: { ...other.data, replacement: '実施中' } })] : [];
    }
    return [
      problemAt(
        context,
        [...path, '実施状況'],
        DiagnosticCode.deadlineCompletedUnmet,
        `実施状況が「完了」ですが、めざす姿の${shortfall.what}（${shortfall.required}${shortfall.unit}）に対し、実績値は${shortfall.reported}${shortfall.unit}です。${shortfall.what}で達成するまでは「実施中」にしてください。`,
        { severity: 'warning', data: { reported: shortfall.reported, required: shortfall.required, replacement: '実施中' } },
      ),
    ];
  });
}

interface Shortfall {
  what: string;
  unit: string;
  reported: number;
  required: number;
}

function wardShortfall(goals: Goal[], row: Record<string, unknown>, basisYear: number | undefined, era: Era): Shortfall | undefined {
  const required = goals.flatMap((g) => g.quantities).find((q) => q.kind === 'all-wards');
  if (!required || required.kind !== 'all-wards') return undefined;
  const reported = bestResult(row, (unit) => unit === '区', basisYear, era) ?? wardsInText(row);
  if (reported === undefined || reported.value >= required.count) return undefined;
  return { what: '全区', unit: '区', reported: reported.value, required: required.count };
}

/**
 * The highest ward count written in a row's 主な取組実績 text (001: 「区役所が交流会を開催 16区(数)」),
 * for rows without a 実績値 in 区. Undefined when the text names no count of wards.
 */
function wardsInText(row: Record<string, unknown>): { value: number } | undefined {
  const counts = texts(row['主な取組実績']).flatMap((t) => [...toAsciiDigits(t).matchAll(reportedWards)].map((m) => Number(m[1])));
  return counts.length === 0 ? undefined : { value: Math.max(...counts) };
}

function associationShortfall(goals: Goal[], row: Record<string, unknown>, basisYear: number | undefined, era: Era): Shortfall | undefined {
  if (!goals.some((g) => g.quantities.some((q) => q.kind === 'all-associations'))) return undefined;
  const reported = bestResult(row, (unit) => unit === '地活協' || unit === '地域活動協議会', basisYear, era);
  // The whole (全地活協数) is only known when the 実績値 gives it as 分母.
  if (reported?.whole === undefined || reported.value >= reported.whole) return undefined;
  return { what: '全地活協', unit: '地活協', reported: reported.value, required: reported.whole };
}

// A reported increase in text: 12％増, 12%増加, 8ポイント増, 8ポイント上昇.
const reportedIncrease = /([0-9０-９]+(?:[.．][0-9０-９]+)?)[ \u3000]{0,2}(％|%|ポイント|割)[ \u3000]{0,2}(?:の)?(?:増|上昇|向上)/g;
// A reported ratio in text: 前年度比1.4倍, 2.1倍となった (ASCII digits: the text is ASCII-fied first).
const reportedRatio = /(?<![0-9.])([0-9]+(?:\.[0-9]+)?)[ \u3000]{0,2}倍/g;
// A ward count in results text: 16区(数), 実施済 23区 — not 区長, 区役所, 区民 ….
const reportedWards = /(?<![0-9.第])([0-9]{1,3})[ \u3000]{0,2}区(?![長役民政内外画域分間])/g;

/**
 * 完了 with an increase goal (50%増, 10ポイント以上増加) that the row's figures do not reach: the
 * reported increase is read from 実績値 in % / ポイント whose 項目 names an increase (増, 伸び), or
 * from 主な取組実績 text (12％増). When nothing in the row measures the increase (001: 「令和8年度末
 * 目標 50%増」 with only a count of 176 地活協), that is reported too: 完了 is then not shown.
 */
function increaseShortfall(goals: Goal[], row: Record<string, unknown>): { message: string; data: Record<string, unknown> } | undefined {
  const wanted = goals.flatMap((g) => g.quantities).find((q) => q.kind === 'percent-increase' || q.kind === 'point-increase');
  if (!wanted || (wanted.kind !== 'percent-increase' && wanted.kind !== 'point-increase')) return undefined;
  const unit = wanted.kind === 'percent-increase' ? '%' : 'ポイント';
  const reported: number[] = [];
  for (const [, result] of indexedRecords(row['実績値'])) {
    const u = typeof result['単位'] === 'string' ? result['単位'].trim() : '';
    const item = typeof result['項目'] === 'string' ? result['項目'] : '';
    const sameUnit = unit === '%' ? /^(%|％)$/.test(u) : u === 'ポイント';
    if (sameUnit && /増|伸|上昇|向上/.test(item) && typeof result['値'] === 'number') reported.push(result['値']);
  }
  for (const text of [...texts(row['主な取組実績'])]) {
    for (const m of toAsciiDigits(text).matchAll(reportedIncrease)) {
      const u = m[2] === 'ポイント' ? 'ポイント' : '%';
      if (u === unit) reported.push(Number(m[1]!.replace('．', '.')) * (m[2] === '割' ? 10 : 1));
    }
    // 前年度比1.4倍 is a 40% increase.
    if (unit === '%') for (const m of toAsciiDigits(text).matchAll(reportedRatio)) reported.push(Math.round((Number(m[1]!.replace('．', '.')) - 1) * 1000) / 10);
  }
  if (reported.length === 0) {
    return {
      message: `実施状況が「完了」ですが、めざす姿の「${wanted.text}」を測る実績（${unit}での増加）がどこにもありません。達成を示す値を実績値に書くか、「実施中」にしてください。`,
      data: { required: wanted.value, unit },
    };
  }
  const best = Math.max(...reported);
  if (best >= wanted.value) return undefined;
  return {
    message: `実施状況が「完了」ですが、めざす姿の「${wanted.text}」に対し、実績は${best}${unit}増です。達成するまでは「実施中」にしてください。`,
    data: { required: wanted.value, reported: best, unit },
  };
}

/**
 * 完了 on a goal that recurs every year (毎年度、全区が…を開催): such a goal is never completed.
 * Goals written 【再掲】 are judged in their own row; a recurring goal with a deadline after it
 * (毎年増加（令和8年度末目標 …）) is not open-ended.
 */
function recurringGoal(row: Record<string, unknown>, era: Era): { message: string; data: Record<string, unknown> } | undefined {
  const own = texts(row['めざす姿']).filter((t) => !/^[ \u3000]*【再掲】/.test(t));
  const goal = readGoals(own, era).find((g) => g.recurring && isOpenEnded(g) && g.starts.length === 0);
  if (!goal) return undefined;
  return {
    message: `実施状況が「完了」ですが、めざす姿「${goal.text.trim()}」は${goal.recurring!.text}の目標で、終わりがありません。今年度の分を達成していても「実施中」にしてください。`,
    data: { recurring: goal.recurring!.text },
  };
}

/**
 * The highest reported figure among a row's 実績値 with a matching unit, for the 基準時点's year:
 * each entry counts as max(値, sum of its 内訳). Entries whose 時点 names another fiscal year are
 * left out (a previous year's figure, or a plan for next year).
 */
function bestResult(row: Record<string, unknown>, unitMatches: (unit: string) => boolean, basisYear: number | undefined, era: Era): { value: number; whole?: number } | undefined {
  let best: { value: number; whole?: number } | undefined;
  for (const [, result] of indexedRecords(row['実績値'])) {
    const unit = typeof result['単位'] === 'string' ? normalizeWardName(result['単位']) : '';
    if (!unitMatches(unit) || typeof result['値'] !== 'number') continue;
    if (basisYear !== undefined && typeof result['時点'] === 'string') {
      const year = fiscalYearOfTimePoint(result['時点'], era);
      if (year !== undefined && year !== basisYear) continue;
    }
    const parts = indexedRecords(result['内訳']).map(([, p]) => p['値']);
    const partsSum = parts.length > 0 && parts.every((v): v is number => typeof v === 'number') ? parts.reduce((a, b) => a + b, 0) : undefined;
    const value = Math.max(result['値'], partsSum ?? -Infinity);
    const whole = typeof result['分母'] === 'number' ? result['分母'] : undefined;
    if (!best || value > best.value) best = whole === undefined ? { value } : { value, whole };
  }
  return best;
}

/** Rows that are not wards but may stand in a ward table (a city total or average). */
const aggregateRows = new Set(['全市', '大阪市', '市全体', '全区', '全区平均', '平均', '合計', '計', '市平均']);

/**
 * ward/unknown-name and ward/table-incomplete on every 区別実績 (24-ward table) of the sheet:
 * each 区名 must be one of the 24 after removing padding spaces (北 区 is 北区); each ward must
 * appear once; none may be missing. A city total row (全市, 平均 …) is allowed and ignored. Missing
 * wards that duplicated or unknown rows account for (as many or fewer) are named in those rows'
 * findings and not reported again on the table.
 * Ranges: the unknown 区名 (error, data `{suggestion}` when a ward is one or two characters
 * away); the duplicate 区名 (error, data `{ward}`); the 区別実績 key for missing wards (warning,
 * data `{missing}` in customary order).
 */
export function checkWardTables(context: CheckContext): Problem[] {
  return itemProblems(context, wardTableMemo, '', reviewRows(context.data), rowObject, ({ path, row }) => {
    const problems: Problem[] = [];
    const table = row['区別実績'];
    if (table === null || typeof table !== 'object' || Array.isArray(table)) return problems;
    const entries = (table as Record<string, unknown>)['行'];
    if (!Array.isArray(entries)) return problems;
    const tablePath: DataPath = [...path, '区別実績'];
    const seen = new Set<string>();
    const duplicates: { path: DataPath; ward: string }[] = [];
    let unknown = 0;
    for (const [i, entry] of indexedRecords(entries)) {
      const written = entry['区名'];
      if (typeof written !== 'string') continue;
      const namePath: DataPath = [...tablePath, '行', i, '区名'];
      const name = normalizeWardName(written);
      if (aggregateRows.has(name)) continue;
      const ward = wardByName(written);
      if (!ward) {
        unknown++;
        const suggestion = nearestWardName(written);
        problems.push(
          problemAt(context, namePath, DiagnosticCode.wardUnknownName, `「${written}」は大阪市の24区のいずれでもありません。${suggestion ? `「${suggestion}」ではありませんか。` : ''}`, {
            severity: 'error',
            ...(suggestion ? { data: { suggestion, replacement: suggestion } } : {}),
          }),
        );
        continue;
      }
      if (isPercentUnit((table as Record<string, unknown>)['単位'])) problems.push(...tablePercentages(context, [...tablePath, '行', i, '値'], entry['値'], ward.name));
      if (seen.has(ward.name)) duplicates.push({ path: namePath, ward: ward.name });
      seen.add(ward.name);
    }
    const missing = wardNames.filter((n) => !seen.has(n));
    // One mistake, one finding: a row written with another ward's name (港区 for 大正区, 東淀区 for
    // 東淀川区) is reported on that row only; the missing ward is named there, not again on the table.
    const explained = missing.length > 0 && missing.length <= duplicates.length + unknown;
    for (const d of duplicates) {
      const instead = explained && duplicates.length > 0 ? `表にない区（${missing.join('、')}）の誤りではありませんか。` : '';
      problems.push(problemAt(context, d.path, DiagnosticCode.wardTableIncomplete, `${d.ward}が表に2回あります。各区は1回ずつ載せてください。${instead}`, { severity: 'error', data: { ward: d.ward } }));
    }
    if (missing.length > 0 && !explained) {
      const listed = missing.length > 8 ? `${missing.slice(0, 8).join('、')} ほか${missing.length - 8}区` : missing.join('、');
      problems.push(
        problemAt(
          context,
          tablePath,
          DiagnosticCode.wardTableIncomplete,
          `24区の表に ${listed} がありません（${seen.size}区しか載っていません${unknown > 0 ? '。区名の誤りも確かめてください' : ''}）。`,
          { severity: 'warning', on: 'key', data: { missing } },
        ),
      );
    }
    return problems;
  });
}

/** count/percentage-range on the % values of one ward in a 24-ward table (above 100 or below 0). */
function tablePercentages(context: CheckContext, path: DataPath, values: unknown, ward: string): Problem[] {
  const list = Array.isArray(values) ? values : [values];
  const problems: Problem[] = [];
  list.forEach((v, k) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? parseWrittenNumber(v)?.value : undefined;
    if (n === undefined || (n >= 0 && n <= 100)) return;
    problems.push(
      problemAt(context, Array.isArray(values) ? [...path, k] : path, DiagnosticCode.countPercentageRange, `${ward}の割合 ${n}% は 0〜100% の外です。値を確かめてください（小数点の位置、他の列の値の写し間違いなど）。`, {
        severity: 'warning',
      }),
    );
  });
  return problems;
}

/** 実施状況 as written, trimmed ('' when absent or not a string). */
function statusOf(row: Record<string, unknown>): string {
  const status = row['実施状況'];
  return typeof status === 'string' ? status.trim() : '';
}

/** The checks of this module, for the registry in ./index.ts. */
export const reviewChecks: readonly CheckRegistration[] = [
  { kinds: ['振り返りシート'], check: checkOverdue },
  { kinds: ['振り返りシート'], check: checkCompletedUnmet },
  { kinds: ['振り返りシート'], check: checkWardTables },
];
