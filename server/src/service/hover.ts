/**
 * Hover for policy sheets: what the field under the mouse means, and what the domain knows about
 * its value.
 * - the field's Japanese title and description (from the kind's schema);
 * - any year or date (a value, a key such as 5年度 or 4決算額, or words inside a sentence): the
 *   other calendar and the fiscal year's span — 「令和6年度 = 2024年度：2024年4月1日〜2025年3月31日」;
 * - inside an indicator: its target, comparator, each year's value and mark, and whether each mark
 *   agrees with value vs target under the document's legend;
 * - on a 【再掲】: the item it points to (the 中項目, and the rows whose めざす姿 it repeats);
 * - an amount written in 千円 or 百万円 (a value with such a 単位, or "7,684千円" in a sentence): its
 *   value in 円.
 *
 * Pure: reads the cached parse (AST with offsets, data) and the schemas; offsets inside, an LSP
 * range only in `toHover`.
 */
import { bigramLikeness as diceLikeness } from './checks/references';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Hover, MarkupKind } from 'vscode-languageserver-types';
import { type Document, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { parseSectionAddress } from './checks/references';
import { indexedRecords, isRecord, texts } from './checks/support';
import { parsePointInTime } from './domain/dates';
import { type Era, fiscalYearOfDate, parseFiscalYear, parseWarekiDate, toAsciiDigits, weekdayOf } from './domain/era';
import { comparatorHolds, defaultLegend, markFor, parseComparator, readMark, trimMark } from './domain/marks';
import { formatDecimal, parseWrittenNumber, readNumber } from './domain/numbers';
import type { Segment } from './cursor';
import type { SheetKind } from './kinds';
import { annotation, type SchemaNavigator } from './schemaNav';
import { dataAt, fiscalYearLabel, fiscalYearSpanText, fiscalYearSummary, itemsOf, legendOf, sectionTargets, yearOf } from './sheetFacts';

/** What hover reads: the cached parse of one document and the schemas. */
export interface HoverInput {
  text: string;
  yaml: Document.Parsed | undefined;
  data: unknown;
  kind: SheetKind | undefined;
  navigator: SchemaNavigator;
}

/** A hover with offsets: Markdown and the range it is about. */
export interface HoverResult {
  markdown: string;
  start: number;
  end: number;
}

/** What the mouse is on: a key or a scalar value, with its data path and source range. */
interface Target {
  path: Segment[];
  on: 'key' | 'value';
  start: number;
  end: number;
  /** The key or scalar as data (string, number …). */
  value: unknown;
}

/** The hover at `offset` (UTF-16) of a sheet, or undefined when there is nothing to say. */
export function hover(input: HoverInput, offset: number): HoverResult | undefined {
  if (!input.yaml) return undefined;
  const target = findTarget(input.yaml.contents as YamlNode | null, offset, []);
  if (!target) return undefined;
  // No catch here: the property tests must see a throw; the server catches and logs it.
  return new HoverBuilder(input, target, offset).build();
}

/** The LSP Hover for a result (the one place offsets become a range). */
export function toHover(document: TextDocument, result: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: result.markdown }, range: { start: document.positionAt(result.start), end: document.positionAt(result.end) } };
}

function within(node: YamlNode | null | undefined, offset: number): boolean {
  return !!node?.range && node.range[0] <= offset && offset < Math.max(node.range[1], node.range[0] + 1);
}

/** Walks the AST down to the key or scalar under `offset`. Aliases are not followed. */
function findTarget(node: YamlNode | null | undefined, offset: number, path: Segment[]): Target | undefined {
  for (let depth = 0; node && depth < 256; depth++) {
    if (isMap(node)) {
      let next: YamlNode | null | undefined;
      for (const pair of node.items) {
        const key = pair.key as YamlNode | null;
        if (isScalar(key) && within(key, offset)) return { path: [...path, String(key.value)], on: 'key', start: key.range![0], end: key.range![1], value: key.value };
        const value = pair.value as YamlNode | null;
        if (within(value, offset) && isScalar(key)) {
          path = [...path, String(key.value)];
          next = value;
          break;
        }
      }
      node = next;
    } else if (isSeq(node)) {
      let next: YamlNode | null | undefined;
      node.items.forEach((item, i) => {
        if (next === undefined && within(item as YamlNode, offset)) {
          next = item as YamlNode;
          path = [...path, i];
        }
      });
      node = next;
    } else if (isScalar(node)) {
      return node.range ? { path, on: 'value', start: node.range[0], end: node.range[1], value: node.value } : undefined;
    } else return undefined;
  }
  return undefined;
}

