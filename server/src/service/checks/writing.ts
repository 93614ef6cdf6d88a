/**
 * Writing checks on free text (issue 9 §3), the pure half: which texts of a sheet are prose, how
 * each character of a YAML string maps back to the document (plain, quoted and block scalars), and
 * how a textlint message becomes a Problem with a stable `writing/<rule>` code.
 *
 * The rules themselves run in a worker thread on the host side (server/src/writing/): the
 * morphological dictionary they need is large, and the structural diagnostics never wait for it.
 */
import { isMap, isScalar, isSeq, Scalar } from 'yaml';
import { DiagnosticCode } from '../diagnosticCodes';
import type { ParsedSheet } from '../parse';
import type { Problem, Severity } from '../problem';

/** The textlint rules run on free text, by ruleId, with the diagnostic code of each. */
export const writingRules = {
  'ja-no-successive-word': DiagnosticCode.writingSuccessiveWord,
  'repeated-phrase': DiagnosticCode.writingRepeatedPhrase,
  'no-doubled-joshi': DiagnosticCode.writingDoubledJoshi,
  'no-dropping-the-ra': DiagnosticCode.writingDroppingTheRa,
  'no-mix-dearu-desumasu': DiagnosticCode.writingMixDearuDesumasu,
  'no-hankaku-kana': DiagnosticCode.writingHankakuKana,
  'no-mixed-zenkaku-and-hankaku-alphabet': DiagnosticCode.writingMixedZenkakuHankaku,
  'date-weekday-mismatch': DiagnosticCode.writingDateWeekday,
  prh: DiagnosticCode.writingTerms,
} as const satisfies Record<string, DiagnosticCode>;

/** A ruleId of `writingRules`. */
export type WritingRuleId = keyof typeof writingRules;

/** Default severity of every writing finding: information, never in the way of the structure. */
export const writingSeverity: Severity = 'info';

/** Keys whose values are prose that reviewers read. Ids, years, units, marks and names are not. */
const proseKeys = new Set([
  'めざす姿', '具体的取組', '主な取組実績', '課題', '次年度以降の取組内容', '参考', '前文',
  '概要', '現状', 'めざす状態', '中期的な取組の方向性', '戦略の自己評価', '自己評価', '改善策', '区政会議等意見', '取組実績',
  '趣旨・目的', '取組の考え方', '成果目標', '業績目標', '内容', '評価', '方向性',
  '案件概要', '要旨', '件名',
]);

/** One prose string of a sheet and where each of its characters is in the document. */
export interface WritingText {
  text: string;
  /**
   * Document offset of each UTF-16 unit of `text`, plus one entry for its end (length + 1
   * entries); undefined when the scalar's source could not be aligned (the whole node is used).
   */
  offsets: number[] | undefined;
  /** The node's own range in the document, the fallback for any finding. */
  node: [number, number];
}

/**
 * Aligns a scalar's value with its source text: for each value character, the document offset of
 * the character that produced it. Handles plain and quoted scalars (escapes, '' in single quotes),
 * literal and folded blocks (indentation, folded line breaks). Undefined when alignment fails.
 */
export function alignScalar(value: string, source: string, sourceStart: number, type: Scalar['type']): number[] | undefined {
  let p = 0;
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') p = 1;
  else if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const header = source.indexOf('\n');
    if (header < 0) return undefined;
    p = header + 1;
  }
  const out: number[] = [];
  const escapes: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/', r: '\r', ' ': ' ', '0': '\0', _: '\u00a0', N: '\u0085', L: '\u2028', P: '\u2029' };
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    for (;;) {
      if (p >= source.length) return undefined;
      const s = source[p]!;
      if (type === 'QUOTE_DOUBLE' && s === '\\') {
        const e = source[p + 1] ?? '';
        if (e === '\n' || e === '\r') {
          p += 2;
          continue;
        }
        const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        const decoded = hex ? String.fromCodePoint(parseInt(source.slice(p + 2, p + 2 + hex), 16) || 0) : escapes[e];
        if (decoded === undefined) return undefined;
        if (decoded.length === 2 && c === decoded[0] && value[i + 1] === decoded[1]) {
          out.push(p, p);
          i++;
        } else if (decoded === c) out.push(p);
        else return undefined;
        p += 2 + hex;
        break;
      }
      if (type === 'QUOTE_SINGLE' && s === "'" && source[p + 1] === "'" && c === "'") {
        out.push(p);
        p += 2;
        break;
      }
      if (s === c) {
        out.push(p);
        p++;
        break;
      }
      // A folded line break (value " " or "\n" where the source breaks the line).
      if ((c === ' ' || c === '\n') && (s === '\n' || s === '\r')) {
        out.push(p);
        p++;
        break;
      }
      // Indentation, and spaces or breaks that folding removed.
      if (s === ' ' || s === '\t' || s === '\n' || s === '\r') {
        p++;
        continue;
      }
      return undefined;
    }
  }
  out.push(out.length > 0 ? out[out.length - 1]! + 1 : p);
  return out.map((o) => sourceStart + o);
}

