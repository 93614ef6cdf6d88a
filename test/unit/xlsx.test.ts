import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { buildWorkbook, displayWidth, layoutSheet, parseNumber, worksheetName, xlsxBuffer } from '../../server/src/export/xlsx';
import type { Block, Cell, CellContent, CellProblem, SheetModel, Table, TextRun } from '../../server/src/service/render/model';
import { configurePropertyTests } from '../helpers/property';
import { allCells, allTables, dataCell, handBuiltModel, headerCell, plainText, sampleModels } from '../helpers/renderModel';

/** Writes the model's workbook to bytes and reads it back with exceljs, as Excel would open it. */
async function roundTrip(model: SheetModel): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await xlsxBuffer(model)) as unknown as ArrayBuffer);
  assert.equal(workbook.worksheets.length, 1, 'one worksheet per document');
  return workbook.worksheets[0]!;
}

/** The text a cell shows (rich text joined). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v && typeof v === 'object' && 'richText' in v) return v.richText.map((r) => r.text).join('');
  return v === null || v === undefined ? '' : String(v);
}

/**
 * The master cells of a worksheet (a merged range counted once): those with a value, and the empty
 * table cells (with borders) where the 様式 prints a blank cell.
 */
function masters(sheet: ExcelJS.Worksheet): ExcelJS.Cell[] {
  const out: ExcelJS.Cell[] = [];
  sheet.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: true }, (cell) => {
      if ((cell.value === null || cell.value === undefined || cell.value === '') && !cell.border?.top) return;
      if (!cell.isMerged || cell.master === cell) out.push(cell);
    }),
  );
  return out;
}

/**
 * The model's table cells and, for each fields box (日時 / 場所 …; 問い合わせ), its label as a header
 * cell and its value as a data cell: the writer lays a fields box out as a two-column table.
 */
function modelCells(model: SheetModel): Cell[] {
  const out = allCells(model).map(({ cell }) => cell);
  const blocks = (items: readonly Block[]) => {
    for (const b of items) {
      if (b.type === 'section') blocks(b.children);
      else if (b.type === 'fields') for (const i of b.items) out.push(headerCell(i.label), dataCell(i.value));
    }
  };
  blocks(model.blocks);
  return out;
}

