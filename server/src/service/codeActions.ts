/**
 * CodeActions of Policy Sheets: quick fixes from the fixes carried in `Diagnostic.data.fix`
 * (fixes.ts), `source.fixAll.policySheets` (every safe fix of the document at once, usable in
 * `editor.codeActionsOnSave`), and comments that suppress a diagnostic on its line.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { DiagnosticCode } from './diagnosticCodes';
import { compatibleFixes } from './fixes';
import type { ParsedSheet } from './parse';
import { type DiagnosticFix, type Fix, type Problem, diagnosticSource } from './problem';
import { disableNextLineEdit } from './suppression';

/** The code action kind of "fix every mechanical problem of this file" (ids.md). */
export const fixAllKind = 'source.fixAll.policySheets';
/** LSP's quick fix kind. */
export const quickFixKind = 'quickfix';

/** The parts of LSP's CodeActionParams the service needs. */
export interface CodeActionRequest {
  range: Range;
  /** The diagnostics the client shows in `range` (may be from an older version of the document). */
  diagnostics: readonly Diagnostic[];
  /** The kinds asked for (`context.only`); undefined asks for everything. */
  only?: readonly string[];
}

/** True when a requested kind covers `kind` ("source" covers "source.fixAll.policySheets"). */
function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return only === undefined || only.some((k) => k === kind || kind.startsWith(`${k}.`));
}

function toTextEdits(document: TextDocument, fix: Fix): TextEdit[] {
  return fix.edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText }));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** `Diagnostic.data.fix`, if the diagnostic carries one. */
export function fixOfDiagnostic(diagnostic: Diagnostic): DiagnosticFix | undefined {
  const data = diagnostic.data as { fix?: DiagnosticFix } | undefined;
  const fix = data?.fix;
  return fix && typeof fix.title === 'string' && Array.isArray(fix.edits) ? fix : undefined;
}

/**
 * The CodeActions for a request on `document`, whose current problems (after suppression and
 * severity settings) are `problems`. A diagnostic's fix is used as carried when it was computed on
 * this version; for a diagnostic from an older version the current problem with the same code and
 * range supplies it (or there is no fix: an edit computed on other text is never applied).
 */
export function codeActions(document: TextDocument, sheet: ParsedSheet, problems: readonly Problem[], request: CodeActionRequest): CodeAction[] {
  const actions: CodeAction[] = [];
  const uri = document.uri;
  if (wanted(request.only, quickFixKind)) {
    for (const diagnostic of request.diagnostics) {
      if (diagnostic.source !== diagnosticSource) continue;
      let fix: { title: string; edits: TextEdit[]; safe: boolean } | undefined;
      const carried = fixOfDiagnostic(diagnostic);
      if (carried && carried.version === document.version) fix = carried;
      else {
        const current = problems.find(
          (p) => p.fix && p.code === diagnostic.code && sameRange({ start: document.positionAt(p.start), end: document.positionAt(p.end) }, diagnostic.range),
        );
        if (current?.fix) fix = { title: current.fix.title, edits: toTextEdits(document, current.fix), safe: current.fix.safe };
      }
      if (fix) {
        actions.push({ title: fix.title, kind: quickFixKind, diagnostics: [diagnostic], isPreferred: fix.safe, edit: { changes: { [uri]: fix.edits } } });
      }
    }
    // "Suppress on this line" for every diagnostic with a code, after the fixes.
    for (const diagnostic of request.diagnostics) {
      if (diagnostic.source !== diagnosticSource || typeof diagnostic.code !== 'string' || diagnostic.code === DiagnosticCode.suppressionUnused) continue;
      const edit = disableNextLineEdit(sheet, document.offsetAt(diagnostic.range.start), diagnostic.code);
      if (!edit) continue;
      actions.push({
        title: `この行の ${diagnostic.code} を抑制する（コメントを追加）`,
        kind: quickFixKind,
        diagnostics: [diagnostic],
        edit: { changes: { [uri]: [{ range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText }] } },
      });
    }
  }
  const all = compatibleFixes(problems);
  if (all.length > 0) {
    const edits = all.flatMap(({ fix }) => toTextEdits(document, fix));
    const title = `機械的に直せる問題をすべて直す（${all.length} 件）`;
    if (wanted(request.only, fixAllKind)) {
      actions.push({ title, kind: fixAllKind, edit: { changes: { [uri]: edits } } });
    }
    // In the light bulb too, as vscode-eslint offers "Fix all auto-fixable problems" among its quick fixes.
    if (request.only === undefined && all.length > 1) actions.push({ title, kind: quickFixKind, edit: { changes: { [uri]: edits } } });
  }
  return actions;
}
