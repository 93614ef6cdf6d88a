/**
 * Layout of the 振り返りシート (seed 001, 「(様式) 令和6年度末時点振り返りシート」): 柱 › 中項目 ›
 * 小項目 › ➤ 取組項目 headings, one six-column table per 取組項目:
 * めざす姿 (取組目標) | 具体的取組 | 「N年度の主な取組実績 (実績数値など)」 | 実施状況 | 課題 |
 * 「N+1年度以降の取組内容 (課題に対する対応等)」, N from 基準時点.
 *
 * As the seed prints it: a 完了済み row shows 「(令和5年度末時点の振り返りで完了済み)」 in its
 * 完了済み欄 (default 主な取組実績); a 【再掲】 row shows 「1 (2) 【再掲】」 in its 再掲欄 (default 課題);
 * 【参考】 in its 参考欄 (default 課題); the 24-ward table nested in the 実績 cell. An absent
 * 具体的取組 under a row that has one is merged with it (rowspan), as the PDF does; any other
 * absent cell is blank; a cell written empty is 「—」.
 */
import type { Node as YamlNode } from 'yaml';
import { blankCell, eraYearOf, fiscalYearOf, eraYearText, fieldCell, headerCell, makeCell, makeRow, makeTable, SheetReader, textContent } from './build';
import type { Layout, RenderInput } from './index';
import type { Block, Cell, CellContent, Row, Section, Table, TextRun } from './model';

/** The six columns: data key, and width in characters (A4 landscape, as the 様式). */
const columnKeys = ['めざす姿', '具体的取組', '主な取組実績', '実施状況', '課題', '次年度以降の取組内容'] as const;
type ColumnKey = (typeof columnKeys)[number];
const columnWidths = [26, 22, 36, 8, 24, 26];
/** Columns where a 完了済み note, a 【再掲】 label or a 【参考】 block may stand. */
const resultColumns: readonly ColumnKey[] = ['主な取組実績', '実施状況', '課題', '次年度以降の取組内容'];

/** The six column headings, years computed from 基準時点 (令和6年度末 → 6年度 / 7年度以降). */
export function furikaeriHeadings(basis: string | undefined): string[] {
  const ref = fiscalYearOf(basis);
  const year = ref ? eraYearText(ref.eraYear) : '当';
  const next = ref ? eraYearText(eraYearOf(ref.fiscalYear + 1, ref.era).year) : '次';
  return ['めざす姿 (取組目標)', '具体的取組', `${year}年度の主な取組実績 (実績数値など)`, '実施状況', '課題', `${next}年度以降の取組内容 (課題に対する対応等)`];
}

/** The 振り返りシート layout. */
export const furikaeriLayout: Layout = (input: RenderInput) => {
  const r = new SheetReader(input);
  const root = r.root();
  const basis = r.text(root, '基準時点');
  const headings = furikaeriHeadings(basis);
  const blocks: Block[] = [];
  for (const pillar of r.items(r.get(root, '柱'))) {
    const pillarSection = section(1, [run(r, pillar, '番号', ''), run(r, pillar, '名称', ' ')], r.span(pillar));
    for (const middle of r.items(r.get(pillar, '中項目'))) {
      const sub = r.text(middle, '副題');
      const middleHeading = [run(r, middle, '番号', '', (n) => `(${n})`), run(r, middle, '名称', ' ')];
      if (sub) middleHeading.push(run(r, middle, '副題', ' ', (s) => `(${s})`));
      const middleSection = section(2, middleHeading, r.span(middle));
      for (const item of r.items(r.get(middle, '取組項目'))) middleSection.children.push(itemSection(r, item, headings, 3));
      for (const small of r.items(r.get(middle, '小項目'))) {
        const smallSection = section(3, [run(r, small, '記号', ''), run(r, small, '名称', ' ')], r.span(small));
        for (const item of r.items(r.get(small, '取組項目'))) smallSection.children.push(itemSection(r, item, headings, 4));
        middleSection.children.push(smallSection);
      }
      pillarSection.children.push(middleSection);
    }
    blocks.push(pillarSection);
  }
  return {
    kind: '振り返りシート',
    title: `(様式) ${basis ?? ''}時点振り返りシート`,
    subtitle: [],
    blocks,
    notices: basis ? [] : [{ level: 'warning', message: '「基準時点:」がないため、表の見出しの年度を計算できません。' }],
  };
};

/**
 * A section whose heading is printed on one line (「(1) 名称 (副題)」): the parts joined into one
 * run, which points at the longest part's node (the 名称).
 */
function section(level: Section['level'], heading: TextRun[], source: Section['source']): Section {
  const parts = heading.filter((h) => h.text !== '');
  const main = parts.reduce<TextRun | undefined>((best, h) => (h.source && h.text.length > (best?.text.length ?? -1) ? h : best), undefined);
  const run: TextRun = { text: parts.map((h) => h.text).join('').trim(), ...(main?.source ? { source: main.source } : {}) };
  return { type: 'section', level, heading: [run], children: [], ...(source ? { source } : {}) };
}

/** A heading run from `key` of `map`, prefixed by `gap` and formatted; empty text when absent. */
function run(r: SheetReader, map: YamlNode | undefined, key: string, gap: string, format: (text: string) => string = (t) => t): TextRun {
  const value = r.text(map, key);
  if (value === undefined || value === '') return { text: '' };
  const source = r.span(r.written(map, key));
  return { text: `${gap}${format(value)}`, ...(source ? { source } : {}) };
}

function itemSection(r: SheetReader, item: YamlNode, headings: string[], level: Section['level']): Section {
  const name = r.text(item, '名称');
  const source = r.span(r.written(item, '名称'));
  const s = section(level, [{ text: `➤ ${name ?? ''}`, ...(source ? { source } : {}) }], r.span(item));
  s.children.push(itemTable(r, item, headings));
  return s;
}

