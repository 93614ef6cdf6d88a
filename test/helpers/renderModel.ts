// Helpers for tests of the exports: the render model of each real sample, walkers over a model,
// and a few hand-built models that pin exact layouts.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Block, Cell, CellContent, Row, SheetModel, Table, TextRun } from '../../server/src/service/render/model';
import { doc, realService } from './service';

export const samplesDir = resolve(__dirname, '../../samples');

/** Each real sample (samples/*.sheet.yaml) with its render model from the real service. */
export function sampleModels(): { name: string; file: string; model: SheetModel }[] {
  const service = realService();
  return readdirSync(samplesDir)
    .filter((f) => f.endsWith('.sheet.yaml'))
    .sort()
    .map((name) => {
      const file = resolve(samplesDir, name);
      return { name, file, model: service.render(doc(readFileSync(file, 'utf8'))) };
    });
}

/** Every table of a model (top-level, in sections, and nested in cells), in document order. */
export function allTables(model: SheetModel): { table: Table; nested: boolean }[] {
  const out: { table: Table; nested: boolean }[] = [];
  const content = (items: readonly CellContent[]) => {
    for (const c of items) if (c.type === 'table') table(c.table, true);
  };
  const table = (t: Table, nested: boolean) => {
    out.push({ table: t, nested });
    for (const r of [...t.head, ...t.body]) for (const c of r.cells) content(c.content);
  };
  const blocks = (items: readonly Block[]) => {
    for (const b of items) {
      if (b.type === 'table') table(b, false);
      else if (b.type === 'section') blocks(b.children);
      else if (b.type === 'fields') for (const i of b.items) content(i.value);
    }
  };
  blocks(model.blocks);
  return out;
}

/** Every cell of every table with its row. */
export function allCells(model: SheetModel): { cell: Cell; row: Row; table: Table }[] {
  return allTables(model).flatMap(({ table }) => [...table.head, ...table.body].flatMap((row) => row.cells.map((cell) => ({ cell, row, table }))));
}

/** Every text run of a model: title excluded; subtitle, headings, paragraphs, cells, lists, fields. */
export function allRuns(model: SheetModel): TextRun[] {
  const out: TextRun[] = [...model.subtitle];
  const content = (items: readonly CellContent[]) => {
    for (const c of items) {
      if (c.type === 'text') out.push(...c.runs);
      else if (c.type === 'list') out.push(...c.items);
      else for (const r of [...c.table.head, ...c.table.body]) for (const cell of r.cells) content(cell.content);
    }
  };
  const blocks = (items: readonly Block[]) => {
    for (const b of items) {
      if (b.type === 'table') for (const r of [...b.head, ...b.body]) for (const cell of r.cells) content(cell.content);
      else if (b.type === 'section') {
        out.push(...b.heading);
        blocks(b.children);
      } else if (b.type === 'paragraph') out.push(...b.runs);
      else for (const i of b.items) content(i.value);
    }
  };
  blocks(model.blocks);
  return out;
}

/**
 * The text a cell made only of text and lists shows, as the exports print it: runs on their own
 * lines, list items as 「・」 lines, 「—」 when empty; undefined when the cell holds a nested table.
 */
export function plainText(cell: Cell): string | undefined {
  if (cell.content.some((c) => c.type === 'table')) return undefined;
  if (cell.content.length === 0) return '—';
  return cell.content
    .map((c) => (c.type === 'text' ? c.runs.map((r) => r.text).join('\n') : c.type === 'list' ? c.items.map((i) => (i.text.startsWith('・') ? i.text : `・${i.text}`)).join('\n') : ''))
    .join('\n');
}

const text = (value: string, role?: TextRun['role']): CellContent => ({ type: 'text', runs: [{ text: value, ...(role ? { role } : {}) }] });
export const headerCell = (value: string, extra: Partial<Cell> = {}): Cell => ({ kind: 'header', content: [text(value)], problems: [], ...extra });
export const dataCell = (value: string | CellContent[], extra: Partial<Cell> = {}): Cell => ({ kind: 'data', content: typeof value === 'string' ? [text(value)] : value, problems: [], ...extra });

/** The 24-ward-style nested table (区名 / R6), two wards. */
export const wardTable: Table = {
  type: 'table',
  columns: [{ width: 1 }, { width: 1 }],
  head: [{ cells: [headerCell('区名'), headerCell('R6')] }],
  body: [{ cells: [dataCell('北区'), dataCell('80.5%')] }, { cells: [dataCell('都島区'), dataCell('75%')] }],
};

/**
 * A hand-built model: a three-column table whose head has a rowspan and a colspan, a body row
 * holding the nested ward table, formula-injection strings and numbers; then two boxed level-1
 * sections (a page break between them), a paragraph, a fields box and an empty cell.
 */
export function handBuiltModel(): SheetModel {
  return {
    kind: '区運営方針',
    title: '(様式) テスト & 検証',
    subtitle: [{ text: '阿倍野区' }],
    notices: [],
    blocks: [
      {
        type: 'table',
        columns: [{ width: 10 }, { width: 20 }, { width: 30 }],
        head: [{ cells: [headerCell('区分', { rowspan: 2 }), headerCell('実績', { colspan: 2 })] }, { cells: [headerCell('内容'), headerCell('区別')] }],
        body: [
          { cells: [dataCell('1'), dataCell([text('1 (2) 【再掲】', 'label'), text('本文')]), dataCell([{ type: 'table', table: wardTable }])] },
          { cells: [dataCell('=1+1'), dataCell('+SUM(A1:A2)'), dataCell('@cmd|calc')] },
          { cells: [dataCell('-2+3'), dataCell('25,037,000', { align: 'right' }), dataCell([])] },
        ],
      },
      {
        type: 'section',
        level: 1,
        boxed: true,
        heading: [{ text: '経営課題1' }],
        children: [{ type: 'paragraph', runs: [{ text: '前文です。' }] }],
      },
      {
        type: 'section',
        level: 1,
        boxed: true,
        heading: [{ text: '経営課題2' }],
        children: [{ type: 'fields', items: [{ label: '日時', value: [{ type: 'list', items: [{ text: '令和5年12月14日' }, { text: '・9:30～10:50' }] }], problems: [] }] }],
      },
    ],
  };
}
