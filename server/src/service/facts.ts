/**
 * The facts of one sheet that the workspace keeps: what the sheet is (kind, ward, fiscal year), the
 * items it names (ids and titles, with their ranges) and the references it makes (【再掲】 "1 (2)",
 * quoted 「titles」, ids cited in text such as 具体的取組5-1-1 or 事項2-③). Small and flat: a few
 * strings and ranges per item, never the AST, so a workspace of 1,000 sheets stays in memory cheaply.
 *
 * Ranges are LSP ranges (0-based line/character, UTF-16), computed here because the workspace holds
 * the facts of files that are not open (their text is not kept). Pure: no fs, no connection.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Range, SymbolKind } from 'vscode-languageserver-types';
import { documentYear } from './checks/fiscalYears';
import { comparable, idText, parseSectionAddress } from './checks/references';
import { type DataPath, indexedRecords } from './checks/support';
import { toAsciiDigits } from './domain/era';
import { wardByName } from './domain/wards';
import type { SheetKind } from './kinds';
import { defaultParseLimits, parseSheet, type ParseLimits, type ParsedSheet } from './parse';
import { TextDocument as TextDocumentImpl } from 'vscode-languageserver-textdocument';
import { readKind } from './validation';
import { locate, offsetsOf } from './yamlPath';
import { type CarryOverIndicator, type CarryOverRow, type CarryOverSummary, carryOverIndicators, carryOverRow, carryOverSummary, fnv1a } from './carryOverFacts';

/** A named item of a sheet: a 柱, 中項目, 取組項目, 経営課題, 戦略, 具体的取組, 指標, 事項 or 議事. */
export interface FactItem {
  /** The list it is an item of: '中項目', '具体的取組', '事項', 'アウトカム指標' … */
  label: string;
  /** Its id as compared: "5-1-1", "2-③", "1 (2)" for a 中項目 (柱 and 番号); absent when none. */
  id?: string;
  /** Its 名称 (件名, 指標) as written. */
  name?: string;
  /** The id value's text (inside quotes), for rename. */
  idRange?: Range;
  /** The name value's text (inside quotes), for rename and navigation. */
  nameRange?: Range;
  /** The whole item (for workspace symbols when it has neither id nor name range). */
  range: Range;
  /** The id (or name) of the item it is under, for workspace symbols. */
  container?: string;
  symbolKind: SymbolKind;
}

/** A reference a sheet makes to an item (of itself or of another sheet). */
export interface FactReference {
  /** 'repeat': a 再掲 value "1 (2)"; 'id': an id cited in text; 'title': a quoted 「title」. */
  type: 'repeat' | 'id' | 'title';
  /** The key compared with items: the normalised id ("1 (2)", "5-1-1"), or the comparable title. */
  key: string;
  /** The text as written (the quote without 「」, the id, the 再掲 value). */
  text: string;
  range: Range;
  /** For a quote cited after an address or id ("1 (1) …の「…」", 具体的取組5-1-1「…」): that id. */
  anchor?: string;
  /** For an id cited in text: the label before it (具体的取組, 戦略, 経営課題, 事項). */
  label?: string;
}

/** A row of a 振り返りシート with its 実施状況, for the year-over-year checks. */
export interface FactRow {
  /** The 取組項目 name and the first めざす姿, comparable (NFKC, no spaces or 「」), each hashed (FNV-1a, hex) to keep facts small, joined by "|". */
  key: string;
  status: string;
  /** The 実施状況 value. */
  range: Range;
}

/** The facts of one sheet. */
export interface SheetFacts {
  uri: string;
  kind?: SheetKind;
  /** The ward (区名, or a ward named in 部会名/件名 is not taken): undefined when not written. */
  ward?: string;
  /** The fiscal year (Western) from 年度 / 基準時点. */
  fiscalYear?: number;
  /** 年度 / 基準時点 as written. */
  yearLabel?: string;
  /** A short Japanese title: 「阿倍野区 令和6年度 区運営方針」. */
  title: string;
  items: FactItem[];
  references: FactReference[];
  /** Rows with a 実施状況 (振り返りシート only). */
  rows?: FactRow[];
  /** What next year's sheet compares with this one (./carryOverFacts.ts); absent when nothing. */
  carryOver?: CarryOverSummary;
}