/** A year, date or amount written at the hovered offset, with its range. */
interface Token {
  start: number;
  end: number;
  text: string;
}

class HoverBuilder {
  private readonly data: Record<string, unknown>;
  private readonly era: Era;
  private range: { start: number; end: number };

  constructor(
    private readonly input: HoverInput,
    private readonly target: Target,
    private readonly offset: number,
  ) {
    this.data = isRecord(input.data) ? input.data : {};
    this.era = yearOf(this.data).era;
    this.range = { start: target.start, end: target.end };
  }

  build(): HoverResult | undefined {
    const sections = [this.field(), this.time(), this.amount(), this.repeat(), this.indicator()].filter((s): s is string => s !== undefined && s !== '');
    if (sections.length === 0) return undefined;
    return { markdown: sections.join('\n\n---\n\n'), ...this.range };
  }

  /** The field's title and description; for a list item, its list's. */
  private field(): string | undefined {
    if (!this.input.kind) return undefined;
    const path = this.target.path;
    let views = this.input.navigator.at(this.input.kind, path);
    let title = annotation(views, 'title');
    let description = annotation(views, 'description');
    let name = [...path].reverse().find((s): s is string => typeof s === 'string');
    if (title === undefined && typeof path[path.length - 1] === 'number') {
      // A list item (課題: - …): the list's meaning.
      const listPath = path.slice(0, -1);
      views = this.input.navigator.at(this.input.kind, listPath);
      title = annotation(views, 'title');
      description = annotation(views, 'description');
      name = [...listPath].reverse().find((s): s is string => typeof s === 'string');
    }
    if (title === undefined && description === undefined) return undefined;
    const head = title !== undefined ? `**${title}**${name !== undefined && name !== title ? `（${name}）` : ''}` : `**${name ?? ''}**`;
    return description ? `${head}\n\n${description}` : head;
  }

  /** The written text at the hovered offset on its line, and where the line starts. */
  private lineAt(): { line: string; lineStart: number } {
    const text = this.input.text;
    const lineStart = text.lastIndexOf('\n', this.offset - 1) + 1;
    let lineEnd = text.indexOf('\n', this.offset);
    if (lineEnd < 0) lineEnd = text.length;
    return { line: text.slice(lineStart, lineEnd), lineStart };
  }

  /** The first match of `pattern` on the hovered line that covers the offset, inside the target's range. */
  private tokenAt(pattern: RegExp): (Token & { match: RegExpMatchArray }) | undefined {
    const { line, lineStart } = this.lineAt();
    // Full-width digits are single UTF-16 units: ASCII-fying keeps every offset.
    const ascii = toAsciiDigits(line);
    for (const match of ascii.matchAll(pattern)) {
      const start = lineStart + match.index!;
      const end = start + match[0].length;
      if (start <= this.offset && this.offset < end && start >= this.target.start && end <= this.target.end) return { start, end, text: line.slice(match.index!, match.index! + match[0].length), match };
    }
    return undefined;
  }

