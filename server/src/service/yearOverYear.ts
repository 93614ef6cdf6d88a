/**
 * Year over year (issue 10 §2): when last year's sheet of the same kind and ward is in the
 * workspace, this year's is checked against it. Implemented: a row 完了 last year that is 実施中
 * again (carry-over/completed-reopened); a target changed without a note (carry-over/target-changed);
 * last year's plan with no trace in this year's 実績 (carry-over/plan-untraced); an earlier year's
 * indicator value that differs from last year's sheet (carry-over/value-changed). Pure: works on the facts of both sheets (./facts.ts).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { type CarryOverIndicator, type CarryOverRow, carryOverDetails, readSummary, type SummaryIndicator, type SummaryRow } from './carryOverFacts';
import { valueRangeReader } from './facts';
import type { ParsedSheet } from './parse';
import { DiagnosticCode } from './diagnosticCodes';
import type { SheetFacts } from './facts';
import type { Problem } from './problem';
import type { WorkspaceView } from './workspace';

/**
 * Last year's sheet of `facts`: same kind, fiscal year one less, and the same ward when both write
 * one (a 振り返りシート has no 区名: then any sheet of that kind and year). The first found.
 */
export function lastYearSheet(facts: SheetFacts, view: WorkspaceView): SheetFacts | undefined {
  if (facts.kind === undefined || facts.fiscalYear === undefined) return undefined;
  for (const file of view.files()) {
    if (file.uri === facts.uri || file.kind !== facts.kind || file.fiscalYear !== facts.fiscalYear - 1) continue;
    if (facts.ward !== undefined && file.ward !== undefined && facts.ward !== file.ward) continue;
    return file;
  }
  return undefined;
}

/**
 * carry-over/completed-reopened (warning): each row of this year's 振り返りシート that is 実施中 while
 * the same row (same 取組項目 name and first めざす姿, compared without spaces and 「」) was 完了 in last
 * year's sheet. Range: this year's 実施状況; data `{ uri }` = last year's sheet.
 */
export function yearOverYearProblems(document: TextDocument, facts: SheetFacts, view: WorkspaceView, sheet?: ParsedSheet): Problem[] {
  const last = lastYearSheet(facts, view);
  if (!last) return [];
  const out = reopened(document, facts, last);
  const data = sheet?.data;
  if (!sheet || data === null || typeof data !== 'object' || Array.isArray(data)) return out;
  // This year's side is read from the open sheet (with ranges); last year's from its small summary.
  const now = carryOverDetails(data as Record<string, unknown>, facts.kind, valueRangeReader(document, sheet));
  const before = readSummary(last.carryOver);
  const context: Context = { document, fiscalYear: facts.fiscalYear, last, now, before };
  return [...out, ...changedTargets(context), ...untracedPlans(context), ...changedValues(context)];
}

/** What the checks below compare. */
interface Context {
  document: TextDocument;
  fiscalYear: number | undefined;
  last: SheetFacts;
  now: { rows: CarryOverRow[]; indicators: CarryOverIndicator[] };
  before: { rows: SummaryRow[]; indicators: SummaryIndicator[] };
}

function reopened(document: TextDocument, facts: SheetFacts, last: SheetFacts): Problem[] {
  if (!last.rows || !facts.rows) return [];
  const completed = new Set(last.rows.filter((r) => r.status === '完了').map((r) => r.key));
  return facts.rows
    .filter((row) => row.status === '実施中' && completed.has(row.key))
    .map((row) => ({
      code: DiagnosticCode.carryOverCompletedReopened,
      message: `前年度の${last.title}で「完了」とした取組が「実施中」になっています。前年度の完了が早すぎたのか、今年度の実施状況の誤りかを確かめてください（完了した行は「完了済み時点」で書きます）。`,
      start: document.offsetAt(row.range.start),
      end: document.offsetAt(row.range.end),
      severity: 'warning' as const,
      data: { uri: last.uri },
    }));
}

/** A problem at an LSP range of `document`, with last year's sheet as data. */
function at(document: TextDocument, range: Range, code: DiagnosticCode, message: string, severity: Problem['severity'], last: SheetFacts): Problem {
  return { code, message, start: document.offsetAt(range.start), end: document.offsetAt(range.end), severity, data: { uri: last.uri } };
}

/** Last year's indicators by key (the first of each). */
function indicatorsByKey(indicators: SummaryIndicator[]): Map<string, SummaryIndicator> {
  const map = new Map<string, SummaryIndicator>();
  for (const i of indicators) if (!map.has(i.key)) map.set(i.key, i);
  return map;
}