/**
 * Every prose string of a sheet (see `proseKeys`: a string value with such a key among its
 * ancestors, holding Japanese) with its offset map, in document order. One walk over the YAML
 * syntax tree, linear in its size (a walk of the data that located each string from the root took
 * 1.2 s on a 36,000-line sheet, on every edit); after an incremental parse, the collections the
 * edit did not touch come from `proseMemo` (16 ms → under 1 ms per edit at 8,600 lines).
 */
export function writingTexts(sheet: ParsedSheet): WritingText[] {
  if (!sheet.yaml || sheet.data === null || typeof sheet.data !== 'object') return [];
  const found: ProseScalar[] = [];
  // AST and data side by side: the data object of a collection is the key of its memo.
  const walk = (node: unknown, data: unknown, prose: boolean, depth: number, out: ProseScalar[]): void => {
    if (depth > maxProseDepth) return;
    if (isMap(node) || isSeq(node)) {
      const key = data !== null && typeof data === 'object' && depth > 0 ? data : undefined;
      const stored = key && proseMemo.get(key);
      if (stored && stored.node === node && stored.prose === prose && node.range) {
        const delta = node.range[0] - stored.start;
        for (const s of stored.scalars) out.push(delta === 0 ? s : { ...s, start: s.start + delta, end: s.end + delta });
        return;
      }
      const own: ProseScalar[] = key ? [] : out;
      if (isMap(node)) {
        for (const pair of node.items) {
          const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
          const child = name !== undefined && data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)[name] : undefined;
          walk(pair.value, child, prose || (name !== undefined && proseKeys.has(name)), depth + 1, own);
        }
      } else {
        node.items.forEach((item, i) => walk(item, Array.isArray(data) ? data[i] : undefined, prose, depth + 1, own));
      }
      if (key && node.range) {
        proseMemo.set(key, { node, prose, start: node.range[0], scalars: own });
        for (const s of own) out.push(s);
      }
    } else if (prose && isScalar(node) && typeof node.value === 'string' && node.range && /[\u3040-\u30ff\u4e00-\u9fff\uff66-\uff9f]/.test(node.value)) {
      out.push({ text: node.value, type: node.type, start: node.range[0], end: node.range[1] });
    }
  };
  walk(sheet.yaml.contents, sheet.data, false, 0, found);
  const texts: WritingText[] = new Array(found.length);
  for (let i = 0; i < found.length; i++) texts[i] = new ProseText(found[i]!, sheet.text);
  return texts;
}

/**
 * A `WritingText` aligned on first use of `offsets` (most texts have no finding, and `writingTexts`
 * runs on every edit). A class, so that the getter is on the prototype: an object literal with its
 * own getter and closure per text took 8–30 ms for the 6,237 texts of a 34,826-line sheet, this
 * takes well under 1 ms. Its state is in private fields, so a structured clone carries neither the
 * document text nor `offsets` (a prototype getter): post `detachedWritingTexts` to another thread.
 */
