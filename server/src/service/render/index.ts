/**
 * Rendering entry point: a cached SheetDocument (one parse per version) → SheetModel. Each 様式 has
 * its own layout module; a sheet whose 様式 is unknown or missing gets the generic key/value layout
 * and a notice. Never throws on any document (broken YAML renders what the parser recovered).
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import type { Problem } from '../problem';
import type { SheetKind } from '../kinds';
import type { Block, Cell, CellContent, CellProblem, Row, SheetModel, SourceSpan, Table } from './model';
import { furikaeriLayout } from './furikaeri';
import { uneiHoshinLayout } from './uneiHoshin';
import { shiseiKaikakuLayout } from './shiseiKaikaku';
import { bukaiLayout } from './bukai';

export type * from './model';

/** Input of a layout: the parsed document, its data and the line table of its text. */
export interface RenderInput {
  text: string;
  yaml: Document.Parsed | undefined;
  data: unknown;
  kind: SheetKind | undefined;
  /** The value of `様式:` as written (may be unknown or absent). */
  declaredKind: string | undefined;
  /** Offset → SourceSpan (0-based line computed from the text). */
  span(node: YamlNode | null | undefined): SourceSpan | undefined;
}

/** A layout turns one kind's input into a model (without problems; `attachProblems` adds them). */
export type Layout = (input: RenderInput) => SheetModel;

/** The layout of each 様式; kinds without an entry fall back to the generic layout. */
export const layouts: Partial<Record<SheetKind, Layout>> = {
  振り返りシート: furikaeriLayout,
  区運営方針: uneiHoshinLayout,
  市政改革プラン進捗: shiseiKaikakuLayout,
  部会議事概要: bukaiLayout,
};

/** Builds a `span` function for `text` (line starts computed once, binary search per lookup). */
export function spanFactory(text: string): (node: YamlNode | null | undefined) => SourceSpan | undefined {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  return (node) => (node?.range ? { start: node.range[0], end: node.range[1], line: lineOf(node.range[0]) } : undefined);
}

/**
 * Renders a sheet: the kind's layout (or the generic one), then the problems attached to the
 * innermost cell whose source contains them. `problems` are the document version's problems.
 */
export function renderSheet(input: RenderInput, problems: readonly Problem[]): SheetModel {
  const layout = (input.kind && layouts[input.kind]) || genericLayout;
  let model: SheetModel;
  try {
    model = layout(input);
  } catch (error) {
    // A layout must not throw; if one does, the sheet still renders (as its key/value list).
    model = genericLayout(input);
    model.notices.unshift({ level: 'warning', message: `様式の表を作れなかったため、項目の一覧で表示しています（内部エラー: ${error instanceof Error ? error.message : String(error)}）。` });
  }
  attachProblems(model, problems);
  return model;
}

/** The generic layout: every top-level key as a row of a two-column table, nested values as nested tables. */
export const genericLayout: Layout = (input) => {
  const notices: SheetModel['notices'] = [];
  if (input.declaredKind === undefined) notices.push({ level: 'warning', message: '「様式:」がないため、様式の表ではなく項目の一覧で表示しています。' });
  else if (!input.kind) notices.push({ level: 'warning', message: `様式「${input.declaredKind}」は知らない様式のため、項目の一覧で表示しています。` });
  const root = input.yaml?.contents as YamlNode | null | undefined;
  const blocks: Block[] = [];
  if (root) blocks.push(nodeTable(root, input, new Set()));
  return { kind: input.kind, title: input.declaredKind ?? 'シート', subtitle: [], blocks, notices };
};

/** A node as a key/value table; aliases are shown by name, never followed (no cycles). */
function nodeTable(node: YamlNode, input: RenderInput, seen: Set<YamlNode>): Table {
  const body: Row[] = [];
  seen.add(node);
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as YamlNode | null;
      const value = pair.value as YamlNode | null;
      body.push({ cells: [cell('header', [text(isScalar(key) ? String(key.value) : '（キー）', input.span(key))], input.span(key)), valueCell(value, input, seen)], source: input.span(key) });
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => body.push({ cells: [cell('header', [text(String(index + 1))]), valueCell(item as YamlNode, input, seen)] }));
  } else body.push({ cells: [valueCell(node, input, seen)] });
  return { type: 'table', columns: [{ width: 20 }, { width: 80 }], head: [], body, source: input.span(node) };
}

function valueCell(node: YamlNode | null | undefined, input: RenderInput, seen: Set<YamlNode>): Cell {
  if (!node) return cell('data', []);
  if (isAlias(node)) return cell('data', [text(`*${node.source}`, input.span(node))], input.span(node));
  if (isScalar(node)) return cell('data', node.value === null ? [] : [text(String(node.value), input.span(node))], input.span(node));
  if (seen.has(node)) return cell('data', [], input.span(node));
  return cell('data', [{ type: 'table', table: nodeTable(node, input, seen) }], input.span(node));
}

function text(value: string, source?: SourceSpan): CellContent {
  return { type: 'text', runs: [{ text: value, ...(source ? { source } : {}) }] };
}

function cell(kind: Cell['kind'], content: CellContent[], source?: SourceSpan): Cell {
  return { kind, content, problems: [], ...(source ? { source } : {}) };
}

/**
 * Attaches each problem to the innermost cell (or field) whose source span contains the problem's
 * start offset. A problem outside every cell stays only in the diagnostics. Cost: problems × cells
 * (documents are capped in problems; an interval index can replace the scan if a bench shows it).
 */
export function attachProblems(model: SheetModel, problems: readonly Problem[]): void {
  const targets: { start: number; end: number; depth: number; list: CellProblem[] }[] = [];
  // A problem inside a row but in none of its cells (a row-level schema error such as a missing
  // required key) goes to the row's first cell.
  const rowTargets: { start: number; end: number; list: CellProblem[] }[] = [];
  const visitCell = (c: Cell, depth: number): void => {
    const range = c.extent ?? c.source;
    if (range) targets.push({ start: range.start, end: range.end, depth, list: c.problems });
    for (const content of c.content) if (content.type === 'table') visitTable(content.table, depth + 1);
  };
  const visitTable = (t: Table, depth: number): void => {
    for (const row of [...t.head, ...t.body]) {
      if (row.source && row.cells[0]) rowTargets.push({ start: row.source.start, end: row.source.end, list: row.cells[0].problems });
      for (const c of row.cells) visitCell(c, depth);
    }
  };
  const visitBlocks = (blocks: Block[], depth: number): void => {
    for (const block of blocks) {
      if (block.type === 'table') visitTable(block, depth);
      else if (block.type === 'section') visitBlocks(block.children, depth + 1);
      else if (block.type === 'fields') for (const item of block.items) if (item.source) targets.push({ start: item.source.start, end: item.source.end, depth, list: item.problems });
    }
  };
  visitBlocks(model.blocks, 0);
  for (const problem of problems) {
    let best: (typeof targets)[number] | undefined;
    for (const target of targets) {
      if (problem.start < target.start || problem.start > target.end) continue;
      if (!best || target.end - target.start < best.end - best.start || (target.end - target.start === best.end - best.start && target.depth > best.depth)) best = target;
    }
    if (!best) {
      for (const target of rowTargets) {
        if (problem.start < target.start || problem.start > target.end) continue;
        if (!best || target.end - target.start < best.end - best.start) best = { ...target, depth: 0 };
      }
    }
    best?.list.push({ code: problem.code, severity: problem.severity, message: problem.message, start: problem.start, end: problem.end });
  }
}
