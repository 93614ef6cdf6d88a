/**
 * Layout of the 区運営方針, in its two forms:
 * - 令和 form (seed 002): 経営課題 box with 【主なSDGｓゴール】; めざす成果及び戦略 boxes (めざす状態, 現状,
 *   課題, 中期的な取組の方向性); indicator tables with one column per fiscal year of the plan (N−2 … N
 *   from 年度), target, value and mark, 出典 and the legend on each box; 具体的取組 boxes with 概要 and
 *   the budget columns (N−2決算額 / N−1予算額 / N予算額, with unit), 主な取組 plan and results
 *   (N−1年度実績 / N年度実績), プロセス指標, 〈参考〉区政会議等意見, 写真等; the 戦略の自己評価 box.
 * - 平成 概要版 (seed 004): per 経営課題 one three-column table 戦略 / 具体的取組 (【予算額 … 千円】, 目標) /
 *   取組実績, then the 行財政 section (目標 and 取組実績 with their amounts) and the contact block.
 */
import type { Node as YamlNode } from 'yaml';
import {
  blankCell,
  eraYearOf,
  eraYearText,
  fieldCell,
  fiscalYearLabel,
  fiscalYearOf,
  formatAmount,
  headerCell,
  makeCell,
  makeRow,
  makeTable,
  SheetReader,
  textContent,
} from './build';
import type { Era } from '../domain/era';
import type { Layout } from './index';
import type { Block, Cell, CellContent, Fields, Row, Section, SourceSpan, Table, TextRun } from './model';

/** The legend printed on each box when the sheet declares none. */
const defaultLegend = '〇：目標達成　　－：目標未達成';

/** What a layout of this kind needs to know about the document as a whole. */
interface Plan {
  r: SheetReader;
  /** The plan's fiscal year (Western), undefined when 年度 is missing or unreadable. */
  fiscalYear: number | undefined;
  era: Era;
  legend: { text: string; source?: SourceSpan };
}

/** The 区運営方針 layout (令和 form or 平成 概要版, see `isSummaryForm`). */
export const uneiHoshinLayout: Layout = (input) => {
  const r = new SheetReader(input);
  const root = r.root();
  const ward = r.text(root, '区名') ?? '';
  const yearText = r.text(root, '年度') ?? '';
  const ref = fiscalYearOf(yearText);
  const plan: Plan = { r, fiscalYear: ref?.fiscalYear, era: ref?.era ?? '令和', legend: legendOf(r, root) };
  const summary = isSummaryForm(r, root, ref?.era);
  const notices: { level: 'info' | 'warning'; message: string }[] = [];
  if (!ref) notices.push({ level: 'warning', message: '「年度:」が読めないため、年度の列と予算額の見出しを計算できません。' });
  const blocks: Block[] = [];
  for (const issue of r.items(r.get(root, '経営課題'))) blocks.push(summary ? summaryIssue(plan, issue) : detailIssue(plan, issue));
  if (r.has(root, '行財政')) blocks.push(administration(r, r.get(root, '行財政')));
  const contact = r.get(root, '問い合わせ');
  if (contact) blocks.push(fieldsOf(r, contact, '【区運営方針と区運営方針概要版に関するお問い合わせ】'));
  const subtitle: TextRun[] = [];
  return {
    kind: '区運営方針',
    title: `${ward}${ward && yearText ? ' ' : ''}${yearText} 区運営方針${summary ? '（概要版）' : ''}`,
    subtitle,
    blocks,
    notices,
  };
};

/** The 平成 概要版: a 平成 年度, a 行財政 section, or 具体的取組 written with 【予算額】/目標/取組実績 only. */
export function isSummaryForm(r: SheetReader, root: YamlNode | undefined, era: Era | undefined): boolean {
  if (era === '平成' || r.has(root, '行財政')) return true;
  let summaryKeys = 0;
  let detailKeys = 0;
  for (const issue of r.items(r.get(root, '経営課題'))) {
    for (const strategy of r.items(r.get(issue, '戦略'))) {
      if (r.has(strategy, 'アウトカム指標')) detailKeys++;
      for (const measure of r.items(r.get(strategy, '具体的取組'))) {
        for (const key of ['予算額', '目標', '取組実績']) if (r.has(measure, key)) summaryKeys++;
        for (const key of ['予算', '主な取組', 'プロセス指標']) if (r.has(measure, key)) detailKeys++;
      }
    }
  }
  return summaryKeys > detailKeys;
}