const symbolKinds: Record<string, SymbolKind> = {
  柱: SymbolKind.Namespace,
  中項目: SymbolKind.Module,
  小項目: SymbolKind.Package,
  取組項目: SymbolKind.Class,
  経営課題: SymbolKind.Namespace,
  戦略: SymbolKind.Module,
  具体的取組: SymbolKind.Class,
  アウトカム指標: SymbolKind.Number,
  プロセス指標: SymbolKind.Number,
  取組: SymbolKind.Class,
  事項: SymbolKind.Module,
  議事: SymbolKind.Event,
};

const quotePattern = /「([^「」\n]{4,80})」/g;
// An id or 中項目 address right before a quote: 具体的取組5-1-1「…」, 事項2-③の「…」, 1 (1) …の「…」.
const idBefore = /(?:具体的取組|戦略|経営課題|事項)[\s\u3000]{0,2}([0-9０-９]{1,2}(?:[-－ー‐][0-9０-９①-⑳]{1,2}){0,2})[\s\u3000]{0,2}(?:の|:|：)?[\s\u3000]{0,2}$/;
const addressBefore = /([0-9]+)\s*[(（]\s*([0-9]+)\s*[)）][^「」\n]{0,80}の$/;
// Ids cited in text: 具体的取組5-1-3, 戦略 5-2, 経営課題5 is too loose (any number) and is left out; 事項2-③.
const idInText = /(具体的取組|戦略|事項)[\s\u3000]{0,2}([0-9０-９]{1,2}[-－][0-9０-９①-⑳]{1,2}(?:[-－][0-9０-９]{1,2})?)(?![-－0-9０-９①-⑳])/g;

const noRange: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * A reader of the offsets [start, end) of the value at a data path of `sheet` (inside quotes,
 * without trailing space), or undefined when the path is not in the source.
 */
