/**
 * Completion for policy sheets, in the 様式's own terms:
 * - keys allowed at the cursor from the kind's schema (on an empty line, after `- `, inside flow
 *   mappings), without the keys already present, required first and then in the schema's property
 *   order (the 様式's column order); label = key, detail = the Japanese title, documentation = the
 *   description with an example; a mapping or list value comes with its required children;
 * - found without switching input method: `filterText` carries the key, its reading in hiragana
 *   and romaji (wanakana) and English glosses (schemas/readings.json), so `mezasu` or `target`
 *   finds めざす姿;
 * - values: enums, the 24 wards, fiscal years around the document's year in its era form (西暦 and
 *   the year's span in the detail), marks from the document's legend (the mark the value implies
 *   first), 【再掲】 targets, the weekday of the 日付;
 * - whole new items at each level (a 振り返りシート row, a 取組項目, an indicator with its year rows,
 *   a 具体的取組 with the plan's three budget columns, an agenda item …).
 *
 * Pure: reads the cached parse (text, data) and the schemas; offsets inside, an LSP range only in
 * `toCompletionList`.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type CompletionItem, CompletionItemKind, type CompletionList, InsertTextFormat, InsertTextMode, MarkupKind } from 'vscode-languageserver-types';
import { toRomaji } from 'wanakana';
import { findKeyed, indexedRecords, isRecord } from './checks/support';
import { parseWarekiDate, weekdayOf } from './domain/era';
import { comparatorHolds, type Legend, markFor, parseComparator } from './domain/marks';
import { readNumber } from './domain/numbers';
import { wardNames } from './domain/wards';
import { cursorContext, type KeyContext, type Segment, type ValueContext } from './cursor';
import { kindKey, sheetKinds, type SheetKind } from './kinds';
import { annotation, enumValues, examples, type PropertyInfo, type SchemaNavigator, type SchemaView, shapes, yearType } from './schemaNav';
import { bareEraYear, dataAt, fiscalYearLabel, fiscalYearSpanText, itemsOf, legendOf, sectionTargets, yearOf } from './sheetFacts';

/** Readings of keys and names: hiragana reading and English glosses (schemas/readings.json). */
export type Readings = Record<string, { reading: string; gloss?: string[] }>;

/** What the client can do with completion items. */
export interface CompletionOptions {
  /** The client accepts snippet syntax (`$1`, `${1|a,b|}`); otherwise plain text is inserted. */
  snippets: boolean;
  /**
   * A command the client runs after a key is inserted whose value has suggestions (VS Code's
   * `editor.action.triggerSuggest`); undefined for clients without it.
   */
  retrigger?: { title: string; command: string };
}

/** What completion reads: the cached parse of one document and the schemas. */
export interface CompletionInput {
  text: string;
  /** The sheet's plain data (undefined when it could not be built). */
  data: unknown;
  kind: SheetKind | undefined;
  navigator: SchemaNavigator;
  /** The filter text of a key or name (see `readingIndex`). */
  terms: (name: string) => string;
}

/**
 * The filter text of keys and names: the name, its reading in hiragana and in romaji (wanakana,
 * Hepburn: めざすすがた → mezasusugata) and its English glosses, space-separated so that each is a
 * word start for a fuzzy filter. Romaji is computed once per name (wanakana takes ~0.5 ms a call).
 */
