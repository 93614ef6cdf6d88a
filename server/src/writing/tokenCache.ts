/**
 * kuromojin (the rules' wrapper of kuromoji) keeps the tokens of the last 10,000 strings it
 * tokenised, in a module-level `LRUMap(10000)` (kuromojin 3.0.1). Measured with
 * `WRITING_MEMORY_TOKEN_CACHE=off|on WRITING_MEMORY_LINES=36000 node --import tsx
 * test/bench/writingMemory.ts compact`: after linting the 3,330 distinct texts of the 36,000-line
 * bench sheet the worker's heap holds 32 MiB uncapped, 17 MiB capped (≈ 4.5 KiB per text, so
 * ≈ 45 MiB per worker that has seen 10,000 texts: a CLI run over many sheets has up to 4); the
 * worker's CPU time for them was the same (4,810 / 4,820 ms). In this worker the cache pays only
 * while one text is linted (the morphological rules
 * tokenise the same sentences in turn): the host keeps each text's findings (./runs.ts, the CLI's
 * cache by text) and sends a text again only after it changed.
 *
 * `capTokenCache(limit)` makes every LRUMap created afterwards hold at most `limit` entries, by
 * replacing the lru_map module's `LRUMap` export with a subclass (kuromojin, which creates its cache
 * when first required, is lru_map's only user in the bundle). Call it before kuromojin is first
 * required; calling it again changes nothing.
 */
type LRUMapClass = new (limit?: number, entries?: Iterable<[unknown, unknown]>) => { limit: number };

/** Entries of kuromojin's token cache in the writing worker: the sentences of a long text, several times over. */
export const writingTokenCacheLimit = 256;

export function capTokenCache(limit = writingTokenCacheLimit): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lru = require('lru_map') as { LRUMap: LRUMapClass & { capped?: number } };
  if (lru.LRUMap.capped !== undefined) return;
  class CappedLRUMap extends lru.LRUMap {
    static override capped = limit;
    constructor(size?: number, entries?: Iterable<[unknown, unknown]>) {
      super(typeof size === 'number' && size > limit ? limit : size, entries);
    }
  }
  lru.LRUMap = CappedLRUMap;
}
