/**
 * Names and references: 【再掲】 references of a 振り返りシート, quoted 取組項目 titles in its text,
 * and the numbering (ids) of 振り返りシート and 区運営方針.
 *
 * Source: ../shared/domain.md "Checks the language server must make" 6 — "【再掲】 references
 * resolve, within the document or across the workspace; ids are unique and hierarchical (5-1-1
 * under 5-1 under 5)". Only references within the document are resolved here: the service sees
 * one document at a time (a workspace index is not part of the pure service yet).
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { toAsciiDigits } from '../domain/era';
import { normalizeWardName as withoutSpaces } from '../domain/wards';
import { editDistance } from '../text';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { reviewRows, rowObject } from './review';
import { type DataPath, indexedRecords, problemAt, texts } from './support';
import { ItemMemo, itemProblems } from './itemMemo';
import { textProblems } from './text';

/** A 柱 (中項目) address: 柱 番号 and 中項目 番号, as in 再掲 "1 (2)". */
export interface SectionAddress {
  pillar: number;
  section: number;
}

/**
 * Reads a 再掲 value "1 (2)" (also "1(2)", "１（２）") as 柱 1, 中項目 2; undefined for any other
 * text (the schema's pattern reports those).
 */
export function parseSectionAddress(text: string): SectionAddress | undefined {
  const m = /^\s*([0-9]+)\s*[(（]\s*([0-9]+)\s*[)）]\s*$/.exec(toAsciiDigits(text));
  return m ? { pillar: Number(m[1]), section: Number(m[2]) } : undefined;
}

/** A 番号 written as an integer or a numeric string, as a number; undefined otherwise. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[0-9０-９]+\s*$/.test(value)) return Number(toAsciiDigits(value.trim()));
  return undefined;
}

/** The 柱 and 中項目 of a 振り返りシート by number (the first of each number, if duplicated). */
function sectionIndex(data: Record<string, unknown>): Map<number, Map<number, Record<string, unknown>>> {
  const index = new Map<number, Map<number, Record<string, unknown>>>();
  for (const [, pillar] of indexedRecords(data['柱'])) {
    const p = numberOf(pillar['番号']);
    if (p === undefined || index.has(p)) continue;
    const sections = new Map<number, Record<string, unknown>>();
    for (const [, section] of indexedRecords(pillar['中項目'])) {
      const s = numberOf(section['番号']);
      if (s !== undefined && !sections.has(s)) sections.set(s, section);
    }
    index.set(p, sections);
  }
  return index;
}

/** Most addresses a dangling 再掲's `data.candidates` lists. */
const maxCandidates = 10;

/**
 * The existing 中項目 addresses nearest a dangling one (same 柱 first, then by 柱 and 中項目 number
 * distance), at most `maxCandidates`, in document order: a short list, not every address of the sheet
 * (on a 9,000-line sheet that was 4 KB of data per finding).
 */
function nearestAddresses(addresses: readonly { pillar: number; section: number; text: string }[], to: { pillar: number; section: number }): string[] {
  if (addresses.length <= maxCandidates) return addresses.map((a) => a.text);
  const distance = (a: { pillar: number; section: number }) => Math.abs(a.pillar - to.pillar) * 1_000 + Math.abs(a.section - to.section);
  const order = addresses.map((a, i) => ({ a, i, d: distance(a) })).sort((x, y) => x.d - y.d || x.i - y.i);
  return order.slice(0, maxCandidates).sort((x, y) => x.i - y.i).map((x) => x.a.text);
}

/**
 * reference/dangling on a 振り返りシート:
 * - a row's 再掲 "1 (2)" must name an existing 柱 1 with a 中項目 (2) in the same document
 *   (range: the 再掲 value; warning; data `{candidates}` = the document's addresses nearest it, at most 10);
 * - a text that cites "1 (1) …の「title」" must quote a 取組項目 of that 中項目 by its exact
 *   title. Reported only when the quote is not any title (nor a めざす姿) of that 中項目 and one
 *   title is close to it (≥ 80% alike), so that a quote of something else is never flagged
 *   (range: the quoted title; warning; data `{replacement}` = the real title).
 * Workspace-wide resolution (a 再掲 of another document) is not done.
 */
