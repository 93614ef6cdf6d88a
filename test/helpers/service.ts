import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { createLanguageService, type LanguageService, type LanguageServiceOptions } from '../../server/src/service';

/** A language service over the real schemas of schemas/. */
export function realService(options: Partial<LanguageServiceOptions> = {}): LanguageService {
  return createLanguageService({ schemas: bundledSchemas, ...options });
}

let counter = 0;
/** An in-memory document with a fresh uri. */
export function doc(text: string, uri = `file:///test/${++counter}.sheet.yaml`, version = 1): TextDocument {
  return TextDocument.create(uri, 'policy-yaml', version, text);
}

/**
 * Strips the range markers `⟦` and `⟧` from a text and returns the text with the marked range as
 * 0-based {line, character} positions, so tests state where a diagnostic must be.
 */
export function marked(text: string): { text: string; range: Diagnostic['range'] } {
  const start = text.indexOf('⟦');
  const end = text.indexOf('⟧') - 1;
  if (start < 0 || end < start) throw new Error('marked(): needs ⟦ and ⟧');
  const clean = text.replace('⟦', '').replace('⟧', '');
  const d = TextDocument.create('file:///m', 'x', 1, clean);
  return { text: clean, range: { start: d.positionAt(start), end: d.positionAt(end) } };
}

/** Diagnostics as compact `code@line:char-line:char` strings, for readable assertions. */
export function summary(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

/** The one diagnostic with `code`; fails if there is not exactly one. */
export function only(diagnostics: Diagnostic[], code: string): Diagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  if (found.length !== 1) throw new Error(`expected one ${code}, got: ${JSON.stringify(summary(diagnostics))}`);
  return found[0]!;
}
