/**
 * kuromoji's lattice builder in linear time (server/src/writing/lattice.ts): the same lattice
 * (every node, in the same order) and the same tokens as kuromoji's own `ViterbiBuilder.build` on
 * every free text of samples/ and of generated sheets, and on text that exercises unknown words,
 * grouping, surrogates and the empty string; and its time grows linearly with a paragraph's length.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { writingTexts } from '../../server/src/service/checks/writing';
import { parseSheet } from '../../server/src/service/parse';
import { useLinearLatticeBuilder } from '../../server/src/writing/lattice';
import { sheetOfLines } from '../helpers/sheetGen';

interface Lattice {
  nodes_end_at: ({ name: number; cost: number; start_pos: number; length: number; type: string; left_id: number; right_id: number; surface_form: string }[] | undefined)[];
  eos_pos: number;
}
interface Tokenizer {
  viterbi_builder: { build(sentence: string): Lattice };
  tokenizeForSentence(sentence: string): unknown[];
}

/* eslint-disable @typescript-eslint/no-require-imports */
const ViterbiBuilder = require('kuromoji/src/viterbi/ViterbiBuilder') as { prototype: { build(this: unknown, sentence: string): Lattice } };
/* eslint-enable @typescript-eslint/no-require-imports */
const kuromojiBuild = ViterbiBuilder.prototype.build;

let tokenizer: Tokenizer;
before(async () => {
  tokenizer = await new Promise<Tokenizer>((done, fail) =>
    (require('kuromoji') as { builder(o: { dicPath: string }): { build(cb: (e: Error | null, t: Tokenizer) => void): void } })
      .builder({ dicPath: resolve(__dirname, '../../node_modules/kuromoji/dict') })
      .build((error, t) => (error ? fail(error) : done(t))),
  );
  useLinearLatticeBuilder();
});

/** A lattice as plain data: every node of every end position, in order. */
const plain = (lattice: Lattice) => ({ eos: lattice.eos_pos, nodes: lattice.nodes_end_at.map((nodes) => nodes?.map((n) => [n.name, n.cost, n.start_pos, n.length, n.type, n.left_id, n.right_id, n.surface_form])) });

const samplesDir = resolve(__dirname, '../../samples');
const sampleTexts = readdirSync(samplesDir)
  .filter((n) => n.endsWith('.sheet.yaml'))
  .flatMap((n) => writingTexts(parseSheet(readFileSync(resolve(samplesDir, n), 'utf8'))).map((t) => t.text));
const generatedTexts = (['振り返りシート', '区運営方針', '市政改革プラン進捗', '部会議事概要'] as const).flatMap((kind, seed) => writingTexts(parseSheet(sheetOfLines(kind, 600, seed + 1))).map((t) => t.text));
const crafted = [
  '', 'a', '。', '地域の方が見れる場を設けた。', 'ｵﾝﾗｲﾝ説明会を２回、ｵﾝﾗｲﾝで1010件', 'ABCｄｅｆ ghi　ＪＫＬ', 'コミュニティスクールドキドキ', '令和５年１２月１４日（木）',
  '𠮷野家で会議（サロゲート対）', '孤立した\ud800高位サロゲート', '孤立した\udc00低位サロゲート', '絵文字😀を含む文', 'Ωαβγ ДЖИ ①②③ ㈱ ™', '\t改行\nを含む\r\nテキスト\n\n段落',
  '区政会議の開催、区政会議の開催'.repeat(20),
];

describe('useLinearLatticeBuilder: kuromoji\'s lattices in linear time', () => {
  it('builds the same lattice and tokens as kuromoji on the samples\' and a generated sheet\'s free text and crafted text', () => {
    const texts = [...new Set([...sampleTexts, ...generatedTexts, ...crafted])];
    assert.ok(texts.length > 500, `${texts.length} texts`);
    for (const text of texts) {
      // kuromoji throws on a lone high surrogate (its UTF-8 encoder gives up): so must the linear build.
      const outcome = (build: () => Lattice) => {
        try {
          return plain(build());
        } catch (error) {
          return { error: String(error) };
        }
      };
      assert.deepEqual(outcome(() => tokenizer.viterbi_builder.build(text)), outcome(() => kuromojiBuild.call(tokenizer.viterbi_builder, text)), text.slice(0, 80));
    }
    // Tokens through the tokenizer (the patched builder) against tokens of kuromoji's lattice, searched the same way.
    for (const text of crafted.filter((t) => !t.includes('\ud800'))) {
      const tokens = tokenizer.tokenizeForSentence(text);
      const patched = ViterbiBuilder.prototype.build;
      ViterbiBuilder.prototype.build = kuromojiBuild;
      try {
        assert.deepEqual(tokens, tokenizer.tokenizeForSentence(text), text);
      } finally {
        ViterbiBuilder.prototype.build = patched;
      }
    }
  });

  it('takes linear time: a paragraph of 8,000 characters costs about 10 times one of 800', () => {
    const paragraph = (length: number) => sampleTexts.join('').replace(/\s/g, '').repeat(Math.ceil(length / 1000)).slice(0, length);
    const time = (text: string) => {
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        tokenizer.viterbi_builder.build(text);
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    const small = paragraph(800);
    const large = paragraph(8_000);
    time(small);
    time(large);
    const ratio = time(large) / Math.max(time(small), 0.05);
    // Measured: 11–13 here, 81 with kuromoji's own build (quadratic: ≈ 100); below 8,000 characters,
    // where a lattice's nodes fit the young generation (above, old-generation collections add their own curve).
    assert.ok(ratio < 35, `8,000 characters took ${ratio.toFixed(1)} times 800`);
  });
});
