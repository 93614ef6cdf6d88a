/**
 * Excel export: the render model laid out on one worksheet grid (`layoutSheet`, pure), then written
 * with exceljs (`buildWorkbook`, `xlsxBuffer`).
 *
 * One worksheet per document. Staff hand in one workbook per document; the 様式's column headings
 * repeat from one `printTitlesRow` range, which Excel allows once per worksheet; 【再掲】 rows refer
 * to other parts of the same document; and fit-to-width printing scales one grid. Where the 様式
 * prints one page per part (区運営方針: one 経営課題 box per page), the worksheet gets a manual page
 * break before each level-1 boxed section instead of a worksheet of its own (the print HTML does the
 * same with `break-before: page`).
 *
 * The grid: every table is scaled to the document width (the widest top-level table, in
 * characters ≈ Excel column-width units, from `Column.width`); the union of all tables' column
 * boundaries (nested tables inside their cell) gives the worksheet's columns, so each model cell is
 * a rectangle of grid cells, merged. A row whose cell holds a nested table (001's 24-ward table)
 * spans as many grid rows as the nested table needs; the row's other cells are merged down over
 * them. Headings, paragraphs and notices are merged across the full width.
 *
 * Cell values: text as written (full-width digits, marks and 「—」 stay strings); a data cell whose
 * whole text is an ASCII number (`25,037,000`, `80.5`, `58.2%`) becomes a number with a format
 * that prints it the same way. Strings are never formulas: exceljs writes a string value as a
 * string whatever its first character (`=`, `+`, `-`, `@`), so formula injection cannot happen.
 */
import ExcelJS from 'exceljs';
import type { Block, Cell, CellContent, Fields, Row, SheetModel, Table, TextRun } from '../service/render/model';

/** A text part; `bold` for the 様式's printed labels (TextRun role 'label'). */
export interface TextPart {
  text: string;
  bold: boolean;
}

/** What a grid cell shows and how. Rows and columns are 0-based; `rowEnd`/`colEnd` exclusive. */
export interface GridCell {
  row: number;
  col: number;
  rowEnd: number;
  colEnd: number;
  style: 'title' | 'subtitle' | 'notice' | 'heading' | 'paragraph' | 'caption' | 'header' | 'data';
  /** The text as printed ('' for a filler under a nested table). */
  text: string;
  /** Set when some parts are bold labels. */
  parts?: TextPart[];
  /** Set when the text is a number (then the cell holds the number, formatted by `numFmt`). */
  number?: number;
  numFmt?: string;
  align?: 'left' | 'center' | 'right';
  /** Heading level (1–5) for 'heading'. */
  level?: number;
}

/** A worksheet laid out from a model. Rows and columns are 0-based. */
export interface SheetLayout {
  /** Width of each grid column in characters (Excel column-width units). */
  columns: number[];
  cells: GridCell[];
  rowCount: number;
  /** Row heights in points (estimated from the text and the column widths; Excel does not fit merged cells itself). */
  rowHeights: number[];
  /** The first top-level table's head rows (inclusive), repeated on every printed page. */
  headRows?: { first: number; last: number };
  /** Rows after which a manual page break is placed. */
  pageBreaksAfter: number[];
  /** Frames drawn around boxed sections. */
  boxes: { row: number; rowEnd: number; col: number; colEnd: number }[];
}

/** Boundaries are quantised to a quarter character, so tables that agree on a column share it. */
const quantum = 4;
const quantise = (x: number): number => Math.round(x * quantum) / quantum;
const defaultDocumentWidth = 100;
const fontSize = 10;

interface Placed {
  cell: Cell;
  /** Index of the row in head + body. */
  rowIndex: number;
  rowEnd: number;
  colStart: number;
  colEnd: number;
}

