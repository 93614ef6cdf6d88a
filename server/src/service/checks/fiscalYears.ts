/**
 * Fiscal-year consistency (../shared/domain.md, "Checks the language server must make" 2):
 * invalid and mixed era forms, one year under two names, results after the document's year or
 * 基準時点, 決算額 for a year not yet closed, budget columns that are not (N−2)決算額, (N−1)予算額,
 * N予算額, and dated activities in a 取組実績 outside the plan's fiscal year.
 *
 * Every check walks the data without trusting the schema: a value of the wrong shape is skipped,
 * never thrown on (the schema diagnostics already report it).
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { type DaySpan, fiscalYearSpan, parsePointInTime } from '../domain/dates';
import { type Era, type EraProblem, type FiscalYearRef, eras, parseFiscalYear } from '../domain/era';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo, walkItems, type WalkedValue } from './itemMemo';
import { type DataPath, indexedRecords, isRecord, problemAt } from './support';

/** One fiscal year written somewhere in the sheet (a value, or the year part of a key). */
export interface YearOccurrence {
  /** Where it is: the value at `path`, or the key of `path` when `on` is 'key'. */
  path: DataPath;
  on: 'key' | 'value';
  /** The whole value or key as written ("令和6年度", "4決算額", "5年度"). */
  written: string;
  /** The year part of `written` ("令和6年度", "4") that was parsed. */
  yearText: string;
  ref: FiscalYearRef;
  problem?: EraProblem;
  /** 'result' for a year that labels a result (指標 実績[].年度, 主な取組 実績 keys, 区別実績 列). */
  role: 'result' | 'budget' | 'other';
  /** For 予算 keys: which column it is. */
  budgetKind?: '決算額' | '予算額';
}

/** What the document's own year says: its era (for bare years) and, if written, its fiscal year. */
export interface DocumentYear {
  era: Era;
  /** The document's fiscal year (年度, or the year of 基準時点); undefined when not written or invalid. */
  fiscalYear?: number;
  /** The last day the document reports on: 年度 → its 31 March; 基準時点 → that point's end. */
  basisEnd?: string;
  /** The text it was read from (令和6年度, 令和6年度末). */
  label?: string;
  /**
   * When every budget column set of a 区運営方針 (two or more) is the right set for another year
   * than the written 年度, the written 年度 is the slip: `declared` is what was written, and
   * fiscalYear / label / basisEnd above are the year the columns show (one mistake, one finding).
   */
  declared?: { fiscalYear: number; label: string };
}

const yearValueKeys = new Set(['年度', '目標年度', '基準時点', '完了済み時点']);
// Keys under which fiscal years are written: the values above, 実績 keys, 予算 keys, 列 items.
const yearPlaces = new Set([...yearValueKeys, '実績', '予算', '列']);
const budgetKeyPattern = /^(.*?)(決算額|予算額)$/;
// A planned figure (実施予定, 見込, 目標) is not a result, so its 時点 may lie after the 基準時点.
const plannedPattern = /予定|見込|目標/;


/**
 * Parses a written fiscal year like era.ts's parseFiscalYear, also accepting the year part of a
 * budget key ("4" of 4決算額, "R4") and 年度末/年度中 after an abbreviation (R6年度末).
 */
export function parseYearText(text: string, documentEra: Era): ReturnType<typeof parseFiscalYear> {
  const trimmed = text.trim();
  const direct = parseFiscalYear(trimmed, documentEra);
  if (direct) return direct;
  const withoutSuffix = trimmed.replace(/(年度)?(末|中)$/, '');
  if (withoutSuffix !== trimmed) {
    const again = parseFiscalYear(withoutSuffix, documentEra) ?? parseFiscalYear(`${withoutSuffix}年度`, documentEra);
    if (again) return again;
  }
  // 予算 keys write the year without 年度: "4決算額", "令和4決算額".
  if (/^(令和|平成|昭和)?[ \u3000]*([0-9０-９]{1,2}|元)$/.test(trimmed)) return parseFiscalYear(`${trimmed.replace(/[ \u3000]/g, '')}年度`, documentEra);
  return undefined;
}

