/**
 * Achievement marks (達成マーク) and their legends (凡例 / 達成状況の区分): which characters are
 * look-alikes of which mark, what a legend's meanings say (目標達成 or 目標未達成), and how a
 * value is compared with its target (以上 ≥, 以下 ≤, 未満 <, 超 >).
 *
 * Marks are compared exactly as written (only surrounding spaces are ignored). NFKC is never
 * applied: it would turn ① into 1 and hide the very look-alikes this module finds.
 *
 * Source: ../shared/domain.md "Rules of the domain" (Marks; Unicode look-alikes) and check 3.
 */
import { toFullWidthDigits } from './era';

/** 〇 U+3007, the 目標達成 mark of 区運営方針 (令和). */
export const achievedMark = '〇';
/** － U+FF0D, the 目標未達成 mark of 区運営方針 (令和). */
export const unachievedMark = '－';

/** What a mark says about its value: the target was met, or not. */
export type MarkOutcome = 'achieved' | 'unachieved';

/** One mark of a legend, with its meaning as written and the outcome read from that meaning. */
export interface LegendEntry {
  mark: string;
  meaning: string;
  /** Undefined when the meaning is neither clearly 達成 nor clearly 未達成 (e.g. 一部達成). */
  outcome: MarkOutcome | undefined;
}

/** The marks a document allows. `declared` is false for the built-in 〇/－ legend. */
export interface Legend {
  entries: LegendEntry[];
  declared: boolean;
}

/** The legend printed on every box of a 令和 区運営方針: 〇：目標達成　－：目標未達成. */
export const defaultLegend: Legend = {
  entries: [
    { mark: achievedMark, meaning: '目標達成', outcome: 'achieved' },
    { mark: unachievedMark, meaning: '目標未達成', outcome: 'unachieved' },
  ],
  declared: false,
};

// Characters that real sheets mix up, by family. The first of each list is the family's name;
// any member stands for any other when the legend uses one of them.
const explicitFamilies: readonly (readonly string[])[] = [
  // 〇 U+3007 vs ○ U+25CB, ◯ U+25EF, Latin O/o, digit 0 (ASCII and full-width).
  ['〇', '○', '◯', 'O', 'o', '0', 'Ｏ', 'ｏ', '０'],
  // － U+FF0D vs ASCII -, − U+2212, — U+2014, ‐ U+2010, ‑ U+2011, – U+2013, ― U+2015, ー U+30FC, ｰ U+FF70, ﹣ U+FE63.
  ['－', '-', '−', '—', '‐', '‑', '–', '―', 'ー', 'ｰ', '﹣'],
  ['×', 'x', 'X', 'ｘ', 'Ｘ', '✕', '✖', '╳'],
  ['△', '∆', 'Δ', '▵'],
  ['◎', '◉', '⊚'],
];

const familyOf = new Map<string, string>();
for (const family of explicitFamilies) for (const member of family) familyOf.set(member, family[0]!);
// ①–⑳ vs ➀–➉ (dingbats), ⑴–⒇ (parenthesized), (1) / （１）, and 1 / １ (what NFKC makes of ①).
for (let i = 1; i <= 20; i++) {
  const circled = String.fromCodePoint(0x2460 + i - 1);
  const full = toFullWidthDigits(String(i));
  const members = [circled, String.fromCodePoint(0x2474 + i - 1), `(${i})`, `（${full}）`, `（${i}）`, String(i), full];
  if (i <= 10) members.push(String.fromCodePoint(0x2780 + i - 1));
  for (const member of members) if (!familyOf.has(member)) familyOf.set(member, circled);
}
// A–Z: ASCII and full-width, either case (A/B/C scales), unless already a member above (O, X).
for (let i = 0; i < 26; i++) {
  const upper = String.fromCharCode(0x41 + i);
  for (const member of [upper, upper.toLowerCase(), String.fromCharCode(0xff21 + i), String.fromCharCode(0xff41 + i)]) if (!familyOf.has(member)) familyOf.set(member, upper);
}

/** A mark without surrounding spaces (ASCII and U+3000); nothing else is changed. */
export function trimMark(text: string): string {
  // trim() removes exactly \s (U+3000 included), in linear time; the regex /[\s]+$/ was quadratic.
  return text.trim();
}

/**
 * The look-alike family of a mark (its canonical character: 〇, －, ①, A …), or undefined when the
 * mark belongs to none. "○", "◯", "O" → "〇"; "-", "ー" → "－"; "➀", "1" → "①".
 */
