/**
 * A textlint rule of our own: the same phrase written twice in a row, joined by 、 or ・ or a
 * space (001: 「区政会議の開催、区政会議の開催」). textlint-rule-ja-no-successive-word finds one word
 * doubled (「のの」); no kept rule finds a doubled phrase. Phrases of 4 to 30 characters (a
 * shorter one, 「大阪府、大阪府」, is a name, left to the prh dictionary).
 * Linear: each position tries at most 28 lengths.
 */
interface RuleContext {
  Syntax: { Str: string };
  RuleError: new (message: string, details: { padding: unknown }) => unknown;
  locator: { range(range: [number, number]): unknown };
  report(node: unknown, error: unknown): void;
  getSource(node: unknown): string;
}

/** Separators between a phrase and its repetition (UTF-16 codes): 、 ・ space, ideographic space, ，. */
const separators = new Set(['、', '・', ' ', '　', '，'].map((c) => c.charCodeAt(0)));

/**
 * Each phrase of `text` written twice in a row around a separator, left to right, with the range
 * of its second writing (UTF-16 offsets). Pure and linear: each position tries at most 27 lengths.
 * Also the writing worker's pre-check (./precheck.ts): a text with none needs no textlint run for
 * this rule (a rule run sees substrings of the text, and a repeat in a substring is one in the text).
 */
export function repeatedPhrases(text: string): { phrase: string; start: number; end: number }[] {
  const found: { phrase: string; start: number; end: number }[] = [];
  // The next separator at or after each position (text.length: none), so that each position tries
  // only the lengths that end at a separator: the writing worker runs this on every prose text.
  const nextSeparator = new Int32Array(text.length + 1);
  nextSeparator[text.length] = text.length;
  for (let p = text.length - 1; p >= 0; p--) nextSeparator[p] = separators.has(text.charCodeAt(p)) ? p : nextSeparator[p + 1]!;
  for (let i = 0; i < text.length; i++) {
    for (let s = nextSeparator[Math.min(i + 4, text.length)]!; s - i <= 30 && 2 * s - i + 1 <= text.length; s = nextSeparator[s + 1]!) {
      // A separator at i + n (n = s − i), and the repetition starting with the phrase's first character.
      const n = s - i;
      if (text.charCodeAt(s + 1) !== text.charCodeAt(i)) continue;
      const phrase = text.slice(i, i + n);
      if (/[、。・\s]/.test(phrase) || text.slice(i + n + 1, i + 2 * n + 1) !== phrase) continue;
      found.push({ phrase, start: i + n + 1, end: i + 2 * n + 1 });
      i += 2 * n;
      break;
    }
  }
  return found;
}

export function repeatedPhraseRule(context: RuleContext): Record<string, (node: unknown) => void> {
  const { Syntax, RuleError, locator, report, getSource } = context;
  return {
    [Syntax.Str](node: unknown) {
      for (const { phrase, start, end } of repeatedPhrases(getSource(node))) {
        report(node, new RuleError(`「${phrase}」が続けて2回書かれています。`, { padding: locator.range([start, end]) }));
      }
    },
  };
}