/** The table of one 取組項目: the head row and one row per 行. */
function itemTable(r: SheetReader, item: YamlNode, headings: string[]): Table {
  const head = [makeRow(headings.map((h) => headerCell(h)))];
  const body: Row[] = [];
  let merged: Cell | undefined; // the 具体的取組 cell an absent one is merged into
  const rows = r.items(r.get(item, '行'));
  rows.forEach((row, index) => {
    const cells = new Map<ColumnKey, Cell>();
    for (const key of columnKeys) cells.set(key, fieldCell(r, row, key));
    // 前文 heads the めざす姿 of the first row, as the seed prints it.
    if (index === 0 && r.has(item, '前文')) {
      const goal = cells.get('めざす姿')!;
      const lead = r.runs(r.written(item, '前文'));
      goal.content = [{ type: 'text', runs: lead }, ...goal.content.filter((c) => !(c.type === 'text' && c.runs.every((x) => x.text === '')))];
    }
    // An absent 具体的取組 is the cell above, merged (rowspan), when there is one.
    let skipMeasure = false;
    if (!r.has(row, '具体的取組') && merged) {
      merged.rowspan = (merged.rowspan ?? 1) + 1;
      skipMeasure = true;
    } else merged = cells.get('具体的取組');
    // 完了済み note, 【再掲】 label and 【参考】 block, each in its column.
    const done = r.pair(row, '完了済み時点');
    if (done) {
      const text = r.str(r.deref(done.value ?? undefined)) ?? '';
      place(cells, columnOf(r, row, '完了済み欄', '主な取組実績'), [textContent(`(${text}時点の振り返りで完了済み)`, r.span(done.value ?? done.key), 'note')], r.span(done.value ?? done.key));
    }
    const repeat = r.pair(row, '再掲');
    if (repeat) {
      const text = r.str(r.deref(repeat.value ?? undefined)) ?? '';
      place(cells, columnOf(r, row, '再掲欄', '課題'), [textContent(`${text} 【再掲】`, r.span(repeat.value ?? repeat.key), 'label')], r.span(repeat.value ?? repeat.key));
    }
    const reference = r.pair(row, '参考');
    if (reference) {
      const runs = r.runs(reference.value ?? undefined).map((x) => (x.text.startsWith('【参考】') ? { ...x, role: 'label' as const } : x));
      if (!runs[0]?.text.startsWith('【参考】')) runs.unshift({ text: '【参考】', role: 'label' });
      place(cells, columnOf(r, row, '参考欄', '課題'), [{ type: 'text', runs }], r.span(reference.value ?? reference.key));
    }
    // The 24-ward table inside the 実績 cell.
    const wards = r.pair(row, '区別実績');
    if (wards) place(cells, '主な取組実績', [{ type: 'table', table: wardTable(r, wards.value ?? undefined) }], r.span(wards.value ?? wards.key));
    const status = cells.get('実施状況')!;
    status.align = 'center';
    const out = columnKeys.filter((key) => !(key === '具体的取組' && skipMeasure)).map((key) => cells.get(key)!);
    body.push(makeRow(out, r.span(row)));
  });
  return makeTable(columnWidths, head, body, { source: r.span(r.written(item, '行')) });
}

/** The column named by `key` of `row` (完了済み欄, 再掲欄, 参考欄), or `fallback`. */
function columnOf(r: SheetReader, row: YamlNode, key: string, fallback: ColumnKey): ColumnKey {
  const value = r.text(row, key);
  return (resultColumns as readonly string[]).includes(value ?? '') ? (value as ColumnKey) : fallback;
}

/**
 * Adds content to a column's cell: a blank cell takes it over (with the value's span as source; the
 * key stays out, so a row-level problem at the row's first key goes to the row's first cell); a
 * filled cell gets it appended.
 */
function place(cells: Map<ColumnKey, Cell>, key: ColumnKey, content: CellContent[], source: Cell['source']): void {
  const c = cells.get(key)!;
  const blank = c.content.length === 1 && c.content[0]!.type === 'text' && c.content[0].runs.every((x) => x.text === '');
  if (blank) {
    cells.set(key, makeCell('data', content, source ? { source } : {}));
    return;
  }
  c.content.push(...content);
}

/** 区別実績 as a nested table: 区名 | one column per 列 (R4, R6), values with the unit. */
function wardTable(r: SheetReader, node: YamlNode | undefined): Table {
  const unit = r.text(node, '単位') ?? '';
  const columns = r.items(r.get(node, '列'));
  const head = [makeRow([headerCell('区名'), ...columns.map((c) => makeCell('header', [textContent(r.str(c) ?? '', r.span(c))], { align: 'center', ...(r.span(c) ? { source: r.span(c)! } : {}) }))])];
  const body: Row[] = [];
  for (const ward of r.items(r.get(node, '行'))) {
    const nameNode = r.written(ward, '区名');
    const name = makeCell('data', [textContent(r.str(r.deref(nameNode)) ?? '', r.span(nameNode))], { ...(r.span(nameNode) ? { source: r.span(nameNode)! } : {}) });
    const values = r.items(r.get(ward, '値'));
    const cells = columns.map((_, i) => {
      const v = values[i];
      if (!v) return blankCell({ align: 'right' });
      const text = r.str(v);
      const s = r.span(v);
      return makeCell('data', text ? [textContent(`${text}${unit}`, s)] : [], { align: 'right', ...(s ? { source: s } : {}) });
    });
    body.push(makeRow([name, ...cells], r.span(ward)));
  }
  return makeTable([10, ...columns.map(() => 7)], head, body, { source: r.span(node) });
}