export function checkReviewReferences(context: CheckContext): Problem[] {
  const index = sectionIndex(context.data);
  const addresses = [...index].flatMap(([p, sections]) => [...sections.keys()].map((s) => ({ pillar: p, section: s, text: `${p} (${s})` })));
  // A row's findings depend on the row and on the addresses and names of the 中項目 (one generation per distinct set).
  return itemProblems(context, reviewReferenceMemo, String(sectionGeneration(index)), reviewRows(context.data), rowObject, ({ path, row }) => {
    const problems: Problem[] = [];
    const repeat = row['再掲'];
    if (typeof repeat === 'string') {
      const address = parseSectionAddress(repeat);
      if (address) {
        const sections = index.get(address.pillar);
        if (!sections || !sections.has(address.section)) {
          const message = !sections
            ? `【再掲】の元「${repeat.trim()}」が見つかりません。この文書に柱${address.pillar}はありません（${[...index.keys()].map((p) => `柱${p}`).join('、')}があります）。`
            : `【再掲】の元「${repeat.trim()}」が見つかりません。柱${address.pillar}に中項目(${address.section})はありません（${[...sections.keys()].map((s) => `(${s})`).join('、')}があります）。`;
          problems.push(problemAt(context, [...path, '再掲'], DiagnosticCode.referenceDangling, message, { severity: 'warning', data: { candidates: nearestAddresses(addresses, address) } }));
        }
      }
    }
    for (const field of textFields) problems.push(...quotedTitleProblems(context, index, [...path, field], row[field]));
    return problems;
  });
}

const reviewReferenceMemo = new ItemMemo();

/** The names of each 中項目 read so far (`namesIn`), with their signature; dropped with the data. */
const sectionNames = new WeakMap<object, { titles: string[]; others: string[]; signature: string }>();

function namesOf(section: Record<string, unknown>): { titles: string[]; others: string[]; signature: string } {
  let names = sectionNames.get(section);
  if (!names) {
    const { titles, others } = namesIn(section);
    sectionNames.set(section, (names = { titles, others, signature: JSON.stringify([titles, others]) }));
  }
  return names;
}

/** The last section index's signature (addresses and names) and its generation number. */
let lastSections: { signature: string; generation: number } | undefined;

/** A number that changes whenever the 中項目 addresses or the names in them change. */
function sectionGeneration(index: Map<number, Map<number, Record<string, unknown>>>): number {
  const signature = [...index].map(([p, sections]) => `${p}\u0002${[...sections].map(([s, section]) => `${s}\u0003${namesOf(section).signature}`).join('\u0002')}`).join('\u0001');
  if (lastSections?.signature !== signature) lastSections = { signature, generation: (lastSections?.generation ?? 0) + 1 };
  return lastSections.generation;
}

/** Row fields whose text may cite another item. */
const textFields = ['めざす姿', '具体的取組', '主な取組実績', '課題', '次年度以降の取組内容', '参考'] as const;

// "1 (1) 地域社会における…(…)の「NPO・企業・人材等、地域資源の発掘と連携強化」": an address, up to 80
// characters of 中項目 name, then の「…」. Digits are matched on the ASCII form (same offsets).
const citation = /(?<![0-9])([0-9]+)\s*[(（]\s*([0-9]+)\s*[)）]([^「」\n]{0,80}?)の「([^「」\n]+)」/g;

function quotedTitleProblems(context: CheckContext, index: Map<number, Map<number, Record<string, unknown>>>, path: DataPath, value: unknown): Problem[] {
  const list: [DataPath, string][] = typeof value === 'string' ? [[path, value]] : Array.isArray(value) ? value.flatMap((v, i): [DataPath, string][] => (typeof v === 'string' ? [[[...path, i], v]] : [])) : [];
  const problems: Problem[] = [];
  for (const [itemPath, text] of list) {
    for (const m of toAsciiDigits(text).matchAll(citation)) {
      const section = index.get(Number(m[1]))?.get(Number(m[2]));
      if (!section) continue; // perhaps another document: not resolved here
      const quote = text.slice(m.index + m[0].length - m[4]!.length - 1, m.index + m[0].length - 1);
      const { titles, others } = namesOf(section);
      const wanted = withoutSpaces(quote);
      if ([...titles, ...others].some((t) => withoutSpaces(t) === wanted)) continue;
      let nearest: string | undefined;
      let likeness = 0;
      for (const title of titles) {
        const t = withoutSpaces(title);
        const l = 1 - editDistance(wanted, t) / Math.max(wanted.length, t.length, 1);
        if (l > likeness) [nearest, likeness] = [title, l];
      }
      if (!nearest || likeness < 0.8) continue;
      const start = m.index + m[0].length - 1 - quote.length;
      problems.push(
        problemAt(context, itemPath, DiagnosticCode.referenceDangling, `${m[1]} (${m[2]}) に取組項目「${quote}」はありません。「${nearest}」のことなら、題名をそのとおりに書いてください。`, {
          severity: 'warning',
          data: { replacement: nearest },
          sub: { start, end: start + quote.length, text: quote },
        }),
      );
    }
  }
  return problems;
}

