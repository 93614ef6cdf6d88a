/**
 * Export of a rendered sheet (SheetModel from `LanguageService.render`) to a file: print-ready
 * HTML, PDF (an installed Chromium-family browser) or Excel. Used by the CLI (`policy-sheets
 * render`) and by the VS Code commands, which load the bundle `dist/export.js` only when an export
 * runs; the language server never loads it (exceljs and playwright-core stay off the typing path).
 */
import type { SheetModel } from '../service/render/model';
import { ExportError, writeFileAtomic } from './atomicWrite';
import { openPdfPrinter, type BrowserSearch, type PdfPrinter } from './pdf';
import { printHtml } from './printHtml';
import { xlsxBuffer } from './xlsx';

export { ExportError, fileError, writeFileAtomic, type ExportErrorCode } from './atomicWrite';
export { findBrowser, openPdfPrinter, type BrowserSearch, type PdfPrinter } from './pdf';
export { printHtml } from './printHtml';
export { buildWorkbook, layoutSheet, xlsxBuffer } from './xlsx';

/** The export formats. */
export const exportFormats = ['html', 'pdf', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** File name extension of each format (with the dot). */
export const extensionOf: Record<ExportFormat, string> = { html: '.html', pdf: '.pdf', xlsx: '.xlsx' };

/** Options of `exportSheet`. */
export interface ExportOptions extends BrowserSearch {
  /** A printer to reuse (the CLI prints many sheets with one browser); else one is opened and closed. */
  printer?: PdfPrinter;
  /** Cancels a PDF export (ExportError 'cancelled'); the target is then not written. */
  signal?: AbortSignal;
}

/** The bytes of a sheet in `format`. Throws ExportError (PDF: browser not found, crashed, cancelled). */
export async function exportBytes(model: SheetModel, format: ExportFormat, options: ExportOptions = {}): Promise<string | Buffer> {
  if (format === 'html') return printHtml(model);
  if (format === 'xlsx') return xlsxBuffer(model);
  const printer = options.printer ?? (await openPdfPrinter(options));
  try {
    return await printer.print(model, options.signal);
  } finally {
    if (!options.printer) await printer.close();
  }
}

/**
 * Writes a sheet to `target` in `format`, atomically (temporary file + rename): on any failure the
 * target is left as it was and no partial file remains. Throws ExportError with a Japanese message.
 */
export async function exportSheet(model: SheetModel, format: ExportFormat, target: string, options: ExportOptions = {}): Promise<void> {
  const bytes = await exportBytes(model, format, options);
  if (options.signal?.aborted) throw new ExportError('cancelled', '書き出しを取り消しました。');
  await writeFileAtomic(target, bytes);
}
