/**
 * What decides, without the morphological dictionary, whether a writing rule needs to run at all
 * (issue 9 §3: the dictionary loads lazily, only for a text that needs it). Pure; used by the
 * worker thread (./worker.ts) and the host's scheduling (./runs.ts).
 */
import type { WritingRuleId } from '../service/checks/writing';

/**
 * The rules that need morphological analysis (kuromoji, whose dictionary costs ≈ 270 MiB of
 * memory and seconds to load): they run after the others, and only on texts that pass
 * `couldReport`. The rest (prh, half-width kana, mixed width, weekday, repeated phrase) are
 * regular expressions and calendar arithmetic, and never load the dictionary.
 */
export const morphologicalRules: ReadonlySet<WritingRuleId> = new Set<WritingRuleId>(['ja-no-successive-word', 'no-doubled-joshi', 'no-dropping-the-ra', 'no-mix-dearu-desumasu']);

/** True when `text` holds a unit string written twice in a row (XX, 1 ≤ |X| ≤ 40): O(40·n). */
function hasAdjacentRepeat(text: string): boolean {
  for (let length = 1; length <= 40; length++) {
    let run = 0;
    for (let i = 0; i + length < text.length; i++) {
      run = text[i] === text[i + length] ? run + 1 : 0;
      if (run >= length) return true;
    }
  }
  return false;
}

/**
 * A necessary condition for a morphological rule to report anything on `text`, checked without
 * the dictionary, so that a text that cannot match is never tokenised (and a sheet with no such
 * text never loads kuromoji). From each rule's source: ら抜き reports a token 「れる」 (or 見れる /
 * 来れる), so the text has 「れ」; a です/ます and である mix needs 「です」 or 「ます」 and 「であ」;
 * a successive word is two equal adjacent tokens, so the text has some XX. Always true for other
 * rules (doubled particles can be anywhere).
 */
export function couldReport(ruleId: string, text: string): boolean {
  switch (ruleId) {
    case 'no-dropping-the-ra':
      return text.includes('れ');
    case 'no-mix-dearu-desumasu':
      return (text.includes('です') || text.includes('ます')) && text.includes('であ');
    case 'ja-no-successive-word':
      return hasAdjacentRepeat(text);
    default:
      return true;
  }
}
