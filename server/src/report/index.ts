/**
 * The ward-wide summary (取りまとめ): one print-ready Japanese HTML page over many sheets — per ward
 * and per sheet the findings by family, 実施状況 (実施中 / 完了) and indicators achieved vs not — with
 * charts of achievement rendered to SVG by Vega-Lite/Vega at build time (no script in the page: the
 * charts are inline SVG, each bar a link; a Content-Security-Policy meta forbids scripts anyway).
 *
 * Inputs are sheet texts with their paths (the caller reads the files); the sheets form one
 * workspace, so 【再掲】 across sheets resolve as in `check`. Links point from the report's folder
 * to each sheet file.
 */
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService, SeverityOverrides, SheetFacts } from '../service';
import { escapeHtml } from '../service/render/html';
import { summarizeSheet, type SheetSummary } from '../service/summary';
import { sansFonts } from '../export/printHtml';
import { wardNames } from '../service/domain/wards';

/** One sheet of the report. */
export interface ReportSheet {
  /** The file as given. */
  path: string;
  /** 「阿倍野区 令和6年度 区運営方針」 */
  title: string;
  kind?: string;
  ward?: string;
  fiscalYear?: number;
  yearLabel?: string;
  /** Findings per family (the part of the code before "/"), after the project file's severities. */
  families: Record<string, number>;
  errors: number;
  warnings: number;
  summary: SheetSummary;
}

/** A sheet to report on: its path, its text, and the severities that apply to it. */
export interface ReportInput {
  path: string;
  text: string;
  overrides?: SeverityOverrides;
}

/** Japanese names of the diagnostic code families. */
export const familyNames: Record<string, string> = {
  yaml: 'YAML 構文',
  sheet: 'シート',
  schema: '様式',
  indicator: '指標',
  'fiscal-year': '年度',
  target: '目標',
  id: '番号',
  reference: '参照',
  count: '件数・合計',
  deadline: '期限',
  date: '日付',
  ward: '区名',
  minutes: '議事',
  suppression: '抑制',
};

/** Reads the sheets with the service: facts, findings (with every sheet as the workspace) and counts. */
export function collectReport(service: LanguageService, inputs: readonly ReportInput[]): ReportSheet[] {
  const documents = inputs.map((input) => ({ input, document: TextDocument.create(pathToFileURL(input.path).href, 'policy-yaml', 1, input.text) }));
  const facts = new Map<string, SheetFacts>(documents.map(({ document }) => [document.uri, service.facts(document)]));
  const workspace = { files: () => facts.values() };
  return documents.map(({ input, document }) => {
    const f = facts.get(document.uri)!;
    const families: Record<string, number> = {};
    let errors = 0;
    let warnings = 0;
    for (const d of service.validate(document, input.overrides ?? {}, { workspace })) {
      const family = String(d.code).split('/')[0]!;
      families[family] = (families[family] ?? 0) + 1;
      if (d.severity === 1) errors++;
      else if (d.severity === 2) warnings++;
    }
    const sheet: ReportSheet = { path: input.path, title: f.title, families, errors, warnings, summary: summarizeSheet(service.getSheet(document).sheet.data, f.kind) };
    if (f.kind) sheet.kind = f.kind;
    if (f.ward) sheet.ward = f.ward;
    if (f.fiscalYear !== undefined) sheet.fiscalYear = f.fiscalYear;
    if (f.yearLabel) sheet.yearLabel = f.yearLabel;
    service.forget(document.uri);
    return sheet;
  });
}

/** The sheets grouped by ward (the 24 wards in order; 区名なし last), by year and path within a ward. */
function byWard(sheets: readonly ReportSheet[]): [string, ReportSheet[]][] {
  const groups = new Map<string, ReportSheet[]>();
  // The 24 wards in the city's order (wards.ts), then other names, then sheets without a ward.
  const order = (ward: string | undefined) => (ward === undefined ? 1e6 : wardNames.includes(ward) ? wardNames.indexOf(ward) : 1e5);
  const sorted = [...sheets].sort((a, b) => order(a.ward) - order(b.ward) || (a.ward ?? '').localeCompare(b.ward ?? '') || (a.fiscalYear ?? 0) - (b.fiscalYear ?? 0) || a.path.localeCompare(b.path));
  for (const sheet of sorted) {
    const ward = sheet.ward ?? '区名なし';
    if (!groups.has(ward)) groups.set(ward, []);
    groups.get(ward)!.push(sheet);
  }
  return [...groups];
}

