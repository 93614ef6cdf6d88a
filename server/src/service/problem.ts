import type { Diagnostic, DiagnosticSeverity as LspSeverity } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type DiagnosticCode, diagnosticHref } from './diagnosticCodes';

/** Severity of a problem, named as in settings and the CLI's JSON output. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/**
 * A problem found in a sheet, located by UTF-16 offsets into the document text (the unit of
 * JavaScript strings and of LSP positions). Offsets stay inside the service; `toDiagnostic` turns
 * them into an LSP Range at the edge.
 */
export interface Problem {
  code: DiagnosticCode;
  /** Japanese message for policy staff. */
  message: string;
  /** Start offset (inclusive), 0-based UTF-16 code units. */
  start: number;
  /** End offset (exclusive); equal to start for an empty range. */
  end: number;
  severity: Severity;
  /** Extra data for quick fixes (passed through as `Diagnostic.data`). */
  data?: unknown;
}

const lspSeverity: Record<Severity, LspSeverity> = { error: 1, warning: 2, info: 3, hint: 4 };

/** Name under which problems are published (`Diagnostic.source`). */
export const diagnosticSource = 'policy-sheets';

/** The one place where offsets become an LSP Range. */
export function toDiagnostic(document: TextDocument, problem: Problem): Diagnostic {
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(problem.start), end: document.positionAt(problem.end) },
    severity: lspSeverity[problem.severity],
    code: problem.code,
    codeDescription: { href: diagnosticHref(problem.code) },
    source: diagnosticSource,
    message: problem.message,
  };
  if (problem.data !== undefined) diagnostic.data = problem.data;
  return diagnostic;
}

/** LSP numeric severity back to its name (for the CLI). */
export function severityName(severity: LspSeverity | undefined): Severity {
  switch (severity) {
    case 2:
      return 'warning';
    case 3:
      return 'info';
    case 4:
      return 'hint';
    default:
      return 'error';
  }
}