/**
 * The document's year: 年度 (区運営方針, 市政改革プラン進捗) or 基準時点 (振り返りシート), read with
 * 令和 as the default era. `era` is 令和 when neither is written or readable.
 */
export function documentYear(data: Record<string, unknown>): DocumentYear {
  for (const key of ['年度', '基準時点']) {
    const value = data[key];
    if (typeof value !== 'string') continue;
    const parsed = parseYearText(value, '令和');
    if (!parsed) continue;
    const out: DocumentYear = { era: parsed.ref.era, label: value.trim() };
    if (parsed.problem?.kind === 'year-zero' || parsed.problem?.kind === 'nonexistent') return out;
    out.fiscalYear = parsed.ref.fiscalYear;
    const span = parsePointInTime(value, parsed.ref.era);
    out.basisEnd = span?.end ?? fiscalYearSpan(parsed.ref.fiscalYear).end;
    if (key === '年度') {
      const implied = budgetYear(data, out.era, out.fiscalYear);
      if (implied !== undefined && implied !== out.fiscalYear) {
        const era: Era = implied >= 2020 ? '令和' : '平成';
        const label = `${eraYearText(era, implied - eras[era].first + 1)}年度`;
        return { era: out.era, fiscalYear: implied, basisEnd: fiscalYearSpan(implied).end, label, declared: { fiscalYear: out.fiscalYear, label: out.label! } };
      }
    }
    return out;
  }
  return { era: '令和' };
}

/**
 * The plan year that every 予算 mapping agrees on: each holds exactly (M−2)決算額, (M−1)予算額,
 * M予算額 for one M. Undefined with fewer than two such mappings or any disagreement.
 */
function budgetYear(data: Record<string, unknown>, era: Era, declared: number): number | undefined {
  const groups = new Map<string, YearOccurrence[]>();
  for (const y of collectYears(data, era, declared)) {
    if (y.role !== 'budget') continue;
    const id = JSON.stringify(y.path.slice(0, -1));
    groups.set(id, [...(groups.get(id) ?? []), y]);
  }
  let agreed: number | undefined;
  for (const keys of groups.values()) {
    const last = keys.find((k) => k.budgetKind === '予算額' && keys.every((o) => o.ref.fiscalYear <= k.ref.fiscalYear));
    const m = last?.ref.fiscalYear;
    const set = new Set(keys.map((k) => `${k.ref.fiscalYear}:${k.budgetKind}`));
    if (m === undefined || keys.length !== 3 || !set.has(`${m - 2}:決算額`) || !set.has(`${m - 1}:予算額`) || !set.has(`${m}:予算額`)) return undefined;
    if (agreed !== undefined && agreed !== m) return undefined;
    agreed = m;
  }
  return groups.size >= 2 ? agreed : undefined;
}

/**
 * fiscal-year/budget-columns on the 年度 itself, when every budget column set shows another year
 * (see DocumentYear.declared): the other year checks then judge the sheet by the columns' year, so
 * the one slip in 年度 is reported once, here. Data `{replacement}`: the columns' year.
 */
function checkDeclaredYear(context: CheckContext): Problem[] {
  const { document } = context.once(writtenYears);
  if (!document.declared || document.label === undefined) return [];
  return [
    problemAt(context, ['年度'], DiagnosticCode.fiscalYearBudgetColumns, `年度は「${document.declared.label}」ですが、予算欄はすべて${document.label}の方針の列（(N−2)決算額・(N−1)予算額・N予算額）です。年度を確かめてください（年度が正しければ、予算欄をすべて${document.declared.label}の列に直してください）。`, {
      data: { replacement: document.label },
    }),
  ];
}

/**
 * Every fiscal year written in a 年度-typed place, in data order: values of 年度, 目標年度, 基準時点,
 * 完了済み時点 (also 実績[].年度), keys of a 実績 mapping (主な取組: 5年度), the year part of 予算 keys
 * (4決算額) and the items of a 列 list (区別実績: R4, R6). Texts that are not fiscal years are skipped.
 */