/** HTML's table model: each cell takes the next column not covered by a rowspan from above. */
function occupancy(table: Table): { rows: Row[]; placed: Placed[]; widths: number[] } {
  const rows = [...table.head, ...table.body];
  const taken = rows.map(() => new Set<number>());
  const placed: Placed[] = [];
  let columnCount = table.columns.length;
  rows.forEach((row, i) => {
    let col = 0;
    for (const cell of row.cells) {
      while (taken[i].has(col)) col++;
      // Spans that would run into a cell placed before are cut short (HTML lets such cells overlap).
      let colspan = 1;
      while (colspan < Math.floor(cell.colspan ?? 1) && !taken[i].has(col + colspan)) colspan++;
      let rowEnd = i + 1;
      const rowLimit = Math.min(rows.length, i + Math.floor(cell.rowspan ?? 1));
      while (rowEnd < rowLimit && Array.from({ length: colspan }, (_, k) => col + k).every((c) => !taken[rowEnd].has(c))) rowEnd++;
      for (let r = i; r < rowEnd; r++) for (let c = col; c < col + colspan; c++) taken[r].add(c);
      placed.push({ cell, rowIndex: i, rowEnd, colStart: col, colEnd: col + colspan });
      col += colspan;
      columnCount = Math.max(columnCount, col);
    }
  });
  // A row with more cells than columns widens the table rather than losing a cell.
  const known = table.columns.map((c) => (Number.isFinite(c.width) ? Math.max(0.5, c.width) : 10));
  const average = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 10;
  const widths = Array.from({ length: Math.max(1, columnCount) }, (_, k) => known[k] ?? average);
  return { rows, placed, widths };
}

/**
 * The boundaries (in characters) of a table's columns when it spans [x0, x1]: quantised, unless
 * that would merge two boundaries (a nested table in a narrow cell), then exact.
 */
function boundaries(widths: number[], x0: number, x1: number): number[] {
  const total = widths.reduce((a, b) => a + b, 0);
  const exact = [x0];
  let sum = 0;
  for (const w of widths) {
    sum += w;
    exact.push(x0 + ((x1 - x0) * sum) / total);
  }
  exact[exact.length - 1] = x1;
  const quantised = exact.map((x, i) => (i === 0 || i === exact.length - 1 ? x : quantise(x)));
  return quantised.every((x, i) => i === 0 || x > quantised[i - 1]) ? quantised : exact;
}

type Segment = { type: 'text'; parts: TextPart[] } | { type: 'table'; table: Table };

/** A cell's content as stacked segments: runs of text (lists as 「・」 lines) and nested tables. */
function segments(content: readonly CellContent[]): Segment[] {
  const out: Segment[] = [];
  const pushText = (parts: TextPart[]): void => {
    const last = out[out.length - 1];
    if (last?.type === 'text') last.parts.push({ text: '\n', bold: false }, ...parts);
    else out.push({ type: 'text', parts });
  };
  const fromRuns = (runs: readonly TextRun[]): TextPart[] => runs.flatMap((run, i) => [...(i ? [{ text: '\n', bold: false }] : []), { text: run.text, bold: run.role === 'label' }]);
  for (const item of content) {
    if (item.type === 'text') pushText(fromRuns(item.runs));
    else if (item.type === 'list') pushText(fromRuns(item.items.map((run) => ({ ...run, text: run.text.startsWith('・') ? run.text : `・${run.text}` }))));
    else out.push({ type: 'table', table: item.table });
  }
  return out;
}

const numberPattern = /^(-?)(0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)(?:\.(\d+))?(%?)$/;

/** An ASCII number as written → its value and a number format that prints it the same way. */
export function parseNumber(text: string): { value: number; numFmt: string } | undefined {
  const m = numberPattern.exec(text);
  if (!m) return undefined;
  const [, sign, whole, decimals = '', percent] = m;
  if (whole.replace(/,/g, '').length + decimals.length > 15) return undefined; // beyond a double's precision
  // A percentage is scaled in decimal (`e-2`), so 58.2% is exactly 0.582.
  const value = Number(`${sign}${whole.replace(/,/g, '')}${decimals ? `.${decimals}` : ''}${percent ? 'e-2' : ''}`);
  const numFmt = `${whole.includes(',') ? '#,##0' : '0'}${decimals ? `.${'0'.repeat(decimals.length)}` : ''}${percent ? '%' : ''}`;
  return { value, numFmt };
}