export function markFamily(mark: string): string | undefined {
  return familyOf.get(trimMark(mark));
}

/** True when `written` is a different character of the same family as `legendMark` (○ for 〇). */
export function isLookalikeOf(written: string, legendMark: string): boolean {
  const a = trimMark(written);
  const b = trimMark(legendMark);
  if (a === b) return false;
  const family = familyOf.get(a);
  return family !== undefined && family === familyOf.get(b);
}

/** True for a dash that tables use for an empty cell (— U+2014, ― U+2015) rather than as a mark. */
export function isEmptyCellDash(mark: string): boolean {
  const m = trimMark(mark);
  return m === '—' || m === '―';
}

/**
 * What a legend's meaning says: 目標未達成, 未達成, 必ずしも順調ではない → 'unachieved';
 * 目標達成, 達成, 概ね順調 → 'achieved'; partial or other meanings (一部達成, 評価対象外) → undefined.
 */
export function meaningOutcome(meaning: string): MarkOutcome | undefined {
  const m = meaning.replace(/[\s\u3000]/g, '');
  // The negative forms contain the positive words (未達成 ⊃ 達成), so they are tested first.
  if (/未達|達成(し|でき)て?い?ない|達成できなかった|順調で(は)?(ない|なかった)|不十分|遅れ/.test(m)) return 'unachieved';
  if (/一部|部分/.test(m)) return undefined;
  if (/達成|順調/.test(m)) return 'achieved';
  return undefined;
}

/**
 * Reads a legend as a document declares it: a mapping mark → meaning ({〇: 目標達成, －: 目標未達成},
 * {①: 達成, ②: 未達成}) or one line "〇：目標達成　－：目標未達成". Returns undefined when `value`
 * declares no mark at all.
 */
export function legendFrom(value: unknown): Legend | undefined {
  const entries: LegendEntry[] = [];
  const add = (mark: string, meaning: string) => {
    const m = trimMark(mark);
    if (m !== '' && !entries.some((e) => e.mark === m)) entries.push({ mark: m, meaning, outcome: meaningOutcome(meaning) });
  };
  if (typeof value === 'string') {
    for (const match of value.matchAll(/(?<![^\s\u3000：:])([^\s\u3000：:]+)\s*[：:]\s*([^\s\u3000]+)/g)) add(match[1]!, match[2]!);
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [mark, meaning] of Object.entries(value)) add(mark, typeof meaning === 'string' ? meaning : '');
  }
  return entries.length > 0 ? { entries, declared: true } : undefined;
}

/** How a written mark relates to a legend. */
export type MarkReading =
  | { kind: 'legend'; entry: LegendEntry }
  /** A look-alike of `entry.mark` (○ for 〇, - for －): judged as that mark, replaced by it. */
  | { kind: 'lookalike'; entry: LegendEntry }
  | { kind: 'unknown' };

/** Finds a written mark in a legend: exactly, as a look-alike of one of its marks, or not at all. */
export function readMark(written: string, legend: Legend): MarkReading {
  const mark = trimMark(written);
  const exact = legend.entries.find((e) => e.mark === mark);
  if (exact) return { kind: 'legend', entry: exact };
  const lookalike = legend.entries.find((e) => isLookalikeOf(mark, e.mark));
  return lookalike ? { kind: 'lookalike', entry: lookalike } : { kind: 'unknown' };
}

/** The legend's mark for an outcome (〇 for 'achieved' in the default legend), if it has one. */
export function markFor(legend: Legend, outcome: MarkOutcome): string | undefined {
  return legend.entries.find((e) => e.outcome === outcome)?.mark;
}

/** How an indicator compares its value with its target. */
export type Comparator = '以上' | '以下' | '未満' | '超';

/** The comparator written in 比較 (spaces ignored), or undefined if it is not one of the four. */
export function parseComparator(value: unknown): Comparator | undefined {
  if (typeof value !== 'string') return undefined;
  const c = trimMark(value);
  return c === '以上' || c === '以下' || c === '未満' || c === '超' ? c : undefined;
}

/** True when `value` meets `target` under `comparator`: 以上 ≥, 以下 ≤, 未満 <, 超 >. */
export function comparatorHolds(value: number, comparator: Comparator, target: number): boolean {
  switch (comparator) {
    case '以上':
      return value >= target;
    case '以下':
      return value <= target;
    case '未満':
      return value < target;
    case '超':
      return value > target;
  }
}