export function readingIndex(readings: Readings): (name: string) => string {
  const memo = new Map<string, string>();
  return (name) => {
    let text = memo.get(name);
    if (text === undefined) {
      const reading = readings[name];
      text = reading ? [name, reading.reading.replace(/\s+/g, ''), toRomaji(reading.reading).replace(/[\s']/g, ''), ...(reading.gloss ?? [])].join(' ') : name;
      memo.set(name, text);
    }
    return text;
  };
}

/** A completion item with offsets (turned into an LSP CompletionItem by `toCompletionList`). */
export interface Suggestion {
  label: string;
  kind: 'key' | 'value' | 'enum' | 'item';
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text that replaces [start, end); snippet syntax when `snippet`. */
  insert: string;
  snippet: boolean;
  start: number;
  end: number;
  filterText?: string;
  preselect?: boolean;
  /** Run the client's suggest again after insertion (a key whose value has suggestions). */
  retrigger?: boolean;
}

const indentUnit = '  ';
/** Characters that cannot start a plain YAML scalar (YAML 1.2 §7.3.3), so such values are quoted. */
const indicatorStart = /^[-?:,[\]{}#&*!|>'"%@`]|^\s|\s$|: | #/;

/** The completion items at `offset` (UTF-16) of a sheet, in the order they should be shown. */
export function complete(input: CompletionInput, offset: number, options: CompletionOptions): Suggestion[] {
  const context = cursorContext(input.text, offset);
  if (context.kind === 'none') return [];
  const data = isRecord(input.data) ? input.data : {};
  const session = new Session(input, data, options);
  // No catch here: the property tests must see a throw; the server catches and logs it.
  return context.kind === 'key' ? session.keys(context) : session.values(context);
}

/** The LSP list for suggestions (the one place offsets become ranges). */
export function toCompletionList(document: TextDocument, suggestions: readonly Suggestion[], options: CompletionOptions): CompletionList {
  const kinds = { key: CompletionItemKind.Property, value: CompletionItemKind.Value, enum: CompletionItemKind.EnumMember, item: CompletionItemKind.Snippet };
  const items = suggestions.map((s, i): CompletionItem => {
    const item: CompletionItem = {
      label: s.label,
      kind: kinds[s.kind],
      sortText: String(i).padStart(4, '0'),
      textEdit: { range: { start: document.positionAt(s.start), end: document.positionAt(s.end) }, newText: s.insert },
      insertTextFormat: s.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      // Continuation lines carry their full indentation already.
      insertTextMode: InsertTextMode.asIs,
    };
    if (s.detail !== undefined) item.detail = s.detail;
    if (s.documentation !== undefined) item.documentation = { kind: MarkupKind.Markdown, value: s.documentation };
    if (s.filterText !== undefined) item.filterText = s.filterText;
    if (s.preselect) item.preselect = true;
    if (s.retrigger && options.retrigger) item.command = options.retrigger;
    return item;
  });
  return { isIncomplete: false, items };
}

/** One completion request: the document's facts and a tab-stop counter for snippets. */
class Session {
  private tabStop = 0;
  private readonly year;
  private readonly legend: Legend | undefined;
  private readonly kind: SheetKind | undefined;

  constructor(
    private readonly input: CompletionInput,
    private readonly data: Record<string, unknown>,
    private readonly options: CompletionOptions,
  ) {
    this.kind = input.kind;
    this.year = yearOf(data);
    this.legend = legendOf(data, input.kind);
  }

  // ---------------------------------------------------------------- keys

  keys(context: KeyContext): Suggestion[] {
    if (!this.kind) return context.path.length === 0 ? this.kindKey(context) : [];
    let views = this.input.navigator.at(this.kind, context.path);
    let path = context.path;
    let dash = context.dash;
    if (context.nested) {
      const shape = shapes(views);
      if (shape.list && !shape.map) {
        // A new line under `key:` whose value is a list: its first item, "- " to be written.
        views = this.input.navigator.child(views, 0);
        path = [...path, 0];
        dash = 'needed';
      }
    }
    const shape = shapes(views);
    if (!shape.map && (shape.scalar || shape.list) && (dash !== 'none' || typeof path[path.length - 1] === 'number')) {
      // An item of a list of scalars (課題: - …, 出席者: - …): values, not keys.
      return this.valueItems(views, path, { start: context.start, end: context.end, prefix: dash === 'needed' ? '- ' : '', typed: context.typed });
    }
    if (!shape.map) return [];
    const column = context.column + (dash === 'needed' ? 2 : 0);
    const prefix = dash === 'needed' ? '- ' : '';
    const present = new Set(context.present);
    const properties = this.input.navigator.properties(views).filter((p) => !present.has(p.name));
    const ordered = [...properties.filter((p) => p.required), ...properties.filter((p) => !p.required)];
    const out: Suggestion[] = [];
    const newItem = dash !== 'none' && typeof path[path.length - 1] === 'number';
    for (const property of ordered) {
      this.tabStop = 0;
      // Inside { … } a value stays on the line: no block children.
      const value = context.flow ? this.inlineValue(property.views) : this.valueText(property.views, [...path, property.name], column, 0);
      const title = annotation(property.views, 'title');
      const suggestion: Suggestion = {
        label: property.name,
        kind: 'key',
        insert: `${prefix}${yamlKey(property.name)}:${value}`,
        snippet: this.options.snippets,
        start: context.start,
        end: context.end,
        filterText: this.filterText(property.name),
        documentation: this.keyDocumentation(property),
        retrigger: !value.includes('\n') && !value.includes('|') && this.hasValueSuggestions(property.views, [...path, property.name]),
      };
      if (title !== undefined) suggestion.detail = property.required ? `${title}（必須）` : title;
      out.push(suggestion);
    }
    out.push(...this.dynamicKeys(views, context, present, prefix));
    if (newItem) {
      const whole = this.wholeItem(path, column, context, prefix);
      if (whole) out.push(whole);
    }
    return out;
  }

  /** `様式:` in a sheet that does not say its kind yet. */
  private kindKey(context: KeyContext): Suggestion[] {
    if (context.present.includes(kindKey)) return [];
    const choice = this.choice(sheetKinds);
    return [
      {
        label: kindKey,
        kind: 'key',
        detail: '様式（文書の種類）',
        documentation: '文書の種類。振り返りシート・区運営方針・市政改革プラン進捗・部会議事概要 のいずれか。1 行目に書く。',
        insert: `${kindKey}: ${choice}`,
        snippet: this.options.snippets,
        start: context.start,
        end: context.end,
        filterText: this.filterText(kindKey),
      },
    ];
  }

  /** Keys that come from patterns rather than names: budget columns (4決算額 …) and year keys (5年度). */
  private dynamicKeys(views: SchemaView[], context: KeyContext, present: Set<string>, prefix: string): Suggestion[] {
    const fy = this.year.fiscalYear;
    if (fy === undefined) return [];
    const out: Suggestion[] = [];
    const add = (label: string, detail: string, documentation: string) => {
      if (present.has(label)) return;
      out.push({ label, kind: 'key', detail, documentation, insert: `${prefix}${label}: `, snippet: false, start: context.start, end: context.end, filterText: label });
    };
    if (views.some((v) => isRecord(v.schema.patternProperties) && Object.keys(v.schema.patternProperties).some((p) => p.includes('決算額')))) {
      for (const [year, column] of budgetColumns(fy)) {
        add(`${bareEraYear(year, this.year.era)}${column}`, `${fiscalYearLabel(year, this.year.era)}の${column}（${year}年度）`, budgetNote(fy));
      }
    }
    if (views.some((v) => isRecord(v.schema.propertyNames))) {
      for (const year of [fy - 1, fy]) add(`${bareEraYear(year, this.year.era)}年度`, `${fiscalYearLabel(year, this.year.era)}の実績（${year}年度：${fiscalYearSpanText(year)}）`, '年度ごとの実績。キーは 5年度 のような年度。');
    }
    return out;
  }

  private keyDocumentation(property: PropertyInfo): string {
    const title = annotation(property.views, 'title') ?? property.name;
    const description = annotation(property.views, 'description');
    const lines = [`**${title}**${property.required ? '（必須）' : ''}`];
    if (description) lines.push('', description);
    const example = exampleYaml(property.name, property.views);
    if (example) lines.push('', '例:', '', '```yaml', example, '```');
    return lines.join('\n');
  }

  /** The key or value, its reading in hiragana and romaji, and its English glosses (schemas/readings.json). */
  private filterText(name: string): string {
    return this.input.terms(name);
  }

  private hasValueSuggestions(views: SchemaView[], path: Segment[]): boolean {
    return this.scalarValues(views, path).length > 0;
  }

  // ---------------------------------------------------------------- values

  values(context: ValueContext): Suggestion[] {
    if (!this.kind) {
      if (context.path.length === 1 && context.path[0] === kindKey) {
        return sheetKinds.map((kind) => ({ label: kind, kind: 'enum', insert: (context.needsSpace ? ' ' : '') + kind, snippet: false, start: context.start, end: context.end, filterText: this.filterText(kind) }));
      }
      return [];
    }
    const views = this.input.navigator.at(this.kind, context.path);
    return this.valueItems(views, context.path, { start: context.start, end: context.end, prefix: context.needsSpace ? ' ' : '', typed: context.typed });
  }

  private valueItems(views: SchemaView[], path: Segment[], at: { start: number; end: number; prefix: string; typed: string }): Suggestion[] {
    return this.scalarValues(views, path).map((v) => {
      const s: Suggestion = {
        label: v.label,
        kind: v.enumMember ? 'enum' : 'value',
        insert: at.prefix + yamlScalar(v.insert ?? v.label),
        snippet: false,
        start: at.start,
        end: at.end,
        filterText: v.filterText ?? v.label,
      };
      if (v.detail) s.detail = v.detail;
      if (v.documentation) s.documentation = v.documentation;
      if (v.preselect) s.preselect = true;
      return s;
    });
  }

  /** The scalar values the value at `path` may take, best first. */
  private scalarValues(views: SchemaView[], path: Segment[]): ValueChoice[] {
    const key = [...path].reverse().find((s): s is string => typeof s === 'string') ?? '';
    const last = path[path.length - 1];
    const out: ValueChoice[] = [];
    const seen = new Set<string>();
    const push = (choice: ValueChoice) => {
      if (seen.has(choice.label)) return;
      seen.add(choice.label);
      out.push(choice);
    };
    if (key === '達成状況' || key === '業績目標の達成状況') for (const c of this.markChoices(path)) push(c);
    if (key === '再掲' && this.kind === '振り返りシート') for (const c of this.repeatTargets(path)) push(c);
    const year = yearType(views);
    if (year) for (const c of this.yearChoices(year)) push(c);
    const weekday = key === '曜日' ? this.weekdayOfDate(path) : undefined;
    for (const value of enumValues(views)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      const label = String(value);
      const choice: ValueChoice = { label, enumMember: true };
      if (weekday === label) Object.assign(choice, { preselect: true, detail: '日付の曜日' });
      choice.filterText = this.filterText(label);
      push(choice);
    }
    if (key === '区名') for (const ward of wardNames) push({ label: ward, enumMember: true, filterText: this.filterText(ward) });
    if ((key === '出席者' || key === '担当') && typeof last === 'number') for (const ward of wardNames) push({ label: `${ward}長`, detail: '区長', filterText: `${ward}長 ${this.filterText(ward)}` });
    const shape = shapes(views);
    if (out.length === 0 && shape.scalar && !shape.list) {
      for (const example of examples(views)) if (typeof example === 'string' || typeof example === 'number') push({ label: String(example), detail: '例' });
    }
    return out;
  }

  private yearChoices(type: '年度' | '年度末'): ValueChoice[] {
    const fy = this.year.fiscalYear;
    if (fy === undefined) return [];
    const out: ValueChoice[] = [];
    for (let year = fy - 3; year <= fy + 3; year++) {
      const label = fiscalYearLabel(year, this.year.era) + (type === '年度末' ? '末' : '');
      const detail = type === '年度末' ? `${year + 1}年3月31日（${year}年度末）` : `${year}年度（${fiscalYearSpanText(year)}）`;
      out.push({ label, detail, preselect: year === fy, filterText: `${label} ${year}` });
    }
    return out;
  }

  /** The legend's marks; the one the value and target imply first (preselected), with why. */
  private markChoices(path: Segment[]): ValueChoice[] {
    const legend = this.legend;
    if (!legend) return [];
    const implied = this.impliedMark(path, legend);
    const choices = legend.entries.map((e): ValueChoice => {
      const codePoint = [...e.mark].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
      const choice: ValueChoice = { label: e.mark, detail: `${e.meaning}（${codePoint}）`, enumMember: true, filterText: `${e.mark} ${e.meaning}` };
      if (implied && implied.mark === e.mark) Object.assign(choice, { preselect: true, detail: `${e.meaning}（${codePoint}）— ${implied.why}` });
      return choice;
    });
    return implied ? [...choices.filter((c) => c.preselect), ...choices.filter((c) => !c.preselect)] : choices;
  }

  private impliedMark(path: Segment[], legend: Legend): { mark: string; why: string } | undefined {
    // …/アウトカム指標/i/実績/j/達成状況: the indicator is three segments above the result.
    const resultPath = path.slice(0, -1);
    const indicator = dataAt(this.data, resultPath.slice(0, -2));
    const result = dataAt(this.data, resultPath);
    if (!isRecord(indicator) || !isRecord(result)) return undefined;
    const value = readNumber(result['値']);
    const target = readNumber(indicator['目標値']);
    const comparator = parseComparator(indicator['比較']);
    if (!value || !target || !comparator) return undefined;
    const met = comparatorHolds(value.value, comparator, target.value);
    const mark = markFor(legend, met ? 'achieved' : 'unachieved');
    if (!mark) return undefined;
    const unit = typeof indicator['単位'] === 'string' ? indicator['単位'] : '';
    return { mark, why: `値 ${value.value}${unit} は目標 ${target.value}${unit}${comparator}を${met ? '満たす' : '満たさない'}` };
  }

  private repeatTargets(path: Segment[]): ValueChoice[] {
    const own = path.slice(0, 4).join('/');
    return sectionTargets(this.data)
      .filter((t) => t.path.join('/') !== own)
      .map((t) => {
        const items = itemsOf(t.section)
          .map((i) => i['名称'])
          .filter((n): n is string => typeof n === 'string');
        const name = typeof t.section['名称'] === 'string' ? t.section['名称'] : '';
        return {
          label: t.address,
          detail: `${String(t.pillar['名称'] ?? '')} › ${name}`,
          documentation: [`**${t.address} ${name}**`, '', ...items.map((n) => `- ➤ ${n}`)].join('\n'),
          filterText: `${t.address} ${name}`,
        };
      });
  }

  private weekdayOfDate(path: Segment[]): string | undefined {
    const parent = dataAt(this.data, path.slice(0, -1));
    const date = isRecord(parent) && typeof parent['日付'] === 'string' ? parseWarekiDate(parent['日付']) : undefined;
    return date && !date.problem ? weekdayOf(date.date.year, date.date.month, date.date.day) : undefined;
  }

  // ---------------------------------------------------------------- snippets

  private tab(placeholder = ''): string {
    if (!this.options.snippets) return placeholder;
    this.tabStop++;
    return placeholder === '' ? `\${${this.tabStop}}` : `\${${this.tabStop}:${escapeSnippet(placeholder)}}`;
  }

  private choice(values: readonly string[]): string {
    if (!this.options.snippets || values.length === 0) return '';
    this.tabStop++;
    return `\${${this.tabStop}|${values.map((v) => v.replace(/[,|\\$}]/g, '\\$&')).join(',')}|}`;
  }

  /** A value on the key's line: a choice for an enum, `[…]` for a list, `{ … }` for a mapping, else one tab stop. */
  private inlineValue(views: SchemaView[]): string {
    const values = enumValues(views).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) return ` ${this.choice(values.map((v) => yamlScalar(v)))}`;
    const shape = shapes(views);
    if (shape.list && !shape.scalar && !shape.map) return ` [${this.tab()}]`;
    if (shape.map && !shape.scalar && !shape.list) return ` { ${this.tab()} }`;
    return ` ${this.tab()}`;
  }

  /** Plain text is inserted literally; snippet text escapes `$`, `}` and `\`. */
  private literal(text: string): string {
    return this.options.snippets ? escapeSnippet(text) : text;
  }

  /**
   * What follows `key:` when a key is inserted: ` $1` for a scalar, a choice for an enum, and for a
   * mapping or list its required children on the next lines (indented under `column`).
   */
  private valueText(views: SchemaView[], path: Segment[], column: number, depth: number): string {
    const key = String(path[path.length - 1]);
    const special = this.specialValue(key, views, path, column, depth);
    if (special !== undefined) return special;
    const values = enumValues(views).filter((v): v is string => typeof v === 'string');
    if (values.length > 0) return ` ${this.choice(values.map((v) => yamlScalar(v)))}`;
    const shape = shapes(views);
    const inner = ' '.repeat(column) + indentUnit;
    if (shape.map && !shape.scalar && depth < 4) {
      const required = this.input.navigator.properties(views).filter((p) => p.required);
      if (required.length === 0) return `\n${inner}${this.tab()}`;
      return '\n' + required.map((p) => `${inner}${yamlKey(p.name)}:${this.valueText(p.views, [...path, p.name], column + 2, depth + 1)}`).join('\n');
    }
    if (shape.list && !shape.scalar && depth < 4) {
      const items = this.input.navigator.child(views, 0);
      return '\n' + this.listItem(items, [...path, 0], column + 2, depth + 1);
    }
    return ` ${this.tab()}`;
  }

  /**
   * One list item at `column` ("- " then its required keys, or `keys`, or a scalar). `fixed` gives
   * the text after "key:" for some keys (called in key order, so tab stops stay in order).
   */
  private listItem(views: SchemaView[], path: Segment[], column: number, depth: number, keys?: readonly string[], fixed: Record<string, () => string> = {}): string {
    const pad = ' '.repeat(column);
    const shape = shapes(views);
    if (!shape.map) return `${pad}- ${this.tab()}`;
    const properties = this.input.navigator.properties(views);
    const chosen = keys ? keys.map((k) => properties.find((p) => p.name === k)).filter((p): p is PropertyInfo => p !== undefined) : properties.filter((p) => p.required);
    if (chosen.length === 0) return `${pad}- ${this.tab()}`;
    return chosen.map((p, i) => `${i === 0 ? `${pad}- ` : `${pad}  `}${yamlKey(p.name)}:${fixed[p.name]?.() ?? this.valueText(p.views, [...path, p.name], column + 2, depth + 1)}`).join('\n');
  }

  /** Values the domain knows better than the schema: ids, years, budget columns, marks, indicator years. */
  private specialValue(key: string, views: SchemaView[], path: Segment[], column: number, depth: number): string | undefined {
    const fy = this.year.fiscalYear;
    const era = this.year.era;
    const inner = ' '.repeat(column) + indentUnit;
    if (key === '番号') {
      const id = nextId(this.data, path.slice(0, -1), this.kind);
      return id === undefined ? undefined : ` ${this.tab(id)}`;
    }
    if ((key === '年度' || key === '目標年度') && fy !== undefined && yearType(views) === '年度') return ` ${this.tab(fiscalYearLabel(fy, era))}`;
    if (key === '達成状況' && this.legend) return ` ${this.choice(this.legend.entries.map((e) => e.mark))}`;
    if (key === '予算' && fy !== undefined) {
      const lines = [`${inner}単位: ${this.choice(['円', '千円', '百万円'])}`];
      for (const [year, columnName] of budgetColumns(fy)) lines.push(`${inner}${this.literal(bareEraYear(year, era))}${columnName}: ${this.tab()}`);
      return `\n${lines.join('\n')}`;
    }
    if (key === '区別実績' && shapes(views).map) {
      // A 24-ward table lists each ward once and all of them: every row is written, in the customary order.
      const rows = wardNames.map((ward) => `${inner}  - { 区名: ${ward}, 値: [] }`);
      return `\n${inner}項目: ${this.tab()}\n${inner}単位: ${this.tab()}\n${inner}列: [${this.tab()}]\n${inner}行:\n${rows.join('\n')}`;
    }
    if (key === '実績' && fy !== undefined && depth < 4) {
      const items = this.input.navigator.child(views, 0);
      const itemKeys = this.input.navigator.properties(items).map((p) => p.name);
      if (shapes(views).list && itemKeys.includes('年度')) {
        // An indicator's results: one row per year of the plan (N−2, N−1, N).
        const isOutcome = path.includes('アウトカム指標');
        const keys = ['年度', '値', '達成状況', ...(isOutcome ? ['出典'] : [])];
        const rows = [fy - 2, fy - 1, fy].map((year) => this.listItem(items, [...path, 0], column + 2, depth + 1, keys, { 年度: () => ` ${this.tab(fiscalYearLabel(year, era))}` }));
        return `\n${rows.join('\n')}`;
      }
      if (shapes(views).map && views.some((v) => isRecord(v.schema.propertyNames))) {
        // 主な取組 実績: { 5年度: …, 6年度: … }.
        return `\n${[fy - 1, fy].map((year) => `${inner}${this.literal(bareEraYear(year, era))}年度: ${this.tab()}`).join('\n')}`;
      }
    }
    return undefined;
  }

  /** A whole new item for the list the cursor's item belongs to (a row, an indicator …). */
  private wholeItem(path: Segment[], column: number, context: KeyContext, prefix: string): Suggestion | undefined {
    if (!this.kind) return undefined;
    const listKey = path[path.length - 2];
    if (typeof listKey !== 'string') return undefined;
    const template = itemTemplate(this.kind, listKey, path, this.data);
    if (!template) return undefined;
    this.tabStop = 0;
    const views = this.input.navigator.at(this.kind, path);
    const text = this.templateText(views, path, column, template.keys);
    if (text === undefined) return undefined;
    return {
      label: template.label,
      kind: 'item',
      detail: template.detail,
      documentation: `${template.detail}のひな形を挿入します。\n\n\`\`\`yaml\n- ${unsnippet(text).trimStart()}\n\`\`\``,
      insert: prefix + text,
      snippet: this.options.snippets,
      start: context.start,
      end: context.end,
      filterText: `${template.label} ${this.filterText(listKey)} new`,
    };
  }

  /** The keys of a template item: the first at the cursor, the others at `column` on their own lines. */
  private templateText(views: SchemaView[], path: Segment[], column: number, keys: readonly string[]): string | undefined {
    const properties = this.input.navigator.properties(views);
    const lines: string[] = [];
    for (const key of keys) {
      const property = properties.find((p) => p.name === key);
      if (!property) continue;
      const childPath = [...path, key];
      let value: string;
      const childList = shapes(property.views).list && !shapes(property.views).scalar;
      const nested = childList && this.kind ? itemTemplate(this.kind, key, [...childPath, 0], this.data) : undefined;
      if (nested) {
        const itemViews = this.input.navigator.child(property.views, 0);
        value = `\n${' '.repeat(column + 2)}- ${this.templateText(itemViews, [...childPath, 0], column + 4, nested.keys)?.trimStart() ?? ''}`;
      } else value = this.valueText(property.views, childPath, column, 1);
      lines.push(`${lines.length === 0 ? '' : ' '.repeat(column)}${yamlKey(key)}:${value}`);
    }
    return lines.length === 0 ? undefined : lines.join('\n');
  }
}

interface ValueChoice {
  label: string;
  insert?: string;
  detail?: string;
  documentation?: string;
  filterText?: string;
  preselect?: boolean;
  enumMember?: boolean;
}

/** The budget columns of a plan for fiscal year N: (N−2)決算額, (N−1)予算額, N予算額. */
function budgetColumns(fy: number): [number, '決算額' | '予算額'][] {
  return [
    [fy - 2, '決算額'],
    [fy - 1, '予算額'],
    [fy, '予算額'],
  ];
}

function budgetNote(fy: number): string {
  return `決算は閉じた年度だけにあるため、${fy}年度の方針の列は ${fy - 2}年度決算額・${fy - 1}年度予算額・${fy}年度予算額 です。`;
}

interface Template {
  label: string;
  detail: string;
  keys: readonly string[];
}

/**
 * The keys of a whole new item of the list `listKey` (in the 様式's order), or undefined when the
 * list has no template.
 */
function itemTemplate(kind: SheetKind, listKey: string, path: Segment[], data: Record<string, unknown>): Template | undefined {
  switch (kind) {
    case '振り返りシート':
      if (listKey === '行') return { label: '新しい行', detail: '振り返りシートの行', keys: ['めざす姿', '具体的取組', '主な取組実績', '実施状況', '課題', '次年度以降の取組内容'] };
      if (listKey === '取組項目') return { label: '新しい取組項目', detail: '取組項目（➤）と最初の行', keys: ['名称', '行'] };
      if (listKey === '中項目' && path.length <= 4) return { label: '新しい中項目', detail: '中項目 (n)', keys: ['番号', '名称', '取組項目'] };
      if (listKey === '柱') return { label: '新しい柱', detail: '改革の柱', keys: ['番号', '名称', '中項目'] };
      return undefined;
    case '区運営方針': {
      if (listKey === 'アウトカム指標') return { label: '新しいアウトカム指標', detail: 'アウトカム指標と年度ごとの実績', keys: ['指標', '目標値', '単位', '比較', '目標年度', '実績'] };
      if (listKey === 'プロセス指標') return { label: '新しいプロセス指標', detail: 'プロセス（過程）指標と年度ごとの実績', keys: ['指標', '目標値', '単位', '比較', '実績'] };
      if (listKey === '具体的取組') {
        // The 平成 概要版 (004) writes 【予算額】, 目標 and 取組実績; the detail form budget columns and indicators.
        let summary = false;
        findKeyed(data, new Set(['予算額']), () => (summary = true));
        return summary
          ? { label: '新しい具体的取組', detail: '具体的取組（概要版）', keys: ['番号', '名称', '予算額', '目標', '取組実績'] }
          : { label: '新しい具体的取組', detail: '具体的取組と3年度分の決算額・予算額', keys: ['番号', '名称', '概要', '予算', '主な取組', 'プロセス指標'] };
      }
      if (listKey === '主な取組') return { label: '新しい主な取組', detail: '主な取組と年度ごとの実績', keys: ['取組', '計画', '実績'] };
      if (listKey === '戦略') return { label: '新しい戦略', detail: 'めざす成果及び戦略', keys: ['番号', '名称', 'めざす状態', '現状', '課題', '中期的な取組の方向性', 'アウトカム指標', '具体的取組'] };
      if (listKey === '経営課題') return { label: '新しい経営課題', detail: '経営課題', keys: ['番号', '名称', '概要', '戦略'] };
      return undefined;
    }
    case '部会議事概要':
      if (listKey === '議事') return { label: '新しい議事', detail: '議事・報告事項', keys: ['番号', '件名', '区分', '担当', '案件概要', '要旨'] };
      return undefined;
    case '市政改革プラン進捗':
      if (listKey === '事項') return { label: '新しい事項', detail: '事項', keys: ['番号', '名称', '趣旨・目的', '取組の考え方', '成果目標', '業績目標', '主な取組', '業績目標の達成状況', '評価', '課題', '方向性'] };
      return undefined;
  }
}

/**
 * The 番号 a new item at `itemPath` (…, list, index) should get: one more than its siblings' last
 * number, under its parent's hierarchical id ("5-1" → "5-1-3"). Undefined when nothing tells.
 */
function nextId(data: Record<string, unknown>, itemPath: Segment[], kind: SheetKind | undefined): string | undefined {
  const listPath = itemPath.slice(0, -1);
  const index = itemPath[itemPath.length - 1];
  if (typeof index !== 'number') return undefined;
  const siblings = indexedRecords(dataAt(data, listPath)).filter(([i]) => i !== index);
  const parent = dataAt(data, listPath.slice(0, -1));
  const parentId = isRecord(parent) ? idText(parent['番号']) : undefined;
  const numbers = siblings.map(([, s]) => idText(s['番号'])).filter((t): t is string => t !== undefined);
  const lastParts = numbers.map((n) => Number(n.split('-').pop())).filter((n) => Number.isInteger(n));
  const next = (lastParts.length > 0 ? Math.max(...lastParts) : 0) + 1;
  if (kind === '市政改革プラン進捗') return undefined; // 2-③: circled numbers are written by hand
  if (kind === '区運営方針' && parentId !== undefined) {
    // "5-1-3" under "5-1" when the siblings are written so (令和 form), or for the first of a list
    // under a hierarchical parent (or the first 戦略); plain 1, 2 … as the 平成 概要版 numbers them.
    const first = numbers.length === 0 && (parentId.includes('-') || listPath[listPath.length - 1] === '戦略');
    if (first || numbers.some((n) => n.includes('-'))) return `"${parentId}-${next}"`;
  }
  return String(next);
}

function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  if (typeof value === 'string' && /^[0-9]+(-[0-9]+)*$/.test(value.trim())) return value.trim();
  return undefined;
}

/** A key as YAML writes it (quoted only when it could not be a plain key). */
function yamlKey(name: string): string {
  return indicatorStart.test(name) ? JSON.stringify(name) : name;
}

/** A scalar value as YAML writes it: quoted when plain YAML would read it differently. */
function yamlScalar(value: string): string {
  if (value === '' || indicatorStart.test(value) || /^(true|false|null|~|[0-9.+-][0-9.eE+-]*)$/i.test(value)) return JSON.stringify(value);
  return value;
}

function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, '\\$&');
}

/** A snippet as plain text, for documentation: tab stops removed, choices shown by their first value. */
function unsnippet(text: string): string {
  return text
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}/g, '')
    .replace(/\\([\\$}])/g, '$1');
}

/** A key's example as YAML (from the schema's examples), or undefined. */
function exampleYaml(key: string, views: readonly SchemaView[]): string | undefined {
  const [example] = examples(views);
  if (example === undefined) return undefined;
  if (typeof example === 'string' || typeof example === 'number') return `${key}: ${typeof example === 'string' ? yamlScalar(example) : example}`;
  if (Array.isArray(example)) return `${key}:\n${example.map((e) => `  - ${typeof e === 'string' ? yamlScalar(e) : JSON.stringify(e)}`).join('\n')}`;
  if (isRecord(example)) return `${key}:\n${Object.entries(example).map(([k, v]) => `  ${yamlKey(k)}: ${typeof v === 'string' ? yamlScalar(v) : JSON.stringify(v)}`).join('\n')}`;
  return undefined;
}

