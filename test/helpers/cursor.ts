import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';

/** The cursor marker of test documents. */
export const cursorMark = '‸';

let counter = 0;

/**
 * Strips the one cursor marker `‸` from a text: the document without it and the marker's position,
 * so tests state where completion or hover is asked.
 */
export function atCursor(text: string): { document: TextDocument; position: Position; offset: number } {
  const offset = text.indexOf(cursorMark);
  if (offset < 0 || text.indexOf(cursorMark, offset + 1) >= 0) throw new Error('atCursor(): needs exactly one ‸');
  const document = TextDocument.create(`file:///cursor/${++counter}.sheet.yaml`, 'policy-yaml', 1, text.slice(0, offset) + text.slice(offset + 1));
  return { document, position: document.positionAt(offset), offset };
}
