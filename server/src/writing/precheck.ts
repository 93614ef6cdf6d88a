/**
 * What decides, without the morphological dictionary, whether a writing rule needs to run at all
 * (issue 9 §3: the dictionary loads lazily, only for a text that needs it). Pure; used by the
 * worker thread (./worker.ts) and the host's scheduling (./runs.ts).
 */
import type { WritingRuleId } from '../service/checks/writing';
import { repeatedPhrases } from './repeatedPhrase';
import { couldMatchTerms } from './terms';

/**
 * The rules that need morphological analysis (kuromoji, whose dictionary costs ≈ 270 MiB of
 * memory and seconds to load): they run after the others, and only on texts that pass
 * `couldReport`. The rest (prh, half-width kana, mixed width, weekday, repeated phrase) are
 * regular expressions and calendar arithmetic, and never load the dictionary.
 */
export const morphologicalRules: ReadonlySet<WritingRuleId> = new Set<WritingRuleId>(['ja-no-successive-word', 'no-doubled-joshi', 'no-dropping-the-ra', 'no-mix-dearu-desumasu']);

/**
 * Surfaces that ja-no-successive-word never reports when one follows itself: the rule skips two
 * equal tokens that are both numbers (名詞,数) or both "onomatopoeia" (its own pattern
 * /^[ァ-ロワヲンー]*$/). A token whose surface is only digits (ASCII or full-width) is a number
 * in kuromoji's IPADIC: an unknown word of class NUMERIC (名詞,数 only), or one of the dictionary's
 * digit entries, all 名詞,数 but 「００７」 (名詞,固有名詞; test/unit/writingPrecheck.test.ts reads the
 * dictionary to keep `digitSurfacesNotNumbers` exact). O(|x|).
 */
function neverSuccessive(text: string, start: number, length: number): boolean {
  let digits = true;
  let katakana = true;
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19))) digits = false;
    // ァ-ロ (U+30A1–U+30ED), ワ, ヲ, ン, ー: the rule's isOnomatopee character class.
    if (!((c >= 0x30a1 && c <= 0x30ed) || c === 0x30ef || c === 0x30f2 || c === 0x30f3 || c === 0x30fc)) katakana = false;
    if (!digits && !katakana) return false;
  }
  return katakana || !digitSurfacesNotNumbers.has(text.slice(start, start + length));
}

/** The digit-only surfaces of kuromoji's IPADIC that are not numbers (名詞,数): read from the dictionary by the pre-check's test. */
export const digitSurfacesNotNumbers: ReadonlySet<string> = new Set(['００７']);

/** The longest unit string `hasAdjacentRepeat` looks for written twice (the rule's tokens are shorter). */
const maxRepeat = 40;

/**
 * The working memory of `hasAdjacentRepeat`, kept between calls (one per thread, allocated on first
 * use; 256 KiB for `lastMet`). Positions are stored as `stamp + index + 1`, `stamp` growing by a
 * text's length + 1 per call, so an entry left by an earlier text reads as "not met" without a
 * clearing pass.
 */
interface RepeatScan {
  /** Per UTF-16 unit: where it was last met. */
  lastMet: Int32Array;
  /** Per index of the text: the previous occurrence of its unit (as stored in `lastMet`). */
  previous: Int32Array;
  /** Per distance L: the last position with text[j − L] = text[j], and the length of that run. */
  runEnd: Int32Array;
  runLength: Int32Array;
  stamp: number;
}
let scan: RepeatScan | undefined;

/**
 * True when `text` holds a unit string written twice in a row (XX, 1 ≤ |X| ≤ 40) that the rule
 * could report (X not only digits, not only katakana of its onomatopoeia class). Equal units at a
 * distance L (text[j − L] = text[j]) in a run of L consecutive positions are such an XX with
 * |X| = L; the runs are followed per L from each unit's earlier occurrences within 40 units, so
 * the cost is O(n + pairs of equal units at most 40 apart) rather than a scan per L, O(40·n); each
 * repeat found is checked in O(|X|).
 */
