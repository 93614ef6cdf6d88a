/**
 * What decides, without the morphological dictionary, whether a writing rule needs to run at all
 * (issue 9 §3: the dictionary loads lazily, only for a text that needs it). Pure; used by the
 * worker thread (./worker.ts) and the host's scheduling (./runs.ts).
 */
import type { WritingRuleId } from '../service/checks/writing';
import { repeatedPhrases } from './repeatedPhrase';

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
 * A weekday name in brackets: every name moment gives for ja and en (weekdays, weekdaysShort,
 * weekdaysMin; test/unit/writingPrecheck.test.ts checks them against moment), with the spaces the
 * rule trims. Linear: one bracket, a bounded name, one bracket.
 */
const weekdayInBrackets = /[(（]\s*(?:[日月火水木金土](?:曜日)?|(?:Sun|Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?)(?:day)?|Su|Mo|Tu|We|Th|Fr|Sa)\s*[)）]/;

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
    // The rules without the dictionary cost little each, but every text handed to textlint costs
    // its set-up (≈ 0.3 ms; prh even rebuilds its dictionary per run), so a text that cannot match
    // any of them is not sent at all (issue 11 §2: 32,000 texts in a 240-sheet CLI run).
    case 'no-hankaku-kana':
      // The rule's own pattern (textlint-rule-no-hankaku-kana: /[\uff61-\uff9f]+/g).
      return /[\uff61-\uff9f]/.test(text);
    case 'date-weekday-mismatch':
      // The rule reports only a weekday in brackets right after a date (`^\s*[(（]([^(（)]+)[)）]`,
      // trimmed, one of moment's weekday names in ja or en, all forms): 2024年5月1日（木）, 5/1(Wed).
      return weekdayInBrackets.test(text);
    case 'repeated-phrase':
      return repeatedPhrases(text).length > 0;
    default:
      return true;
  }
}