function valueSpanReader(sheet: ParsedSheet): (path: DataPath) => Span | undefined {
  const { yaml, text } = sheet;
  return (path) => {
    if (!yaml) return undefined;
    const location = locate(yaml, path);
    if (location.depth !== path.length) return undefined;
    const offsets = offsetsOf(location.node);
    if (!offsets) return undefined;
    let [start, end] = offsets;
    while (end > start && /\s/.test(text[end - 1]!)) end--;
    if (end - start >= 2 && /["']/.test(text[start]!) && text[end - 1] === text[start]) [start, end] = [start + 1, end - 1];
    return [start, end];
  };
}

/**
 * A reader of the range of the value at a data path of `sheet` (inside quotes, without trailing
 * space), or undefined when the path is not in the source.
 */
export function valueRangeReader(document: TextDocument, sheet: ParsedSheet): (path: DataPath) => Range | undefined {
  const spanOf = valueSpanReader(sheet);
  return (path) => {
    const span = spanOf(path);
    return span && { start: document.positionAt(span[0]), end: document.positionAt(span[1]) };
  };
}

/**
 * The facts of a text that is not open (a file on disk): parsed within `limits`, read and dropped.
 * Needs no language service (no schemas compiled), so a worker thread can call it alone.
 */
export function factsOfText(uri: string, text: string, limits: ParseLimits = defaultParseLimits): SheetFacts {
  const sheet = parseSheet(text, limits);
  return factsOf(TextDocumentImpl.create(uri, 'policy-yaml', 0, text), sheet, readKind(sheet).kind);
}

/**
 * The facts of a parsed sheet. `kind` is the sheet's kind as read (undefined when unknown: the facts
 * then have no items). Never throws on odd data: every reader walks the data as it is.
 *
 * Costs what an edit changes: the facts are read per item (柱, 中項目, 小項目, 取組項目; 経営課題, 戦略,
 * 具体的取組, 行財政の取組; 事項; 議事) into a `FactUnit` kept per item data object with offsets, and an
 * item whose data object and AST node are those of an earlier version (an incremental parse keeps
 * both for every item it did not re-parse, the node's ranges shifted) gives its facts again, its
 * offsets moved by how far its node moved. Ranges are made from the offsets at the end.
 */
export function factsOf(document: TextDocument, sheet: ParsedSheet, kind: SheetKind | undefined): SheetFacts {
  const data = sheet.data;
  const record = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  const facts: SheetFacts = { uri: document.uri, title: '', items: [], references: [] };
  if (kind) facts.kind = kind;
  if (record) {
    const wardText = typeof record['区名'] === 'string' ? record['区名'] : undefined;
    const ward = wardText ? (wardByName(wardText)?.name ?? wardText.trim()) : undefined;
    if (ward) facts.ward = ward;
    const year = documentYear(record);
    if (year.fiscalYear !== undefined) facts.fiscalYear = year.fiscalYear;
    if (year.label) facts.yearLabel = year.label;
  }
  facts.title = [facts.ward, facts.yearLabel, kind ?? '様式不明'].filter(Boolean).join(' ');
  if (!record || !sheet.yaml || !kind) return facts;

  const root = readUnits(sheet, record, kind);
  const out = emit(root, document);
  facts.items = out.items;
  if (out.rows.length > 0) facts.rows = out.rows;
  // 再掲 first, then what the free text cites, as the sheet is read.
  facts.references = [...out.repeats, ...out.texts];
  // What next year's sheet compares (rows of a 振り返りシート, indicators of a 区運営方針; none for the other kinds).
  const carryOver = carryOverSummary({ rows: out.carryRows, indicators: out.indicators });
  if (carryOver) facts.carryOver = carryOver;
  return facts;
}

/** [start, end) offsets into the text a unit was read from. */
type Span = readonly [number, number];

/** A FactItem with offsets. */
interface ItemSpan {
  label: string;
  id?: string;
  name?: string;
  idSpan?: Span;
  nameSpan?: Span;
  span: Span;
  container?: string;
  symbolKind: SymbolKind;
}

/** A FactReference with offsets. */
type ReferenceSpan = Omit<FactReference, 'range'> & { span: Span };

/** A FactRow with offsets. */
interface RowSpan {
  key: string;
  status: string;
  span: Span;
}

/** A fact of a unit, or a child unit whose facts of that list come at this place. */
type Piece<T> = T | FactUnit;

/**
 * The facts of one item of a sheet (or of the whole sheet, its root), in the order the sheet is
 * read, each list holding the unit's own facts and its child units' in place. Offsets are those of
 * the text the unit was read from; `base` is where its node started then.
 */
class FactUnit {
  readonly items: Piece<ItemSpan>[] = [];
  readonly rows: Piece<RowSpan>[] = [];
  readonly repeats: Piece<ReferenceSpan>[] = [];
  readonly texts: Piece<ReferenceSpan>[] = [];
  readonly carryRows: Piece<CarryOverRow>[] = [];
  readonly indicators: Piece<CarryOverIndicator>[] = [];
  /** Child units by the list key and index they sit at (an alias can put one record at two places). */
  readonly children = new Map<string, FactUnit>();
  /** Whether `texts` has been read (by the walk of the free text, which reaches units in source order). */
  textsRead = false;
  /** The last output made (`emit`), with where the unit's node started then. */
  output: { line: number; character: number; facts: UnitOutput } | undefined;
  constructor(
    readonly record: Record<string, unknown>,
    readonly path: DataPath,
    readonly node: unknown,
    readonly base: number | undefined,
    readonly context: string,
  ) {}

  /** How far the unit's node has moved since it was read (0 without a node). */
  get delta(): number {
    const range = (this.node as { range?: number[] } | null)?.range;
    return this.base === undefined || !range ? 0 : range[0]! - this.base;
  }
}

/** A unit's facts with its child units' in place, as the sheet's facts hold them (LSP ranges). */
interface UnitOutput {
  items: FactItem[];
  rows: FactRow[];
  repeats: FactReference[];
  texts: FactReference[];
  carryRows: CarryOverRow[];
  indicators: CarryOverIndicator[];
}

/**
 * The facts of `unit` and its child units in `document`, with ranges. A unit whose node starts at
 * the same line and character as when its output was made gives that output again (its text is
 * unchanged, so every range in it is too); otherwise its own facts get ranges from their offsets,
 * moved by how far the node moved. The outputs are shared between versions: read-only.
 */
function emit(unit: FactUnit, document: TextDocument): UnitOutput {
  const start = unit.base === undefined ? undefined : (unit.node as { range?: number[] } | null)?.range?.[0];
  const at = start === undefined ? undefined : document.positionAt(start);
  if (at && unit.output && unit.output.line === at.line && unit.output.character === at.character) return unit.output.facts;
  const delta = unit.delta;
  const range = (span: Span): Range => ({ start: document.positionAt(span[0] + delta), end: document.positionAt(span[1] + delta) });
  const out: UnitOutput = { items: [], rows: [], repeats: [], texts: [], carryRows: [], indicators: [] };
  const children = new Map<FactUnit, UnitOutput>();
  /** Appends each piece (own fact converted, or a child unit's output of that list). */
  const fill = <T, R>(pieces: Piece<T>[], into: R[], childList: (o: UnitOutput) => R[], convert: (fact: T) => R) => {
    for (const piece of pieces) {
      if (piece instanceof FactUnit) {
        let child = children.get(piece);
        if (!child) children.set(piece, (child = emit(piece, document)));
        for (const fact of childList(child)) into.push(fact);
      } else into.push(convert(piece));
    }
  };
  fill(unit.items, out.items, (o) => o.items, (item) => {
    const fact: FactItem = { label: item.label, range: range(item.span), symbolKind: item.symbolKind };
    if (item.id !== undefined) fact.id = item.id;
    if (item.idSpan) fact.idRange = range(item.idSpan);
    if (item.name !== undefined) fact.name = item.name;
    if (item.nameSpan) fact.nameRange = range(item.nameSpan);
    if (item.container !== undefined) fact.container = item.container;
    return fact;
  });
  fill(unit.rows, out.rows, (o) => o.rows, (row): FactRow => ({ key: row.key, status: row.status, range: range(row.span) }));
  const reference = ({ span, ...rest }: ReferenceSpan): FactReference => ({ ...rest, range: range(span) });
  fill(unit.repeats, out.repeats, (o) => o.repeats, reference);
  fill(unit.texts, out.texts, (o) => o.texts, reference);
  fill(unit.carryRows, out.carryRows, (o) => o.carryRows, (row) => row);
  fill(unit.indicators, out.indicators, (o) => o.indicators, (indicator) => indicator);
  if (at) unit.output = { line: at.line, character: at.character, facts: out };
  return out;
}

/**
 * The unit read from an item's record, by record object: reused while the record and its AST node
 * are the same objects and it is read in the same context (the ids of the items above it).
 */
const unitMemo = new WeakMap<object, FactUnit>();

/** Deep enough for any sheet the parser accepts (it refuses deeper nesting), and bounded; as checks/text.ts. */
const maxTextDepth = 64;

/**
 * Reads a sheet's facts into units. With no `*` in the text there is no alias, so the data is a tree
 * and units are memoised; otherwise (an alias may share a record between places) everything is read
 * afresh, the free text walked once per object as `textValues` does.
 */
function readUnits(sheet: ParsedSheet, record: Record<string, unknown>, kind: SheetKind): FactUnit {
  const yaml = sheet.yaml!;
  const text = sheet.text;
  const memo = !text.includes('*');
  const seen = new Set<object>();

  const spanOf = valueSpanReader(sheet);

  /** Puts a child unit in every list of its parent here (its free text goes where the walk of the text meets it). */
  const place = (parent: FactUnit, at: string, child: FactUnit): void => {
    parent.children.set(at, child);
    parent.items.push(child);
    parent.rows.push(child);
    parent.repeats.push(child);
    parent.carryRows.push(child);
    parent.indicators.push(child);
  };

  /** The unit of the record at `parent.path + [key, index]` (placed in `parent`), reused or read by `read`. */
  const unit = (parent: FactUnit, key: string, index: number, child: Record<string, unknown>, context: string, read: (u: FactUnit) => void): FactUnit => {
    const path: DataPath = [...parent.path, key, index];
    const node = locate(yaml, path).node;
    const base = (node as { range?: number[] } | null)?.range?.[0];
    const known = memo ? unitMemo.get(child) : undefined;
    let u: FactUnit;
    if (known && known.node === node && known.context === context && known.base !== undefined && base !== undefined) u = known;
    else {
      u = new FactUnit(child, path, node, base, context);
      read(u);
      if (memo && base !== undefined) unitMemo.set(child, u);
    }
    place(parent, `${key}\u0000${index}`, u);
    return u;
  };

  const addItem = (u: FactUnit, label: string, path: DataPath, item: Record<string, unknown>, id: string | undefined, nameKey: string, container?: string): void => {
    const name = typeof item[nameKey] === 'string' ? (item[nameKey] as string).trim() : undefined;
    const span = spanOf(path);
    if (!span || (id === undefined && !name)) return;
    const fact: ItemSpan = { label, span, symbolKind: symbolKinds[label] ?? SymbolKind.Object };
    if (id !== undefined) {
      fact.id = id;
      const idSpan = spanOf([...path, label === '小項目' ? '記号' : '番号']);
      if (idSpan) fact.idSpan = idSpan;
    }
    if (name) {
      fact.name = name;
      const nameSpan = spanOf([...path, nameKey]);
      if (nameSpan) fact.nameSpan = nameSpan;
    }
    if (container) fact.container = container;
    u.items.push(fact);
  };

  const root = new FactUnit(record, [], yaml.contents, undefined, '');

  if (kind === '振り返りシート') {
    /** A 取組項目 with its rows (their 実施状況, 再掲 and carry-over facts). */
    const reviewItem = (parent: FactUnit, key: string, k: number, item: Record<string, unknown>, address: string | undefined) =>
      unit(parent, key, k, item, address ?? '', (u) => {
          addItem(u, '取組項目', u.path, item, undefined, '名称', address);
          for (const [m, row] of indexedRecords(item['行'])) {
            const path: DataPath = [...u.path, '行', m];
            const status = row['実施状況'];
            const goal = Array.isArray(row['めざす姿']) ? row['めざす姿'][0] : row['めざす姿'];
            const statusSpan = typeof status === 'string' ? spanOf([...path, '実施状況']) : undefined;
            if (statusSpan && typeof item['名称'] === 'string' && typeof goal === 'string') {
              u.rows.push({ key: `${fnv1a(comparable(item['名称']))}|${fnv1a(comparable(goal))}`, status: (status as string).trim(), span: statusSpan });
            }
            const repeat = row['再掲'];
            const address = typeof repeat === 'string' ? parseSectionAddress(repeat) : undefined;
            const span = address ? spanOf([...path, '再掲']) : undefined;
            if (address && span) u.repeats.push({ type: 'repeat', key: `${address.pillar} (${address.section})`, text: (repeat as string).trim(), span });
            const carry = carryOverRow(path, row, item, m, () => noRange);
            if (carry) u.carryRows.push(carry);
          }
        });
    for (const [i, pillar] of indexedRecords(record['柱'])) {
      const p = idText(pillar['番号']);
      unit(root, '柱', i, pillar, '', (pu) => {
        addItem(pu, '柱', pu.path, pillar, p, '名称');
        for (const [j, section] of indexedRecords(pillar['中項目'])) {
          const s = idText(section['番号']);
          const address = p !== undefined && s !== undefined ? `${p} (${s})` : undefined;
          unit(pu, '中項目', j, section, p ?? '', (su) => {
            addItem(su, '中項目', su.path, section, address, '名称', p);
            for (const [k, item] of indexedRecords(section['取組項目'])) reviewItem(su, '取組項目', k, item, address);
            for (const [k, sub] of indexedRecords(section['小項目'])) {
              unit(su, '小項目', k, sub, address ?? '', (bu) => {
                addItem(bu, '小項目', bu.path, sub, idText(sub['記号']), '名称', address);
                for (const [l, item] of indexedRecords(sub['取組項目'])) reviewItem(bu, '取組項目', l, item, address);
              });
            }
          });
        }
      });
    }
  } else if (kind === '区運営方針') {
    const indicators = (u: FactUnit, owner: Record<string, unknown>, container: string | undefined) => {
      for (const key of ['アウトカム指標', 'プロセス指標']) for (const [n, indicator] of indexedRecords(owner[key])) addItem(u, key, [...u.path, key, n], indicator, undefined, '指標', container);
      u.indicators.push(...carryOverIndicators(owner, u.path, () => noRange));
    };
    for (const [i, issue] of indexedRecords(record['経営課題'])) {
      const issueId = idText(issue['番号']);
      unit(root, '経営課題', i, issue, '', (iu) => {
          addItem(iu, '経営課題', iu.path, issue, issueId, '名称');
          for (const [j, strategy] of indexedRecords(issue['戦略'])) {
            const strategyId = idText(strategy['番号']);
            unit(iu, '戦略', j, strategy, issueId ?? '', (su) => {
                addItem(su, '戦略', su.path, strategy, strategyId, '名称', issueId);
                indicators(su, strategy, strategyId);
                for (const [k, action] of indexedRecords(strategy['具体的取組'])) {
                  const actionId = idText(action['番号']);
                  unit(su, '具体的取組', k, action, strategyId ?? '', (au) => {
                    addItem(au, '具体的取組', au.path, action, actionId, '名称', strategyId);
                    indicators(au, action, actionId);
                  });
                }
              });
          }
        });
    }
    const finance = record['行財政'];
    if (finance !== null && typeof finance === 'object' && !Array.isArray(finance)) {
      // 行財政 is a mapping, not an item: a unit of its own (never memoised: it is read with the root).
      const financeUnit = new FactUnit(finance as Record<string, unknown>, ['行財政'], undefined, undefined, '');
      place(root, '行財政', financeUnit);
      for (const [i, entry] of indexedRecords((finance as Record<string, unknown>)['取組'])) {
        unit(financeUnit, '取組', i, entry, '', (u) => addItem(u, '取組', u.path, entry, idText(entry['番号']), '名称', '行財政'));
      }
    }
  } else if (kind === '市政改革プラン進捗') {
    for (const [i, item] of indexedRecords(record['事項'])) unit(root, '事項', i, item, '', (u) => addItem(u, '事項', u.path, item, idText(item['番号']), '名称'));
  } else if (kind === '部会議事概要') {
    for (const [i, item] of indexedRecords(record['議事'])) unit(root, '議事', i, item, '', (u) => addItem(u, '議事', u.path, item, idText(item['番号']), '件名'));
  }

  /**
   * The free text, depth first in source order as `textValues` (checks/text.ts) reads it: each
   * string's citations go to the unit it is in; a child unit read before is only placed.
   */
  const walk = (u: FactUnit, value: unknown, path: DataPath, key: string, depth: number, childKey: string | undefined): void => {
    if (typeof value === 'string') {
      citations(u, value, path, key);
      return;
    }
    if (depth > maxTextDepth || value === null || typeof value !== 'object') return;
    if (!memo) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    const child = childKey === undefined ? undefined : u.children.get(childKey);
    if (child && child.record === value) {
      u.texts.push(child);
      if (!child.textsRead) {
        child.textsRead = true;
        entries(child, value as Record<string, unknown>, path, depth);
      }
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(u, item, [...path, i], key, depth + 1, childKey === undefined ? undefined : `${childKey}\u0000${i}`));
    else entries(u, value as Record<string, unknown>, path, depth);
  };
  const entries = (u: FactUnit, value: Record<string, unknown>, path: DataPath, depth: number): void => {
    for (const [key, child] of Object.entries(value)) walk(u, child, [...path, key], key, depth + 1, u.record === value || u === root ? key : undefined);
  };

  /** Quotes and ids cited in one string (names themselves are definitions, not references). */
  const citations = (u: FactUnit, value: string, path: DataPath, key: string): void => {
    if (key === '名称' || key === '件名' || key === '指標' || key === '再掲') return;
    const hasQuote = value.includes('「');
    idInText.lastIndex = 0;
    if (!hasQuote && !idInText.test(value)) return;
    const source = valueSource(path);
    if (!source) return;
    for (const m of value.matchAll(quotePattern)) {
      const span = source(m[1]!, m.index + 1);
      if (!span) continue;
      const before = value.slice(Math.max(0, m.index - 90), m.index);
      const reference: ReferenceSpan = { type: 'title', key: comparable(m[1]!), text: m[1]!, span };
      const address = addressBefore.exec(toAsciiDigits(before));
      const id = idBefore.exec(before.slice(-24));
      if (address) reference.anchor = `${address[1]} (${address[2]})`;
      else if (id) reference.anchor = idText(id[1]) ?? id[1]!;
      u.texts.push(reference);
    }
    for (const m of toAsciiDigits(value).matchAll(idInText)) {
      const written = value.slice(m.index + m[0].length - m[2]!.length, m.index + m[0].length);
      const span = source(written, m.index + m[0].length - m[2]!.length);
      const id = idText(m[2]);
      if (span && id !== undefined) u.texts.push({ type: 'id', key: id.replace(/ー|‐/g, '-'), text: written, span, label: m[1]! });
    }
  };

  /**
   * A locator of substrings of the string at `path` in the source: at their offset in the string
   * when the source has the string as is (plain or quoted one-line scalar), else the first match in
   * the value's source (block scalars, folded lines). Undefined when the value is not in the source.
   */
  const valueSource = (path: DataPath): ((sub: string, at: number) => Span | undefined) | undefined => {
    const offsets = offsetsOf(locate(yaml, path).node);
    if (!offsets) return undefined;
    const [start, end] = offsets;
    const quoted = /["']/.test(text[start] ?? '') ? 1 : 0;
    return (sub, at) => {
      let s = start + quoted + at;
      if (text.slice(s, s + sub.length) !== sub) {
        const found = text.slice(start, end).indexOf(sub);
        if (found < 0) return undefined;
        s = start + found;
      }
      return [s, s + sub.length];
    };
  };

  root.textsRead = true;
  if (!memo) seen.add(record);
  entries(root, record, [], 0);
  return root;
}
