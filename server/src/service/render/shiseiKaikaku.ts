/**
 * Layout of the 市政改革プラン進捗 (seed 003): under the 柱 heading, per 事項 two tables as the seed
 * prints them:
 * 1. 事項 | 「N年度の取組内容」: 【趣旨・目的】, 【取組の考え方(戦略)】, 【成果目標】 on the left, the
 *    取組内容 beside the first two and 【業績目標】 beside 【成果目標】;
 * 2. 「(時点)までの主な取組」 | 業績目標の達成状況 | 戦略の進捗状況の評価 | 次年度以降の課題 |
 *    課題への対応に向けた次年度以降の取組の方向性と取組内容.
 * Labelled items (記号付き項目) are printed with their labels as written: 「ア 区政会議の設置」,
 * 「ア(ア)」 followed by its bullets, 「(ア) …」 beneath their parent.
 */
import { isMap, isScalar, type Node as YamlNode } from 'yaml';
import { eraYearText, fieldCell, fiscalYearOf, headerCell, makeCell, makeRow, makeTable, SheetReader, textContent } from './build';
import type { Layout } from './index';
import type { Block, Cell, CellContent, Row, Section, SourceSpan, TextRun } from './model';

/** Depth limit of nested 子項目 (the seed has two levels; cyclic aliases end here). */
const maxLabelDepth = 6;

/** The 市政改革プラン進捗 layout. */
export const shiseiKaikakuLayout: Layout = (input) => {
  const r = new SheetReader(input);
  const root = r.root();
  const yearText = r.text(root, '年度') ?? '';
  const ref = fiscalYearOf(yearText, '平成');
  const year = ref ? `${eraYearText(ref.eraYear)}年度` : '当年度';
  const asOf = r.text(root, '時点') ?? (ref ? `${ref.eraYear + 1}年3月末` : '年度末');
  const pillar = r.get(root, '柱');
  const pillarSource = r.span(r.written(pillar, '名称'));
  const top: Section = {
    type: 'section',
    level: 1,
    heading: [{ text: `${r.text(pillar, '番号') ?? ''} ${r.text(pillar, '名称') ?? ''}`.trim(), ...(pillarSource ? { source: pillarSource } : {}) }],
    children: [],
    ...spanSource(r.span(pillar)),
  };
  const scale = scaleLegend(r, root);
  for (const matter of r.items(r.get(root, '事項'))) top.children.push(matterSection(r, matter, year, asOf, scale));
  const blocks: Block[] = [top];
  return { kind: '市政改革プラン進捗', title: `市政改革プラン 進捗状況 ${yearText}`.trim(), subtitle: [], blocks, notices: [] };
};

function spanSource(source: SourceSpan | undefined): { source?: SourceSpan } {
  return source ? { source } : {};
}

/** 「①：達成　②：未達成」 from 達成状況の区分, when the document declares it. */
function scaleLegend(r: SheetReader, root: YamlNode | undefined): TextRun | undefined {
  const node = r.get(root, '達成状況の区分');
  if (!isMap(node)) return undefined;
  const parts = node.items.map((p) => `${r.str(p.key as YamlNode) ?? ''}：${r.str(p.value as YamlNode) ?? ''}`);
  const source = r.span(r.written(root, '達成状況の区分'));
  return { text: parts.join('　'), role: 'note', ...spanSource(source) };
}

function matterSection(r: SheetReader, matter: YamlNode, year: string, asOf: string, scale: TextRun | undefined): Section {
  const nameSource = r.span(r.written(matter, '名称'));
  const s: Section = {
    type: 'section',
    level: 2,
    heading: [{ text: `事項${r.text(matter, '番号') ?? ''} ${r.text(matter, '名称') ?? ''}`, ...spanSource(nameSource) }],
    children: [],
    ...spanSource(r.span(matter)),
  };
  const plan = labelledCell(r, matter, '取組内容', undefined, { rowspan: 2 });
  const first: Row[] = [
    makeRow([labelledCell(r, matter, '趣旨・目的', '【趣旨・目的】'), plan]),
    makeRow([labelledCell(r, matter, '取組の考え方', '【取組の考え方(戦略)】')]),
    makeRow([labelledCell(r, matter, '成果目標', '【成果目標】'), labelledCell(r, matter, '業績目標', '【業績目標】')]),
  ];
  s.children.push(makeTable([60, 60], [makeRow([headerCell('事項'), headerCell(`${year}の取組内容`)])], first, spanSource(r.span(matter))));
  const status = fieldCell(r, matter, '業績目標の達成状況', { align: 'center' });
  for (const c of status.content) if (c.type === 'text') c.runs = c.runs.map((x) => ({ ...x, role: 'mark' as const }));
  const second: Row[] = [
    makeRow([labelledCell(r, matter, '主な取組'), status, labelledCell(r, matter, '評価'), labelledCell(r, matter, '課題'), labelledCell(r, matter, '方向性')], r.span(r.pair(matter, '主な取組')?.key)),
  ];
  if (scale) second.push(makeRow([makeCell('data', [{ type: 'text', runs: [scale] }], { colspan: 5, align: 'right' })]));
  const head = [
    makeRow(
      [`${asOf}までの主な取組`, '業績目標の達成状況', '戦略の進捗状況の評価', '次年度以降の課題', '課題への対応に向けた次年度以降の取組の方向性と取組内容'].map((h) => headerCell(h)),
    ),
  ];
  s.children.push(makeTable([36, 8, 30, 30, 32], head, second));
  return s;
}

/**
 * The cell of a 記号付き文章: an optional printed heading (【趣旨・目的】), then plain text, bullets, or
 * labelled items 「ア 内容」 / 「ア(ア)」 + bullets / 「(ア) …」 beneath their parent. Absent → blank.
 */
function labelledCell(r: SheetReader, map: YamlNode, key: string, heading?: string, options: { rowspan?: number } = {}): Cell {
  const pair = r.pair(map, key);
  const base = fieldCell(r, map, key, options);
  if (!pair) {
    if (heading) base.content = [textContent(heading, undefined, 'label')];
    return base;
  }
  const content: CellContent[] = heading ? [textContent(heading, undefined, 'label')] : [];
  const value = pair.value ?? undefined;
  const items = r.items(value);
  if (items.some((item) => isMap(item))) for (const item of items) labelled(r, item, content, '', 0);
  else content.push(...r.content(value));
  base.content = content;
  return base;
}

/** Appends one labelled item (and its 子項目) to `out`. */
function labelled(r: SheetReader, item: YamlNode, out: CellContent[], indent: string, depth: number): void {
  if (depth > maxLabelDepth) return;
  if (!isMap(item)) {
    const runs = r.runs(item);
    if (runs.length) out.push({ type: 'list', items: runs });
    return;
  }
  const label = r.text(item, '記号') ?? '';
  const labelSource = r.span(r.written(item, '記号'));
  const body = r.get(item, '内容');
  const bodyRuns = r.runs(r.written(item, '内容'));
  if (isScalar(body) && bodyRuns.length === 1) {
    out.push(textContent(`${indent}${label} ${bodyRuns[0]!.text}`, r.span(r.written(item, '内容')) ?? labelSource));
  } else {
    out.push(textContent(`${indent}${label}`, labelSource, 'label'));
    if (bodyRuns.length) out.push({ type: 'list', items: bodyRuns });
  }
  for (const child of r.items(r.get(item, '子項目'))) labelled(r, child, out, `${indent}　`, depth + 1);
}
