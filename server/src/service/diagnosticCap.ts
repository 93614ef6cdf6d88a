import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticCode, diagnosticHref } from './diagnosticCodes';
import { diagnosticSource } from './problem';

/** Most diagnostics the server publishes for one document (the CLI prints all). */
export const maxPublishedDiagnostics = 1000;

/**
 * At most `max` diagnostics, the most severe first (errors, then warnings …, each in document
 * order), returned in document order, plus one `sheet/too-many-problems` warning on line 1 that
 * says how many more there are. 100,000 findings would otherwise be a 50 MB notification that
 * freezes the editor. Linear apart from one sort. Input in document order is returned as is when
 * it fits.
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[], max = maxPublishedDiagnostics): Diagnostic[] {
  if (diagnostics.length <= max) return [...diagnostics];
  const order = diagnostics.map((_d, i) => i).sort((a, b) => (diagnostics[a]!.severity ?? 1) - (diagnostics[b]!.severity ?? 1) || a - b);
  const kept = order.slice(0, max).sort((a, b) => a - b).map((i) => diagnostics[i]!);
  const more = diagnostics.length - max;
  kept.unshift({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 2,
    code: DiagnosticCode.sheetTooManyProblems,
    codeDescription: { href: diagnosticHref(DiagnosticCode.sheetTooManyProblems) },
    source: diagnosticSource,
    message: `問題が多すぎるため、ほかの ${more.toLocaleString('ja-JP')} 件は表示していません（エディターには 1 文書あたり ${max.toLocaleString('ja-JP')} 件まで、重大なものから表示します）。すべて見るには policy-sheets check を実行してください。`,
    data: { total: diagnostics.length, shown: max },
  });
  return kept;
}
