/**
 * Facts about one sheet that completion and hover both need, read from the cached parse: the
 * document's fiscal year and era, its legend of marks, the 【再掲】 targets of a 振り返りシート, and
 * how a fiscal year is named and spanned. Built on the domain modules (era.ts, marks.ts) and the
 * checks' own readers (documentYear, legendFrom), never re-implementing them.
 */
import { documentYear, type DocumentYear } from './checks/fiscalYears';
import { indexedRecords, isRecord } from './checks/support';
import { type Era, eras } from './domain/era';
import { defaultLegend, type Legend, legendFrom } from './domain/marks';
import type { SheetKind } from './kinds';
import type { Segment } from './cursor';

/** A fiscal year's era year as written: 元 for 1 (令和元). */
export function eraYearText(eraYear: number): string {
  return eraYear === 1 ? '元' : String(eraYear);
}

/** The era year of a fiscal year (Western number) in `era`, or undefined when the era does not cover it. */
export function eraYearOf(fiscalYear: number, era: Era): number | undefined {
  const info = eras[era];
  const eraYear = fiscalYear - info.first + 1;
  if (eraYear < 1) return undefined;
  // A fiscal year belongs to an era that was in force on some day of it (平成31年度 = FY2019).
  if (info.lastYear !== undefined && eraYear > info.lastYear) return undefined;
  return eraYear;
}

/** Every name of a fiscal year: FY2019 → 平成31年度, 令和元年度; FY2024 → 令和6年度. */
export function fiscalYearNames(fiscalYear: number): string[] {
  const out: string[] = [];
  for (const era of ['昭和', '平成', '令和'] as const) {
    const eraYear = eraYearOf(fiscalYear, era);
    // 昭和64年度 does not exist: 昭和64 lasted 7 days of FY1988 (昭和63年度).
    if (eraYear !== undefined && !(era === '昭和' && eraYear >= 64)) out.push(`${era}${eraYearText(eraYear)}年度`);
  }
  return out;
}

/** A fiscal year named in the document's era when it covers it (令和元年度 in a 令和 sheet), else in its own. */
export function fiscalYearLabel(fiscalYear: number, era: Era): string {
  const eraYear = eraYearOf(fiscalYear, era);
  if (eraYear !== undefined) return `${era}${eraYearText(eraYear)}年度`;
  return fiscalYearNames(fiscalYear).at(-1) ?? `${fiscalYear}年度`;
}

/** The era year alone as a budget key writes it (4 of 4決算額), in the document's era. */
export function bareEraYear(fiscalYear: number, era: Era): string {
  const eraYear = eraYearOf(fiscalYear, era);
  return eraYear === undefined ? fiscalYearLabel(fiscalYear, era).replace(/年度$/, '') : eraYearText(eraYear);
}

/** 「2024年4月1日〜2025年3月31日」: the days of a fiscal year. */
export function fiscalYearSpanText(fiscalYear: number): string {
  return `${fiscalYear}年4月1日〜${fiscalYear + 1}年3月31日`;
}

/** 「令和6年度 = 2024年度：2024年4月1日〜2025年3月31日」 (both names for FY2019). */
export function fiscalYearSummary(fiscalYear: number): string {
  return `${[...fiscalYearNames(fiscalYear), `${fiscalYear}年度`].join(' = ')}：${fiscalYearSpanText(fiscalYear)}`;
}

/** The legend a sheet's marks are read with: its 凡例 / 達成状況の区分, or 〇/－ for a 区運営方針. */
export function legendOf(data: Record<string, unknown>, kind: SheetKind | undefined): Legend | undefined {
  if (kind === '市政改革プラン進捗') return legendFrom(data['達成状況の区分']);
  return legendFrom(data['凡例']) ?? (kind === '区運営方針' ? defaultLegend : undefined);
}

/** The document's year (年度 or 基準時点) and era, as the fiscal-year checks read it. */
export function yearOf(data: Record<string, unknown>): DocumentYear {
  return documentYear(data);
}

/** A 【再掲】 target of a 振り返りシート: the address "1 (2)" of a 柱 and 中項目, with their names. */
export interface SectionTarget {
  address: string;
  pillar: Record<string, unknown>;
  section: Record<string, unknown>;
  /** Data path of the 中項目. */
  path: Segment[];
}

/** Every 柱 (中項目) of a 振り返りシート as a 【再掲】 address, in document order. */
export function sectionTargets(data: Record<string, unknown>): SectionTarget[] {
  const out: SectionTarget[] = [];
  for (const [i, pillar] of indexedRecords(data['柱'])) {
    for (const [j, section] of indexedRecords(pillar['中項目'])) {
      if (pillar['番号'] === undefined || section['番号'] === undefined) continue;
      out.push({ address: `${String(pillar['番号'])} (${String(section['番号'])})`, pillar, section, path: ['柱', i, '中項目', j] });
    }
  }
  return out;
}

/** The 取組項目 of a 中項目 (direct and under its 小項目), in document order. */
export function itemsOf(section: Record<string, unknown>): Record<string, unknown>[] {
  const out = indexedRecords(section['取組項目']).map(([, item]) => item);
  for (const [, sub] of indexedRecords(section['小項目'])) out.push(...indexedRecords(sub['取組項目']).map(([, item]) => item));
  return out;
}

/** The value at a data path in plain data (undefined where the path leaves it). */
export function dataAt(data: unknown, path: readonly Segment[]): unknown {
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string') node = node[segment];
    else return undefined;
  }
  return node;
}