export function collectYears(data: Record<string, unknown>, documentEra: Era, documentFiscalYear?: number): YearOccurrence[] {
  // Memoised per item (./itemMemo.ts): the occurrences are offset-free facts of each item's own text.
  return walkItems(undefined, data, yearMemo, `${documentEra}\u0001${documentFiscalYear ?? ''}`, (value, out) => yearsAt(value, documentEra, documentFiscalYear, (y) => out.facts.push(y))).facts;
}

/** The fiscal years written at one value of a `walkItems` walk (see `collectYears`), passed to `found` in data order. */
export function yearsAt({ value: child, path: here, key, entry }: WalkedValue, documentEra: Era, documentFiscalYear: number | undefined, found: (y: YearOccurrence) => void): void {
  if (!entry || !yearPlaces.has(key)) return;
  const add = (path: DataPath, on: 'key' | 'value', written: string, yearText: string, role: YearOccurrence['role'], budgetKind?: YearOccurrence['budgetKind']) => {
    const parsed = bareYearInContext(parseYearText(yearText, documentEra), documentFiscalYear);
    if (!parsed) return;
    const occurrence: YearOccurrence = { path, on, written, yearText, ref: parsed.ref, role };
    if (parsed.problem) occurrence.problem = parsed.problem;
    if (budgetKind) occurrence.budgetKind = budgetKind;
    found(occurrence);
  };
  const path = here.slice(0, -1);
  if (yearValueKeys.has(key)) {
    if (typeof child !== 'string') return;
    // 実績: [{年度: 令和5年度, 値: …}] — the year of an indicator result.
    const isResult = key === '年度' && path.length >= 2 && path[path.length - 2] === '実績' && typeof path[path.length - 1] === 'number';
    add(here, 'value', child, child, isResult ? 'result' : 'other');
  } else if (key === '実績' && isRecord(child)) {
    for (const yearKey of Object.keys(child)) add([...here, yearKey], 'key', yearKey, yearKey, 'result');
  } else if (key === '予算' && isRecord(child)) {
    for (const budgetKey of Object.keys(child)) {
      const m = budgetKeyPattern.exec(budgetKey);
      if (m) add([...here, budgetKey], 'key', budgetKey, m[1]!, 'budget', m[2] as '決算額' | '予算額');
    }
  } else if (key === '列' && Array.isArray(child)) {
    child.forEach((item, i) => {
      if (typeof item === 'string') add([...here, i], 'value', item, item, 'result');
    });
  }
}

/** Per-item memo of `collectYears` (facts only; valid for one document era and year). */
const yearMemo = new ItemMemo<YearOccurrence>();

/**
 * A bare year (30決算額, 30年度) far after the document's year cannot be meant in the document's
 * era (令和30年度 in a 令和2年度 plan): it is the previous era's year (平成30年度), as staff write
 * the columns of a plan made just after an era change. Other years are returned unchanged.
 */
function bareYearInContext(parsed: ReturnType<typeof parseFiscalYear>, documentFiscalYear: number | undefined): ReturnType<typeof parseFiscalYear> {
  if (!parsed || parsed.problem || parsed.ref.form !== 'bare' || documentFiscalYear === undefined || parsed.ref.fiscalYear <= documentFiscalYear + 10) return parsed;
  const previous: Era | undefined = parsed.ref.era === '令和' ? '平成' : parsed.ref.era === '平成' ? '昭和' : undefined;
  const last = previous ? eras[previous].lastYear : undefined;
  if (!previous || last === undefined || parsed.ref.eraYear > last) return parsed;
  return { ref: { ...parsed.ref, era: previous, fiscalYear: eras[previous].first + parsed.ref.eraYear - 1 } };
}

/** The document's year and every fiscal year written in it; derived once per validation (`context.once`). */
function writtenYears(context: CheckContext): { document: DocumentYear; years: YearOccurrence[] } {
  const document = documentYear(context.data);
  return { document, years: collectYears(context.data, document.era, document.fiscalYear) };
}