/** The 取組項目 titles of a 中項目 (direct and under 小項目), and the other names a text may quote. */
function namesIn(section: Record<string, unknown>): { titles: string[]; others: string[] } {
  const titles: string[] = [];
  const others: string[] = [];
  const items = [...indexedRecords(section['取組項目'])];
  for (const [, sub] of indexedRecords(section['小項目'])) {
    if (typeof sub['名称'] === 'string') others.push(sub['名称']);
    items.push(...indexedRecords(sub['取組項目']));
  }
  for (const [, item] of items) {
    if (typeof item['名称'] === 'string') titles.push(item['名称']);
    for (const [, row] of indexedRecords(item['行'])) {
      const goal = row['めざす姿'];
      if (typeof goal === 'string') others.push(goal);
      else if (Array.isArray(goal)) others.push(...goal.filter((g): g is string => typeof g === 'string'));
    }
  }
  if (typeof section['名称'] === 'string') others.push(section['名称']);
  return { titles, others };
}

/**
 * id/hierarchy on a 振り返りシート: 柱 番号 unique in the document, 中項目 番号 unique within its 柱,
 * 小項目 記号 unique within its 中項目. Range: the second occurrence (error; data `{id}`).
 */
export function checkReviewIds(context: CheckContext): Problem[] {
  const problems: Problem[] = [];
  problems.push(...duplicates(context, ['柱'], '番号', '柱の番号'));
  for (const [i, pillar] of indexedRecords(context.data['柱'])) {
    problems.push(...duplicates(context, ['柱', i, '中項目'], '番号', `柱${String(pillar['番号'] ?? '')}の中項目の番号`));
    for (const [j] of indexedRecords(pillar['中項目'])) problems.push(...duplicates(context, ['柱', i, '中項目', j, '小項目'], '記号', '小項目の記号'));
  }
  return problems;
}

/** Problems for entries of the list at `listPath` whose `key` repeats an earlier sibling's. */
function duplicates(context: CheckContext, listPath: DataPath, key: string, what: string): Problem[] {
  const list = listPath.reduce<unknown>((v, segment) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[segment] : undefined), context.data);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const [i, entry] of indexedRecords(list)) {
    const id = idText(entry[key]);
    if (id === undefined) continue;
    if (seen.has(id)) problems.push(problemAt(context, [...listPath, i, key], DiagnosticCode.idHierarchy, `${what}「${id}」が重複しています。番号は1つずつ違うものにしてください。`, { severity: 'error', data: { id } }));
    seen.add(id);
  }
  return problems;
}

/**
 * An id as comparable text: integers and numeric strings with ASCII digits and "-" (full-width
 * digits and dashes －−‐ normalised, spaces removed); 記号 strings as written without spaces.
 */
export function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = withoutSpaces(toAsciiDigits(value)).replace(/[－−‐–]/g, '-');
  return text === '' ? undefined : text;
}

/** The numeric parts of a hierarchical id "5-1-1" → [5, 1, 1]; undefined if it is not one. */
function idParts(value: unknown): number[] | undefined {
  const text = idText(value);
  return text !== undefined && /^[0-9]+(-[0-9]+)*$/.test(text) ? text.split('-').map(Number) : undefined;
}

/**
 * id/hierarchy on a 区運営方針: ids unique among siblings (経営課題, 戦略, 具体的取組, 行財政 取組);
 * a hierarchical 戦略 番号 "5-1" starts with its 経営課題 番号 "5" and has two parts; a
 * hierarchical 具体的取組 番号 "5-1-1" starts with its 戦略 "5-1" and has three parts. The 平成
 * 概要版 (004) numbers 戦略 1 and 具体的取組 1), 2) … as plain integers restarting in each 戦略:
 * plain numbers are only checked for uniqueness among siblings. Range: the 番号 value (error;
 * data `{expected}` for a wrong prefix, `{id}` for a duplicate).
 */
export function checkPolicyIds(context: CheckContext): Problem[] {
  const problems: Problem[] = [];
  problems.push(...duplicates(context, ['経営課題'], '番号', '経営課題の番号'));
  // Everything below a 経営課題 depends on that 経営課題 only: memoised per 経営課題 (./itemMemo.ts).
  const issues = indexedRecords(context.data['経営課題']).map(([i, issue]) => ({ path: ['経営課題', i] as DataPath, i, issue }));
  problems.push(...itemProblems(context, policyIdMemo, '', issues, (entry) => entry.issue, ({ i, issue }) => issueIdProblems(context, i, issue)));
  const finance = context.data['行財政'];
  if (finance !== null && typeof finance === 'object' && !Array.isArray(finance)) problems.push(...duplicates(context, ['行財政', '取組'], '番号', '行財政の取組の番号'));
  return problems;
}