/**
 * carry-over/target-changed (warning): a めざす姿 (振り返りシート, same 取組項目 and row number) or a
 * 目標値 (区運営方針, same 指標 without its figures) that differs from last year's, with no note of the
 * change in this year's row (参考, 課題, 主な取組実績) or indicator (備考). Range: the new target.
 */
function changedTargets({ document, last, now, before: then }: Context): Problem[] {
  const out: Problem[] = [];
  const lastRows = new Map(then.rows.map((r) => [r.place, r]));
  for (const row of now.rows) {
    const before = lastRows.get(`${row.item}#${row.index}`);
    if (!before?.goal || !row.goal || before.goal === row.goal || row.noted) continue;
    out.push(at(document, row.goalRange, DiagnosticCode.carryOverTargetChanged, `めざす姿が前年度の${last.title}から変わっていますが、変更の注記がありません。変更した理由を参考か課題に書いてください（「目標を見直し…」など）。`, 'warning', last));
  }
  const lastIndicators = indicatorsByKey(then.indicators);
  for (const indicator of now.indicators) {
    const before = lastIndicators.get(indicator.key);
    if (!before?.target || !indicator.target || !indicator.targetRange || before.target === indicator.target || indicator.noted) continue;
    out.push(at(document, indicator.targetRange, DiagnosticCode.carryOverTargetChanged, `指標「${indicator.name}」の目標値が前年度の${last.title}の ${before.target} から ${indicator.target} に変わっていますが、変更の注記がありません。備考に変更の理由を書いてください。`, 'warning', last));
  }
  return out;
}

/**
 * carry-over/plan-untraced (info): for each 取組項目 of last year's 振り返りシート not 完了, the content
 * words of its 「次年度以降の取組内容」 (./carryOverFacts.ts contentWords); reported when none of them
 * appears in the 実績 (主な取組実績, 実績値 項目) of any of this year's rows of the same 取組項目: a word
 * appears when a content word of the 実績 equals it, contains it or is part of it, ignoring case.
 * Range: the first such row's 主な取組実績. Items missing this year are not reported here.
 */
function untracedPlans({ document, last, now, before: then }: Context): Problem[] {
  const out: Problem[] = [];
  const thisYear = new Map<string, CarryOverRow[]>();
  for (const row of now.rows) thisYear.set(row.item, [...(thisYear.get(row.item) ?? []), row]);
  for (const before of then.rows) {
    if (before.planWords.length === 0) continue;
    const rows = thisYear.get(before.item);
    if (!rows) continue;
    const results = rows.flatMap((r) => r.resultWords.map((w) => w.toLowerCase()));
    // A word is traced when a word of this year's 実績 equals it, contains it or is part of it (動画 ⊂ 動画配信), ignoring case.
    if (before.planWords.some((plan) => results.some((w) => w.includes(plan.toLowerCase()) || plan.toLowerCase().includes(w)))) continue;
    out.push(at(document, rows[0]!.resultRange, DiagnosticCode.carryOverPlanUntraced, `前年度の${last.title}の「次年度以降の取組内容」の語（${before.planWords.slice(0, 4).join('・')}）が今年度の主な取組実績に見当たりません。取り組んだ結果を書くか、取りやめた理由を課題に書いてください。`, 'info', last));
  }
  return out;
}

/**
 * carry-over/value-changed (warning): an indicator value of this year's 区運営方針 for a fiscal year
 * before this one, when last year's sheet gives another value for the same 指標 and year (compared as
 * written, NFKC, no spaces). Range: this year's value.
 */
function changedValues({ document, fiscalYear, last, now, before: then }: Context): Problem[] {
  const out: Problem[] = [];
  const lastIndicators = indicatorsByKey(then.indicators);
  for (const indicator of now.indicators) {
    const before = lastIndicators.get(indicator.key);
    if (!before || indicator.noted) continue;
    for (const value of indicator.values) {
      if (fiscalYear !== undefined && value.year >= fiscalYear) continue;
      const reported = before.values.get(value.year);
      if (reported === undefined || reported === value.value) continue;
      out.push(at(document, value.range, DiagnosticCode.carryOverValueChanged, `指標「${indicator.name}」の${value.year >= 2019 ? `令和${value.year - 2018}` : `平成${value.year - 1988}`}年度の実績 ${value.value} が、前年度の${last.title}の ${reported} と異なります。数値を修正したのならその旨を備考に書き、そうでなければどちらかの誤記を直してください。`, 'warning', last));
    }
  }
  return out;
}