class ProseText implements WritingText {
  readonly text: string;
  readonly node: [number, number];
  readonly #scalar: ProseScalar;
  /** The whole document text the scalar's range is in. */
  readonly #source: string;
  #aligned: number[] | undefined | null = null;
  constructor(scalar: ProseScalar, source: string) {
    this.text = scalar.text;
    this.node = [scalar.start, scalar.end];
    this.#scalar = scalar;
    this.#source = source;
  }
  get offsets(): number[] | undefined {
    if (this.#aligned === null) this.#aligned = alignScalar(this.text, this.#source.slice(this.#scalar.start, this.#scalar.end), this.#scalar.start, this.#scalar.type);
    return this.#aligned;
  }
}

/**
 * Plain copies of `texts` with their offsets aligned now, for `postMessage` (a structured clone
 * copies own data properties only, not `writingTexts`' lazy `offsets`).
 */
export function detachedWritingTexts(texts: readonly WritingText[]): WritingText[] {
  return texts.map((t) => ({ text: t.text, offsets: t.offsets, node: t.node }));
}

/** A prose scalar found by `writingTexts`: its value, its style and its node's range (document offsets). */
interface ProseScalar {
  text: string;
  type: Scalar['type'];
  start: number;
  end: number;
}

/**
 * The prose scalars of a collection, kept with its data object (issue 11 §2: an edit walks only
 * the item it changed). An incremental parse (../incrementalParse.ts) keeps the data object and
 * the AST node of every item it did not re-parse (the node's ranges shifted in place) and copies
 * the data objects on the path to the edited item; so a stored entry whose node is the current
 * one and whose data object is the current one describes the same text, moved by
 * `node.range[0] - start`.
 */
const proseMemo = new WeakMap<object, { node: unknown; prose: boolean; start: number; scalars: ProseScalar[] }>();

/** Nesting beyond which no prose is looked for (hostile input; sheets nest about 8 deep). */
const maxProseDepth = 64;

/** A textlint message about one text, as the worker returns it (UTF-16 offsets into the text). */
export interface WritingMessage {
  /** Index of the text in the list sent. */
  index: number;
  ruleId: string;
  message: string;
  start: number;
  end: number;
}

/**
 * The Japanese message staff read for a textlint message. Three rules report in English or as a
 * bare rewrite: no-hankaku-kana (`Disallow to use 半角カタカナ: "ｶ"`), date-weekday-mismatch
 * (`2024年5月1日(木) mismatch weekday.\n… => 2024年5月1日(水)`) and prh (`取り組み => 取組`); they are
 * rewritten from the parts of their text. Every other rule's first line is Japanese already and is
 * kept. A text that does not have the expected shape is kept as it is (never lost).
 */
export function writingMessage(ruleId: string, raw: string): string {
  const first = raw.split('\n')[0]!.trim();
  if (ruleId === 'no-hankaku-kana') {
    const m = /"(.*)"$/.exec(first);
    if (m) return `半角カタカナ「${m[1]}」が使われています。全角で書いてください。`;
  } else if (ruleId === 'date-weekday-mismatch') {
    const m = /^(.*) => (.*)$/.exec(raw.split('\n')[1]?.trim() ?? '');
    if (m) return `「${m[1]}」の曜日が日付と合いません。正しくは「${m[2]}」です。`;
  } else if (ruleId === 'prh') {
    const m = /^(.*?) => (.*)$/.exec(first);
    if (m) return `「${m[1]}」は「${m[2]}」と書きます（公用文の表記）。`;
  }
  return first;
}

/**
 * Problems of writing messages: the code of the rule (messages of unknown rules are dropped), the
 * Japanese message, and the range mapped back to the document through the text's offset map (the
 * whole node when the text could not be aligned).
 */
export function writingProblems(texts: readonly WritingText[], messages: readonly WritingMessage[]): Problem[] {
  const problems: Problem[] = [];
  for (const m of messages) {
    const text = texts[m.index];
    const code = (writingRules as Record<string, DiagnosticCode>)[m.ruleId];
    if (!text || !code) continue;
    const startIndex = Math.max(0, Math.min(m.start, text.text.length));
    const endIndex = Math.max(startIndex, Math.min(m.end, text.text.length));
    const [start, end] = text.offsets
      ? [text.offsets[startIndex]!, endIndex > startIndex ? text.offsets[endIndex - 1]! + 1 : text.offsets[startIndex]!]
      : text.node;
    problems.push({ code, message: writingMessage(m.ruleId, m.message), start, end, severity: writingSeverity });
  }
  return problems;
}

/**
 * Codes off unless the configuration names a severity for them (`"writing/no-doubled-joshi":
 * "info"`): rules that were mostly noise on the real samples (see samples/README.md). Doubled
 * particles: 8 findings, all ordinary 公用文 sentences (「令和5年度中に…に向けた」). Full-width
 * letters: 21 findings, every one a document that writes ＬＩＮＥ, ＳＤＧｓ, ＩＣＴ consistently full-width
 * (17 of them in 000, the negative case); the rule flags each full-width letter, not a mix.
 */
export const writingOffByDefault: ReadonlySet<DiagnosticCode> = new Set<DiagnosticCode>([DiagnosticCode.writingDoubledJoshi, DiagnosticCode.writingMixedZenkakuHankaku]);

/**
 * The writing problems that per-code overrides keep (a code set to 'off' is dropped, one in
 * `writingOffByDefault` is kept only when a severity is configured), at their configured severity.
 * Shared by the language server and the CLI, so both report the same findings.
 */
export function configuredWritingProblems(problems: readonly Problem[], overrides: Partial<Record<string, Severity | 'off'>>): Problem[] {
  const out: Problem[] = [];
  for (const p of problems) {
    const severity = configuredWritingSeverity(p.code, overrides);
    if (severity !== 'off') out.push(severity === p.severity ? p : { ...p, severity });
  }
  return out;
}

/** The severity of a writing code under `overrides`: the configured one, else 'off' for `writingOffByDefault`, else `writingSeverity`. */
function configuredWritingSeverity(code: DiagnosticCode, overrides: Partial<Record<string, Severity | 'off'>>): Severity | 'off' {
  return overrides[code] ?? (writingOffByDefault.has(code) ? 'off' : writingSeverity);
}

/**
 * The writing rules that `overrides` leave on (a code set to 'off' is skipped; one in
 * `writingOffByDefault` runs only when a severity is configured), in `writingRules` order.
 */
export function enabledWritingRules(overrides: Partial<Record<string, Severity | 'off'>>): WritingRuleId[] {
  return (Object.keys(writingRules) as WritingRuleId[]).filter((id) => configuredWritingSeverity(writingRules[id], overrides) !== 'off');
}
