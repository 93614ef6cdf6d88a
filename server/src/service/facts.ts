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
import { reviewRows } from './checks/review';
import { type DataPath, indexedRecords } from './checks/support';
import { textValues } from './checks/text';
import { toAsciiDigits } from './domain/era';
import { wardByName } from './domain/wards';
import type { SheetKind } from './kinds';
import { defaultParseLimits, parseSheet, type ParseLimits, type ParsedSheet } from './parse';
import { TextDocument as TextDocumentImpl } from 'vscode-languageserver-textdocument';
import { readKind } from './validation';
import { locate, offsetsOf } from './yamlPath';
import { type CarryOverRow, type CarryOverSummary, carryOverDetails, carryOverRow, carryOverSummary, fnv1a } from './carryOverFacts';

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

/** Each 振り返りシート row's carry-over fact, with the 取組項目 and index it was read with. */
const rowFacts = new WeakMap<object, { item: object; index: number; fact: CarryOverRow | undefined }>();

/**
 * The carry-over summary of a sheet (facts keep no ranges). A 振り返りシート row's fact depends only on
 * the row, its 取組項目 and its index; after an incremental parse every unchanged row is the same
 * object as in the previous version, so only edited rows are read again.
 */
function carryOverOf(record: Record<string, unknown>, kind: SheetKind): CarryOverSummary | undefined {
  if (kind !== '振り返りシート') return carryOverSummary(carryOverDetails(record, kind, () => noRange));
  const rows: CarryOverRow[] = [];
  for (const { path, row, item } of reviewRows(record)) {
    const index = Number(path[path.length - 1]);
    let memo = rowFacts.get(row);
    if (!memo || memo.item !== item || memo.index !== index) rowFacts.set(row, (memo = { item, index, fact: carryOverRow(path, row, item, index, () => noRange) }));
    if (memo.fact) rows.push(memo.fact);
  }
  return carryOverSummary({ rows, indicators: [] });
}

/**
 * A reader of the range of the value at a data path of `sheet` (inside quotes, without trailing
 * space), or undefined when the path is not in the source.
 */