const policyIdMemo = new ItemMemo();

/** The id/hierarchy findings inside one 経営課題 (its own 番号, its 戦略 and their 具体的取組). */
function issueIdProblems(context: CheckContext, i: number, issue: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const issueParts = idParts(issue['番号']);
  if (issueParts && issueParts.length > 1) {
    problems.push(problemAt(context, ['経営課題', i, '番号'], DiagnosticCode.idHierarchy, `経営課題の番号は「${issueParts[0]}」のように1つの数で書きます。`, { severity: 'error', data: { expected: String(issueParts[0]) } }));
  }
  const issueId = issueParts?.length === 1 ? issueParts : undefined;
  problems.push(...duplicates(context, ['経営課題', i, '戦略'], '番号', '戦略の番号'));
  for (const [j, strategy] of indexedRecords(issue['戦略'])) {
    const strategyPath: DataPath = ['経営課題', i, '戦略', j];
    const parts = idParts(strategy['番号']);
    // The full id of this 戦略 ("5-1"), used as the prefix of its 具体的取組.
    let strategyId: number[] | undefined;
    if (parts && parts.length === 1) strategyId = issueId ? [...issueId, ...parts] : undefined;
    else if (parts) {
      const expected = issueId ? [...issueId, parts[parts.length - 1]!] : undefined;
      if (parts.length !== 2 || (expected && parts[0] !== expected[0])) {
        const shown = expected?.join('-');
        problems.push(
          problemAt(
            context,
            [...strategyPath, '番号'],
            DiagnosticCode.idHierarchy,
            parts.length !== 2
              ? `戦略の番号は「${shown ?? '5-1'}」のように経営課題の番号と戦略の番号の2つで書きます。`
              : `戦略の番号「${parts.join('-')}」が経営課題${issueId!.join('')}の下の番号になっていません。「${shown}」のように${issueId!.join('')}で始めてください。`,
            { severity: 'error', ...(shown ? { data: { expected: shown } } : {}) },
          ),
        );
      }
      // Children are judged against the id the 戦略 should have, so one slip is reported once.
      strategyId = expected ?? (parts.length === 2 ? parts : undefined);
    }
    problems.push(...duplicates(context, [...strategyPath, '具体的取組'], '番号', '具体的取組の番号'));
    for (const [k, action] of indexedRecords(strategy['具体的取組'])) {
      const actionParts = idParts(action['番号']);
      if (!actionParts || actionParts.length === 1) continue; // 1), 2) … of the 概要版: siblings only
      const expected = strategyId ? [...strategyId, actionParts[actionParts.length - 1]!] : undefined;
      const wrongDepth = actionParts.length !== 3;
      const wrongPrefix = !wrongDepth && strategyId !== undefined && (actionParts[0] !== strategyId[0] || actionParts[1] !== strategyId[1]);
      if (!wrongDepth && !wrongPrefix) continue;
      const shown = expected?.join('-');
      problems.push(
        problemAt(
          context,
          [...strategyPath, '具体的取組', k, '番号'],
          DiagnosticCode.idHierarchy,
          wrongDepth
            ? `具体的取組の番号は「${shown ?? '5-1-1'}」のように戦略の番号に続けて3つの数で書きます。`
            : `具体的取組の番号「${actionParts.join('-')}」が戦略${strategyId!.join('-')}の下の番号になっていません。「${shown}」のように${strategyId!.join('-')}で始めてください。`,
          { severity: 'error', ...(shown ? { data: { expected: shown } } : {}) },
        ),
      );
    }
  }
  return problems;
}

/** A goal text normalised for comparison: NFKC (（）→(), full-width digits), no spaces, no 「」『』. */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(/[\s「」『』]/g, '');
}

/** The text without a trailing 「～…」 tag (～つながりのRe-Design) of at most 40 characters, if any. */
function withoutTag(text: string): { body: string; tag: string } {
  const at = Math.max(text.lastIndexOf('～'), text.lastIndexOf('〜'));
  return at > 0 && text.length - at <= 40 ? { body: text.slice(0, at), tag: text.slice(at) } : { body: text, tag: '' };
}

/** True when two texts are made of the same characters, each as many times (one is the other reordered). */
export function sameCharacters(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const sorted = (t: string) => [...t].sort().join('');
  return sorted(a) === sorted(b);
}

/** Dice coefficient of the character bigrams of two texts (0–1): robust to reordered phrases. */
export function bigramLikeness(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return a === b ? 1 : 0;
  const counts = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) counts.set(a.slice(i, i + 2), (counts.get(a.slice(i, i + 2)) ?? 0) + 1);
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const g = b.slice(i, i + 2);
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}