/** The document's legend 「〇：目標達成　　－：目標未達成」 from 凡例 (as written), or the default. */
function legendOf(r: SheetReader, root: YamlNode | undefined): Plan['legend'] {
  const node = r.get(root, '凡例');
  const parts: string[] = [];
  const map = r.deref(node);
  if (map && 'items' in map && Array.isArray(map.items)) {
    for (const item of map.items as { key?: unknown; value?: unknown }[]) {
      const key = r.str(item.key as YamlNode);
      const value = r.str(item.value as YamlNode);
      if (key !== undefined) parts.push(`${key}：${value ?? ''}`);
    }
  }
  const source = r.span(r.written(root, '凡例'));
  return parts.length ? { text: parts.join('　　'), ...(source ? { source } : {}) } : { text: defaultLegend };
}

function section(level: Section['level'], heading: TextRun[], source: SourceSpan | undefined, boxed = true): Section {
  return { type: 'section', level, heading, boxed, children: [], ...(source ? { source } : {}) };
}

/**
 * The 経営課題's summary as a one-cell box (a cell, not a paragraph, so the problems found in the
 * text are marked on it); nothing when the sheet has none.
 */
function summaryBox(r: SheetReader, map: YamlNode | undefined, key: string): Block[] {
  if (!r.has(map, key)) return [];
  const node = r.written(map, key);
  const cell = fieldCell(r, map, key);
  const runs = r.runs(node);
  if (runs.length) cell.content = [{ type: 'text', runs }];
  return [makeTable([100], [], [makeRow([cell])], spanSource(r.span(node)))];
}

// ---------------------------------------------------------------------------------------------
// 令和 form (002)

function detailIssue(plan: Plan, issue: YamlNode): Section {
  const { r } = plan;
  const s = section(1, [{ text: `経営課題${r.text(issue, '番号') ?? ''}　【${r.text(issue, '名称') ?? ''}】`, ...spanOf(r, issue, '名称') }], r.span(issue));
  s.children.push(...summaryBox(r, issue, '概要'));
  s.children.push(sdgsBox(r, issue));
  for (const strategy of r.items(r.get(issue, '戦略'))) s.children.push(detailStrategy(plan, strategy));
  return s;
}

function spanOf(r: SheetReader, map: YamlNode | undefined, key: string): { source?: SourceSpan } {
  const source = r.span(r.written(map, key));
  return source ? { source } : {};
}

/** 【主なSDGｓゴール】: the goal numbers (blank when the sheet names none: the 様式 prints the box anyway). */
function sdgsBox(r: SheetReader, map: YamlNode | undefined): Fields {
  const pair = r.pair(map, 'SDGsゴール');
  const goals = r.items(pair?.value ?? undefined).map((g) => r.str(g) ?? '').filter(Boolean);
  const source = r.span(pair?.value);
  const value: CellContent[] = pair ? (goals.length ? [textContent(goals.map((g) => `ゴール${g}`).join('　'), source)] : []) : [textContent('')];
  return { type: 'fields', items: [{ label: '【主なSDGｓゴール】', value, problems: [], ...(source ? { source } : {}) }], ...(source ? { source } : {}) };
}

function detailStrategy(plan: Plan, strategy: YamlNode): Section {
  const { r } = plan;
  const number = r.text(strategy, '番号') ?? '';
  const s = section(2, [{ text: `めざす成果及び戦略　${number}　【${r.text(strategy, '名称') ?? ''}】`, ...spanOf(r, strategy, '名称') }], r.span(strategy));
  const rows: Row[] = [];
  for (const [key, label] of [
    ['概要', '【概要】'],
    ['めざす状態', '【めざす状態】'],
    ['現状', '【現状】'],
    ['課題', '【課題】'],
    ['中期的な取組の方向性', '【中期的な取組の方向性】'],
  ] as const) {
    if (key === '概要' && !r.has(strategy, key)) continue;
    rows.push(makeRow([headerCell(label), fieldCell(r, strategy, key)], r.span(r.pair(strategy, key)?.key)));
  }
  s.children.push(makeTable([18, 82], [], rows, spanSource(r.span(strategy))));
  for (const indicator of r.items(r.get(strategy, 'アウトカム指標'))) s.children.push(indicatorTable(plan, indicator, '【アウトカム指標】', '達成状況'));
  for (const measure of r.items(r.get(strategy, '具体的取組'))) s.children.push(detailMeasure(plan, measure));
  s.children.push(selfEvaluation(r, strategy, number));
  return s;
}

