/**
 * Shared building blocks of the 様式 layouts: a cycle-safe reader over the YAML AST (aliases are
 * resolved one step at a time, never recursively expanded) and cell/row/table constructors.
 * Every reader tolerates half-typed input: a missing key, a scalar where a list was expected or a
 * map where a string was expected gives an empty or flattened value, never an exception.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { eraOfFiscalYear, eras, parseFiscalYear, type Era, type FiscalYearRef } from '../domain/era';
import type { RenderInput } from './index';
import type { Cell, CellContent, Column, Row, SourceSpan, Table, TextRun } from './model';

/** How deep the text flattener descends into unexpected nested values (maps inside a 文章). */
const maxFlattenDepth = 4;

/** Reads one document's AST. `node` arguments may be undefined, aliases, or of any type. */
export class SheetReader {
  constructor(readonly input: RenderInput) {}

  /** The document's root node. */
  root(): YamlNode | undefined {
    return this.deref(this.input.yaml?.contents as YamlNode | null | undefined);
  }

  /** An alias resolved to its anchored node (one step: an alias of an alias is resolved again, up to 8 times). */
  deref(node: YamlNode | null | undefined): YamlNode | undefined {
    let current: unknown = node ?? undefined;
    for (let i = 0; i < 8 && isAlias(current); i++) {
      try {
        current = this.input.yaml ? current.resolve(this.input.yaml) : undefined;
      } catch {
        return undefined;
      }
    }
    return isAlias(current) ? undefined : (current as YamlNode | undefined);
  }

  /** The pair of `key` in `map` (undefined when `map` is not a map or has no such key). */
  pair(map: YamlNode | undefined, key: string): Pair<YamlNode | null, YamlNode | null> | undefined {
    const m = this.deref(map);
    if (!isMap(m)) return undefined;
    for (const p of m.items) {
      if (isPair(p) && isScalar(p.key) && String(p.key.value) === key) return p as Pair<YamlNode | null, YamlNode | null>;
    }
    return undefined;
  }

  /** True when `map` has `key` (even with an empty value). */
  has(map: YamlNode | undefined, key: string): boolean {
    return this.pair(map, key) !== undefined;
  }

  /** The value node of `key` in `map`, aliases resolved. */
  get(map: YamlNode | undefined, key: string): YamlNode | undefined {
    return this.deref(this.pair(map, key)?.value);
  }

  /** The value node as written (an alias stays an alias: its span is where it is written). */
  written(map: YamlNode | undefined, key: string): YamlNode | undefined {
    return this.pair(map, key)?.value ?? undefined;
  }

  /** Items of a sequence (aliases resolved); a single non-sequence node is one item; absent is none. */
  items(node: YamlNode | undefined): YamlNode[] {
    const n = this.deref(node);
    if (!n) return [];
    if (isSeq(n)) return n.items.map((item) => this.deref(item as YamlNode)).filter((item): item is YamlNode => item !== undefined);
    return [n];
  }

  /** A scalar's text as the document writes it (numbers keep their digits: 49.0 stays "49.0"); undefined for non-scalars. */
  str(node: YamlNode | undefined): string | undefined {
    const n = this.deref(node);
    if (!isScalar(n)) return undefined;
    if (n.value === null || n.value === undefined) return '';
    if (typeof n.value === 'number' && n.range) {
      const written = this.input.text.slice(n.range[0], n.range[1]).trim();
      if (/^[-+]?[0-9][0-9_.eE+-]*$/.test(written)) return written;
    }
    return String(n.value);
  }

  /** `str(get(map, key))`. */
  text(map: YamlNode | undefined, key: string): string | undefined {
    return this.str(this.get(map, key));
  }

  /** A number value (undefined for anything else). */
  num(node: YamlNode | undefined): number | undefined {
    const n = this.deref(node);
    return isScalar(n) && typeof n.value === 'number' ? n.value : undefined;
  }

  /** The span of a node as written. */
  span(node: YamlNode | null | undefined): SourceSpan | undefined {
    return this.input.span(node);
  }

  /** The span from a pair's key to the end of its value (where key-level problems are reported). */
  pairSpan(pair: Pair<YamlNode | null, YamlNode | null> | undefined): SourceSpan | undefined {
    if (!pair) return undefined;
    const key = this.span(pair.key);
    const value = this.span(pair.value);
    if (!key) return value;
    return { start: key.start, end: value ? Math.max(key.end, value.end) : key.end, line: key.line };
  }

  /**
   * A 文章 (a string or a list of strings) as runs, one per paragraph, each with its own source.
   * Unexpected maps are flattened to 「key：value」 lines (depth-limited, so cyclic aliases end).
   */
  runs(node: YamlNode | undefined, role?: TextRun['role']): TextRun[] {
    const out: TextRun[] = [];
    this.flatten(node, out, role, 0);
    return out;
  }