/** The character bigrams of a text with their counts. */
function bigramCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i < text.length - 1; i++) {
    const g = text.slice(i, i + 2);
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  return counts;
}

/**
 * The texts of a sheet indexed by character bigram, for `bigramLikeness` against many texts at
 * once: only texts sharing a bigram with the query are scored, so a lookup costs the postings of
 * its bigrams, not every text (a sheet of 36,000 lines has thousands of titles and quotes).
 * `nearest` returns what a scan with `bigramLikeness` would: the first text of highest likeness.
 */
export class BigramIndex<T> {
  private readonly postings = new Map<string, { item: number; count: number }[]>();
  private readonly lengths: number[] = [];

  /** `items` with their comparable keys (see `comparable`); order decides ties, as in a scan. */
  constructor(private readonly items: readonly { key: string; value: T }[]) {
    items.forEach(({ key }, item) => {
      this.lengths.push(key.length);
      for (const [g, count] of bigramCounts(key)) {
        let list = this.postings.get(g);
        if (!list) this.postings.set(g, (list = []));
        list.push({ item, count });
      }
    });
  }

  /** The item most like `key` (bigram likeness > 0), with that likeness; undefined if none shares a bigram. */
  nearest(key: string): { value: T; likeness: number } | undefined {
    if (key.length < 2) return undefined;
    const shared = new Map<number, number>();
    for (const [g, count] of bigramCounts(key)) for (const p of this.postings.get(g) ?? []) shared.set(p.item, (shared.get(p.item) ?? 0) + Math.min(count, p.count));
    let best = -1;
    let likeness = 0;
    for (const [item, n] of shared) {
      const l = (2 * n) / (key.length - 1 + this.lengths[item]! - 1);
      if (l > likeness || (l === likeness && item < best)) [best, likeness] = [item, l];
    }
    return best < 0 ? undefined : { value: this.items[best]!.value, likeness };
  }
}

interface GoalEntry {
  text: string;
  key: string;
  pillar: unknown;
  section: unknown;
}

const repeatMark = /^[\s\u3000]*【再掲】[\s\u3000]*/;

/**
 * reference/repeat-differs (warning): a repeated goal whose text differs from the goal it repeats.
 * - a row with 再掲 "3 (2)": each of its めざす姿 (without a trailing ～… tag) is compared with the
 *   goals of 3 (2);
 * - a めざす姿 item written 【再掲】…: with every goal of the document that is not a repeat.
 * The nearest goal (bigram likeness ≥ 0.5) is taken as the one repeated; a repeat equal to it after
 * NFKC and without spaces and 「」, or containing it whole (two goals joined in one), is right.
 * Range: the repeated text; data `{replacement}` = the original text (with the tag kept).
 */
export function checkRepeatTexts(context: CheckContext): Problem[] {
  const rows = reviewRows(context.data);
  const goals = goalIndex(rows);
  const candidatesFor = (name: string, select: () => GoalEntry[]) => {
    let entry = goals.indexes.get(name);
    if (!entry) {
      const selected = select();
      goals.indexes.set(name, (entry = { goals: selected, index: new BigramIndex(selected.map((g) => ({ key: g.key, value: g }))), findings: new Map() }));
    }
    return entry;
  };
  const compare = (problems: Problem[], path: DataPath, written: string, candidates: GoalCandidates) => {
    let found = candidates.findings.get(written);
    if (found === undefined) candidates.findings.set(written, (found = repeatFinding(written, candidates)));
    if (!found) return;
    problems.push(
      problemAt(context, path, DiagnosticCode.referenceRepeatDiffers, `【再掲】の文が元のめざす姿「${found.original}」と違います。再掲は元の文のとおりに書いてください（違う目標なら再掲にしないでください）。`, {
        severity: 'warning',
        data: { replacement: found.replacement },
      }),
    );
  };
  // Memoised per row (./itemMemo.ts) while the goals are the same (one generation per goal index).
  return itemProblems(context, repeatMemo, String(goals.generation), rows, rowObject, ({ path, row }) => {
    const problems: Problem[] = [];
    const goal = row['めざす姿'];
    const items: [DataPath, string][] = typeof goal === 'string' ? [[[...path, 'めざす姿'], goal]] : Array.isArray(goal) ? goal.flatMap((g, i): [DataPath, string][] => (typeof g === 'string' ? [[[...path, 'めざす姿', i], g]] : [])) : [];
    const address = typeof row['再掲'] === 'string' ? parseSectionAddress(row['再掲']) : undefined;
    for (const [itemPath, text] of items) {
      if (address) compare(problems, itemPath, text, candidatesFor(`${address.pillar} ${address.section}`, () => goals.goals.filter((g) => numberOf(g.pillar) === address.pillar && numberOf(g.section) === address.section)));
      else if (repeatMark.test(text)) compare(problems, itemPath, text, candidatesFor('*', () => goals.goals));
    }
    return problems;
  });
}

