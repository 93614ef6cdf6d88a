/**
 * kuromojin's token cache in the writing worker (server/src/writing/tokenCache.ts): capped, so a
 * worker that has seen many texts does not keep all their tokens; a text tokenised again while it
 * is still cached gives the cached tokens, an evicted one equal tokens computed again.
 */
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { useCompactDictionaryLoader } from '../../server/src/writing/dictionary';
import { capTokenCache } from '../../server/src/writing/tokenCache';

describe('kuromojin\'s token cache, capped', () => {
  it('keeps the last `limit` texts only', async () => {
    capTokenCache(3);
    capTokenCache(1000); // a second call changes nothing
    useCompactDictionaryLoader();
    process.env.KUROMOJIN_DIC_PATH = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { tokenize } = require('kuromojin') as { tokenize(text: string): Promise<{ surface_form: string }[]> };
    const text = '区政会議を開催した。';
    const first = await tokenize(text);
    assert.equal(await tokenize(text), first, 'cached: the same array');
    for (const other of ['説明会を開いた。', '資料を配布した。', '地域の方と話した。']) await tokenize(other);
    const again = await tokenize(text);
    assert.notEqual(again, first, 'evicted after three other texts');
    assert.deepEqual(again, first);
    assert.deepEqual(first.map((t) => t.surface_form), ['区', '政', '会議', 'を', '開催', 'し', 'た', '。']);
  });
});