function spanSource(source: SourceSpan | undefined): { source?: SourceSpan } {
  return source ? { source } : {};
}

/** The plan's year columns (N−2, N−1, N) plus any other year a result is written for. */
function yearColumns(plan: Plan, results: YamlNode[], yearKey: (item: YamlNode) => string | undefined): { fiscalYear?: number; label: string }[] {
  const years = new Set<number>();
  if (plan.fiscalYear !== undefined) for (let y = plan.fiscalYear - 2; y <= plan.fiscalYear; y++) years.add(y);
  const unknown: string[] = [];
  for (const item of results) {
    const written = yearKey(item);
    const ref = fiscalYearOf(written, plan.era);
    if (ref) years.add(ref.fiscalYear);
    else if (written && !unknown.includes(written)) unknown.push(written);
  }
  return [...[...years].sort((a, b) => a - b).map((y) => ({ fiscalYear: y, label: fiscalYearLabel(y, plan.era) })), ...unknown.map((label) => ({ label }))];
}

/** Which column a written year falls in. */
function columnIndex(plan: Plan, columns: { fiscalYear?: number; label: string }[], written: string | undefined): number {
  const ref = fiscalYearOf(written, plan.era);
  return columns.findIndex((c) => (ref ? c.fiscalYear === ref.fiscalYear : c.label === written));
}

/** A value with its unit as printed: 42.5% / 12件. */
function withUnit(value: string, unit: string): string {
  return value === '' ? '' : `${value}${unit}`;
}

/**
 * An indicator table: 指標 | 目標 | one column per fiscal year (value and mark), a 出典 row when any
 * year cites one, 備考, and the legend as the last row (printed on each box).
 */
function indicatorTable(plan: Plan, indicator: YamlNode, title: string, statusTitle: string): Table {
  const { r } = plan;
  const results = r.items(r.get(indicator, '実績'));
  const columns = yearColumns(plan, results, (item) => r.text(item, '年度'));
  const unit = r.text(indicator, '単位') ?? '';
  const span = columns.length + 2;
  const head = [
    makeRow([headerCell(title, { rowspan: 2 }), headerCell('目標', { rowspan: 2 }), headerCell(statusTitle, { colspan: columns.length, align: 'center' })]),
    makeRow(columns.map((c) => headerCell(c.label, { align: 'center' }))),
  ];
  const target = r.text(indicator, '目標値');
  const targetYear = r.text(indicator, '目標年度');
  const targetText = target === undefined ? '' : `${withUnit(target, unit)}${r.text(indicator, '比較') ?? ''}${targetYear ? `（${targetYear}まで）` : ''}`;
  const targetSource = r.span(r.written(indicator, '目標値'));
  const valueCells: Cell[] = columns.map(() => blankCell({ align: 'center' }));
  const sourceCells: Cell[] = columns.map(() => blankCell());
  let anySource = false;
  for (const item of results) {
    const index = columnIndex(plan, columns, r.text(item, '年度'));
    if (index < 0) continue;
    const runs: TextRun[] = [];
    const value = r.text(item, '値');
    if (value !== undefined && value !== '') runs.push({ text: withUnit(value, unit), ...spanOf(r, item, '値') });
    const mark = r.text(item, '達成状況');
    if (mark) runs.push({ text: mark, role: 'mark', ...spanOf(r, item, '達成状況') });
    const note = r.runs(r.written(item, '備考'), 'note');
    valueCells[index] = makeCell('data', runs.length || note.length ? [{ type: 'text', runs: [...runs, ...note] }] : [textContent('')], { align: 'center', ...spanSource(r.span(item)) });
    if (r.has(item, '出典')) {
      anySource = true;
      const cited = r.written(item, '出典');
      sourceCells[index] = makeCell('data', [textContent(`（出典：${r.text(item, '出典') ?? ''}）`, r.span(cited), 'note')], spanSource(r.span(cited)));
    }
  }
  const body: Row[] = [
    makeRow(
      [
        fieldCell(r, indicator, '指標'),
        makeCell('data', targetText ? [textContent(targetText, targetSource)] : [], { align: 'center', ...spanSource(targetSource) }),
        ...valueCells,
      ],
      r.span(indicator),
    ),
  ];
  if (anySource) body.push(makeRow([headerCell('出典', { colspan: 2 }), ...sourceCells]));
  if (r.has(indicator, '備考')) body.push(makeRow([fieldCell(r, indicator, '備考', { colspan: span })]));
  body.push(makeRow([makeCell('data', [textContent(plan.legend.text, plan.legend.source, 'note')], { colspan: span, align: 'right', ...spanSource(plan.legend.source) })]));
  return makeTable([34, 14, ...columns.map(() => 12)], head, body, spanSource(r.span(indicator)));
}

