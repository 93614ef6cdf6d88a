/**
 * 新旧対照表 (issue 10 §2): two versions of a sheet compared through the render model, so the
 * comparison shows the cells as the 様式 prints them. Pure: two SheetModels in, a SheetDiff out
 * (../export/diffHtml.ts writes it as HTML).
 *
 * Units compared: each body row of a table (its cells placed on the table's grid, rowspan and
 * colspan included, each named by its column heading), each paragraph, each label of a field list
 * and each section heading. Units are aligned in document order with jsdiff's `diffArrays` (Myers'
 * LCS) on their place and text; a removed unit and an added unit of the same hunk are paired when
 * they sit at the same place (same section path and table, a renamed heading's old path read as its
 * new one), and each cell whose text differs becomes one change (旧 / 新); an unpaired unit lists its
 * non-empty cells only. Runs of units equal in both are counted, not listed.
 */
import { diffArrays } from 'diff';
import type { Block, CellContent, Row, SheetModel, Table, TextRun } from './render/model';

/** One comparable unit of a rendered sheet. */
export interface DiffUnit {
  /** Where it is: the section headings and table caption, joined by 「 › 」 (empty at the top). */
  place: string;
  /** Cells by column name (the column heading, or 「本文」 for a paragraph, the label for a field). */
  cells: { column: string; text: string }[];
}

/** A changed cell: 旧 and 新 text (undefined when the unit was added or removed). */
export interface DiffChange {
  type: 'change';
  place: string;
  column: string;
  old?: string;
  new?: string;
}

/** A run of units that are the same in both versions. */
export interface DiffSame {
  type: 'same';
  /** How many units (rows, paragraphs, headings). */
  count: number;
  /** The places they are at, in order, without repeats. */
  places: string[];
}

/** The comparison of two versions of a sheet. */
export interface SheetDiff {
  oldTitle: string;
  newTitle: string;
  entries: (DiffChange | DiffSame)[];
  /** Changed cells in all (added and removed units count each of their cells). */
  changes: number;
}

/** The text of cell content: runs joined, list items one per line (「・」), nested table rows joined by 「 / 」. */
export function contentText(content: CellContent[]): string {
  const runs = (items: TextRun[]) => items.map((r) => r.text).join('');
  return content
    .map((c) => {
      if (c.type === 'text') return runs(c.runs);
      if (c.type === 'list') return c.items.map((i) => `・${i.text}`).join('\n');
      return [...c.table.head, ...c.table.body].map((row) => row.cells.map((cell) => contentText(cell.content)).join(' | ')).join(' / ');
    })
    .join('\n')
    .trim();
}

/** The cells of `rows` placed on a grid (rowspan, colspan): per row, [column index, text] of the cells it starts. */
function grid(rows: Row[]): [number, string][][] {
  const spanning: number[] = []; // rows still covered, per column
  return rows.map((row) => {
    const placed: [number, string][] = [];
    let column = 0;
    for (const cell of row.cells) {
      while ((spanning[column] ?? 0) > 0) column++;
      placed.push([column, contentText(cell.content)]);
      for (let c = column; c < column + (cell.colspan ?? 1); c++) spanning[c] = (cell.rowspan ?? 1);
      column += cell.colspan ?? 1;
    }
    for (let c = 0; c < spanning.length; c++) if (spanning[c]! > 0) spanning[c]!--;
    return placed;
  });
}

/** Column names of a table: the texts of its head cells over each column, joined by 「 / 」; 「列N」 when none. */
function columnNames(table: Table): string[] {
  const names: string[][] = [];
  const head = grid(table.head);
  table.head.forEach((row, r) => {
    row.cells.forEach((cell, i) => {
      const [column, text] = head[r]![i]!;
      for (let c = column; c < column + (cell.colspan ?? 1); c++) if (text) (names[c] ??= []).includes(text) || names[c]!.push(text);
    });
  });
  return Array.from({ length: Math.max(table.columns.length, names.length) }, (_, c) => names[c]?.join(' / ') || `列${c + 1}`);
}

