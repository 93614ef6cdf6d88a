/**
 * The render model: a sheet turned into the typed table of its official 様式, with the source
 * offsets of every cell. Pure data (no DOM, no vscode); `html.ts` turns it into HTML for the
 * preview and the HTML/PDF export, and the Excel export writes the same model with exceljs.
 *
 * Contract shared by the layouts (one module per 様式, `render/<kind>.ts`), the HTML writer, the
 * preview and the exports. Offsets are UTF-16 code units into the document text, like Problem.
 */
import type { DiagnosticCode } from '../diagnosticCodes';
import type { SheetKind } from '../kinds';
import type { Severity } from '../problem';

/** Where a rendered piece comes from: the YAML node's offsets and the 0-based line of `start`. */
export interface SourceSpan {
  /** Start offset (inclusive) of the node in the document text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** 0-based line of `start` (for scroll sync, as the Markdown preview's `data-line`). */
  line: number;
}

/** A problem shown on a cell: the diagnostic that falls inside the cell's source span. */
export interface CellProblem {
  code: DiagnosticCode;
  severity: Severity;
  /** The Japanese message, as published. */
  message: string;
  start: number;
  end: number;
}

/** One paragraph of text, optionally from its own node (a list item, a scalar). */
export interface TextRun {
  text: string;
  source?: SourceSpan;
  /**
   * How the 様式 prints it: 'label' for printed labels such as 「1 (1) 【再掲】」 or 【参考】;
   * 'note' for notes such as 「(令和5年度末時点の振り返りで完了済み)」; 'mark' for 〇/－ marks.
   */
  role?: 'label' | 'note' | 'mark';
}

/** Content of a cell, in order. */
export type CellContent =
  | { type: 'text'; runs: TextRun[] }
  /** A bulleted list (the seeds' 「・」 items); each item keeps its own source. */
  | { type: 'list'; items: TextRun[] }
  /** A table printed inside the cell (e.g. 001's 24-ward table 区名 / R4 / R6). */
  | { type: 'table'; table: Table };

/**
 * A table cell. An empty `content` is printed as 「—」 (an empty value); a cell the 様式 prints blank
 * (an absent key) has one text content with one empty run.
 */
export interface Cell {
  /** 'header' cells are printed as <th> (column and row headings of the 様式). */
  kind: 'header' | 'data';
  content: CellContent[];
  rowspan?: number;
  colspan?: number;
  /** Right-aligned figures (amounts, values, years) and centred marks. */
  align?: 'left' | 'center' | 'right';
  /** The node this cell shows; absent for printed headings that come from no node. */
  source?: SourceSpan;
  /**
   * The wider range whose problems this cell shows, when it is larger than `source`: the key and
   * its value (problems reported on a key belong to the cell of its value). Optional.
   */
  extent?: SourceSpan;
  /** Problems inside `extent ?? source` not claimed by a nested cell; filled by `attachProblems`. */
  problems: CellProblem[];
}

/** A table row. */
export interface Row {
  cells: Cell[];
  source?: SourceSpan;
}

/** A column of a table: its width in characters (≈ Excel's column width unit) for print and xlsx. */
export interface Column {
  width: number;
}

/** A table of the 様式. `head` rows repeat on every printed page. */
export interface Table {
  type: 'table';
  caption?: string;
  columns: Column[];
  head: Row[];
  body: Row[];
  source?: SourceSpan;
}

/** A heading with what comes under it (柱, 中項目, 取組項目, 経営課題, 戦略, 議事 …). */
export interface Section {
  type: 'section';
  /** 1 = the largest heading under the title. */
  level: 1 | 2 | 3 | 4 | 5;
  /** The heading as printed, e.g. 「1 ニア・イズ・ベターの追求」 or 「➤ 運営と活動の…」. */
  heading: TextRun[];
  /** A framed box (区運営方針's 経営課題 / 戦略 boxes) rather than a plain heading. */
  boxed?: boolean;
  children: Block[];
  source?: SourceSpan;
}

/** A paragraph outside any table (前文, a notice printed under a heading). */
export interface Paragraph {
  type: 'paragraph';
  runs: TextRun[];
  source?: SourceSpan;
}

/** A label/value list printed as a two-column box (日時 / 場所 / 出席者; 凡例). */
export interface Fields {
  type: 'fields';
  items: { label: string; value: CellContent[]; source?: SourceSpan; problems: CellProblem[] }[];
  source?: SourceSpan;
}

/** A block of the document body. */
export type Block = Section | Table | Paragraph | Fields;

/** What the renderer could not do as the 様式 does, shown above the table (never silently). */
export interface Notice {
  level: 'info' | 'warning';
  message: string;
}

/** A sheet rendered as its 様式. */
export interface SheetModel {
  /** The 様式, or undefined when the sheet names none or an unknown one (a plain key/value rendering). */
  kind: SheetKind | undefined;
  /** The printed title, e.g. 「(様式) 令和6年度末時点振り返りシート」. */
  title: string;
  /** Lines printed under the title (区名, 年度, 時点 …). */
  subtitle: TextRun[];
  blocks: Block[];
  notices: Notice[];
}