/** Display width of a text in character units: East Asian wide characters count 2. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return width;
}

function textOf(parts: readonly TextPart[]): string {
  return parts.map((p) => p.text).join('');
}

/** The fields box as a two-column table (label / value), so it lays out like any table. */
function fieldsTable(fields: Fields, width: number): Table {
  const label = Math.min(Math.max(8, ...fields.items.map((i) => displayWidth(i.label) + 2)), Math.round(width * 0.3));
  return {
    type: 'table',
    columns: [{ width: label }, { width: Math.max(1, width - label) }],
    head: [],
    body: fields.items.map((item) => ({ cells: [{ kind: 'header', content: [{ type: 'text', runs: [{ text: item.label }] }], align: 'left', problems: [] }, { kind: 'data', content: item.value, problems: [] }] })),
  };
}

/**
 * Lays a model out on a worksheet grid (pure; see the module comment for the rules). Every model
 * cell becomes one GridCell (plus fillers under nested tables); merges are the GridCells' extents.
 */
export function layoutSheet(model: SheetModel): SheetLayout {
  // The document width: the widest top-level table.
  const topTables: Table[] = [];
  const collect = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      if (b.type === 'table') topTables.push(b);
      else if (b.type === 'section') collect(b.children);
    }
  };
  collect(model.blocks);
  const width = Math.max(0, ...topTables.map((t) => occupancy(t).widths.reduce((a, b) => a + b, 0))) || defaultDocumentWidth;
  const fieldTables = new Map<Fields, Table>();
  const asTable = (b: Block): Table | undefined => {
    if (b.type === 'table') return b;
    if (b.type !== 'fields') return undefined;
    if (!fieldTables.has(b)) fieldTables.set(b, fieldsTable(b, width));
    return fieldTables.get(b);
  };

  // Pass 1: the union of column boundaries.
  const cuts = new Set<number>([0, width]);
  const occupancies = new Map<Table, ReturnType<typeof occupancy>>();
  const occ = (t: Table) => {
    let o = occupancies.get(t);
    if (!o) occupancies.set(t, (o = occupancy(t)));
    return o;
  };
  const cutTable = (t: Table, x0: number, x1: number): void => {
    const { placed, widths } = occ(t);
    const bounds = boundaries(widths, x0, x1);
    bounds.forEach((b) => cuts.add(b));
    for (const p of placed) for (const seg of segments(p.cell.content)) if (seg.type === 'table') cutTable(seg.table, bounds[p.colStart], bounds[p.colEnd]);
  };
  const cutBlocks = (blocks: readonly Block[]): void => {
    for (const b of blocks) {
      const t = asTable(b);
      if (t) cutTable(t, 0, width);
      else if (b.type === 'section') cutBlocks(b.children);
    }
  };
  cutBlocks(model.blocks);
  const grid = [...cuts].sort((a, b) => a - b);
  const colOf = new Map(grid.map((x, i) => [x, i]));
  const columns = grid.slice(1).map((x, i) => x - grid[i]);
  const lastCol = columns.length;

  // Heights (in grid rows) of tables and cells, memoised per table and span.
  const heights = new Map<Table, Map<string, { rowHeights: number[]; total: number }>>();
  const cellHeight = (cell: Cell, x0: number, x1: number): number => Math.max(1, segments(cell.content).reduce((sum, seg) => sum + (seg.type === 'text' ? 1 : tableHeight(seg.table, x0, x1).total), 0));
  const tableHeight = (t: Table, x0: number, x1: number): { rowHeights: number[]; total: number } => {
    const key = `${x0}:${x1}`;
    const cached = heights.get(t)?.get(key);
    if (cached) return cached;
    const { rows, placed, widths } = occ(t);
    const bounds = boundaries(widths, x0, x1);
    const rowHeights = rows.map(() => 1);
    for (const p of placed) if (p.rowEnd - p.rowIndex === 1) rowHeights[p.rowIndex] = Math.max(rowHeights[p.rowIndex], cellHeight(p.cell, bounds[p.colStart], bounds[p.colEnd]));
    for (const p of [...placed].filter((q) => q.rowEnd - q.rowIndex > 1).sort((a, b) => a.rowEnd - b.rowEnd)) {
      const need = cellHeight(p.cell, bounds[p.colStart], bounds[p.colEnd]);
      const have = rowHeights.slice(p.rowIndex, p.rowEnd).reduce((a, b) => a + b, 0);
      if (need > have) rowHeights[p.rowEnd - 1] += need - have;
    }
    const result = { rowHeights, total: rowHeights.reduce((a, b) => a + b, 0) + (t.caption ? 1 : 0) };
    if (!heights.has(t)) heights.set(t, new Map());
    heights.get(t)!.set(key, result);
    return result;
  };

  // Pass 2: placement.
  const cells: GridCell[] = [];
  const pageBreaksAfter: number[] = [];
  const boxes: SheetLayout['boxes'] = [];
  let headRows: SheetLayout['headRows'];
  let row = 0;
  const fullRow = (style: GridCell['style'], parts: TextPart[], extra: Partial<GridCell> = {}): void => {
    cells.push(textCell({ row, col: 0, rowEnd: row + 1, colEnd: lastCol, style, ...extra }, parts));
    row++;
  };

  const placeTable = (t: Table, x0: number, x1: number, top: number, topLevel: boolean): number => {
    const { rows, placed, widths } = occ(t);
    const bounds = boundaries(widths, x0, x1);
    const { rowHeights, total } = tableHeight(t, x0, x1);
    let start = top;
    if (t.caption) {
      cells.push(textCell({ row: start, col: colOf.get(x0)!, rowEnd: start + 1, colEnd: colOf.get(x1)!, style: 'caption' }, [{ text: t.caption, bold: true }]));
      start++;
    }
    const rowStarts = [start];
    for (const h of rowHeights) rowStarts.push(rowStarts[rowStarts.length - 1] + h);
    if (topLevel && !headRows && t.head.length > 0 && rows.length > 0) headRows = { first: rowStarts[0], last: rowStarts[t.head.length] - 1 };
    for (const p of placed) {
      const region = { row: rowStarts[p.rowIndex], rowEnd: rowStarts[p.rowEnd], col: colOf.get(bounds[p.colStart])!, colEnd: colOf.get(bounds[p.colEnd])! };
      placeCell(p.cell, region, bounds[p.colStart], bounds[p.colEnd]);
    }
    return total;
  };

  const placeCell = (cell: Cell, region: { row: number; rowEnd: number; col: number; colEnd: number }, x0: number, x1: number): void => {
    const style = cell.kind === 'header' ? 'header' : 'data';
    const segs = segments(cell.content);
    const base = { col: region.col, colEnd: region.colEnd, style, ...(cell.align ? { align: cell.align } : {}) } as const;
    if (segs.length === 0) {
      cells.push({ ...base, row: region.row, rowEnd: region.rowEnd, text: '—', align: cell.align ?? 'center' });
      return;
    }
    let r = region.row;
    segs.forEach((seg, j) => {
      const last = j === segs.length - 1;
      if (seg.type === 'text') {
        const rowEnd = last ? region.rowEnd : r + 1;
        const gridCell = textCell({ ...base, row: r, rowEnd }, seg.parts);
        const number = style === 'data' && segs.length === 1 && !gridCell.parts ? parseNumber(gridCell.text.trim()) : undefined;
        cells.push(number ? { ...gridCell, number: number.value, numFmt: number.numFmt, align: cell.align ?? 'right' } : gridCell);
        r = rowEnd;
      } else {
        r += placeTable(seg.table, x0, x1, r, false);
        if (last && r < region.rowEnd) cells.push({ ...base, row: r, rowEnd: region.rowEnd, text: '' });
      }
    });
  };

  const placeBlocks = (blocks: readonly Block[]): void => {
    let boxedLevelOne = false;
    for (const b of blocks) {
      if (b.type === 'section') {
        if (b.level === 1 && b.boxed) {
          if (boxedLevelOne && row > 0) pageBreaksAfter.push(row - 1);
          boxedLevelOne = true;
        }
        const first = row;
        fullRow('heading', b.heading.map((run, i) => ({ text: (i ? '\n' : '') + run.text, bold: true })), { level: b.level });
        placeBlocks(b.children);
        if (b.boxed) boxes.push({ row: first, rowEnd: row, col: 0, colEnd: lastCol });
        continue;
      }
      if (b.type === 'paragraph') {
        fullRow('paragraph', b.runs.flatMap((run, i) => [...(i ? [{ text: '\n', bold: false }] : []), { text: run.text, bold: run.role === 'label' }]));
        continue;
      }
      const t = asTable(b)!;
      row += placeTable(t, 0, width, row, true);
      row++; // a blank row after each table
    }
  };

  fullRow('title', [{ text: model.title, bold: true }]);
  if (model.subtitle.length) fullRow('subtitle', model.subtitle.map((run, i) => ({ text: (i ? '\n' : '') + run.text, bold: false })));
  for (const notice of model.notices) fullRow('notice', [{ text: notice.message, bold: false }]);
  row++; // a blank row under the title block
  placeBlocks(model.blocks);
  const rowCount = Math.max(row, ...cells.map((c) => c.rowEnd));
  return { columns, cells, rowCount, rowHeights: estimateHeights(cells, columns, rowCount), ...(headRows ? { headRows } : {}), pageBreaksAfter, boxes };
}