const repeatMemo = new ItemMemo();

/** Goals a repeat may be compared with (all, or one 中項目's), indexed, with the finding of each repeat text read so far. */
interface GoalCandidates {
  goals: GoalEntry[];
  index: BigramIndex<GoalEntry>;
  /** Per written repeat: the goal it differs from and the fix, or null when it is right. */
  findings: Map<string, { original: string; replacement: string } | null>;
}

/** The goals of a sheet (めざす姿 of rows that are no repeat) and the candidate sets built from them. */
interface GoalIndex {
  /** Every goal's text, 柱 and 中項目 number, joined: equal signatures give equal findings for equal repeats. */
  signature: string;
  /** A number per index built: equal generations are the same goals. */
  generation: number;
  goals: GoalEntry[];
  indexes: Map<string, GoalCandidates>;
}

/**
 * The last goal index built. Most edits change no goal, so the candidate indexes and the finding
 * of every unchanged repeat are reused; a changed goal (or another document) makes a new index.
 */
let lastGoalIndex: GoalIndex | undefined;

function goalIndex(rows: ReturnType<typeof reviewRows>): GoalIndex {
  // Read per 柱 (its rows are consecutive) and kept with the 柱: after an edit only its 柱 is read again.
  const written: WrittenGoal[] = [];
  const signatures: string[] = [];
  for (let first = 0; first < rows.length; ) {
    const pillar = rows[first]!.pillar;
    let end = first;
    while (end < rows.length && rows[end]!.pillar === pillar) end++;
    let known = goalsOfPillar.get(pillar);
    if (!known) {
      const goals: WrittenGoal[] = [];
      for (const { row, section } of rows.slice(first, end)) {
        if (row['再掲'] !== undefined) continue;
        for (const text of texts(row['めざす姿'])) if (!repeatMark.test(text)) goals.push({ text, pillar: pillar['番号'], section: section['番号'] });
      }
      goalsOfPillar.set(pillar, (known = { goals, signature: goals.map((g) => `${String(g.pillar)}\u0001${String(g.section)}\u0001${g.text}`).join('\n') }));
    }
    written.push(...known.goals);
    if (known.goals.length > 0) signatures.push(known.signature);
    first = end;
  }
  const signature = signatures.join('\n');
  if (lastGoalIndex?.signature === signature) return lastGoalIndex;
  lastGoalIndex = { signature, generation: (lastGoalIndex?.generation ?? 0) + 1, goals: written.map((g) => ({ ...g, key: comparable(g.text) })), indexes: new Map() };
  return lastGoalIndex;
}

/** A goal as written in a row that is no repeat, with its 柱 and 中項目 numbers. */
interface WrittenGoal {
  text: string;
  pillar: unknown;
  section: unknown;
}

/** The goals of each 柱 read so far (read-only; dropped with the data). */
const goalsOfPillar = new WeakMap<object, { goals: WrittenGoal[]; signature: string }>();

/** The goal a written repeat differs from, with its fix; null when the repeat is right or repeats nothing near. */
function repeatFinding(written: string, candidates: GoalCandidates): { original: string; replacement: string } | null {
  const { body, tag } = withoutTag(written.replace(repeatMark, ''));
  const key = comparable(body);
  if (key === '' || candidates.goals.some((g) => g.key === key || key.includes(g.key))) return null;
  const nearest = candidates.index.nearest(key);
  const best = nearest?.value;
  if (!best || nearest.likeness < 0.5) return null;
  return { original: best.text, replacement: written.replace(body, best.text).replace(/\s+$/, '') + (written.endsWith(tag) ? '' : tag) };
}

/** A titled item a text may quote: its 名称 and, where the kind numbers items, its id. */
interface Titled {
  name: string;
  id?: string;
}

/**
 * Every titled item of the sheet: 取組項目 / 中項目 (振り返りシート), 経営課題 / 戦略 / 具体的取組
 * (区運営方針), 事項 (市政改革プラン進捗), with a signature (ids and names joined). Read per top-level
 * item (柱, 経営課題, 事項) and kept with it: after an edit only the edited item's titles are read again.
 */