/** An era year as written in a sheet: 元 for 1. */
function eraYearText(era: Era, eraYear: number): string {
  return `${era}${eraYear === 1 ? '元' : eraYear}`;
}

/** `written` with its year part rewritten as `era`+`eraYear` (for quick fixes). */
function rewriteYear(written: string, era: Era, eraYear: number): string {
  const replacement = eraYearText(era, eraYear);
  return written.replace(/^(令和|平成|昭和|[RHSrhs])?[ \u3000]*([0-9０-９]{1,2}|元)/, replacement);
}

/** Invalid (令和0年度, 令和1年度, 昭和64年度) and mixed (平成32年度) era forms; 平成31年度 next to 令和元年度. */
function checkEraForms(context: CheckContext): Problem[] {
  const { years, document } = context.once(writtenYears);
  // The findings on each occurrence, memoised per item (./itemMemo.ts) for the document's era and year.
  const inputs = `${document.era}\u0001${document.fiscalYear ?? ''}`;
  const problems = walkItems(context, context.data, eraFormMemo, inputs, (value, out) => yearsAt(value, document.era, document.fiscalYear, (y) => eraFormProblem(context, y, document, out.problems))).problems;
  problems.push(...sameYearTwoNames(context, years, document));
  return problems;
}

const eraFormMemo = new ItemMemo();

/** The invalid or mixed era form of one occurrence, if any, added to `problems`. */
function eraFormProblem(context: CheckContext, y: YearOccurrence, document: DocumentYear, problems: Problem[]): void {
  const problem = y.problem;
  if (!problem) return;
  const on = { on: y.on } as const;
  switch (problem.kind) {
    case 'year-zero':
    case 'nonexistent':
      problems.push(problemAt(context, y.path, DiagnosticCode.fiscalYearInvalidEra, problem.message, { ...on, severity: 'error' }));
      break;
    case 'gannen-as-one':
      // A budget column of a year that is none of the plan's three (1決算額 in a 令和5年度 plan) is a wrong
      // column, which budget-columns reports with the right keys; 元決算額 would still be wrong.
      if (y.role === 'budget' && document.fiscalYear !== undefined && (y.ref.fiscalYear < document.fiscalYear - 2 || y.ref.fiscalYear > document.fiscalYear)) break;
      // A bare 1年度 stays bare (元年度): its era is the document's.
      problems.push(
        problemAt(context, y.path, DiagnosticCode.fiscalYearInvalidEra, problem.message, {
          ...on,
          data: { replacement: y.ref.form === 'bare' ? y.written.replace(/^[ \u3000]*[0-9０-９]{1,2}/, '元') : rewriteYear(y.written, y.ref.era, 1) },
        }),
      );
      break;
    case 'after-era-end': {
      // 平成32年度 is 令和2年度: an era year after its era ended, written in a 令和 document. A document
      // of a 平成 year was written before the change, when 平成32年度 was the year's only name.
      if (y.ref.era === '平成' && document.era === '平成') break;
      const next: Era = y.ref.era === '昭和' ? '平成' : '令和';
      problems.push(
        problemAt(context, y.path, DiagnosticCode.fiscalYearMixedEra, problem.message, { ...on, data: { replacement: rewriteYear(y.written, next, problem.meant) } }),
      );
      break;
    }
  }
}

/**
 * FY2019 is 平成31年度 and 令和元年度: the same year. Both names in one document read as two years.
 * The right name is the one of the document's own era (令和元年度 in a 令和 document, 平成31年度 in
 * a 平成 one); only the occurrences written with the other name are reported, each once, with the
 * document's form as quick fix. When the document's era is neither (昭和, or no year written), the
 * name used first sets the usage.
 */