/** Budget columns: (N−2)決算額 / (N−1)予算額 / N予算額 from 年度, plus any other year the sheet writes. */
function budgetColumns(plan: Plan, budget: YamlNode | undefined): { label: string; key?: string }[] {
  const { r } = plan;
  const pattern = /^(令和|平成|R|H)?([0-9０-９]{1,2}|元)(年度)?(決算額|予算額)$/;
  const columns: { label: string; fiscalYear: number; kind: string; key?: string }[] = [];
  if (plan.fiscalYear !== undefined) {
    const fy = plan.fiscalYear;
    for (const [year, kind] of [
      [fy - 2, '決算額'],
      [fy - 1, '予算額'],
      [fy, '予算額'],
    ] as const) columns.push({ label: `${eraYearText(eraYearOf(year, plan.era).year)}${kind}`, fiscalYear: year, kind });
  }
  const map = r.deref(budget);
  const keys = map && 'items' in map && Array.isArray(map.items) ? (map.items as { key?: unknown }[]).map((p) => r.str(p.key as YamlNode) ?? '') : [];
  const extra: { label: string; key: string }[] = [];
  for (const key of keys) {
    const m = pattern.exec(key);
    if (!m) continue;
    const era = (m[1] === 'H' ? '平成' : m[1] === 'R' ? '令和' : (m[1] as Era | undefined)) ?? plan.era;
    const ref = fiscalYearOf(`${era}${m[2]}年度`, plan.era);
    const column = columns.find((c) => ref && c.fiscalYear === ref.fiscalYear && c.kind === m[4]);
    if (column) column.key = key;
    else extra.push({ label: key, key });
  }
  return [...columns, ...extra];
}

function detailMeasure(plan: Plan, measure: YamlNode): Section {
  const { r } = plan;
  const s = section(3, [{ text: `具体的取組${r.text(measure, '番号') ?? ''}　【${r.text(measure, '名称') ?? ''}】`, ...spanOf(r, measure, '名称') }], r.span(measure));
  // 概要 and the budget columns.
  const budget = r.get(measure, '予算');
  const unit = r.text(budget, '単位');
  const columns = budgetColumns(plan, budget);
  const head = makeRow([headerCell('概要'), ...columns.map((c) => headerCell(unit ? [{ text: c.label }, { text: `（${unit}）`, role: 'note' }] : c.label, { align: 'center' }))]);
  const amounts = columns.map((c) => {
    const pair = c.key ? r.pair(budget, c.key) : undefined;
    if (!pair) return blankCell({ align: 'right' });
    const value = r.str(r.deref(pair.value ?? undefined)) ?? '';
    const source = r.span(pair.value);
    return makeCell('data', value ? [textContent(formatAmount(value), source)] : [], { align: 'right', ...spanSource(source) });
  });
  s.children.push(makeTable([52, ...columns.map(() => 14)], [head], [makeRow([fieldCell(r, measure, '概要'), ...amounts])], spanSource(r.span(r.written(measure, '概要')))));
  // 主な取組: plan and results per year.
  const items = r.items(r.get(measure, '主な取組'));
  const all = items.flatMap((item) => [item, ...r.items(r.get(item, '内訳'))]);
  const resultYears = resultColumns(plan, all);
  s.children.push(mainActivities(plan, items, resultYears));
  for (const indicator of r.items(r.get(measure, 'プロセス指標'))) s.children.push(indicatorTable(plan, indicator, 'プロセス（過程）指標（取組によりめざす指標）', 'プロセス（過程）指標の達成状況'));
  s.children.push(
    makeTable([50, 50], [makeRow([headerCell('〈参考〉区政会議等意見'), headerCell('写真等')])], [makeRow([fieldCell(r, measure, '区政会議等意見'), fieldCell(r, measure, '写真等')])]),
  );
  if (r.has(measure, 'SDGsゴール')) s.children.push(sdgsBox(r, measure));
  return s;
}