/** The units of a rendered sheet, in document order. */
export function diffUnits(model: SheetModel): DiffUnit[] {
  const units: DiffUnit[] = [];
  const walk = (blocks: Block[], path: string[]): void => {
    for (const block of blocks) {
      const place = path.join(' › ');
      if (block.type === 'section') {
        const heading = block.heading.map((r) => r.text).join('').trim();
        units.push({ place, cells: [{ column: '見出し', text: heading }] });
        walk(block.children, [...path, heading]);
      } else if (block.type === 'paragraph') {
        units.push({ place, cells: [{ column: '本文', text: block.runs.map((r) => r.text).join('').trim() }] });
      } else if (block.type === 'fields') {
        for (const item of block.items) units.push({ place, cells: [{ column: item.label, text: contentText(item.value) }] });
      } else {
        const names = columnNames(block);
        const tablePlace = block.caption ? [...path, block.caption].join(' › ') : place;
        const rows = grid(block.body);
        rows.forEach((cells, r) => {
          // Printed headings of the 様式 in the body (row labels) name the row; they are compared like data.
          if (block.body[r]!.cells.length === 0) return;
          units.push({ place: tablePlace, cells: cells.map(([c, text]) => ({ column: names[c] ?? `列${c + 1}`, text })) });
        });
      }
    }
  };
  walk(model.blocks, []);
  return units;
}

const key = (u: DiffUnit) => `${u.place}\u0000${u.cells.map((c) => `${c.column}\u0001${c.text}`).join('\u0000')}`;

/** The changes between a removed and an added unit paired together: each column whose text differs (an unpaired unit: its non-empty cells). */
function cellChanges(before: DiffUnit | undefined, after: DiffUnit | undefined): DiffChange[] {
  const place = after?.place ?? before?.place ?? '';
  const columns = [...new Set([...(before?.cells ?? []), ...(after?.cells ?? [])].map((c) => c.column))];
  const text = (u: DiffUnit | undefined, column: string) => u?.cells.filter((c) => c.column === column).map((c) => c.text).join('\n');
  const out: DiffChange[] = [];
  for (const column of columns) {
    const old = text(before, column);
    const now = text(after, column);
    if (old === now || (!old && !now)) continue;
    const change: DiffChange = { type: 'change', place, column };
    if (before && old !== undefined) change.old = old;
    if (after && now !== undefined) change.new = now;
    out.push(change);
  }
  return out;
}

/**
 * Section paths renamed so far (old path → new path), from paired heading units: a unit under a
 * renamed heading is compared at its new path.
 */
class Renames {
  private readonly paths = new Map<string, string>();
  /** `place` with its longest renamed prefix replaced. */
  map(place: string): string {
    for (let end = place.length; end > 0; end = place.lastIndexOf(' › ', end - 1)) {
      const renamed = this.paths.get(place.slice(0, end));
      if (renamed !== undefined) return renamed + place.slice(end);
    }
    return place;
  }
  /** Records a heading paired across versions when its text changed. */
  note(before: DiffUnit, after: DiffUnit): void {
    const heading = (u: DiffUnit) => u.cells[0]!.text;
    if (before.cells[0]?.column !== '見出し' || after.cells[0]?.column !== '見出し' || heading(before) === heading(after)) return;
    const path = (u: DiffUnit) => (u.place ? `${u.place} › ${heading(u)}` : heading(u));
    this.paths.set(path(before), path(after));
  }
}

/** Pairs the removed and added units of one hunk: same place (after renames) and first column, in order; the rest alone. */
function pairUp(removed: DiffUnit[], added: DiffUnit[], renames: Renames): [DiffUnit | undefined, DiffUnit | undefined][] {
  const pairs: [DiffUnit | undefined, DiffUnit | undefined][] = [];
  const free = [...added];
  for (const before of removed) {
    const place = renames.map(before.place);
    const at = free.findIndex((a) => a.place === place && a.cells[0]?.column === before.cells[0]?.column);
    if (at < 0) {
      pairs.push([before, undefined]);
      continue;
    }
    const after = free.splice(at, 1)[0]!;
    renames.note(before, after);
    pairs.push([before, after]);
  }
  for (const after of free) pairs.push([undefined, after]);
  return pairs;
}

/** The 新旧対照表 of two rendered versions of a sheet (`before` = 旧, `after` = 新). */
export function diffSheets(before: SheetModel, after: SheetModel): SheetDiff {
  const oldUnits = diffUnits(before);
  const newUnits = diffUnits(after);
  const parts = diffArrays(oldUnits, newUnits, { comparator: (a, b) => key(a) === key(b) });
  const entries: (DiffChange | DiffSame)[] = [];
  const renames = new Renames();
  let removed: DiffUnit[] = [];
  const flush = (added: DiffUnit[]) => {
    for (const [b, a] of pairUp(removed, added, renames)) entries.push(...cellChanges(b, a));
    removed = [];
  };
  for (const part of parts) {
    if (part.removed) {
      removed.push(...part.value);
    } else if (part.added) {
      flush(part.value);
    } else {
      flush([]);
      entries.push({ type: 'same', count: part.value.length, places: [...new Set(part.value.map((u) => u.place))] });
    }
  }
  flush([]);
  return { oldTitle: before.title, newTitle: after.title, entries, changes: entries.filter((e) => e.type === 'change').length };
}