const anchor = (ward: string) => `ward-${encodeURIComponent(ward).replace(/%/g, '')}`;
const rate = (s: { achieved: number; unachieved: number }) => (s.achieved + s.unachieved === 0 ? undefined : s.achieved / (s.achieved + s.unachieved));
const percent = (r: number | undefined) => (r === undefined ? '－' : `${Math.round(r * 100)}%`);

function total(sheets: readonly ReportSheet[]): { status: SheetSummary['status']; indicators: SheetSummary['indicators']; errors: number; warnings: number } {
  const t = { status: { 実施中: 0, 完了: 0, その他: 0 }, indicators: { achieved: 0, unachieved: 0, unknown: 0 }, errors: 0, warnings: 0 };
  for (const s of sheets) {
    for (const k of ['実施中', '完了', 'その他'] as const) t.status[k] += s.summary.status[k];
    for (const k of ['achieved', 'unachieved', 'unknown'] as const) t.indicators[k] += s.summary.indicators[k];
    t.errors += s.errors;
    t.warnings += s.warnings;
  }
  return t;
}

/** The width of a label in px at `fontSize`: 1 em per wide (CJK, full-width) character, 0.6 em per other. */
function labelWidth(label: string, fontSize: number): number {
  let em = 0;
  for (const ch of label) em += /[\u0000-\u024f]/.test(ch) ? 0.6 : 1;
  return Math.ceil(em * fontSize);
}

/** A horizontal bar chart as SVG (Vega-Lite compiled to Vega, rendered headless); each bar links to `href`. */
export async function barChartSvg(rows: readonly { label: string; achieved: number; unachieved: number; href: string }[], title: string): Promise<string> {
  const vega = await import('vega');
  const vegaLite = await import('vega-lite');
  const values = rows.flatMap((r) => [
    { label: r.label, 区分: '達成', count: r.achieved, href: r.href, order: 0 },
    { label: r.label, 区分: '未達成', count: r.unachieved, href: r.href, order: 1 },
  ]);
  const spec = vegaLite.compile({
    title,
    width: 520,
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      // Vega estimates text widths without a canvas from Latin metrics; CJK labels are about 1 em per
      // character, so the axis is given room for its longest label (at most 360 px, then cut with …).
      y: { field: 'label', type: 'nominal', title: null, sort: rows.map((r) => r.label), axis: { labelLimit: 360, labelFontSize: 10, minExtent: Math.min(360, Math.max(...rows.map((r) => labelWidth(r.label, 10))) + 6) } },
      x: { field: 'count', type: 'quantitative', stack: 'normalize', title: '指標の達成状況（割合）', axis: { format: '.0%' } },
      color: { field: '区分', type: 'nominal', scale: { domain: ['達成', '未達成'], range: ['#2f6f9f', '#d98c3f'] }, legend: { title: null, orient: 'bottom' } },
      order: { field: 'order' },
      href: { field: 'href' },
      tooltip: null,
    },
    config: { font: sansFonts, view: { stroke: null } },
  } as never).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Options of `renderReportHtml`. */
export interface ReportHtmlOptions {
  /** The folder links are made relative to (the report's folder). */
  baseDir: string;
  /** Printed under the title (e.g. the date). */
  generated?: string;
}