  private flatten(node: YamlNode | null | undefined, out: TextRun[], role: TextRun['role'], depth: number): void {
    if (!node || depth > maxFlattenDepth) return;
    const source = this.span(node);
    const n = this.deref(node);
    if (!n) return;
    const extra = role ? { role } : {};
    if (isScalar(n)) {
      const value = this.str(n) ?? '';
      if (value !== '') out.push({ text: value, ...(source ? { source } : {}), ...extra });
    } else if (isSeq(n)) {
      for (const item of n.items) this.flatten(item as YamlNode, out, role, depth + 1);
    } else if (isMap(n)) {
      for (const p of n.items) {
        const key = isScalar(p.key) ? String(p.key.value) : '';
        const value = this.deref(p.value as YamlNode);
        if (isScalar(value)) {
          const s = this.span(p.value as YamlNode);
          out.push({ text: key ? `${key}：${this.str(value) ?? ''}` : (this.str(value) ?? ''), ...(s ? { source: s } : {}), ...extra });
        } else {
          if (key) out.push({ text: key, ...extra });
          this.flatten(p.value as YamlNode, out, role, depth + 1);
        }
      }
    }
  }

  /** A 文章 as cell content: a string is a paragraph, a list is a bulleted list; empty → [] (printed 「—」). */
  content(node: YamlNode | undefined, role?: TextRun['role']): CellContent[] {
    const n = this.deref(node);
    const runs = this.runs(node, role);
    if (runs.length === 0) return [];
    if (isSeq(n)) return [{ type: 'list', items: runs }];
    return [{ type: 'text', runs }];
  }

}

/** A fiscal year as a sheet writes it (令和6年度, 6年度, R6, 令和6年度末), resolved; a bare 6年度 takes `era`. */
export function fiscalYearOf(text: string | undefined, era: Era = '令和'): FiscalYearRef | undefined {
  if (!text) return undefined;
  return parseFiscalYear(text.trim().replace(/(末|中)$/, ''), era)?.ref;
}

/** The era year of a Western fiscal year in `era` (or in the era it falls in when `era` had ended). */
export function eraYearOf(fiscalYear: number, era?: Era): { era: Era; year: number } {
  const chosen = era && (eras[era].lastYear === undefined || fiscalYear - eras[era].first + 1 <= eras[era].lastYear!) ? era : eraOfFiscalYear(fiscalYear);
  return { era: chosen, year: fiscalYear - eras[chosen].first + 1 };
}

/** 「6」 or 「元」 — an era year as printed in headings (6年度, 元年度). */
export function eraYearText(year: number): string {
  return year === 1 ? '元' : String(year);
}

/** 「令和6年度」 for a Western fiscal year. */
export function fiscalYearLabel(fiscalYear: number, era?: Era): string {
  const e = eraYearOf(fiscalYear, era);
  return `${e.era}${eraYearText(e.year)}年度`;
}

/** An amount with thousands separators (25037000 → 25,037,000); other text unchanged. */
export function formatAmount(value: string): string {
  return /^-?[0-9]+$/.test(value) ? value.replace(/\B(?=([0-9]{3})+$)/g, ',') : value;
}

/** A single text run as cell content. */
export function textContent(text: string, source?: SourceSpan, role?: TextRun['role']): CellContent {
  return { type: 'text', runs: [{ text, ...(source ? { source } : {}), ...(role ? { role } : {}) }] };
}

/** Options of a cell. */
export interface CellOptions {
  rowspan?: number;
  colspan?: number;
  align?: Cell['align'];
  source?: SourceSpan;
  extent?: SourceSpan;
}

/** A cell; spans of 1 are left out. */
export function makeCell(kind: Cell['kind'], content: CellContent[], options: CellOptions = {}): Cell {
  const c: Cell = { kind, content, problems: [] };
  if (options.rowspan && options.rowspan > 1) c.rowspan = options.rowspan;
  if (options.colspan && options.colspan > 1) c.colspan = options.colspan;
  if (options.align) c.align = options.align;
  if (options.source) c.source = options.source;
  if (options.extent) c.extent = options.extent;
  return c;
}

/** A printed heading cell (<th>) with no source. */
export function headerCell(text: string | TextRun[], options: CellOptions = {}): Cell {
  return makeCell('header', [typeof text === 'string' ? textContent(text) : { type: 'text', runs: text }], options);
}

/**
 * A cell the 様式 prints blank (an absent key): one empty run, so the HTML writer prints nothing
 * rather than the 「—」 of an empty value.
 */
export function blankCell(options: CellOptions = {}): Cell {
  return makeCell('data', [textContent('')], options);
}

/**
 * The cell of `key` in `map`: its value as a 文章 (list → bullets), the value's span as source and
 * the key-to-value span as extent. An absent key is a blank cell; a key with an empty value is 「—」.
 */
export function fieldCell(reader: SheetReader, map: YamlNode | undefined, key: string, options: CellOptions = {}): Cell {
  const pair = reader.pair(map, key);
  if (!pair) return blankCell(options);
  const value = pair.value ?? undefined;
  const source = reader.span(value) ?? reader.span(pair.key);
  const extent = reader.pairSpan(pair);
  return makeCell('data', reader.content(value), { ...options, ...(source ? { source } : {}), ...(extent ? { extent } : {}) });
}

/** A table from widths (characters), head rows and body rows. */
export function makeTable(widths: number[], head: Row[], body: Row[], extra: { caption?: string; source?: SourceSpan } = {}): Table {
  const columns: Column[] = widths.map((width) => ({ width }));
  return { type: 'table', columns, head, body, ...(extra.caption ? { caption: extra.caption } : {}), ...(extra.source ? { source: extra.source } : {}) };
}

/** A row (source left out when absent). */
export function makeRow(cells: Cell[], source?: SourceSpan): Row {
  return source ? { cells, source } : { cells };
}

/** Concatenates contents, dropping empties. */
export function joinContent(...parts: CellContent[][]): CellContent[] {
  return parts.flat();
}
