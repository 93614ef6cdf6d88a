/**
 * Render model → a standalone, print-ready HTML document (the "HTML に書き出す" output, and the
 * page that pdf.ts prints). Self-contained: the styles are inlined, there is no script, no URL and
 * no external resource, and a Content-Security-Policy meta forbids loading any. The body is
 * `renderBodyHtml` (render/html.ts), so every document string is escaped there, exactly as in the
 * preview.
 *
 * Print layout: `@page` A4 landscape; a Japanese font stack; `<thead>` rows repeat on every page;
 * a row is not split across pages when it fits on one (rows holding a nested table may break, between
 * the nested rows, so that a tall row does not leave a blank page behind); the document title in the page header and
 * the page number in the footer (CSS margin boxes, Chromium 131+; the PDF export draws its own with
 * the browser's header/footer templates instead, see `pageMarginBoxes`).
 */
import { renderBodyHtml, escapeHtml } from '../service/render/html';
import type { Block, Cell, CellContent, SheetModel, Table } from '../service/render/model';

/** Japanese sans-serif stack: Linux (Noto CJK), Windows (Yu Gothic, Meiryo, MS), macOS (Hiragino). */
export const sansFonts = '"Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", YuGothic, "Hiragino Kaku Gothic ProN", Meiryo, "MS PGothic", sans-serif';
/** Japanese serif stack, for the title as the 様式 prints it. */
export const serifFonts = '"Noto Serif CJK JP", "Noto Serif JP", "Yu Mincho", YuMincho, "Hiragino Mincho ProN", "MS Mincho", serif';

/** Options of `printHtml`. */
export interface PrintHtmlOptions {
  /**
   * Title in the page header and page numbers in the footer through CSS `@page` margin boxes
   * (default true). The PDF export turns them off and uses the browser's header/footer templates,
   * which work in every Chromium version.
   */
  pageMarginBoxes?: boolean;
}

/** A CSS string literal: every character outside printable ASCII (and quotes, `\`, `<`) as a hex escape. */
export function cssString(value: string): string {
  return `"${value.replace(/[^\x20-\x7e]|["'\\<>&]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

function styles(title: string, marginBoxes: boolean): string {
  const boxes = marginBoxes
    ? `@top-center { content: ${cssString(title)}; font-family: ${sansFonts}; font-size: 8pt; }
  @bottom-center { content: counter(page) " / " counter(pages); font-family: ${sansFonts}; font-size: 8pt; }`
    : '';
  return `@page { size: A4 landscape; margin: 14mm 10mm 14mm 10mm; ${boxes} }
:root { color-scheme: light; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-family: ${sansFonts}; font-size: 9pt; line-height: 1.45; }
@media screen { body { max-width: 277mm; margin: 8mm auto; padding: 0 6mm; } }
.sheet-header { text-align: center; margin-bottom: 4mm; }
.sheet-header h1 { font-family: ${serifFonts}; font-size: 14pt; margin: 0 0 1mm; }
.subtitle { margin: 0; }
.notice { border: 0.5pt dashed #555; padding: 1mm 2mm; margin: 0 0 3mm; }
section { margin: 0 0 3mm; }
section > h2, section > h3, section > h4, section > h5, section > h6 { margin: 2mm 0 1.5mm; break-after: avoid; page-break-after: avoid; }
section > h2 { font-size: 12pt; }
section > h3 { font-size: 11pt; }
section > h4, section > h5, section > h6 { font-size: 10pt; }
section.boxed { border: 0.75pt solid #000; padding: 2mm 3mm; }
section.level-1.boxed ~ section.level-1.boxed { break-before: page; page-break-before: always; }
p { margin: 0; }
.paragraph { margin: 0 0 2mm; }
table.sheet-table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0 0 3mm; }
table.sheet-table table.sheet-table { margin: 1mm 0; font-size: 8pt; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0 0 1mm; }
thead { display: table-header-group; }
tr:not(:has(table)) { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #e8e8e8; font-weight: bold; text-align: center; vertical-align: middle; }
.align-left { text-align: left; } .align-center { text-align: center; } .align-right { text-align: right; }
ul { margin: 0; padding-left: 1.1em; list-style-type: "・"; }
.run.label { font-weight: bold; }
dl.fields { display: grid; grid-template-columns: max-content 1fr; margin: 0 0 3mm; border: 0.5pt solid #000; border-bottom: none; }
dl.fields > dt, dl.fields > dd { margin: 0; padding: 1mm 2mm; border-bottom: 0.5pt solid #000; break-inside: avoid; }
dl.fields > dt { background: #e8e8e8; font-weight: bold; border-right: 0.5pt solid #000; }
`;
}

/** A copy of `model` without the cells' problems (the exported document is the 様式, not the editor's marks). */
export function withoutProblems(model: SheetModel): SheetModel {
  const clean = structuredClone(model);
  const content = (items: CellContent[]): void => {
    for (const item of items) if (item.type === 'table') table(item.table);
  };
  const cell = (c: Cell): void => {
    c.problems = [];
    content(c.content);
  };
  const table = (t: Table): void => {
    for (const row of [...t.head, ...t.body]) row.cells.forEach(cell);
  };
  const blocks = (items: Block[]): void => {
    for (const b of items) {
      if (b.type === 'table') table(b);
      else if (b.type === 'section') blocks(b.children);
      else if (b.type === 'fields')
        for (const item of b.items) {
          item.problems = [];
          content(item.value);
        }
    }
  };
  blocks(clean.blocks);
  return clean;
}

/**
 * The whole HTML document of a sheet, ready to save or print. The cells' problems are left out
 * (the CLI and the VS Code command report them separately). Pure: no I/O.
 */
export function printHtml(model: SheetModel, options: PrintHtmlOptions = {}): string {
  const title = model.title;
  return standaloneHtml(title, styles(title, options.pageMarginBoxes ?? true), renderBodyHtml(withoutProblems(model)));
}

/**
 * A standalone Japanese HTML document: `title` (escaped here), `css` inlined, `body` as given
 * (already escaped HTML), and a Content-Security-Policy that forbids any script or external resource.
 */
export function standaloneHtml(title: string, css: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Policy Sheets">
<title>${escapeHtml(title)}</title>
<style>
${css}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