/** The report page: a summary per ward (chart and table), then one section per ward with its sheets. */
export async function renderReportHtml(sheets: readonly ReportSheet[], options: ReportHtmlOptions): Promise<string> {
  const wards = byWard(sheets);
  const families = Object.keys(familyNames).filter((f) => sheets.some((s) => s.families[f]));
  for (const s of sheets) for (const f of Object.keys(s.families)) if (!families.includes(f)) families.push(f);
  // "./" first: a file named "javascript:….sheet.yaml" must stay a relative link, never a scheme.
  const link = (sheet: ReportSheet) => encodeURI(`./${relative(options.baseDir, sheet.path).split('\\').join('/')}`).replace(/#/g, '%23');
  const withIndicators = wards.filter(([, list]) => list.some((s) => s.summary.indicators.achieved + s.summary.indicators.unachieved > 0));
  const wardChart = withIndicators.length > 0
    ? await barChartSvg(withIndicators.map(([ward, list]) => ({ label: ward, ...total(list).indicators, href: `#${anchor(ward)}` })), '区別の指標達成状況')
    : '';
  const cell = (n: number, href?: string) => (href && n > 0 ? `<td class="n"><a href="${href}">${n}</a></td>` : `<td class="n">${n}</td>`);
  const out: string[] = [];
  out.push(`<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>取りまとめ（${sheets.length} 件のシート）</title>
<style>
@page { size: A4 landscape; margin: 12mm 10mm; }
body { font-family: ${sansFonts}; font-size: 10pt; color: #111; margin: 0 auto; max-width: 277mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #444; }
p.meta { margin: 0 0 4mm; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; }
th, td { border: 1px solid #888; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; font-weight: bold; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 2mm 0; break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #444; }
section.ward { break-before: page; }
a { color: inherit; }
</style>
</head>
<body>
<header>
<h1>取りまとめ：区別・シート別の点検結果</h1>
<p class="meta">シート ${sheets.length} 件・${wards.length} 区分${options.generated ? `・作成 ${escapeHtml(options.generated)}` : ''}。区名のないシート（振り返りシート・部会議事概要など）は「区名なし」にまとめています。</p>
</header>
<section id="summary">
<h2>区別のまとめ</h2>`);
  if (wardChart) out.push(`<figure class="chart" id="chart-wards">${wardChart}<figcaption>図：区別の指標達成状況（達成・未達成の割合）。棒をクリックするとその区の節へ移ります。</figcaption></figure>`);
  out.push(`<table class="wards"><thead><tr><th>区</th><th>シート</th><th>エラー</th><th>警告</th><th>実施中</th><th>完了</th><th>達成</th><th>未達成</th><th>達成率</th></tr></thead><tbody>`);
  for (const [ward, list] of wards) {
    const t = total(list);
    out.push(`<tr><th scope="row"><a href="#${anchor(ward)}">${escapeHtml(ward)}</a></th>${cell(list.length)}${cell(t.errors)}${cell(t.warnings)}${cell(t.status.実施中)}${cell(t.status.完了)}${cell(t.indicators.achieved)}${cell(t.indicators.unachieved)}<td class="n">${percent(rate(t.indicators))}</td></tr>`);
  }
  out.push('</tbody></table></section>');
  for (const [ward, list] of wards) {
    out.push(`<section class="ward" id="${anchor(ward)}"><h2>${escapeHtml(ward)}</h2>`);
    const charted = list.filter((s) => s.summary.indicators.achieved + s.summary.indicators.unachieved > 0);
    if (charted.length > 0) {
      const svg = await barChartSvg(charted.map((s) => ({ label: `${s.yearLabel ?? ''} ${s.kind ?? ''}（${relative(options.baseDir, s.path).split('\\').join('/')}）`.trim(), ...s.summary.indicators, href: link(s) })), `${ward}：シート別の指標達成状況`);
      out.push(`<figure class="chart">${svg}<figcaption>図：${escapeHtml(ward)}のシート別の指標達成状況。棒をクリックするとそのシートを開きます。</figcaption></figure>`);
    }
    out.push(`<table class="sheets"><thead><tr><th>シート</th><th>様式</th><th>年度</th>${families.map((f) => `<th>${escapeHtml(familyNames[f] ?? f)}</th>`).join('')}<th>実施中</th><th>完了</th><th>達成</th><th>未達成</th></tr></thead><tbody>`);
    for (const s of list) {
      const href = link(s);
      out.push(
        `<tr><td><a href="${href}">${escapeHtml(relative(options.baseDir, s.path).split('\\').join('/'))}</a></td><td>${escapeHtml(s.kind ?? '様式不明')}</td><td>${escapeHtml(s.yearLabel ?? '－')}</td>${families.map((f) => cell(s.families[f] ?? 0, href)).join('')}${cell(s.summary.status.実施中, href)}${cell(s.summary.status.完了, href)}${cell(s.summary.indicators.achieved, href)}${cell(s.summary.indicators.unachieved, href)}</tr>`,
      );
    }
    out.push('</tbody></table></section>');
  }
  out.push('</body>\n</html>\n');
  return out.join('\n');
}