export function hasAdjacentRepeat(text: string): boolean {
  const n = text.length;
  if (n < 2) return false;
  scan ??= { lastMet: new Int32Array(0x10000), previous: new Int32Array(256), runEnd: new Int32Array(maxRepeat + 1), runLength: new Int32Array(maxRepeat + 1), stamp: 0 };
  if (scan.stamp > 0x7fffffff - n - 1) {
    scan.lastMet.fill(0);
    scan.runEnd.fill(0);
    scan.stamp = 0;
  }
  if (scan.previous.length < n) scan.previous = new Int32Array(Math.max(n, 2 * scan.previous.length));
  const { lastMet, previous, runEnd, runLength } = scan;
  const base = scan.stamp;
  scan.stamp += n + 1;
  for (let j = 0; j < n; j++) {
    const c = text.charCodeAt(j);
    const met = lastMet[c]! - base - 1;
    previous[j] = met;
    lastMet[c] = base + j + 1;
    for (let i = met; i >= 0 && j - i <= maxRepeat; i = previous[i]!) {
      const length = j - i;
      const run = runEnd[length] === base + j ? runLength[length]! + 1 : 1;
      runLength[length] = run;
      runEnd[length] = base + j + 1;
      if (run >= length && !neverSuccessive(text, j - 2 * length + 1, length)) return true;
    }
  }
  return false;
}

/**
 * Last characters of the surfaces of IPADIC's 一段 verbs (動詞,自立) in 未然形, the only tokens
 * after which ら抜き's 接尾 「れる」 (surfaces れ, れる, れれ, れろ, れよ, れりゃ, れん: all begin
 * with れ) is reported; its special cases 見れる and 来れる (surfaces 見れ…, 来れ…) end in 見 and 来,
 * both in the set. Read from the dictionary by test/unit/writingPrecheck.test.ts.
 */
export const ichidanMizenEnds: ReadonlySet<string> = new Set('いえきぎけげじすせぜちてでにねひびへべみめりるれゐケテメレ似出割化卑寝射居干得恐戯掛来歴気流消煮獲看着立簸経落見視観診鋳');

/** True when some 「れ」 of `text` follows a character that ends a 一段 verb's 未然形 (`ichidanMizenEnds`). */
function hasRaCandidate(text: string): boolean {
  for (let i = text.indexOf('れ', 1); i > 0; i = text.indexOf('れ', i + 1)) {
    if (ichidanMizenEnds.has(text[i - 1]!)) return true;
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
 * text never loads kuromoji). From each rule's source: ら抜き reports a token 「れる」 after a 一段
 * verb's 未然形 (or 見れる / 来れる), so the text has 「れ」 after the end of one (`hasRaCandidate`);
 * a です/ます and である mix needs 「です」 or 「ます」 and 「であ」; a successive word is two equal
 * adjacent tokens, neither both numbers nor both katakana, so the text has some such XX
 * (`hasAdjacentRepeat`). Always true for other rules (doubled particles can be anywhere).
 */
export function couldReport(ruleId: string, text: string): boolean {
  switch (ruleId) {
    case 'no-dropping-the-ra':
      return hasRaCandidate(text);
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

/**
 * Whether any of `ruleIds` could apply to `text` (`couldApply`): a text for which none could is not
 * sent to the writing worker (the CLI's check threads, ../cli/sheetChecker.ts, and its serial path,
 * ../cli/writing.ts).
 */
export function anyRuleCouldApply(ruleIds: readonly string[], text: string): boolean {
  return ruleIds.some((ruleId) => couldApply(ruleId, text));
}

/**
 * Whether the writing worker runs `ruleId` on `text` at all: its pre-check (`couldReport`) and,
 * for prh, a match of the terms dictionary. The worker (./worker.ts) skips every other rule, and a
 * text no asked rule applies to; the CLI (../cli/writing.ts) does not send such a text.
 */
export function couldApply(ruleId: string, text: string): boolean {
  return couldReport(ruleId, text) && (ruleId !== 'prh' || couldMatchTerms(text));
}