  /** Years and dates: the other calendar and the fiscal year's span. */
  private time(): string | undefined {
    const era = this.era;
    // A budget column key: 4決算額, 令和5予算額.
    if (this.target.on === 'key' && typeof this.target.value === 'string') {
      const budget = /^(令和|平成|R|H)?([0-9０-９]{1,2}|元)(?:年度)?(決算額|予算額)$/.exec(this.target.value);
      if (budget) {
        const era_ = budget[1] === 'R' ? '令和' : budget[1] === 'H' ? '平成' : ((budget[1] as Era | undefined) ?? era);
        const parsed = parseFiscalYear(`${era_}${budget[2]}年度`, era);
        if (parsed) return `${budget[3]}の年度：${fiscalYearSummary(parsed.ref.fiscalYear)}`;
      }
    }
    const date = this.tokenAt(/(令和|平成|昭和)\s*([0-9]{1,2}|元)\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日/g);
    if (date) {
      const parsed = parseWarekiDate(date.match[0]);
      if (parsed) {
        this.range = date;
        const { year, month, day } = parsed.date;
        const fy = fiscalYearOfDate(year, month);
        const note = parsed.problem ? `\n\n⚠ ${parsed.problem}` : '';
        return `${date.text.trim()} = ${year}年${month}月${day}日（${weekdayOf(year, month, day)}）\n\n${fiscalYearLabel(fy, parsed.date.era)}（${fy}年度：${fiscalYearSpanText(fy)}）の日付${note}`;
      }
    }
    const western = this.tokenAt(/(?<![0-9])(19[0-9]{2}|20[0-9]{2})\s*年(度)?(?:\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?)?/g);
    if (western) {
      this.range = western;
      const year = Number(western.match[1]);
      if (western.match[2]) return fiscalYearSummary(year);
      const month = western.match[3] ? Number(western.match[3]) : undefined;
      if (month === undefined) return `${year}年 = ${[...new Set([this.eraName(year, 1), this.eraName(year, 12)])].join('・')}`;
      const day = western.match[4] ? Number(western.match[4]) : undefined;
      const wareki = this.eraName(year, month, day ?? 1);
      const fy = fiscalYearOfDate(year, month);
      return `${western.text.trim()} = ${wareki}${month}月${day !== undefined ? `${day}日（${weekdayOf(year, month, day)}）` : ''}\n\n${fiscalYearLabel(fy, this.era)}（${fy}年度：${fiscalYearSpanText(fy)}）`;
    }
    const point = this.tokenAt(/(令和|平成|昭和|[RHrh])\s*([0-9]{1,2}|元)\s*(?:年\s*[0-9]{1,2}\s*月(?:\s*[0-9]{1,2}\s*日)?|\.[0-9]{1,2}(?:\.[0-9]{1,2})?)(末)?/g);
    if (point) {
      const span = parsePointInTime(point.match[0], era);
      if (span) {
        this.range = point;
        const [y, m] = span.end.split('-').map(Number) as [number, number];
        const fy = fiscalYearOfDate(y, m);
        const days = span.start === span.end ? isoText(span.start) : `${isoText(span.start)}〜${isoText(span.end)}`;
        return `${point.text.trim()} = ${days}\n\n${fiscalYearLabel(fy, era)}（${fy}年度：${fiscalYearSpanText(fy)}）`;
      }
    }
    const fiscal = this.tokenAt(/(令和|平成|昭和|[RH])?(?<![0-9])([0-9]{1,2}|元)\s*年度(末|中)?/g) ?? this.tokenAt(/(?<![A-Za-z])([RH])([0-9]{1,2})(?![0-9.年])/g);
    if (fiscal) {
      const written = fiscal.match[0].replace(/\s+/g, '').replace(/(末|中)$/, '');
      const parsed = parseFiscalYear(written, era);
      if (parsed) {
        this.range = fiscal;
        const fy = parsed.ref.fiscalYear;
        const bare = parsed.ref.form === 'bare' ? `（元号は文書の年度から：${parsed.ref.era}）` : '';
        const end = fiscal.match[0].endsWith('末') ? `\n\n${fiscal.text.trim()} = ${fy + 1}年3月31日` : '';
        const problem = parsed.problem ? `\n\n⚠ ${parsed.problem.message}` : '';
        return `${fiscal.text.trim()}${bare}\n\n${fiscalYearSummary(fy)}${end}${problem}`;
      }
    }
    return undefined;
  }

  private eraName(year: number, month: number, day = 1): string {
    const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    if (iso >= '2019-05-01') return `令和${year === 2019 ? '元' : year - 2018}年`;
    if (iso >= '1989-01-08') return `平成${year === 1989 ? '元' : year - 1988}年`;
    return `昭和${year - 1925}年`;
  }