function titledItems(context: CheckContext): { titled: Titled[]; signature: string } {
  const read = titleReaders[context.kind];
  const titled: Titled[] = [];
  const signatures: string[] = [];
  if (!read) return { titled, signature: '' };
  for (const [, part] of indexedRecords(context.data[read.key])) {
    let known = titlesOfPart.get(part);
    if (!known || known.kind !== context.kind) {
      const own: Titled[] = [];
      read.titles(part, (name, id) => {
        if (typeof name !== 'string' || name.trim() === '') return;
        const text = idText(id);
        own.push(text === undefined ? { name } : { name, id: text });
      });
      titlesOfPart.set(part, (known = { kind: context.kind, titled: own, signature: own.map((t) => `${t.id ?? ''}\u0001${t.name}`).join('\n') }));
    }
    titled.push(...known.titled);
    if (known.titled.length > 0) signatures.push(known.signature);
  }
  return { titled, signature: signatures.join('\n') };
}

/** Per kind: the top-level list of titled items, and the titles of one of its items. */
const titleReaders: Partial<Record<CheckContext['kind'], { key: string; titles: (part: Record<string, unknown>, add: (name: unknown, id?: unknown) => void) => void }>> = {
  振り返りシート: {
    key: '柱',
    titles: (pillar, add) => {
      for (const [, section] of indexedRecords(pillar['中項目'])) {
        add(section['名称']);
        const items = [...indexedRecords(section['取組項目'])];
        for (const [, sub] of indexedRecords(section['小項目'])) items.push(...indexedRecords(sub['取組項目']));
        for (const [, item] of items) add(item['名称']);
      }
    },
  },
  区運営方針: {
    key: '経営課題',
    titles: (issue, add) => {
      add(issue['名称'], issue['番号']);
      for (const [, strategy] of indexedRecords(issue['戦略'])) {
        add(strategy['名称'], strategy['番号']);
        for (const [, action] of indexedRecords(strategy['具体的取組'])) add(action['名称'], action['番号']);
      }
    },
  },
  市政改革プラン進捗: { key: '事項', titles: (item, add) => add(item['名称'], item['番号']) },
};

/** The titles of each top-level item read so far (read-only; dropped with the data). */
const titlesOfPart = new WeakMap<object, { kind: CheckContext['kind']; titled: Titled[]; signature: string }>();

const quotePattern = /「([^「」\n]{4,80})」/g;
// An id right before a quote: 具体的取組5-1-1「…」, 戦略 5-1 の「…」, 事項2-③「…」.
const idBefore = /(?:具体的取組|戦略|経営課題|事項)[\s\u3000]{0,2}([0-9０-９]{1,2}(?:[-－ー‐][0-9０-９①-⑳]{1,2}){0,2})[\s\u3000]{0,2}(?:の|:|：)?[\s\u3000]{0,2}$/;
// 振り返りシート citations "1 (1) …の「…」" are ./checkReviewReferences' (with its own rule).
const reviewCitationBefore = /[0-9０-９]+[\s\u3000]{0,2}[(（][\s\u3000]{0,2}[0-9０-９]+[\s\u3000]{0,2}[)）][^「」\n]{0,80}の$/;
// An id of 区運営方針 cited in text: 具体的取組5-1-3, 戦略 5-2.
const policyIdInText = /(具体的取組|戦略)[\s\u3000]{0,2}([0-9０-９]{1,2}[-－][0-9０-９]{1,2}(?:[-－][0-9０-９]{1,2})?)(?![-－0-9０-９])/g;

/**
 * reference/dangling on quotes and ids inside text, in every kind:
 * - 「title」 right after an id (具体的取組5-1-1「…」, 事項2-③「…」) whose item has another, similar
 *   name (bigram likeness ≥ 0.5): the quote names the item wrongly (data `{replacement}`);
 * - 「title」 without an id that is nearly (≥ 0.8) but not exactly a title of the sheet, or is a title's
 *   very characters with some moved (bigram likeness ≥ 0.5);
 * - (区運営方針) 具体的取組 5-1-3 / 戦略 5-2 in text that is no id of the sheet although its
 *   経営課題 is (so a citation of another ward's or another year's plan is not flagged).
 * Quotes equal to a title after NFKC, without spaces and 「」, are right. Range: the quote or id.
 */
export function checkTextReferences(context: CheckContext): Problem[] {
  const titles = titleIndex(context);
  if (!titles) return [];
  // An item's findings stay valid while the title index is the same one (no title changed).
  return textProblems(context, textReferenceMemo, `${context.kind}\u0001${titles.generation}`, (value) => {
    if (value.key === '名称' || value.key === '件名') return [];
    let found = titles.findings.get(value.text);
    if (!found) titles.findings.set(value.text, (found = textReferenceFindings(value.text, context.kind, titles)));
    return found.map(({ message, data, sub }) => problemAt(context, value.path, DiagnosticCode.referenceDangling, message, { severity: 'warning', ...(data ? { data } : {}), sub }));
  });
}

