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

export function repeatedPhraseRule(context: RuleContext): Record<string, (node: unknown) => void> {
  const { Syntax, RuleError, locator, report, getSource } = context;
  return {
    [Syntax.Str](node: unknown) {
      const text = getSource(node);
      for (let i = 0; i < text.length; i++) {
        for (let n = 4; n <= 30 && i + 2 * n + 1 <= text.length; n++) {
          const sep = text[i + n]!;
          if (sep !== '、' && sep !== '・' && sep !== ' ' && sep !== '　' && sep !== '，') continue;
          const phrase = text.slice(i, i + n);
          if (/[、。・\s]/.test(phrase) || text.slice(i + n + 1, i + 2 * n + 1) !== phrase) continue;
          report(node, new RuleError(`「${phrase}」が続けて2回書かれています。`, { padding: locator.range([i + n + 1, i + 2 * n + 1]) }));
          i += 2 * n;
          break;
        }
      }
    },
  };
}