  /** An amount in 千円 / 百万円 in 円: a value with such a 単位, or "4,900千円" in a sentence. */
  private amount(): string | undefined {
    // Starts only where a run of digits starts, so a long run is scanned once (linear).
    const written = this.tokenAt(/(?<![0-9,，.．])([0-9][0-9,，]*(?:[.．][0-9]+)?)\s*(千円|百万円)/g);
    if (written) {
      const number = parseWrittenNumber(written.match[1]!);
      if (number) {
        this.range = written;
        return `${written.text.trim()} = ${inYen(number.decimal, written.match[2] as '千円' | '百万円')}円`;
      }
    }
    if (this.target.on !== 'value' || typeof this.target.value !== 'number') return undefined;
    const unit = this.unitOf(this.target.path);
    if (unit !== '千円' && unit !== '百万円') return undefined;
    const source = this.input.text.slice(this.target.start, this.target.end);
    const number = readNumber(this.target.value, source);
    if (!number) return undefined;
    return `${formatDecimal(number.decimal, true)}${unit} = ${inYen(number.decimal, unit)}円`;
  }

  /** The 単位 that applies to the amount at `path`: a sibling 単位, or the 単位 of the list's owner (内訳). */
  private unitOf(path: Segment[]): unknown {
    for (let end = path.length - 1; end >= 0; end--) {
      const parent = dataAt(this.data, path.slice(0, end));
      if (isRecord(parent) && typeof parent['単位'] === 'string') return parent['単位'];
    }
    return undefined;
  }

  /** On a 【再掲】: the 中項目 it points to and the rows whose めざす姿 it repeats. */
  private repeat(): string | undefined {
    const path = this.target.path;
    if (this.input.kind !== '振り返りシート' || path[path.length - 1] !== '再掲') return undefined;
    const row = dataAt(this.data, path.slice(0, -1));
    const written = isRecord(row) ? row['再掲'] : undefined;
    const address = typeof written === 'string' ? parseSectionAddress(written) : undefined;
    if (!address || !isRecord(row)) return undefined;
    const found = sectionTargets(this.data).find((t) => t.address === `${address.pillar} (${address.section})`);
    if (!found) return `【再掲】の元「${String(written).trim()}」はこの文書にありません。`;
    const sectionName = typeof found.section['名称'] === 'string' ? found.section['名称'] : '';
    const lines = [`**【再掲】の元：${found.address} ${sectionName}**（柱${address.pillar} ${String(found.pillar['名称'] ?? '')}）`];
    const rows = itemsOf(found.section).flatMap((item) => indexedRecords(item['行']).map(([, r]) => ({ item, goals: texts(r['めざす姿']) })));
    const goals = texts(row['めざす姿']);
    if (goals.length === 0) {
      lines.push('', ...itemsOf(found.section).map((item) => `- ➤ ${String(item['名称'] ?? '')}`));
      return lines.join('\n');
    }
    for (const goal of goals) {
      let best: { text: string; item: string; likeness: number } | undefined;
      for (const candidate of rows) {
        for (const text of candidate.goals) {
          const likeness = bigramLikeness(goal, text);
          if (!best || likeness > best.likeness) best = { text, item: String(candidate.item['名称'] ?? ''), likeness };
        }
      }
      // A 再掲 often restates the goal in other words: shared character pairs, not edit distance, find it.
      if (best && best.likeness >= 0.3) lines.push('', `- ${escapeMarkdown(goal)}`, `  - 元：➤ ${escapeMarkdown(best.item)}「${escapeMarkdown(best.text)}」${best.text === goal ? '（同じ文）' : ''}`);
      else lines.push('', `- ${escapeMarkdown(goal)}`, '  - 元の中項目に近いめざす姿はありません');
    }
    return lines.join('\n');
  }

