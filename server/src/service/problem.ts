import type { Diagnostic, DiagnosticSeverity as LspSeverity, TextEdit } from 'vscode-languageserver-types';
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
  /** The text edit that fixes this problem, if it is mechanical (fixes.ts; carried as `Diagnostic.data.fix`). */
  fix?: Fix;
}

/** A replacement of the text in [start, end) (UTF-16 offsets) by `newText`; start = end inserts. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * The fix of one problem: edits of the text of the node the problem is about, never of the rest.
 * `safe` fixes are certain (the document itself says what is right) and are applied by
 * `source.fixAll.policySheets` and `policy-sheets check --fix`; the others are suggestions offered
 * only as quick fixes.
 */
export interface Fix {
  /** Japanese title of the CodeAction (「〇」に直す). */
  title: string;
  edits: OffsetEdit[];
  safe: boolean;
}

/** `Diagnostic.data.fix` as sent to the client: the fix with LSP ranges, for the document version it was computed on. */
export interface DiagnosticFix {
  title: string;
  edits: TextEdit[];
  safe: boolean;
  version: number;
}

const lspSeverity: Record<Severity, LspSeverity> = { error: 1, warning: 2, info: 3, hint: 4 };

/** Name under which problems are published (`Diagnostic.source`). */
export const diagnosticSource = 'policy-sheets';

/** `diagnosticHref` per code, made once (a regular expression per diagnostic otherwise). */
const hrefs = new Map<DiagnosticCode, string>();
const hrefOf = (code: DiagnosticCode): string => hrefs.get(code) ?? (hrefs.set(code, diagnosticHref(code)), hrefs.get(code)!);

/** The one place where offsets become an LSP Range; `withFix` adds the problem's fix as `data.fix`. */
export function toDiagnostic(document: TextDocument, problem: Problem, withFix = false): Diagnostic {
  const diagnostic: Diagnostic = {
    range: { start: document.positionAt(problem.start), end: document.positionAt(problem.end) },
    severity: lspSeverity[problem.severity],
    code: problem.code,
    codeDescription: { href: hrefOf(problem.code) },
    source: diagnosticSource,
    message: problem.message,
  };
  if (problem.data !== undefined) diagnostic.data = problem.data;
  if (withFix && problem.fix) {
    const fix: DiagnosticFix = {
      title: problem.fix.title,
      edits: problem.fix.edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText })),
      safe: problem.fix.safe,
      version: document.version,
    };
    const data = problem.data;
    diagnostic.data = data !== null && typeof data === 'object' && !Array.isArray(data) ? { ...data, fix } : { fix };
  }
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