function textCell(at: Omit<GridCell, 'text' | 'parts'>, parts: TextPart[]): GridCell {
  const merged: TextPart[] = [];
  for (const p of parts) {
    const last = merged[merged.length - 1];
    if (last && last.bold === p.bold) last.text += p.text;
    else merged.push({ ...p });
  }
  const text = textOf(merged);
  const mixed = merged.some((p) => p.bold) && at.style !== 'title' && at.style !== 'heading' && at.style !== 'caption';
  return { ...at, text, ...(mixed ? { parts: merged } : {}) };
}

function sizeOf(cell: GridCell): number {
  if (cell.style === 'title') return 14;
  if (cell.style === 'heading') return cell.level === 1 ? 12 : cell.level === 2 ? 11 : fontSize;
  return fontSize;
}

/** Row heights in points so that wrapped text shows: lines × line height, spread over merged rows. */
function estimateHeights(cells: readonly GridCell[], columns: readonly number[], rowCount: number): number[] {
  const heights = Array.from({ length: rowCount }, () => 15);
  const need = (c: GridCell): number => {
    const size = sizeOf(c);
    const usable = Math.max(1, columns.slice(c.col, c.colEnd).reduce((a, b) => a + b, 0) - 1);
    const lines = c.text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(displayWidth(line) / usable)), 0);
    return Math.ceil(lines * size * 1.35 + 4);
  };
  const byHeight = [...cells].sort((a, b) => a.rowEnd - a.row - (b.rowEnd - b.row));
  for (const c of byHeight) {
    const want = need(c);
    const have = heights.slice(c.row, c.rowEnd).reduce((a, b) => a + b, 0);
    if (want > have) heights[c.rowEnd - 1] += want - have;
  }
  return heights.map((h) => Math.min(409, h));
}