describe('xlsx: exact layout of a hand-built model', () => {
  it('lays the grid out from the union of column boundaries, nested tables inside their cell', () => {
    const layout = layoutSheet(handBuiltModel());
    assert.deepEqual(layout.columns, [8, 2, 20, 15, 15]);
    assert.equal(layout.rowCount, 16);
    assert.deepEqual(layout.headRows, { first: 3, last: 4 });
    assert.deepEqual(layout.pageBreaksAfter, [12]);
    assert.deepEqual(layout.boxes, [
      { row: 11, rowEnd: 13, col: 0, colEnd: 5 },
      { row: 13, rowEnd: 16, col: 0, colEnd: 5 },
    ]);
  });

  it('writes merges, texts, numbers, widths, wrap, borders and print setup that Excel reads back', async () => {
    const sheet = await roundTrip(handBuiltModel());
    assert.deepEqual(
      [...(sheet.model.merges as string[])].sort(),
      ['A1:E1', 'A2:E2', 'A4:B5', 'C4:E4', 'D5:E5', 'A6:B8', 'C6:C8', 'A9:B9', 'D9:E9', 'A10:B10', 'D10:E10', 'A12:E12', 'A13:E13', 'A14:E14', 'B15:E15'].sort(),
    );
    const text = (address: string) => cellText(sheet.getCell(address));
    assert.equal(text('A1'), '(様式) テスト & 検証');
    assert.equal(text('A2'), '阿倍野区');
    assert.deepEqual(['A4', 'C4', 'C5', 'D5'].map(text), ['区分', '実績', '内容', '区別']);
    assert.equal(text('C6'), '1 (2) 【再掲】\n本文');
    const label = sheet.getCell('C6').value as ExcelJS.CellRichTextValue;
    assert.deepEqual(label.richText.map((r) => [r.text, !!r.font?.bold]), [['1 (2) 【再掲】', true], ['\n本文', false]], 'a printed label is bold');
    assert.deepEqual(['D6', 'E6', 'D7', 'D8'].map(text), ['区名', 'R6', '北区', '都島区']);
    // Numbers as numbers, printed as written.
    assert.equal(sheet.getCell('A6').value, 1);
    assert.equal(sheet.getCell('E7').value, 0.805);
    assert.equal(sheet.getCell('E7').numFmt, '0.0%');
    assert.equal(sheet.getCell('E8').value, 0.75);
    assert.equal(sheet.getCell('C10').value, 25037000);
    assert.equal(sheet.getCell('C10').numFmt, '#,##0');
    assert.equal(sheet.getCell('C10').alignment.horizontal, 'right');
    assert.equal(text('D10'), '—', 'an empty cell prints 「—」');
    assert.equal(text('A12'), '経営課題1');
    assert.equal(text('A13'), '前文です。');
    assert.equal(text('A14'), '経営課題2');
    assert.equal(text('A15'), '日時');
    assert.equal(text('B15'), '・令和5年12月14日\n・9:30～10:50', 'list items on their own 「・」 lines, an existing 「・」 not doubled');
    // Column widths from Column.width (scaled to the grid).
    assert.deepEqual([1, 2, 3, 4, 5].map((i) => sheet.getColumn(i).width), [8, 2, 20, 15, 15]);
    // Wrapped text and thin borders on every table cell; grey bold headers.
    for (const address of ['A4', 'B5', 'C6', 'D7', 'E8', 'A9', 'E10', 'A15', 'E15']) {
      const cell = sheet.getCell(address);
      assert.equal(cell.alignment?.wrapText, true, `${address} wraps`);
      for (const side of ['top', 'left', 'bottom', 'right'] as const) assert.equal(cell.border?.[side]?.style, 'thin', `${address} ${side} border`);
    }
    assert.equal(sheet.getCell('A4').font.bold, true);
    assert.equal((sheet.getCell('A4').fill as ExcelJS.FillPattern).fgColor?.argb, 'FFE8E8E8');
    // The boxed section is framed.
    assert.equal(sheet.getCell('A12').border?.top?.style, 'thin');
    assert.equal(sheet.getCell('E13').border?.right?.style, 'thin');
    assert.equal(sheet.getCell('A13').border?.bottom?.style, 'thin');
    // Print setup: A4 landscape, fit to one page wide, head rows repeated, title and page numbers.
    assert.equal(sheet.pageSetup.paperSize, 9);
    assert.equal(sheet.pageSetup.orientation, 'landscape');
    assert.equal(sheet.pageSetup.fitToPage, true);
    assert.equal(sheet.pageSetup.fitToWidth, 1);
    assert.equal(sheet.pageSetup.fitToHeight, 0);
    assert.equal(sheet.pageSetup.printTitlesRow, '4:5');
    assert.equal(sheet.headerFooter.oddHeader, '&C(様式) テスト && 検証');
    assert.equal(sheet.headerFooter.oddFooter, '&C&P / &N');
  });

  it('keeps formula-injection strings as strings (never formulas)', async () => {
    const sheet = await roundTrip(handBuiltModel());
    for (const [address, expected] of [['A9', '=1+1'], ['C9', '+SUM(A1:A2)'], ['D9', '@cmd|calc'], ['A10', '-2+3']] as const) {
      const cell = sheet.getCell(address);
      assert.equal(cell.type, ExcelJS.ValueType.String, `${address} is a string`);
      assert.equal(cell.value, expected);
      assert.equal(cell.formula, undefined);
    }
  });

  it('puts a page break before each boxed level-1 section after the first', async () => {
    const workbook = buildWorkbook(handBuiltModel());
    const breaks = (workbook.worksheets[0]! as unknown as { rowBreaks: { id: number }[] }).rowBreaks.map((b) => b.id);
    assert.deepEqual(breaks, [13]);
  });

  it('widens a table whose row has more cells than columns instead of dropping a cell', () => {
    const model: SheetModel = {
      kind: undefined,
      title: 't',
      subtitle: [],
      notices: [],
      blocks: [{ type: 'table', columns: [{ width: 10 }], head: [], body: [{ cells: [dataCell('a'), dataCell('b')] }] }],
    };
    const layout = layoutSheet(model);
    assert.deepEqual(
      layout.cells.filter((c) => c.style === 'data').map((c) => [c.text, c.col, c.colEnd]),
      [
        ['a', 0, 1],
        ['b', 1, 2],
      ],
    );
  });

  it('grows a rowspan cell\'s last row when the spanned cell needs more rows', () => {
    const model: SheetModel = {
      kind: undefined,
      title: 't',
      subtitle: [],
      notices: [],
      blocks: [
        {
          type: 'table',
          columns: [{ width: 10 }, { width: 10 }],
          head: [],
          body: [{ cells: [dataCell([{ type: 'text', runs: [{ text: 'x' }] }, { type: 'table', table: { type: 'table', columns: [{ width: 1 }], head: [], body: [1, 2, 3].map((n) => ({ cells: [dataCell(String(n))] })) } }], { rowspan: 2 }), headerCell('a')] }, { cells: [headerCell('b')] }],
        },
      ],
    };
    const layout = layoutSheet(model);
    const at = (text: string) => layout.cells.find((c) => c.text === text)!;
    // x (1 row) + the nested table (3 rows) = 4 grid rows over 2 model rows: the second row grows.
    assert.deepEqual([at('x').row, at('x').rowEnd], [2, 3]);
    assert.deepEqual([at('a').row, at('a').rowEnd], [2, 3]);
    assert.deepEqual([at('b').row, at('b').rowEnd], [3, 6]);
    assert.deepEqual([at('3').row, at('3').rowEnd], [5, 6]);
  });
});

