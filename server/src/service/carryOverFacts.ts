/**
 * The small facts the year-over-year checks (./yearOverYear.ts) compare, read from one sheet:
 * per 振り返りシート row its 取組項目 and めざす姿 (hashed), the content words of its 実績 and of its
 * 「次年度以降の取組内容」; per 区運営方針 indicator its name, 目標値 and earlier-year values.
 * Pure; never throws on odd data.
 */
import type { Range } from 'vscode-languageserver-types';
import { parseFiscalYear, toAsciiDigits } from './domain/era';
import { comparable } from './checks/references';
import { reviewRows } from './checks/review';
import { type DataPath, indexedRecords, texts } from './checks/support';
import type { SheetKind } from './kinds';

/** 32-bit FNV-1a of a string's UTF-16 code units, as hex: a short key for a long text. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

/** Words too general to show that a plan was carried out (they appear in almost every 実績). */
const generalWords = new Set([
  '取組', '取組内容', '実施', '継続', '推進', '引続', '次年度', '年度', '今年度', '来年度', '以降', '具体的取組', '具体的',
  '検討', '充実', '強化', '活用', '支援', '必要', '対応', '状況', '実施状況', '課題', '今後', '事業', '区民', '地域',
  '令和', '平成', '年度末', '年度中', '各区', '全区', '連携', '効果的',
]);

/** A 24-bit hash (6 hex digits) of a text: enough to tell apart the rows of one 取組項目 or the indicators of one sheet. */
function shortHash(text: string): string {
  return fnv1a(text).padStart(8, '0').slice(0, 6);
}

/**
 * Content words of a Japanese text: after NFKC, runs of two or more kanji, runs of two or more
 * katakana (ー included) and Latin words of two or more letters, without the general
 * words above (取組, 実施, 継続, 推進, 地域 …). Deduplicated, in order of first appearance.
 */
export function contentWords(text: string): string[] {
  const words = text.normalize('NFKC').match(/[\p{Script=Han}々]{2,}|[\p{Script=Katakana}ー]{2,}|[A-Za-z]{2,}/gu) ?? [];
  return [...new Set(words)].filter((w) => !generalWords.has(w) && !/^ー+$/.test(w));
}

/** True when one of the texts notes a change: it says 変更, 見直, 修正, 改定 or 上方/下方. */
export function notesChange(values: string[]): boolean {
  return values.some((v) => /変更|見直|修正|改定|上方|下方/.test(v));
}

/** A row of a 振り返りシート with what the year-over-year checks compare. */
export interface CarryOverRow {
  /** The 取組項目 name, comparable, hashed (FNV-1a). */
  item: string;
  /** The row's index among its 取組項目's rows. */
  index: number;
  /** The whole めざす姿 (all entries joined), comparable, hashed; absent when not written. */
  goal?: string;
  /** True when the row notes a change (参考, 課題 or 主な取組実績 say 変更, 見直 …). */
  noted: boolean;
  /** Content words of 主な取組実績 and 実績値 項目. */
  resultWords: string[];
  /** The first six content words of 次年度以降の取組内容. */
  planWords: string[];
  status?: string;
  /** Where findings about this row go: the めざす姿 (else the row). */
  goalRange: Range;
  /** Where findings about its 実績 go: 主な取組実績 (else the めざす姿). */
  resultRange: Range;
}

/** The facts of a review row; `rangeOf` gives the range of a data path's value, if in the source. */
export function carryOverRow(
  path: DataPath,
  row: Record<string, unknown>,
  item: Record<string, unknown>,
  index: number,
  rangeOf: (path: DataPath) => Range | undefined,
): CarryOverRow | undefined {
  if (typeof item['名称'] !== 'string') return undefined;
  const goalRange = rangeOf([...path, 'めざす姿']) ?? rangeOf(path);
  if (!goalRange) return undefined;
  const goals = texts(row['めざす姿']);
  const results = [...texts(row['主な取組実績']), ...indexedRecords(row['実績値']).flatMap(([, v]) => texts(v['項目']))];
  const plans = texts(row['次年度以降の取組内容']).filter((p) => !/^[\s—―－-]*$/.test(p));
  const fact: CarryOverRow = {
    item: shortHash(comparable(item['名称'])),
    index,
    noted: notesChange([...texts(row['参考']), ...texts(row['課題']), ...texts(row['主な取組実績'])]),
    resultWords: contentWords(results.join('\n')),
    planWords: contentWords(plans.join('\n')).slice(0, 6),
    goalRange,
    resultRange: rangeOf([...path, '主な取組実績']) ?? goalRange,
  };
  if (goals.length > 0) fact.goal = shortHash(comparable(goals.join('')));
  if (typeof row['実施状況'] === 'string') fact.status = row['実施状況'].trim();
  return fact;
}

/** An indicator of a 区運営方針 with its target and yearly values. */
export interface CarryOverIndicator {
  /** The 指標 name, comparable, without digits, ％ and 以上/以下 (so a changed figure still matches), hashed. */
  key: string;
  /** The 指標 as written, cut to 40 characters, for messages. */
  name: string;
  /** 目標値 and 単位 as written ("70%"), absent when no 目標値. */
  target?: string;
  targetRange?: Range;
  /** True when its 備考 notes a change (変更, 見直 …). */
  noted: boolean;
  /** Values by fiscal year (Western), as written (NFKC, no spaces), with the value's range. */
  values: { year: number; value: string; range: Range }[];
}

