/**
 * The prh dictionary of the writing checks: 公用文 forms (文化庁「公用文作成の考え方」, 2022) and
 * names these documents get wrong. YAML in prh's format (version 1, rules of expected/patterns).
 * Source of the names: ../shared/domain.md "Real mistakes a careful reviewer finds"
 * (003: 「大阪府、大阪府が一体となり」 where 大阪市 and 大阪府 are meant).
 */
import { fromYAML } from 'prh';

export const termsDictionary = `version: 1
rules:
  - expected: 大阪府と大阪市
    patterns: /大阪府[、・と]大阪府/
    prh: 同じ団体名が並んでいます。大阪府と大阪市のことではありませんか。
  - expected: 大阪市と大阪府
    patterns: /大阪市[、・と]大阪市/
    prh: 同じ団体名が並んでいます。大阪市と大阪府のことではありませんか。
  - expected: 取組
    patterns: /取り組み(?=[をがはにのでも、。])/
    prh: 公用文では名詞は「取組」と書きます。
  - expected: 取りまとめ
    patterns: とりまとめ
  - expected: 及び
    patterns: /(?<=[一-龥ァ-ヶ])および(?=[一-龥ァ-ヶ])/
    prh: 公用文では接続詞「及び」は漢字で書きます。
  - expected: 並びに
    patterns: /(?<=[一-龥ァ-ヶ])ならびに(?=[一-龥ァ-ヶ])/
  - expected: 又は
    patterns: /(?<=[一-龥ァ-ヶ])または(?=[一-龥ァ-ヶ])/
`;

let terms: { engine: ReturnType<typeof fromYAML>; patterns: RegExp[] } | undefined;

/**
 * Whether the prh rule could report on `text` (the writing worker's pre-check): one of the
 * dictionary's patterns matches it. The rule reports the changes of the same engine's change set,
 * line by line; the patterns have no anchors, word boundaries or negative look-arounds (a test
 * keeps it so), so a match in a line is a match in the text. The engine is built once, where
 * textlint-rule-prh builds it again on every run (≈ 0.2 ms of YAML per text).
 *
 * Most texts match no pattern: each rule's own pattern (its flags without `g`, so no `lastIndex`)
 * is tested first, one native scan per rule, and only a text that one matches gets the engine's
 * change set (which also drops a match that is already the expected form). The change set alone
 * was ≈ 3 µs a text, 0.1 s of each check thread in a 240-sheet CLI run (issue 11 §2).
 */
export function couldMatchTerms(text: string): boolean {
  if (!terms) {
    const engine = fromYAML('', termsDictionary);
    terms = { engine, patterns: engine.rules.map((rule) => new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', ''))) };
  }
  if (!terms.patterns.some((pattern) => pattern.test(text))) return false;
  return terms.engine.makeChangeSet('', text).diffs.length > 0;
}