  /** Inside an indicator: its target and each year's value and mark, and whether each mark agrees. */
  private indicator(): string | undefined {
    const path = this.target.path;
    const at = path.findIndex((s, i) => (s === 'アウトカム指標' || s === 'プロセス指標') && typeof path[i + 1] === 'number');
    if (at < 0 || this.input.kind !== '区運営方針') return undefined;
    const indicator = dataAt(this.data, path.slice(0, at + 2));
    if (!isRecord(indicator)) return undefined;
    const unit = typeof indicator['単位'] === 'string' ? indicator['単位'] : '';
    const target = readNumber(indicator['目標値']);
    const comparator = parseComparator(indicator['比較']);
    const legend = legendOf(this.data, this.input.kind) ?? defaultLegend;
    const name = typeof indicator['指標'] === 'string' ? indicator['指標'] : '';
    const targetYear = typeof indicator['目標年度'] === 'string' ? parseFiscalYear(indicator['目標年度'], this.era) : undefined;
    const lines = [`**${path[at] === 'アウトカム指標' ? 'アウトカム指標' : 'プロセス指標'}**：${escapeMarkdown(name)}`, ''];
    lines.push(
      `目標：${target ? `${target.value}${unit}` : '（目標値なし）'} ${comparator ?? '（比較なし）'}${targetYear ? `（${fiscalYearLabel(targetYear.ref.fiscalYear, this.era)}まで）` : ''}`,
      '',
      '| 年度 | 値 | マーク | 判定 |',
      '| --- | --- | --- | --- |',
    );
    const results = indexedRecords(indicator['実績']);
    for (const [, result] of results) {
      const year = typeof result['年度'] === 'string' ? result['年度'] : '';
      const value = readNumber(result['値']);
      const mark = typeof result['達成状況'] === 'string' ? trimMark(result['達成状況']) : '';
      lines.push(`| ${escapeMarkdown(year)} | ${value ? `${value.value}${unit}` : '—'} | ${mark === '' ? '—' : escapeMarkdown(mark)} | ${this.verdict(value?.value, mark, target?.value, comparator, legend)} |`);
    }
    if (results.length === 0) lines.push('| — | — | — | 実績がまだありません |');
    lines.push('', `凡例：${legend.entries.map((e) => `${e.mark}：${e.meaning}`).join('　')}`);
    return lines.join('\n');
  }

  private verdict(value: number | undefined, mark: string, target: number | undefined, comparator: ReturnType<typeof parseComparator>, legend: NonNullable<ReturnType<typeof legendOf>>): string {
    if (mark === '') return value === undefined ? '' : 'マークがありません';
    const reading = readMark(mark, legend);
    if (reading.kind === 'unknown') return `✗ 凡例にないマーク`;
    const lookalike = reading.kind === 'lookalike' ? `「${mark}」は「${reading.entry.mark}」に似た別の文字。` : '';
    if (value === undefined) return `${lookalike}値がありません`;
    if (target === undefined || !comparator || !reading.entry.outcome) return `${lookalike}判定できません（目標値・比較）`;
    const met = comparatorHolds(value, comparator, target);
    const expected = markFor(legend, met ? 'achieved' : 'unachieved');
    const agrees = (reading.entry.outcome === 'achieved') === met;
    return agrees ? `${lookalike}✓ 合っています（${met ? '目標達成' : '目標未達成'}）` : `${lookalike}✗ 値からは「${expected ?? (met ? '目標達成' : '目標未達成')}」（${met ? '目標達成' : '目標未達成'}）`;
  }
}

/** An amount in 千円 / 百万円 as 円, exactly, with thousands commas. */
function inYen(decimal: { units: bigint; scale: number }, unit: '千円' | '百万円'): string {
  const factor = unit === '千円' ? 1000n : 1000000n;
  let { units, scale } = { units: decimal.units * factor, scale: decimal.scale };
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale--;
  }
  return formatDecimal({ units, scale }, true);
}

function isoText(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]|<>]/g, '\\$&');
}

/** Dice coefficient of the character pairs of two texts (0 … 1), spaces ignored (the checks' `bigramLikeness`). */
function bigramLikeness(a: string, b: string): number {
  const [x, y] = [a.replace(/[\s\u3000]/g, ''), b.replace(/[\s\u3000]/g, '')];
  return x.length < 2 && y.length < 2 ? 0 : diceLikeness(x, y);
}