/** The result columns of 主な取組: (N−1)年度実績 and N年度実績, plus any other year written. */
function resultColumns(plan: Plan, items: YamlNode[]): { fiscalYear?: number; label: string; key?: string }[] {
  const { r } = plan;
  const years = new Map<number, string>();
  if (plan.fiscalYear !== undefined) for (const y of [plan.fiscalYear - 1, plan.fiscalYear]) years.set(y, '');
  const unknown: string[] = [];
  for (const item of items) {
    const results = r.deref(r.get(item, '実績'));
    if (!results || !('items' in results) || !Array.isArray(results.items)) continue;
    for (const p of results.items as { key?: unknown }[]) {
      const key = r.str(p.key as YamlNode) ?? '';
      const ref = fiscalYearOf(key, plan.era);
      if (ref) {
        if (!years.has(ref.fiscalYear)) years.set(ref.fiscalYear, '');
      } else if (key && !unknown.includes(key)) unknown.push(key);
    }
  }
  return [
    ...[...years.keys()].sort((a, b) => a - b).map((y) => ({ fiscalYear: y, label: `${eraYearText(eraYearOf(y, plan.era).year)}年度実績` })),
    ...unknown.map((key) => ({ label: key, key })),
  ];
}

/** The 主な取組 table: 「取組：計画」 and one result column per year; 内訳 indented under their row. */
function mainActivities(plan: Plan, items: YamlNode[], columns: { fiscalYear?: number; label: string; key?: string }[]): Table {
  const { r } = plan;
  const rows: Row[] = [];
  const addRow = (item: YamlNode, indent: string): void => {
    const name = r.text(item, '取組') ?? '';
    const planned = r.text(item, '計画');
    const cells = [makeCell('data', [textContent(`${indent}${name}${planned ? `：${planned}` : ''}`, r.span(item))], spanSource(r.span(item)))];
    const results = r.get(item, '実績');
    const map = r.deref(results);
    const keys = map && 'items' in map && Array.isArray(map.items) ? (map.items as { key?: unknown }[]).map((p) => r.str(p.key as YamlNode) ?? '') : [];
    for (const column of columns) {
      const key = column.key ?? keys.find((k) => fiscalYearOf(k, plan.era)?.fiscalYear === column.fiscalYear);
      cells.push(key !== undefined ? fieldCell(r, results, key, { align: 'center' }) : blankCell({ align: 'center' }));
    }
    rows.push(makeRow(cells, r.span(item)));
    for (const sub of r.items(r.get(item, '内訳'))) addRow(sub, `${indent}　`);
  };
  for (const item of items) addRow(item, '');
  const head = [makeRow([headerCell('主な取組'), ...columns.map((c) => headerCell(c.label, { align: 'center' }))])];
  return makeTable([50, ...columns.map(() => 14)], head, rows);
}

/** 戦略の自己評価: the box titled 「戦略5-1の自己評価」 with 課題 / 改善策 (blank when not yet written). */
function selfEvaluation(r: SheetReader, strategy: YamlNode, number: string): Table {
  const head = [makeRow([headerCell(`戦略${number}の自己評価`, { colspan: 2 })])];
  const body: Row[] = [];
  if (r.has(strategy, '自己評価')) body.push(makeRow([fieldCell(r, strategy, '自己評価', { colspan: 2 })]));
  body.push(makeRow([headerCell('課題'), headerCell('改善策')]));
  body.push(makeRow([fieldCell(r, strategy, '自己評価の課題'), fieldCell(r, strategy, '改善策')]));
  return makeTable([50, 50], head, body);
}

// ---------------------------------------------------------------------------------------------
// 平成 概要版 (004)

function summaryIssue(plan: Plan, issue: YamlNode): Section {
  const { r } = plan;
  const s = section(1, [{ text: `経営課題${r.text(issue, '番号') ?? ''}　${r.text(issue, '名称') ?? ''}`, ...spanOf(r, issue, '名称') }], r.span(issue));
  s.children.push(...summaryBox(r, issue, '概要'));
  const head = [makeRow([headerCell('戦略'), headerCell('具体的取組'), headerCell('取組実績')])];
  const body: Row[] = [];
  for (const strategy of r.items(r.get(issue, '戦略'))) {
    const measures = r.items(r.get(strategy, '具体的取組'));
    const strategyCell = makeCell('data', [textContent(`${r.text(strategy, '番号') ?? ''} ${r.text(strategy, '名称') ?? ''}`, r.span(r.written(strategy, '名称'))), ...paragraphs(r, r.written(strategy, '概要'))], {
      rowspan: Math.max(1, measures.length),
      ...spanSource(r.span(strategy)),
    });
    if (measures.length === 0) body.push(makeRow([strategyCell, blankCell(), blankCell()], r.span(strategy)));
    measures.forEach((measure, index) => {
      const cells = [summaryMeasureCell(r, measure), fieldCell(r, measure, '取組実績')];
      body.push(makeRow(index === 0 ? [strategyCell, ...cells] : cells, r.span(measure)));
    });
  }
  s.children.push(makeTable([30, 46, 42], head, body, spanSource(r.span(r.written(issue, '戦略')))));
  return s;
}