function sameYearTwoNames(context: CheckContext, years: YearOccurrence[], document: DocumentYear): Problem[] {
  const named = years
    .filter((y) => !y.problem && y.ref.fiscalYear === 2019 && (y.ref.era === '平成' || y.ref.era === '令和'))
    .map((y) => ({ y, at: problemAt(context, y.path, DiagnosticCode.fiscalYearSameYearTwoNames, '', { on: y.on }) }))
    .sort((a, b) => a.at.start - b.at.start);
  if (named.length === 0) return [];
  const documentEra = document.fiscalYear !== undefined && (document.era === '令和' || document.era === '平成') ? document.era : undefined;
  const rightEra = documentEra ?? named[0]!.y.ref.era;
  if (named.every((n) => n.y.ref.era === named[0]!.y.ref.era)) return [];
  const rightName = `${eraYearText(rightEra, rightEra === '平成' ? 31 : 1)}年度`;
  const why = documentEra ? `${document.label ?? documentEra}の文書なので` : '1 つの文書では';
  return named
    .filter((n) => n.y.ref.era !== rightEra)
    .map(({ y, at }) => ({
      ...at,
      message: `${y.written.trim()}は${rightName}と同じ年度（2019年度）です。${why}${rightName}と書いてください。`,
      data: { replacement: rewriteYear(y.written, rightEra, rightEra === '平成' ? 31 : 1) },
    }));
}

/** The written label of a fiscal year relative to the document era: 4 (令和4), or 平成30 across eras. */
function shortYear(fiscalYear: number, documentEra: Era): string {
  const first = eras[documentEra].first;
  if (fiscalYear >= first) {
    const n = fiscalYear - first + 1;
    return n === 1 ? '元' : String(n);
  }
  const other: Era = fiscalYear >= eras.平成.first ? '平成' : '昭和';
  return `${other}${fiscalYear - eras[other].first + 1}`;
}

/** A 区運営方針's budget columns: 決算 only for closed years; exactly (N−2)決算額, (N−1)予算額, N予算額. */
function checkBudgets(context: CheckContext): Problem[] {
  const { document, years } = context.once(writtenYears);
  const n = document.fiscalYear;
  if (n === undefined) return [];
  const problems: Problem[] = [];
  const budgets = years.filter((y) => y.role === 'budget');
  // Group the keys by their 予算 mapping (the path without the last segment).
  const groups = new Map<string, { path: DataPath; keys: YearOccurrence[] }>();
  for (const y of budgets) {
    const parent = y.path.slice(0, -1);
    const id = JSON.stringify(parent);
    const group = groups.get(id) ?? { path: parent, keys: [] };
    group.keys.push(y);
    groups.set(id, group);
  }
  const label = document.label ?? `${shortYear(n, document.era)}年度`;
  const expected = [`${shortYear(n - 2, document.era)}決算額`, `${shortYear(n - 1, document.era)}予算額`, `${shortYear(n, document.era)}予算額`];
  for (const group of groups.values()) {
    const notClosed = new Set<YearOccurrence>();
    for (const y of group.keys) {
      if (y.budgetKind === '決算額' && !y.problem && y.ref.fiscalYear >= n - 1) {
        notClosed.add(y);
        problems.push(
          problemAt(context, y.path, DiagnosticCode.fiscalYearBudgetNotClosed, `${y.written}: ${shortYear(y.ref.fiscalYear, document.era)}年度の決算はまだありません（${label}の方針で決算額を書けるのは${shortYear(n - 2, document.era)}年度までです）。`, { on: 'key' }),
        );
      }
    }
    const actual = new Set(group.keys.map((y) => `${y.ref.fiscalYear}:${y.budgetKind}`));
    const wanted = [`${n - 2}:決算額`, `${n - 1}:予算額`, `${n}:予算額`];
    const keysOfGroup = Object.keys((lookup(context.data, group.path) as Record<string, unknown> | undefined) ?? {}).filter((k) => k !== '単位');
    const unreadable = keysOfGroup.length !== group.keys.length;
    // One 決算額 for an open year in otherwise right columns is one mistake, already reported.
    const rest = group.keys.filter((y) => !notClosed.has(y)).map((y) => `${y.ref.fiscalYear}:${y.budgetKind}`);
    if (notClosed.size === 1 && group.keys.length === wanted.length && rest.every((r) => wanted.includes(r)) && new Set(rest).size === rest.length) continue;
    if (unreadable || actual.size !== wanted.length || group.keys.length !== wanted.length || !wanted.every((w) => actual.has(w))) {
      problems.push(
        problemAt(context, group.path, DiagnosticCode.fiscalYearBudgetColumns, `${label}の方針の予算欄は ${expected.join('・')} の 3 列です（いまは ${keysOfGroup.join('・') || 'なし'}）。`, {
          on: 'key',
          data: { expected },
        }),
      );
    }
  }
  return problems;
}