describe('xlsx: helpers', () => {
  it('parses ASCII numbers as written, and nothing else', () => {
    assert.deepEqual(parseNumber('25,037,000'), { value: 25037000, numFmt: '#,##0' });
    assert.deepEqual(parseNumber('80.5'), { value: 80.5, numFmt: '0.0' });
    assert.deepEqual(parseNumber('58.2%'), { value: 0.582, numFmt: '0.0%' });
    assert.deepEqual(parseNumber('-3'), { value: -3, numFmt: '0' });
    for (const text of ['４，９００', '0612', '1,23', '▲8.8', '〇', '—', '6年度', '1e5', '12345678901234567', '']) assert.equal(parseNumber(text), undefined, text);
  });

  it('counts East Asian wide characters as two columns', () => {
    assert.equal(displayWidth('abc'), 3);
    assert.equal(displayWidth('北区１２'), 8);
    assert.equal(displayWidth('𠮷'), 2);
  });

  it('names the worksheet as Excel allows', () => {
    const base: SheetModel = { kind: undefined, title: 'a/b:c*d?[e]\\f'.repeat(4), subtitle: [], notices: [], blocks: [] };
    const name = worksheetName(base);
    assert.ok(name.length <= 31);
    assert.doesNotMatch(name, /[[\]:*?/\\]/);
    assert.equal(worksheetName({ ...base, kind: '振り返りシート' }), '振り返りシート');
  });
});

