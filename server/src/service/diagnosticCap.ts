import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticCode, diagnosticHref } from './diagnosticCodes';
import { diagnosticSource, type Problem, type Severity, toDiagnostic } from './problem';

/** Most diagnostics the server publishes for one document (the CLI prints all). */
export const maxPublishedDiagnostics = 1000;

/** LSP severity rank (error 1 … hint 4), as `toDiagnostic` writes it. */
const rank: Record<Severity, number> = { error: 1, warning: 2, info: 3, hint: 4 };

/**
 * Indices (ascending) of the `max` entries kept by the cap: the most severe first (lower `severityOf`
 * first), each severity in index order. All indices when they fit. Two linear passes (severities are
 * LSP's 1 to 4; any other number is ranked by a sort, as before).
 */
function keptIndices(length: number, severityOf: (i: number) => number, max: number): number[] {
  const all = Array.from({ length }, (_v, i) => i);
  if (length <= max) return all;
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < length; i++) {
    const severity = severityOf(i);
    if (!Number.isInteger(severity) || severity < 1 || severity > 4) return all.sort((a, b) => severityOf(a) - severityOf(b) || a - b).slice(0, max).sort((a, b) => a - b);
    counts[severity]!++;
  }
  // Every entry more severe than `last` is kept, and the first `room` entries of severity `last`.
  let last = 1;
  let room = max;
  while (counts[last]! < room) room -= counts[last++]!;
  const kept: number[] = [];
  for (let i = 0; i < length; i++) {
    const severity = severityOf(i);
    if (severity < last || (severity === last && room-- > 0)) kept.push(i);
  }
  return kept;
}

/** The `sheet/too-many-problems` warning on line 1 saying that `total - max` more are not shown. */
function tooMany(total: number, max: number): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 2,
    code: DiagnosticCode.sheetTooManyProblems,
    codeDescription: { href: diagnosticHref(DiagnosticCode.sheetTooManyProblems) },
    source: diagnosticSource,
    message: `問題が多すぎるため、ほかの ${(total - max).toLocaleString('ja-JP')} 件は表示していません（エディターには 1 文書あたり ${max.toLocaleString('ja-JP')} 件まで、重大なものから表示します）。すべて見るには policy-sheets check を実行してください。`,
    data: { total, shown: max },
  };
}

/**
 * At most `max` diagnostics, the most severe first (errors, then warnings …, each in document
 * order), returned in document order, plus one `sheet/too-many-problems` warning on line 1 that
 * says how many more there are. 100,000 findings would otherwise be a 50 MB notification that
 * freezes the editor. Linear apart from one sort. Input in document order is returned as is when
 * it fits.
 */
export function capDiagnostics(diagnostics: readonly Diagnostic[], max = maxPublishedDiagnostics): Diagnostic[] {
  if (diagnostics.length <= max) return [...diagnostics];
  const kept = keptIndices(diagnostics.length, (i) => diagnostics[i]!.severity ?? 1, max).map((i) => diagnostics[i]!);
  kept.unshift(tooMany(diagnostics.length, max));
  return kept;
}

/**
 * What the server publishes for a document: `capDiagnostics` of `problems` converted by
 * `toDiagnostic(document, p, withFixes)` followed by `extra` converted by `toDiagnostic(document, p)`
 * (the writing findings, without fixes), but converting only the problems the cap keeps: at
 * 34,826 lines about 3,500 findings, of which 1,000 are published. Same diagnostics, same order,
 * same summary as converting all and then capping (test/unit/diagnosticCap.test.ts). `convert` is
 * `toDiagnostic` or one that gives the same (diagnosticReuse.ts).
 */
export function publishedDiagnostics(document: TextDocument, problems: readonly Problem[], withFixes: boolean, extra: readonly Problem[] = [], max = maxPublishedDiagnostics, convert: (document: TextDocument, problem: Problem, withFix: boolean) => Diagnostic = toDiagnostic): Diagnostic[] {
  const total = problems.length + extra.length;
  const at = (i: number): Problem => (i < problems.length ? problems[i]! : extra[i - problems.length]!);
  const kept = keptIndices(total, (i) => rank[at(i).severity] ?? 1, max).map((i) => convert(document, at(i), i < problems.length && withFixes));
  if (total > max) kept.unshift(tooMany(total, max));
  return kept;
}
