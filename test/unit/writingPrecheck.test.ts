import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { enabledWritingRules } from '../../server/src/service/checks/writing';
import fc from 'fast-check';
import { couldApply, couldReport, digitSurfacesNotNumbers, hasAdjacentRepeat, ichidanMizenEnds } from '../../server/src/writing/precheck';
import { configurePropertyTests } from '../helpers/property';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TextlintKernel, type TextlintKernelRule } from '@textlint/kernel';
import moment from 'moment';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { createLanguageService } from '../../server/src/service';
import { writingTexts } from '../../server/src/service/checks/writing';
import { repeatedPhraseRule, repeatedPhrases } from '../../server/src/writing/repeatedPhrase';
import { termsDictionary } from '../../server/src/writing/terms';

describe('couldReport: which texts a morphological rule needs to see', () => {
  it('ら抜き needs a れ', () => {
    assert.equal(couldReport('no-dropping-the-ra', '地域の方が見れる場を設けた。'), true);
    assert.equal(couldReport('no-dropping-the-ra', '全区で説明会を開催した。'), false);
  });

  it('a です/ます and である mix needs both', () => {
    assert.equal(couldReport('no-mix-dearu-desumasu', '課題である。改善します。'), true);
    assert.equal(couldReport('no-mix-dearu-desumasu', '改善します。周知します。'), false);
    assert.equal(couldReport('no-mix-dearu-desumasu', '課題である。改善する。'), false);
  });

  it('a successive word needs some string written twice in a row', () => {
    assert.equal(couldReport('ja-no-successive-word', '区政会議の開催開催を行う'), true);
    assert.equal(couldReport('ja-no-successive-word', 'これはは誤り'), true);
    assert.equal(couldReport('ja-no-successive-word', '全区で説明会を開催した。'), false);
  });

  it('other rules always run', () => {
    assert.equal(couldReport('no-doubled-joshi', 'あ'), true);
    assert.equal(couldReport('prh', 'あ'), true);
  });
});

/**
 * The definition hasAdjacentRepeat decides, written out: some X (1 to 40 units) written twice in a
 * row that is neither only digits (but ００７, not a number in the dictionary) nor only katakana of
 * the rule's onomatopoeia class.
 */
function adjacentRepeatByDefinition(text: string): boolean {
  for (let length = 1; length <= 40; length++) {
    for (let start = 0; start + 2 * length <= text.length; start++) {
      const x = text.slice(start, start + length);
      if (x !== text.slice(start + length, start + 2 * length)) continue;
      const number = /^[0-9０-９]+$/.test(x) && !digitSurfacesNotNumbers.has(x);
      if (!number && !/^[ァ-ロワヲンー]+$/.test(x)) return true;
    }
  }
  return false;
}