export function valueRangeReader(document: TextDocument, sheet: ParsedSheet): (path: DataPath) => Range | undefined {
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
    return { start: document.positionAt(start), end: document.positionAt(end) };
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
  const yaml = sheet.yaml;
  const text = sheet.text;

  const valueRange = valueRangeReader(document, sheet);

  const addItem = (label: string, path: DataPath, item: Record<string, unknown>, id: string | undefined, nameKey: string, container?: string): void => {
    const name = typeof item[nameKey] === 'string' ? (item[nameKey] as string).trim() : undefined;
    const range = valueRange(path);
    if (!range || (id === undefined && !name)) return;
    const fact: FactItem = { label, range, symbolKind: symbolKinds[label] ?? SymbolKind.Object };
    if (id !== undefined) {
      fact.id = id;
      const idRange = valueRange([...path, label === '小項目' ? '記号' : '番号']);
      if (idRange) fact.idRange = idRange;
    }
    if (name) {
      fact.name = name;
      const nameRange = valueRange([...path, nameKey]);
      if (nameRange) fact.nameRange = nameRange;
    }
    if (container) fact.container = container;
    facts.items.push(fact);
  };

  if (kind === '振り返りシート') {
    for (const [i, pillar] of indexedRecords(record['柱'])) {
      const p = idText(pillar['番号']);
      addItem('柱', ['柱', i], pillar, p, '名称');
      for (const [j, section] of indexedRecords(pillar['中項目'])) {
        const s = idText(section['番号']);
        const address = p !== undefined && s !== undefined ? `${p} (${s})` : undefined;
        const sectionPath: DataPath = ['柱', i, '中項目', j];
        addItem('中項目', sectionPath, section, address, '名称', p);
        for (const [k, item] of indexedRecords(section['取組項目'])) addItem('取組項目', [...sectionPath, '取組項目', k], item, undefined, '名称', address);
        for (const [k, sub] of indexedRecords(section['小項目'])) {
          addItem('小項目', [...sectionPath, '小項目', k], sub, idText(sub['記号']), '名称', address);
          for (const [l, item] of indexedRecords(sub['取組項目'])) addItem('取組項目', [...sectionPath, '小項目', k, '取組項目', l], item, undefined, '名称', address);
        }
      }
    }
    for (const { path, row, item } of reviewRows(record)) {
      const status = row['実施状況'];
      const goal = Array.isArray(row['めざす姿']) ? row['めざす姿'][0] : row['めざす姿'];
      const statusRange = typeof status === 'string' ? valueRange([...path, '実施状況']) : undefined;
      if (statusRange && typeof item['名称'] === 'string' && typeof goal === 'string') {
        (facts.rows ??= []).push({ key: `${fnv1a(comparable(item['名称']))}|${fnv1a(comparable(goal))}`, status: (status as string).trim(), range: statusRange });
      }
      const repeat = row['再掲'];
      const address = typeof repeat === 'string' ? parseSectionAddress(repeat) : undefined;
      const range = address ? valueRange([...path, '再掲']) : undefined;
      if (address && range) facts.references.push({ type: 'repeat', key: `${address.pillar} (${address.section})`, text: (repeat as string).trim(), range });
    }
  } else if (kind === '区運営方針') {
    for (const [i, issue] of indexedRecords(record['経営課題'])) {
      const issueId = idText(issue['番号']);
      addItem('経営課題', ['経営課題', i], issue, issueId, '名称');
      for (const [j, strategy] of indexedRecords(issue['戦略'])) {
        const strategyId = idText(strategy['番号']);
        const strategyPath: DataPath = ['経営課題', i, '戦略', j];
        addItem('戦略', strategyPath, strategy, strategyId, '名称', issueId);
        const indicators = (path: DataPath, owner: Record<string, unknown>, container: string | undefined) => {
          for (const key of ['アウトカム指標', 'プロセス指標']) for (const [n, indicator] of indexedRecords(owner[key])) addItem(key, [...path, key, n], indicator, undefined, '指標', container);
        };
        indicators(strategyPath, strategy, strategyId);
        for (const [k, action] of indexedRecords(strategy['具体的取組'])) {
          const actionId = idText(action['番号']);
          addItem('具体的取組', [...strategyPath, '具体的取組', k], action, actionId, '名称', strategyId);
          indicators([...strategyPath, '具体的取組', k], action, actionId);
        }
      }
    }
    const finance = record['行財政'];
    if (finance !== null && typeof finance === 'object' && !Array.isArray(finance)) {
      for (const [i, entry] of indexedRecords((finance as Record<string, unknown>)['取組'])) addItem('取組', ['行財政', '取組', i], entry, idText(entry['番号']), '名称', '行財政');
    }
  } else if (kind === '市政改革プラン進捗') {
    for (const [i, item] of indexedRecords(record['事項'])) addItem('事項', ['事項', i], item, idText(item['番号']), '名称');
  } else if (kind === '部会議事概要') {
    for (const [i, item] of indexedRecords(record['議事'])) addItem('議事', ['議事', i], item, idText(item['番号']), '件名');
  }

  const carryOver = carryOverOf(record, kind);
  if (carryOver) facts.carryOver = carryOver;

  // Quotes and ids cited in free text (names themselves are definitions, not references).
  for (const value of textValues(record)) {
    if (value.key === '名称' || value.key === '件名' || value.key === '指標' || value.key === '再掲') continue;
    const hasQuote = value.text.includes('「');
    idInText.lastIndex = 0;
    if (!hasQuote && !idInText.test(value.text)) continue;
    const source = valueSource(value.path);
    if (!source) continue;
    const ascii = toAsciiDigits(value.text);
    for (const m of value.text.matchAll(quotePattern)) {
      const range = source(m[1]!, m.index + 1);
      if (!range) continue;
      const before = value.text.slice(Math.max(0, m.index - 90), m.index);
      const reference: FactReference = { type: 'title', key: comparable(m[1]!), text: m[1]!, range };
      const address = addressBefore.exec(toAsciiDigits(before));
      const id = idBefore.exec(before.slice(-24));
      if (address) reference.anchor = `${address[1]} (${address[2]})`;
      else if (id) reference.anchor = idText(id[1]) ?? id[1]!;
      facts.references.push(reference);
    }
    for (const m of ascii.matchAll(idInText)) {
      const written = value.text.slice(m.index + m[0].length - m[2]!.length, m.index + m[0].length);
      const range = source(written, m.index + m[0].length - m[2]!.length);
      const key = idText(m[2]);
      if (range && key !== undefined) facts.references.push({ type: 'id', key: key.replace(/ー|‐/g, '-'), text: written, range, label: m[1]! });
    }
  }
  return facts;

  /**
   * A locator of substrings of the string at `path` in the source: at their offset in the string
   * when the source has the string as is (plain or quoted one-line scalar), else the first match in
   * the value's source (block scalars, folded lines). Undefined when the value is not in the source.
   */
  function valueSource(path: DataPath): ((sub: string, at: number) => Range | undefined) | undefined {
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
      return { start: document.positionAt(s), end: document.positionAt(s + sub.length) };
    };
  }
}
