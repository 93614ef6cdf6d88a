/**
 * Year over year (issue 10 §2): when last year's sheet of the same kind and ward is in the
 * workspace, this year's is checked against it. Implemented: a row 完了 last year that is 実施中
 * again (carry-over/completed-reopened). Pure: works on the facts of both sheets (./facts.ts).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
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
export function yearOverYearProblems(document: TextDocument, facts: SheetFacts, view: WorkspaceView): Problem[] {
  const last = lastYearSheet(facts, view);
  if (!last?.rows || !facts.rows) return [];
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
