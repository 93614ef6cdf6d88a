import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BigramIndex, bigramLikeness } from '../../server/src/service/checks/references';
import { configurePropertyTests } from '../helpers/property';

configurePropertyTests();

/** What a scan with bigramLikeness picks: the first text of highest likeness above 0. */
function scan(key: string, texts: readonly string[]): { at: number; likeness: number } | undefined {
  let at = -1;
  let likeness = 0;
  texts.forEach((t, i) => {
    const l = bigramLikeness(key, t);
    if (l > likeness) [at, likeness] = [i, l];
  });
  return at < 0 ? undefined : { at, likeness };
}

describe('BigramIndex', () => {
  it('finds what a scan with bigramLikeness finds, ties to the first text', () => {
    // A small alphabet makes shared bigrams, repeats and ties frequent.
    const text = fc.string({ unit: fc.constantFrom('区', '政', '会', '議', 'の', '開', '催', 'a'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 20 }), text, (texts, key) => {
        const index = new BigramIndex(texts.map((t, i) => ({ key: t, value: i })));
        const found = index.nearest(key);
        const expected = key.length < 2 ? undefined : scan(key, texts);
        assert.deepEqual(found && { at: found.value, likeness: found.likeness }, expected);
      }),
    );
  });

  it('scores only texts that share a bigram with the query', () => {
    const index = new BigramIndex([{ key: '区政会議の開催', value: 'a' }, { key: 'まったく別の文', value: 'b' }]);
    assert.deepEqual(index.nearest('区政会議の開催について'), { value: 'a', likeness: (2 * 6) / (10 + 6) });
    assert.equal(index.nearest('無関係'), undefined);
  });
});