/** A 文章 printed as paragraphs (the 概要版's 戦略 column has no bullets). */
function paragraphs(r: SheetReader, node: YamlNode | undefined): CellContent[] {
  const runs = r.runs(node);
  return runs.length ? [{ type: 'text', runs }] : [];
}

/** 「1）名称 【予算額 4,900千円】」, 概要, and 「目　標」 with each 目標. */
function summaryMeasureCell(r: SheetReader, measure: YamlNode): Cell {
  const budget = r.get(measure, '予算額');
  const amount = r.text(budget, '金額');
  const unit = r.text(budget, '単位') ?? '';
  const label = budget ? `　【予算額 ${amount === '－' || amount === undefined ? '－ ' : formatAmount(amount)}${unit}】` : '';
  const content: CellContent[] = [textContent(`${r.text(measure, '番号') ?? ''}）${r.text(measure, '名称') ?? ''}${label}`, r.span(r.written(measure, '名称')))];
  content.push(...r.content(r.written(measure, '概要')));
  const goals = r.items(r.get(measure, '目標'));
  if (goals.length) {
    content.push(textContent('目　標', undefined, 'label'));
    const runs: TextRun[] = goals.map((goal) => {
      const text = r.text(goal, '内容') ?? r.str(goal) ?? '';
      return { text, ...spanSource(r.span(r.written(goal, '内容') ?? goal)) };
    });
    content.push({ type: 'list', items: runs });
  }
  return makeCell('data', content, spanSource(r.span(measure)));
}

/** The 行財政 section: 取組 / 目標 / 取組実績, a heading row per numbered 取組 that has 項目. */
function administration(r: SheetReader, node: YamlNode | undefined): Section {
  const s = section(1, [{ text: r.text(node, '名称') ?? '行財政運営', ...spanOf(r, node, '名称') }], r.span(node));
  const head = [makeRow([headerCell('取組'), headerCell('目標'), headerCell('取組実績')])];
  const body: Row[] = [];
  for (const item of r.items(r.get(node, '取組'))) {
    const title = `${r.text(item, '番号') ?? ''}）${r.text(item, '名称') ?? ''}`;
    const parts = r.items(r.get(item, '項目'));
    if (parts.length === 0) {
      const cell = makeCell('data', [textContent(title, r.span(r.written(item, '名称'))), ...r.content(r.written(item, '概要'))], spanSource(r.span(r.written(item, '名称'))));
      body.push(makeRow([cell, fieldCell(r, item, '目標'), fieldCell(r, item, '取組実績')], r.span(item)));
      continue;
    }
    body.push(makeRow([makeCell('header', [textContent(title, r.span(r.written(item, '名称')))], { colspan: 3, ...spanSource(r.span(r.written(item, '名称'))) })], r.span(item)));
    for (const part of parts) {
      const cell = makeCell('data', [textContent(`・${r.text(part, '名称') ?? ''}`, r.span(r.written(part, '名称'))), ...r.content(r.written(part, '概要'))], spanSource(r.span(r.written(part, '名称'))));
      body.push(makeRow([cell, fieldCell(r, part, '目標'), fieldCell(r, part, '取組実績')], r.span(part)));
    }
    if (r.has(item, '目標') || r.has(item, '取組実績')) body.push(makeRow([blankCell(), fieldCell(r, item, '目標'), fieldCell(r, item, '取組実績')]));
  }
  s.children.push(makeTable([34, 38, 46], head, body, spanSource(r.span(node))));
  return s;
}

/** A key/value box (問い合わせ). */
function fieldsOf(r: SheetReader, node: YamlNode, label: string): Section {
  const s = section(1, [{ text: label }], r.span(node));
  const map = r.deref(node);
  const items: Fields['items'] = [];
  if (map && 'items' in map && Array.isArray(map.items)) {
    for (const p of map.items as { key?: unknown; value?: unknown }[]) {
      const key = r.str(p.key as YamlNode) ?? '';
      const source = r.span(p.value as YamlNode);
      items.push({ label: key, value: r.content(p.value as YamlNode), problems: [], ...spanSource(source) });
    }
  }
  s.children.push({ type: 'fields', items, ...spanSource(r.span(node)) });
  return s;
}