describe('hasAdjacentRepeat: a unit string written twice in a row', () => {
  configurePropertyTests();

  it('decides what the definition decides, on texts rich in repeats', () => {
    // A small alphabet of kanji, kana, digits and katakana makes repeats of every kind frequent.
    const unit = fc.constantFrom('区', '政', 'の', 'は', '1', '１', '０', '７', 'ア', 'ー', 'ヴ', '、');
    const short = fc.string({ unit, maxLength: 30 });
    // Long texts: a block repeated (|X| up to 40 and beyond), with noise around it.
    const long = fc.tuple(short, fc.string({ unit, minLength: 1, maxLength: 45 }), fc.integer({ min: 1, max: 3 }), short).map(([a, x, times, b]) => a + x.repeat(times) + b);
    fc.assert(
      fc.property(fc.oneof(short, long), (text) => {
        assert.equal(hasAdjacentRepeat(text), adjacentRepeatByDefinition(text), JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the longest repeat it looks for, and not one longer', () => {
    // 40 distinct kanji: no shorter repeat inside XX.
    const x = Array.from({ length: 40 }, (_, i) => String.fromCharCode(0x4e00 + 7 * i)).join('');
    assert.equal(hasAdjacentRepeat(`前${x}${x}後`), true);
    const y = `${x}。`; // 41 units, no shorter repeat inside
    assert.equal(adjacentRepeatByDefinition(`前${y}${y}後`), false);
    assert.equal(hasAdjacentRepeat(`前${y}${y}後`), false);
  });
});

describe('enabledWritingRules: the rules the configuration leaves on', () => {
  it('by default: all but doubled particles and mixed width; a code set off is skipped; a configured one runs', () => {
    const defaults = enabledWritingRules({});
    assert.ok(!defaults.includes('no-doubled-joshi') && !defaults.includes('no-mixed-zenkaku-and-hankaku-alphabet'));
    assert.ok(defaults.includes('prh') && defaults.includes('no-dropping-the-ra'));
    const configured = enabledWritingRules({ 'writing/no-dropping-the-ra': 'off', 'writing/no-doubled-joshi': 'warning' });
    assert.ok(!configured.includes('no-dropping-the-ra') && configured.includes('no-doubled-joshi'));
  });
});

// The real rules through textlint's kernel, as the worker runs them (server/src/writing/worker.ts).
require('moment/locale/ja');
const interop = (m: unknown) => ((m as { default?: unknown }).default ?? m) as TextlintKernelRule['rule'];
const rules: TextlintKernelRule[] = [
  { ruleId: 'no-hankaku-kana', rule: interop(require('textlint-rule-no-hankaku-kana')) },
  { ruleId: 'date-weekday-mismatch', rule: interop(require('textlint-rule-date-weekday-mismatch')) },
  { ruleId: 'repeated-phrase', rule: repeatedPhraseRule as unknown as TextlintKernelRule['rule'] },
  { ruleId: 'prh', rule: interop(require('textlint-rule-prh')), options: { ruleContents: [termsDictionary] } },
];
const plugin = interop(require('@textlint/textlint-plugin-text')) as unknown;
const kernel = new TextlintKernel();
/** The worker's pre-check of a rule (./worker.ts). */
const precheck = couldApply;
const service = createLanguageService({ schemas: bundledSchemas });
const samples = readdirSync(resolve(__dirname, '../../samples'))
  .filter((n) => n.endsWith('.sheet.yaml'))
  .flatMap((n) => writingTexts(service.getSheet(TextDocument.create(`file:///${n}`, 'policy-yaml', 1, readFileSync(resolve(__dirname, '../../samples', n), 'utf8'))).sheet).map((t) => t.text));

/**
 * Lints each text with each rule alone and asserts that `passes` lets through every text a rule
 * reports on; returns how many (text, rule) pairs had findings.
 */
async function assertPrecheckSound(texts: readonly string[], checked: readonly TextlintKernelRule[], passes: (ruleId: string, text: string) => boolean): Promise<number> {
  let reported = 0;
  for (const text of texts) {
    for (const rule of checked) {
      const result = await kernel.lintText(text, { ext: '.txt', filePath: 'sheet.txt', plugins: [{ pluginId: 'text', plugin: plugin as never }], rules: [rule] });
      if (result.messages.length === 0) continue;
      reported++;
      assert.ok(passes(rule.ruleId, text), `${rule.ruleId} reports on a text its pre-check skips: ${text.slice(0, 80)}`);
    }
  }
  return reported;
}

describe('pre-checks of the rules without the dictionary: never skip a text the rule reports on', () => {
  const crafted = [
    '令和5年12月14日（水）に開催した。', '2024年5月1日 ( 木曜日 ) 開催', '5/1(Wed) と 5/2 (Thursday)', '2024-05-01(Su)',
    '説明会（ｵﾝﾗｲﾝ）を行った', '区政会議の開催、区政会議の開催', '地域活動協議会・地域活動協議会への支援',
    '取り組みを進める', '大阪府、大阪府が一体となり', '結果をとりまとめた', '区役所および関係局', '区長ならびに課長', '市または府',
    '（参考）前年度の実績', '全区で説明会を開催した。',
  ];

  it('a text the rule reports on passes its pre-check (samples and crafted texts)', async () => {
    const reported = await assertPrecheckSound([...samples, ...crafted], rules, precheck);
    assert.ok(reported >= 10, `the corpus exercises the rules (${reported} texts with findings)`);
  });

  it('skips most texts: no half-width kana, no weekday in brackets, no repeated phrase, no term', () => {
    for (const rule of ['no-hankaku-kana', 'date-weekday-mismatch', 'repeated-phrase', 'prh']) assert.equal(precheck(rule, '（参考）全区で説明会を開催した。'), false, rule);
    const passed = samples.filter((t) => rules.some((r) => precheck(r.ruleId, t))).length;
    assert.ok(passed < samples.length / 2, `${passed} of ${samples.length} sample texts go to textlint`);
  });

  it('knows every weekday name moment gives in ja and en, in both kinds of brackets', () => {
    for (const locale of ['ja', 'en']) {
      const data = moment.localeData(locale);
      for (const name of [...data.weekdays(), ...data.weekdaysShort(), ...data.weekdaysMin()]) {
        for (const text of [`1月1日(${name})`, `1月1日（ ${name} ）`]) assert.equal(couldReport('date-weekday-mismatch', text), true, text);
      }
    }
  });

  it('the terms dictionary has no pattern whose match in a line could be missed in the whole text', () => {
    assert.doesNotMatch(termsDictionary, /\(\?<?!|\\b|\^|\$|wordBoundary/);
  });

  it('finds a repeated phrase in linear time: a megabyte costs about 100 times 10 kB', () => {
    // Random kanji with a separator every few characters (the costly case: every separator is tried at every length).
    let seed = 7;
    const text = (length: number) => Array.from({ length }, (_, i) => (i % 6 === 5 ? '、' : '区政会議開催地域活動協議会支援事業計画予算決算評価課題'[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % 27]!)).join('');
    const small = text(10_000);
    const large = text(1_000_000);
    const time = (t: string) => {
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        repeatedPhrases(t);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(small);
    const ratio = time(large) / Math.max(time(small), 0.05);
    assert.ok(ratio < 100 * 5, `1 MB took ${ratio.toFixed(0)} times 10 kB`);
    assert.deepEqual(repeatedPhrases('区政会議の開催、区政会議の開催'), [{ phrase: '区政会議の開催', start: 8, end: 15 }]);
  });
});

describe('pre-checks of the morphological rules: exact against kuromoji\'s dictionary and the rules', () => {
  interface Tokenizer {
    token_info_dictionary: { dictionary: { buffer: Uint8Array }; getFeatures(id: number): string };
    unknown_dictionary: { lookup(c: string): { class_id: number; class_name: string }; target_map: Record<number, ArrayLike<number>>; getFeatures(id: number): string };
  }
  const tokenizer = new Promise<Tokenizer>((resolvePromise, reject) =>
    (require('kuromoji') as { builder(o: { dicPath: string }): { build(cb: (e: Error | null, t: Tokenizer) => void): void } })
      .builder({ dicPath: resolve(__dirname, '../../node_modules/kuromoji/dict') })
      .build((error, t) => (error ? reject(error) : resolvePromise(t))),
  );

  it('ichidanMizenEnds and digitSurfacesNotNumbers are what the dictionary holds; ら抜き\'s suffix and special cases begin as assumed', async () => {
    const { token_info_dictionary: words, unknown_dictionary: unknown } = await tokenizer;
    const ends = new Set<string>();
    const digitsNotNumbers = new Set<string>();
    const raSuffixes = new Set<string>();
    const special = new Set<string>();
    // Token-info entries are 10 bytes each (left id, right id, cost, features offset); features[0] is the surface.
    for (let id = 0; id + 10 <= words.dictionary.buffer.length; id += 10) {
      const [surface, pos, detail1, , , type, form, basic] = words.getFeatures(id).split(',');
      if (!surface) continue;
      if (pos === '動詞' && detail1 === '自立' && type === '一段' && form === '未然形') ends.add(surface.at(-1)!);
      if (/^[0-9０-９]+$/.test(surface) && !(pos === '名詞' && detail1 === '数')) digitsNotNumbers.add(surface);
      if (pos === '動詞' && detail1 === '接尾' && basic === 'れる') raSuffixes.add(surface);
      if (pos === '動詞' && (basic === '来れる' || basic === '見れる')) special.add(surface);
    }
    assert.deepEqual([...ends].sort(), [...ichidanMizenEnds].sort());
    assert.deepEqual([...digitsNotNumbers].sort(), [...digitSurfacesNotNumbers].sort());
    assert.ok(raSuffixes.size > 0 && [...raSuffixes].every((s) => s.startsWith('れ')), [...raSuffixes].join(' '));
    assert.ok(special.size > 0 && [...special].every((s) => /^[見来]れ/.test(s)), [...special].join(' '));
    // A digit starts an unknown word of class NUMERIC only, whose entries are all numbers.
    for (const digit of ['0', '5', '9', '０', '５', '９']) {
      const cls = unknown.lookup(digit);
      assert.equal(cls.class_name, 'NUMERIC', digit);
      for (const id of Array.from(unknown.target_map[cls.class_id]!)) assert.match(unknown.getFeatures(id), /^NUMERIC,名詞,数,/);
    }
  });

  it('a text a morphological rule reports on passes its pre-check; repeats of digits or katakana do not', async () => {
    const morphological: TextlintKernelRule[] = [
      { ruleId: 'ja-no-successive-word', rule: interop(require('textlint-rule-ja-no-successive-word')) },
      { ruleId: 'no-dropping-the-ra', rule: interop(require('textlint-rule-no-dropping-the-ra')) },
    ];
    const texts = [
      ...samples, '地域の方が見れる場を設けた。', '説明を食べれる', '朝早く起きれる人', '来れる方は', '寝れる', '考えれる', '区政会議の開催開催を行う', 'これはは誤り',
      '合計1010件', '１１区', '００７００７', 'ドキドキした', 'ヴヴ', 'ととも', 'かかわる', '2020年度から2020年度', 'ＡＡ', '令和6年度６年度',
    ];
    const reported = await assertPrecheckSound(texts, morphological, couldReport);
    assert.ok(reported >= 8, `the corpus exercises the rules (${reported} texts with findings)`);
    for (const text of ['合計1010件', '１１区と２２区', 'ドキドキした', '全区で説明会を開催した。', 'それぞれ連携して取り組まれた'])
      assert.equal(couldReport('ja-no-successive-word', text) || couldReport('no-dropping-the-ra', text), false, text);
    assert.equal(couldReport('ja-no-successive-word', '００７００７'), true);
  });
});