/** The indicators of a 区運営方針 under `owner` (a 戦略 or 具体的取組) at `path`. */
export function carryOverIndicators(owner: Record<string, unknown>, path: DataPath, rangeOf: (path: DataPath) => Range | undefined): CarryOverIndicator[] {
  const out: CarryOverIndicator[] = [];
  for (const key of ['アウトカム指標', 'プロセス指標']) {
    for (const [n, indicator] of indexedRecords(owner[key])) {
      const name = indicator['指標'];
      if (typeof name !== 'string') continue;
      const at: DataPath = [...path, key, n];
      const fact: CarryOverIndicator = {
        key: shortHash(comparable(toAsciiDigits(name)).replace(/[0-9.,%％]|以上|以下|未満|超/g, '')),
        name: name.trim().slice(0, 40),
        noted: notesChange(texts(indicator['備考'])),
        values: [],
      };
      const target = indicator['目標値'];
      if (typeof target === 'string' || typeof target === 'number') {
        fact.target = `${String(target).normalize('NFKC').trim()}${typeof indicator['単位'] === 'string' ? indicator['単位'].trim() : ''}`;
        const range = rangeOf([...at, '目標値']);
        if (range) fact.targetRange = range;
      }
      for (const [m, entry] of indexedRecords(indicator['実績'])) {
        const year = typeof entry['年度'] === 'string' ? parseFiscalYear(entry['年度'])?.ref.fiscalYear : undefined;
        const value = entry['値'];
        const range = rangeOf([...at, '実績', m, '値']);
        if (year === undefined || (typeof value !== 'string' && typeof value !== 'number') || !range) continue;
        fact.values.push({ year, value: String(value).normalize('NFKC').replace(/\s/g, ''), range });
      }
      out.push(fact);
    }
  }
  return out;
}

/** The rows (振り返りシート) and indicators (区運営方針) of a sheet's data, with ranges from `rangeOf`. */
export function carryOverDetails(
  data: Record<string, unknown>,
  kind: SheetKind | undefined,
  rangeOf: (path: DataPath) => Range | undefined,
): { rows: CarryOverRow[]; indicators: CarryOverIndicator[] } {
  const rows: CarryOverRow[] = [];
  const indicators: CarryOverIndicator[] = [];
  if (kind === '振り返りシート') {
    for (const { path, row, item } of reviewRows(data)) {
      const fact = carryOverRow(path, row, item, Number(path[path.length - 1]), rangeOf);
      if (fact) rows.push(fact);
    }
  } else if (kind === '区運営方針') {
    for (const [i, issue] of indexedRecords(data['経営課題'])) {
      for (const [j, strategy] of indexedRecords(issue['戦略'])) {
        const strategyPath: DataPath = ['経営課題', i, '戦略', j];
        indicators.push(...carryOverIndicators(strategy, strategyPath, rangeOf));
        for (const [k, action] of indexedRecords(strategy['具体的取組'])) indicators.push(...carryOverIndicators(action, [...strategyPath, '具体的取組', k], rangeOf));
      }
    }
  }
  return { rows, indicators };
}

/**
 * What the workspace keeps of a sheet for next year's checks, as short strings (a workspace holds
 * many sheets): per row `item#index|goal|plan words` (no `#0` for a first row) (plan words only when the row is not 完了,
 * joined by spaces), per indicator `key|target|year=value,year=value…`.
 */
export interface CarryOverSummary {
  rows?: string[];
  indicators?: string[];
}

/** The summary of `carryOverDetails`; undefined when it has neither rows nor indicators. */
export function carryOverSummary(details: { rows: CarryOverRow[]; indicators: CarryOverIndicator[] }): CarryOverSummary | undefined {
  const summary: CarryOverSummary = {};
  const clean = (t: string) => t.replace(/[|,=]/g, '');
  if (details.rows.length > 0) {
    summary.rows = details.rows.map((r) => `${r.item}${r.index > 0 ? `#${r.index}` : ''}|${r.goal ?? ''}|${r.status === '完了' ? '' : r.planWords.join(' ')}`);
  }
  if (details.indicators.length > 0) {
    summary.indicators = details.indicators.map((i) => `${i.key}|${clean(i.target ?? '')}|${i.values.map((v) => `${v.year}=${clean(v.value)}`).join(',')}`);
  }
  return summary.rows || summary.indicators ? summary : undefined;
}

/** Last year's row as read back from a summary. */
export interface SummaryRow {
  /** `item#index`. */
  place: string;
  item: string;
  goal?: string;
  /** Empty when the row was 完了 or its plan had no content word. */
  planWords: string[];
}

/** Last year's indicator as read back from a summary. */
export interface SummaryIndicator {
  key: string;
  target?: string;
  values: Map<number, string>;
}

/** The rows and indicators of a summary (empty when none). */
export function readSummary(summary: CarryOverSummary | undefined): { rows: SummaryRow[]; indicators: SummaryIndicator[] } {
  const rows = (summary?.rows ?? []).map((line): SummaryRow => {
    const [place = '', goal = '', words = ''] = line.split('|');
    const row: SummaryRow = { place: place.includes('#') ? place : `${place}#0`, item: place.split('#')[0]!, planWords: words ? words.split(' ') : [] };
    if (goal) row.goal = goal;
    return row;
  });
  const indicators = (summary?.indicators ?? []).map((line): SummaryIndicator => {
    const [key = '', target = '', values = ''] = line.split('|');
    const map = new Map<number, string>();
    for (const pair of values ? values.split(',') : []) {
      const [year, value] = pair.split('=');
      if (year && value !== undefined) map.set(Number(year), value);
    }
    const indicator: SummaryIndicator = { key, values: map };
    if (target) indicator.target = target;
    return indicator;
  });
  return { rows, indicators };
}
