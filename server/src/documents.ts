import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';

/**
 * One content change with its range clamped to the document: a position past the last line or
 * past a line's end means the end of that line or of the document, as `offsetAt` reads it.
 * `TextDocument.update` trusts range lines when it patches its line table, so an unclamped range
 * past the last line (sent by a buggy or hostile client) corrupts every later position.
 */
export function clampChange(document: TextDocument, change: TextDocumentContentChangeEvent): TextDocumentContentChangeEvent {
  if (!('range' in change) || change.range === undefined) return change;
  const start = document.positionAt(document.offsetAt(change.range.start));
  const end = document.positionAt(document.offsetAt(change.range.end));
  const [from, to] = document.offsetAt(start) <= document.offsetAt(end) ? [start, end] : [end, start];
  return { range: { start: from, end: to }, text: change.text };
}

/**
 * The TextDocuments configuration of the server: `TextDocument` with every incremental change
 * clamped (each against the document as the changes before it left it).
 */
export const clampedTextDocuments: TextDocumentsConfiguration<TextDocument> = {
  create: TextDocument.create,
  update(document, changes, version) {
    if (changes.length === 0) return TextDocument.update(document, [], version);
    for (const change of changes) TextDocument.update(document, [clampChange(document, change)], version);
    return document;
  },
};