/** Per-item memo of checkTextReferences (./itemMemo.ts). */
const textReferenceMemo = new ItemMemo();

/** The sheet's titles, indexed for `checkTextReferences`, with the findings of each text read so far. */
interface TitleIndex {
  /** The kind and every title and id, joined: equal signatures give equal findings for equal texts. */
  signature: string;
  /** A number per index built: equal generations are the same titles. */
  generation: number;
  keys: Set<string>;
  index: BigramIndex<Titled>;
  byId: Map<string, Titled>;
  issueIds: Set<string>;
  /** Findings per text (offsets inside the text), for the titles of this index. */
  findings: Map<string, TextReferenceFinding[]>;
}

/** One reference/dangling in a text, placed by `problemAt` on the text's node. */
interface TextReferenceFinding {
  message: string;
  data?: { replacement: string };
  sub: { start: number; end: number; text: string };
}

/**
 * The last title index built. Most edits change no title, so the index and the findings of every
 * unchanged text are reused; a changed title (or another document) makes a new index.
 */
let lastTitleIndex: TitleIndex | undefined;
let titleIndexes = 0;

function titleIndex(context: CheckContext): TitleIndex | undefined {
  const { titled, signature: titles } = titledItems(context);
  if (titled.length === 0) return undefined;
  const signature = `${context.kind}\n${titles}`;
  if (lastTitleIndex?.signature === signature) return lastTitleIndex;
  const byId = new Map(titled.filter((t) => t.id !== undefined).map((t) => [t.id!, t]));
  lastTitleIndex = {
    signature,
    generation: ++titleIndexes,
    keys: new Set(titled.map((t) => comparable(t.name))),
    index: new BigramIndex(titled.map((t) => ({ key: comparable(t.name), value: t }))),
    byId,
    issueIds: new Set([...byId.keys()].map((id) => id.split('-')[0]!)),
    findings: new Map(),
  };
  return lastTitleIndex;
}

/** The dangling quotes and ids of one text against the sheet's titles (see `checkTextReferences`). */
function textReferenceFindings(text: string, kind: CheckContext['kind'], { keys, index, byId, issueIds }: TitleIndex): TextReferenceFinding[] {
  const found: TextReferenceFinding[] = [];
  for (const m of text.matchAll(quotePattern)) {
    const quote = m[1]!;
    const key = comparable(quote);
    if (keys.has(key)) continue;
    const before = text.slice(Math.max(0, m.index - 90), m.index);
    if (kind === '振り返りシート' && reviewCitationBefore.test(toAsciiDigits(before))) continue;
    const anchor = idBefore.exec(before.slice(-24));
    const anchored = anchor ? byId.get(idText(anchor[1]) ?? '') : undefined;
    let target: Titled | undefined;
    if (anchored) target = bigramLikeness(key, comparable(anchored.name)) >= 0.5 ? anchored : undefined;
    else if (!anchor && quote.length >= 8) {
      const nearest = index.nearest(key);
      // Nearly a title, or exactly a title's characters with some moved (「避難所運営体制のづくり」 for
      // 「避難所運営の体制づくり」: a transposition costs bigrams on both sides of each move).
      target = nearest && (nearest.likeness >= 0.8 || (nearest.likeness >= 0.5 && sameCharacters(key, comparable(nearest.value.name)))) ? nearest.value : undefined;
    }
    if (!target) continue;
    const start = m.index + 1;
    found.push({
      message: `「${quote}」という項目はありません。${target.id ? `${target.id} の` : ''}「${target.name}」のことなら、名称をそのとおりに書いてください。`,
      data: { replacement: target.name },
      sub: { start, end: start + quote.length, text: quote },
    });
  }
  if (kind !== '区運営方針') return found;
  for (const m of text.matchAll(policyIdInText)) {
    const id = idText(m[2]);
    if (id === undefined || byId.has(id) || !issueIds.has(id.split('-')[0]!)) continue;
    const start = m.index + m[0].length - m[2]!.length;
    found.push({
      message: `${m[1]}「${m[2]}」はこの文書にありません（${[...byId.keys()].filter((k) => k.split('-').length === id.split('-').length).join('、')}があります）。`,
      sub: { start, end: start + m[2]!.length, text: m[2]! },
    });
  }
  return found;
}

/** The checks of this module, for the registry in ./index.ts. */
export const referenceChecks: readonly CheckRegistration[] = [
  { kinds: ['振り返りシート'], check: checkReviewReferences },
  { kinds: ['振り返りシート'], check: checkReviewIds },
  { kinds: ['振り返りシート'], check: checkRepeatTexts },
  { kinds: 'all', check: checkTextReferences },
  { kinds: ['区運営方針'], check: checkPolicyIds },
];