describe('xlsx: each sample, read back and compared with its render model', () => {
  for (const { name, model } of sampleModels()) {
    it(name, async () => {
      const sheet = await roundTrip(model);
      const cells = masters(sheet);
      // Every model cell without a nested table appears as one worksheet cell with its text (or number).
      const shown = new Map<string, number>();
      for (const cell of cells) {
        const key = typeof cell.value === 'number' ? `#${cell.value}` : cellText(cell);
        shown.set(key, (shown.get(key) ?? 0) + 1);
      }
      const missing: string[] = [];
      let expected = 0;
      for (const cell of modelCells(model)) {
        const text = plainText(cell);
        if (text === undefined) continue;
        expected++;
        const number = cell.kind === 'data' ? /^-?[\d,]+(\.\d+)?%?$/.test(text.trim()) : false;
        const candidates = [...(number ? [`#${parseNumber(text.trim())?.value}`] : []), text];
        const key = candidates.find((k) => (shown.get(k) ?? 0) > 0);
        if (key !== undefined) shown.set(key, shown.get(key)! - 1);
        else missing.push(text);
      }
      assert.ok(expected > 0, 'the sample has cells');
      assert.deepEqual(missing, [], 'every model cell is in the worksheet');
      assert.equal(cellText(sheet.getCell('A1')), model.title);
      // Header cells are bold on grey, data cells wrap; every table cell has borders.
      const headerTexts = new Set(modelCells(model).filter((cell) => cell.kind === 'header').map((cell) => plainText(cell)));
      for (const cell of cells) {
        if (!cell.border?.top) continue;
        assert.equal(cell.alignment?.wrapText, true, `${cell.address} wraps`);
        if (cell.font?.bold && (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb === 'FFE8E8E8') assert.ok(headerTexts.has(cellText(cell)), `${cell.address} is a header of the model`);
      }
      // The document width: the widest top-level table's Column.width total (100 when there is no table, as in 000).
      const widest = Math.max(0, ...allTables(model).filter((t) => !t.nested).map(({ table }) => table.columns.reduce((a, c) => a + c.width, 0))) || 100;
      const total = sheet.columns.reduce((a, c) => a + (c.width ?? 0), 0);
      assert.ok(Math.abs(total - widest) < 0.01, `column widths total ${total} = widest table ${widest}`);
      // Print setup, and the head rows of the first top-level table with a head repeated on each page.
      assert.equal(sheet.pageSetup.orientation, 'landscape');
      assert.equal(sheet.pageSetup.paperSize, 9);
      assert.equal(sheet.pageSetup.fitToWidth, 1);
      const firstHead = allTables(model).find((t) => !t.nested && t.table.head.length > 0);
      if (!firstHead) assert.equal(sheet.pageSetup.printTitlesRow, undefined);
      else {
        const [first, last] = sheet.pageSetup.printTitlesRow!.split(':').map(Number);
        const texts: string[] = [];
        for (let r = first!; r <= last!; r++) sheet.getRow(r).eachCell((c) => void (c.master === c && texts.push(cellText(c))));
        assert.deepEqual(texts, firstHead.table.head.flatMap((row) => row.cells.map((c) => plainText(c) ?? '')));
      }
    });
  }
});

describe('xlsx: any model lays out without overlap and writes', () => {
  configurePropertyTests();
  const run = fc.record({ text: fc.string({ maxLength: 12 }), role: fc.constantFrom(undefined, 'label', 'note', 'mark') }).map((r) => (r.role ? { text: r.text, role: r.role } : { text: r.text })) as fc.Arbitrary<TextRun>;
  const { table } = fc.letrec<{ table: Table; cell: Cell; content: CellContent }>((tie) => ({
    content: fc.oneof(
      { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
      fc.array(run, { maxLength: 3 }).map((runs) => ({ type: 'text' as const, runs })),
      fc.array(run, { maxLength: 3 }).map((items) => ({ type: 'list' as const, items })),
      tie('table').map((t) => ({ type: 'table' as const, table: t as Table })),
    ),
    cell: fc.record({
      kind: fc.constantFrom('header' as const, 'data' as const),
      content: fc.array(tie('content') as fc.Arbitrary<CellContent>, { maxLength: 2 }),
      rowspan: fc.option(fc.integer({ min: -1, max: 4 }), { nil: undefined }),
      colspan: fc.option(fc.integer({ min: -1, max: 5 }), { nil: undefined }),
      problems: fc.constant([]),
    }) as fc.Arbitrary<Cell>,
    table: fc.record({
      type: fc.constant('table' as const),
      caption: fc.option(fc.string({ maxLength: 5 }), { nil: undefined }),
      columns: fc.array(fc.record({ width: fc.oneof(fc.double({ min: -5, max: 80, noNaN: false }), fc.constant(0)) }), { maxLength: 5 }),
      head: fc.array(fc.record({ cells: fc.array(tie('cell') as fc.Arbitrary<Cell>, { maxLength: 4 }) }), { maxLength: 2 }),
      body: fc.array(fc.record({ cells: fc.array(tie('cell') as fc.Arbitrary<Cell>, { maxLength: 4 }) }), { maxLength: 4 }),
    }) as fc.Arbitrary<Table>,
  }));
  const block: fc.Arbitrary<Block> = fc.oneof(
    table,
    fc.array(run, { maxLength: 2 }).map((runs) => ({ type: 'paragraph' as const, runs })),
    fc.record({ level: fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>, boxed: fc.boolean(), heading: fc.array(run, { maxLength: 2 }), children: fc.array(table, { maxLength: 2 }) }).map((s) => ({ type: 'section' as const, ...s })),
    fc.array(fc.record({ label: fc.string({ maxLength: 6 }), value: fc.array(fc.array(run, { maxLength: 2 }).map((runs) => ({ type: 'text' as const, runs })), { maxLength: 2 }), problems: fc.constant([] as CellProblem[]) }), { maxLength: 3 }).map((items) => ({ type: 'fields' as const, items })),
  );
  const model: fc.Arbitrary<SheetModel> = fc.record({ title: fc.string({ maxLength: 40 }), blocks: fc.array(block, { maxLength: 4 }) }).map(({ title, blocks }) => ({ kind: undefined, title, subtitle: [], notices: [], blocks }));

  it('every grid cell is a non-empty rectangle, no two overlap, widths are positive', () => {
    fc.assert(
      fc.property(model, (m) => {
        const layout = layoutSheet(m);
        assert.ok(layout.columns.every((w) => Number.isFinite(w) && w > 0), `columns ${layout.columns}`);
        const taken = new Set<string>();
        for (const c of layout.cells) {
          assert.ok(c.row < c.rowEnd && c.col < c.colEnd && c.colEnd <= layout.columns.length && c.rowEnd <= layout.rowCount, JSON.stringify(c));
          for (let r = c.row; r < c.rowEnd; r++)
            for (let k = c.col; k < c.colEnd; k++) {
              assert.ok(!taken.has(`${r}:${k}`), `overlap at ${r}:${k}`);
              taken.add(`${r}:${k}`);
            }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('exceljs writes any such model', async () => {
    await fc.assert(
      fc.asyncProperty(model, async (m) => {
        assert.ok((await xlsxBuffer(m)).length > 0);
      }),
      { numRuns: 15 },
    );
  });
});