/** A worksheet name Excel accepts: no `[]:*?/\`, at most 31 characters, not empty. */
export function worksheetName(model: SheetModel): string {
  const name = [...(model.kind ?? model.title).replace(/[[\]:*?/\\]/g, '・').replace(/^'+|'+$/g, '')].slice(0, 31).join('');
  return name || 'シート';
}

/** `&` starts a code in Excel's header/footer strings: written as `&&`. */
function headerText(text: string): string {
  return text.replace(/&/g, '&&').replace(/\s+/g, ' ');
}

const thin = { style: 'thin' as const, color: { argb: 'FF000000' } };
const grey = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFE8E8E8' } };
const fontName = 'Yu Gothic';

/** Builds the workbook of a sheet (one worksheet; see the module comment). */
export function buildWorkbook(model: SheetModel): ExcelJS.Workbook {
  const layout = layoutSheet(model);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Policy Sheets';
  workbook.title = model.title;
  const sheet = workbook.addWorksheet(worksheetName(model), {
    views: [{ showGridLines: false }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      ...(layout.headRows ? { printTitlesRow: `${layout.headRows.first + 1}:${layout.headRows.last + 1}` } : {}),
    },
    headerFooter: { oddHeader: `&C${headerText(model.title)}`, oddFooter: '&C&P / &N' },
  });
  sheet.columns = layout.columns.map((width) => ({ width }));
  layout.rowHeights.forEach((height, i) => {
    sheet.getRow(i + 1).height = height;
  });
  const styles = new Map<string, Partial<ExcelJS.Style>>();
  for (const c of layout.cells) {
    const master = sheet.getCell(c.row + 1, c.col + 1);
    const bold = c.style === 'title' || c.style === 'heading' || c.style === 'caption' || c.style === 'header';
    const font = { name: fontName, size: sizeOf(c), bold };
    if (c.number !== undefined) master.value = c.number;
    else if (c.parts) master.value = { richText: c.parts.map((p) => ({ text: p.text, font: { ...font, bold: p.bold || bold } })) };
    else master.value = c.text;
    if (c.row + 1 < c.rowEnd || c.col + 1 < c.colEnd) sheet.mergeCells(c.row + 1, c.col + 1, c.rowEnd, c.colEnd);
    const inTable = c.style === 'header' || c.style === 'data';
    const horizontal = c.align ?? (c.style === 'title' || c.style === 'subtitle' || c.style === 'header' ? 'center' : 'left');
    const key = JSON.stringify([font, horizontal, c.style, c.level, c.numFmt]);
    let style = styles.get(key);
    if (!style) {
      // One style object per look, shared by every cell that has it (exceljs writes it once).
      style = {
        font,
        alignment: { wrapText: true, vertical: c.style === 'header' ? 'middle' : 'top', horizontal, ...(c.style === 'heading' && c.level && c.level > 1 ? { indent: c.level - 1 } : {}) },
        ...(inTable ? { border: { top: thin, left: thin, bottom: thin, right: thin } } : {}),
        ...(c.style === 'header' ? { fill: grey } : {}),
        ...(c.numFmt ? { numFmt: c.numFmt } : {}),
      };
      styles.set(key, style);
    }
    for (let r = c.row; r < c.rowEnd; r++) for (let k = c.col; k < c.colEnd; k++) sheet.getCell(r + 1, k + 1).style = style;
  }
  for (const box of layout.boxes) {
    for (let r = box.row; r < box.rowEnd; r++) {
      for (let k = box.col; k < box.colEnd; k++) {
        const edge = { ...(r === box.row ? { top: thin } : {}), ...(r === box.rowEnd - 1 ? { bottom: thin } : {}), ...(k === box.col ? { left: thin } : {}), ...(k === box.colEnd - 1 ? { right: thin } : {}) };
        if (Object.keys(edge).length === 0) continue;
        const target = sheet.getCell(r + 1, k + 1);
        target.style = { ...target.style, border: { ...target.style.border, ...edge } };
      }
    }
  }
  for (const after of layout.pageBreaksAfter) sheet.getRow(after + 1).addPageBreak();
  return workbook;
}

/** The .xlsx bytes of a sheet. */
export async function xlsxBuffer(model: SheetModel): Promise<Buffer> {
  const data = await buildWorkbook(model).xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
