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

/** Separators between a phrase and its repetition. */
const separators = new Set(['、', '・', ' ', '　', '，']);

/**
 * Each phrase of `text` written twice in a row around a separator, left to right, with the range
 * of its second writing (UTF-16 offsets). Pure and linear: each position tries at most 27 lengths.
 * Also the writing worker's pre-check (./precheck.ts): a text with none needs no textlint run for
 * this rule (a rule run sees substrings of the text, and a repeat in a substring is one in the text).
 */
export function repeatedPhrases(text: string): { phrase: string; start: number; end: number }[] {
  const found: { phrase: string; start: number; end: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    for (let n = 4; n <= 30 && i + 2 * n + 1 <= text.length; n++) {
      // Cheap tests first: a separator here, and the repetition starting with the phrase's first character.
      if (!separators.has(text[i + n]!) || text[i + n + 1] !== text[i]) continue;
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