/** The value at a data path, or undefined. */
function lookup(data: unknown, path: DataPath): unknown {
  let node: unknown = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node)) node = node[String(segment)];
    else return undefined;
  }
  return node;
}

function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${y}年${m}月${d}日`;
}

/**
 * Results dated after the document's year: in a 区運営方針 for FY N, an indicator or 主な取組 result
 * for a year after N (results for N itself are fine); in a 振り返りシート, a 実績値 時点, a 区別実績 列
 * or a 完了済み時点 after the 基準時点. Planned figures (項目 with 予定/見込/目標) are not results.
 */
function checkFutureResults(context: CheckContext): Problem[] {
  const { document } = context.once(writtenYears);
  if (document.fiscalYear === undefined || document.basisEnd === undefined) return [];
  const basisEnd = document.basisEnd;
  const label = document.label ?? '';
  // Both parts memoised per item (./itemMemo.ts) for the document's era, year and basis.
  const inputs = `${document.era}\u0001${document.fiscalYear}\u0001${basisEnd}\u0001${label}`;
  const problems = walkItems(context, context.data, futureYearMemo, inputs, (value, out) =>
    yearsAt(value, document.era, document.fiscalYear, (y) => {
      if (y.problem) return;
      const span = fiscalYearSpan(y.ref.fiscalYear);
      const isCompletedAt = y.path[y.path.length - 1] === '完了済み時点';
      if (y.role !== 'result' && !isCompletedAt) return;
      // 完了済み時点 is a point (its 年度末); results cover a whole fiscal year, which must not start after the basis.
      const start = isCompletedAt ? span.end : span.start;
      if (start > basisEnd) {
        out.problems.push(
          problemAt(context, y.path, DiagnosticCode.fiscalYearFutureResult, `${y.written.trim()}は文書の時点（${label}）より後です。${label}までの実績を書いてください。`, { on: y.on }),
        );
      }
    }),
  ).problems;
  // 実績値[].時点 (振り返りシート rows, 区運営方針 行財政): free text such as R7年4月25日現在.
  const pointProblems = walkItems(context, context.data, resultPointMemo, inputs, ({ value: child, path, key, entry }, out) => {
    if (!entry || key !== '実績値') return;
    for (const [i, row] of indexedRecords(child)) {
      const point = row['時点'];
      if (typeof point !== 'string') continue;
      if (typeof row['項目'] === 'string' && plannedPattern.test(row['項目'])) continue;
      const span: DaySpan | undefined = parsePointInTime(point, document.era);
      if (span && span.start > basisEnd) {
        out.problems.push(
          problemAt(context, [...path, i, '時点'], DiagnosticCode.fiscalYearFutureResult, `${point.trim()}は文書の時点（${label} = ${formatDay(basisEnd)}）より後の値です。${label}時点の値を書くか、参考値として本文に書いてください。`),
        );
      }
    }
  }).problems;
  return [...problems, ...pointProblems];
}

/** Per-item memos of checkFutureResults: result years, and 実績値 時点. */
const futureYearMemo = new ItemMemo();
const resultPointMemo = new ItemMemo();

/** The fiscal-year checks, registered in checks/index.ts. */
export const fiscalYearChecks: readonly CheckRegistration[] = [
  { kinds: 'all', check: checkEraForms },
  { kinds: ['区運営方針'], check: checkBudgets },
  { kinds: ['区運営方針'], check: checkDeclaredYear },
  { kinds: ['区運営方針', '振り返りシート'], check: checkFutureResults },
];
