/**
 * The figures of one sheet for the ward-wide summary (取りまとめ, `policy-sheets report`): how many
 * rows are 実施中 / 完了 (実施状況 of a 振り返りシート) and how many indicator marks say achieved or
 * not (達成状況 of a 区運営方針's indicators, 業績目標の達成状況 of a 市政改革プラン進捗), each mark
 * read through the sheet's own legend (凡例 / 達成状況の区分; 〇/－ for a 区運営方針 without one).
 * A look-alike mark (○ for 〇) counts as the legend's mark; a mark the legend does not declare, or
 * a meaning that is neither achieved nor not (一部達成), counts as 'unknown'. Pure.
 */
import { findKeyed, isRecord } from './checks/support';
import { isEmptyCellDash, markFamily, trimMark } from './domain/marks';
import type { SheetKind } from './kinds';
import { legendOf } from './sheetFacts';

/** Counts of one sheet. */
export interface SheetSummary {
  /** 実施状況: 実施中, 完了, and any other value written. */
  status: { 実施中: number; 完了: number; その他: number };
  /** Indicator marks: achieved, not achieved, and marks whose meaning the sheet does not settle. */
  indicators: { achieved: number; unachieved: number; unknown: number };
}

const markKeys = new Set(['達成状況', '業績目標の達成状況']);

/** The 実施状況 and indicator counts of a sheet's data (zeros for data that is not a mapping). */
export function summarizeSheet(data: unknown, kind: SheetKind | undefined): SheetSummary {
  const summary: SheetSummary = { status: { 実施中: 0, 完了: 0, その他: 0 }, indicators: { achieved: 0, unachieved: 0, unknown: 0 } };
  if (!isRecord(data)) return summary;
  findKeyed(data, new Set(['実施状況']), (_path, _key, value) => {
    if (typeof value !== 'string') return;
    const status = value.trim();
    if (status === '実施中' || status === '完了') summary.status[status]++;
    else summary.status.その他++;
  });
  const legend = legendOf(data, kind);
  findKeyed(data, markKeys, (_path, key, value) => {
    if (typeof value !== 'string' || trimMark(value) === '' || isEmptyCellDash(value)) return;
    if (key === '達成状況' && kind !== '区運営方針') return;
    const mark = trimMark(value);
    const entry = legend?.entries.find((e) => e.mark === mark) ?? legend?.entries.find((e) => markFamily(e.mark) !== undefined && markFamily(e.mark) === markFamily(mark));
    if (entry?.outcome === 'achieved') summary.indicators.achieved++;
    else if (entry?.outcome === 'unachieved') summary.indicators.unachieved++;
    else summary.indicators.unknown++;
  });
  return summary;
}
