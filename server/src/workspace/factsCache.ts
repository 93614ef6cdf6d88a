/**
 * A persistent cache of sheet facts across server runs, so that a workspace indexed once comes back
 * in the time it takes to read its files: each file's facts (../service/facts.ts) are kept with the
 * file's size and content hash, and used again when both are unchanged. Persistence (load, save as
 * one JSON file) is flat-cache's, as ESLint's `--cache` does it.
 *
 * Keyed by absolute path + size + SHA-1 of the bytes. The modification time is deliberately not part
 * of the key: a checkout or a copy rewrites mtimes without changing content, and the index reads
 * every file anyway (reading 30 MB and hashing it takes a fraction of a second, parsing it takes tens
 * of seconds). The cache file's name carries a stamp of the code that computed the facts (the
 * server's build), so facts from another build are never used; files of other stamps in the same
 * folder are deleted.
 *
 * Host side (it reads and writes files): lives beside the index, never in the service.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { FlatCache } from 'flat-cache';
import type { SheetFacts } from '../service';

/** What the index asks of a facts store (the persistent cache, or none). */
export interface FactsStore {
  /**
   * The facts stored for `path` if `bytes` are what they were computed from: the facts, `null`
   * when the file was read and is no sheet, undefined when unknown or changed.
   */
  lookup(path: string, bytes: Uint8Array): SheetFacts | null | undefined;
  /** Records what `bytes` of `path` hold: their facts, or `null` for a file that is no sheet. */
  store(path: string, bytes: Uint8Array, facts: SheetFacts | null): void;
  /** Forgets `path` (deleted, unreadable). */
  forget(path: string): void;
  /** Drops every path for which `keep` is false (files no longer in the workspace). */
  prune(keep: (path: string) => boolean): void;
  /** Writes the store to disk if it changed; never throws (a failure is reported once). */
  save(): void;
}

/** One cache entry: the file's size (bytes), SHA-1 (hex) and facts (null: not a sheet). */
interface Entry {
  size: number;
  hash: string;
  facts: SheetFacts | null;
}

const prefix = 'sheet-facts-';

/** SHA-1 (hex) of bytes: collisions between a file's versions are not a concern here, speed is. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * Opens the facts cache in `dir` (created when missing) for the build `stamp` (letters, digits,
 * dots and dashes; anything else is replaced). Never throws: an unreadable or corrupt cache file
 * starts an empty cache, and `report` (Japanese) is called once for a cache that cannot be written.
 */
export function openFactsCache(dir: string, stamp: string, report: (message: string) => void = () => undefined): FactsStore {
  const cacheId = `${prefix}${stamp.replace(/[^\w.-]/g, '_')}.json`;
  try {
    mkdirSync(dir, { recursive: true });
    // Facts of other builds are never read again.
    for (const name of readdirSync(dir)) if (name.startsWith(prefix) && name !== cacheId) rmSync(join(dir, name), { force: true });
  } catch {
    // Reported by save() when the folder cannot be written.
  }
  // JSON, not flatted: facts have no cycles, and JSON.parse is several times faster on 10 MB.
  const cache = new FlatCache({ cacheDir: dir, cacheId, useClone: false, serialize: JSON.stringify, deserialize: JSON.parse });
  let failed = false;
  cache.on('error', (error: unknown) => {
    if (failed) return;
    failed = true;
    report(`シートの索引のキャッシュを使えません（${dir}）: ${error instanceof Error ? error.message : String(error)}`);
  });
  cache.load();
  let dirty = false;
  return {
    lookup(path, bytes) {
      const entry = cache.getKey<Entry | undefined>(path);
      if (!entry || typeof entry !== 'object' || entry.size !== bytes.length || entry.hash !== contentHash(bytes)) return undefined;
      return entry.facts;
    },
    store(path, bytes, facts) {
      const entry: Entry = { size: bytes.length, hash: contentHash(bytes), facts };
      cache.setKey(path, entry);
      dirty = true;
    },
    forget(path) {
      if (cache.getKey(path) === undefined) return;
      cache.removeKey(path);
      dirty = true;
    },
    prune(keep) {
      for (const path of cache.keys()) {
        if (keep(path)) continue;
        cache.removeKey(path);
        dirty = true;
      }
    },
    save() {
      if (!dirty) return;
      dirty = false;
      cache.save(true);
    },
  };
}
