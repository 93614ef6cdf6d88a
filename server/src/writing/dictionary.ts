/**
 * kuromoji's IPA dictionary, loaded with no copy and no expansion (issue 9 §3, issue 11 §2: peak
 * RSS). kuromoji's own loader (kuromoji 0.1.2, `NodeDictionaryLoader`) gunzips each of its twelve
 * files with node's zlib (not zlibjs), copies every result into a new typed array, and expands the
 * word → token-info map (tid_map.dat, 4 MiB) into a JS object of 325,871 arrays. Measured in a
 * worker thread (`node --import tsx test/bench/writingMemory.ts`, load 7): loading it took the
 * process from 127 to 445 MiB peak RSS (+318 MiB, 1.7–1.9 s): ≈ 100 MiB of decompressed data (of
 * which ≈ 35 MiB are trailing zeros: tid_pos, tid, unk, unk_pos, unk_map, unk_invoke), as much again
 * in gunzip output and copies alive at once, ≈ 70 MiB of V8 heap for the map, and ≈ 17 MiB for
 * 150,000 empty character classes parsed from unk_invoke.dat's zeros. Loaded as below: +28 MiB
 * (base.dat and check.dat, the trie, are 16 of them), 60–80 ms of CPU.
 *
 * Here each file is read into one zero-filled `ArrayBuffer` of its full length (calloc: pages never
 * written stay unmapped, so trailing zeros cost no RSS), either from the prepared dictionary that
 * the build writes (scripts/prepare-dictionary.mjs: un-gzipped, trailing zeros trimmed, the full
 * lengths in dictionary.json; one `readSync` into the buffer) or, where there is none (tests under
 * tsx, a kuromoji dict folder), by inflating the .gz stream chunk by chunk into the buffer and
 * skipping chunks of zeros. kuromoji gets typed-array views of these buffers; the token-info map is
 * a view of tid_map.dat with an index of record starts (`compactTargetMap`); the words' features
 * (tid_pos.dat, 36 MiB) are read from the prepared file per token returned (`FileStrings`); the
 * character classes are parsed only up to the last real one. Shipping the files raw rather than
 * gzipped costs 6 MB of .vsix (20.1 → 26.1 MB: zip deflates them less well than gzip -9) and 44 MB
 * installed; it saves inflating 100 MB (0.7–0.9 s of CPU) each time a worker starts. Tokens are
 * identical to kuromoji's own loader's (test/unit/writingDictionary.test.ts compares them on every
 * free text of samples/).
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, createReadStream } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** The prepared dictionary's manifest, written by scripts/prepare-dictionary.mjs beside the files. */
export const dictionaryManifestName = 'dictionary.json';

/**
 * dictionary.json: for each file of kuromoji's dictionary (name without `.gz`, e.g. `base.dat`),
 * `length`: its decompressed length in bytes; `stored`: the bytes written to `<name>` (the
 * decompressed data up to its last non-zero byte; the rest are zeros).
 */
export interface DictionaryManifest {
  format: 1;
  files: Record<string, { length: number; stored: number }>;
}

/** The files kuromoji 0.1.2's DictionaryLoader reads, without `.gz`. */
export const dictionaryFiles = ['base.dat', 'check.dat', 'tid.dat', 'tid_pos.dat', 'tid_map.dat', 'cc.dat', 'unk.dat', 'unk_pos.dat', 'unk_map.dat', 'unk_char.dat', 'unk_compat.dat', 'unk_invoke.dat'] as const;
export type DictionaryFile = (typeof dictionaryFiles)[number];

/**
 * The contents of each dictionary file, each in an `ArrayBuffer` of its own of the file's full
 * decompressed length; from a prepared dictionary, tid_pos.dat (the words' features, 36 MiB of
 * strings) is a `FileStrings` read on demand instead.
 */
export type DictionaryBuffers = Record<Exclude<DictionaryFile, 'tid_pos.dat'>, ArrayBuffer> & { 'tid_pos.dat': ArrayBuffer | FileStrings };

/** Inflate output chunk (bytes): small enough to be transient, large enough to be fast. */
const inflateChunk = 256 * 1024;

/**
 * Reads every file of the dictionary in `dir`: the prepared form when `dir` has a dictionary.json,
 * else kuromoji's `<name>.gz` files. Rejects (ENOENT, a size that disagrees with the manifest or
 * the gzip trailer, a corrupt stream) with an Error naming the file.
 */
export async function readDictionary(dir: string): Promise<DictionaryBuffers> {
  const manifestPath = join(dir, dictionaryManifestName);
  const manifest = existsSync(manifestPath) ? (JSON.parse(readFileSync(manifestPath, 'utf8')) as DictionaryManifest) : undefined;
  if (manifest && manifest.format !== 1) throw new Error(`${manifestPath}: unknown format ${String(manifest.format)}`);
  const entries = await Promise.all(
    dictionaryFiles.map(async (name) => {
      const entry = manifest?.files[name];
      if (manifest && !entry) throw new Error(`${manifestPath}: no entry for ${name}`);
      if (entry && name === 'tid_pos.dat') return [name, new FileStrings(join(dir, name), entry.stored)] as const;
      return [name, entry ? readPrepared(join(dir, name), entry) : await inflate(join(dir, `${name}.gz`))] as const;
    }),
  );
  return Object.fromEntries(entries) as DictionaryBuffers;
}

/** A prepared file: its `stored` bytes read into a zero-filled buffer of `length` bytes. */
function readPrepared(path: string, { length, stored }: { length: number; stored: number }): ArrayBuffer {
  const buffer = new ArrayBuffer(length);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size !== stored || stored > length) throw new Error(`${path}: ${size} bytes, the manifest says ${stored} of ${length}`);
    for (let offset = 0; offset < size; ) {
      const read = readSync(fd, new Uint8Array(buffer, offset, size - offset), 0, size - offset, offset);
      if (read === 0) throw new Error(`${path}: ended at byte ${offset} of ${size}`);
      offset += read;
    }
  } finally {
    closeSync(fd);
  }
  return buffer;
}

/**
 * A .gz file inflated into a zero-filled buffer of the length its gzip trailer gives (ISIZE, the
 * length modulo 2^32; the largest file is 40 MiB), chunk by chunk; chunks of zeros are not written.
 */
async function inflate(path: string): Promise<ArrayBuffer> {
  const fd = openSync(path, 'r');
  let length: number;
  try {
    const size = fstatSync(fd).size;
    const trailer = Buffer.alloc(4);
    if (size < 18 || readSync(fd, trailer, 0, 4, size - 4) !== 4) throw new Error(`${path}: not a gzip file`);
    length = trailer.readUInt32LE(0);
  } finally {
    closeSync(fd);
  }
  const target = new Uint8Array(length);
  const zeros = Buffer.alloc(inflateChunk);
  let offset = 0;
  try {
    await pipeline(createReadStream(path), createGunzip({ chunkSize: inflateChunk }), async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        if (offset + chunk.length > length) throw new Error(`longer than its gzip trailer says (${length} bytes)`);
        if (!chunk.equals(zeros.subarray(0, chunk.length))) target.set(chunk, offset);
        offset += chunk.length;
      }
    });
  } catch (error) {
    throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (offset !== length) throw new Error(`${path}: ${offset} bytes inflated, its gzip trailer says ${length}`);
  return target.buffer;
}

/** kuromoji's ByteBuffer, for its own UTF-8 decoding of a NUL-terminated string. */
type ByteBufferClass = new (bytes: Uint8Array) => { getString(index?: number): string };

/**
 * A table of NUL-terminated UTF-8 strings in a file (tid_pos.dat: one `surface,features…` line per
 * word, 36 MiB), read on demand: `getString(offset)` is kuromoji's `ByteBuffer.getString` on the
 * file's bytes (beyond `stored`, zeros: the empty string). kuromoji reads it only for the tokens it
 * returns (`TokenInfoDictionary.getFeatures`), a few per word of text; each string is read once by
 * `readSync` at its offset and kept (at most `cacheLimit` of them, ≈ 80 bytes each; the cache starts
 * over when full). The file stays open while strings are being read and is closed `idleMs` after
 * the last read, so an idle worker holds no descriptor and a worker that is terminated leaks none
 * after that (a descriptor is the process's, not the thread's).
 */
export class FileStrings {
  private fd: number | undefined;
  private lastRead = 0;
  private readonly cache = new Map<number, string>();
  private readonly chunk = Buffer.alloc(512);

  constructor(
    readonly path: string,
    readonly stored: number,
    private readonly options: { idleMs?: number; cacheLimit?: number } = {},
  ) {}

  /** Whether the file is open now (between a read and `idleMs` after the last one). */
  get open(): boolean {
    return this.fd !== undefined;
  }

  getString(offset: number): string {
    const cached = this.cache.get(offset);
    if (cached !== undefined) return cached;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ByteBuffer = require('kuromoji/src/util/ByteBuffer') as ByteBufferClass;
    const fd = this.descriptor();
    let bytes = Buffer.alloc(0);
    for (let at = offset; at < this.stored; ) {
      const read = readSync(fd, this.chunk, 0, Math.min(this.chunk.length, this.stored - at), at);
      if (read === 0) throw new Error(`${this.path}: ended at byte ${at} of ${this.stored}`);
      const end = this.chunk.subarray(0, read).indexOf(0);
      bytes = Buffer.concat([bytes, this.chunk.subarray(0, end < 0 ? read : end)]);
      if (end >= 0) break;
      at += read;
    }
    const text = new ByteBuffer(bytes).getString(0);
    if (this.cache.size >= (this.options.cacheLimit ?? 32_768)) this.cache.clear();
    this.cache.set(offset, text);
    return text;
  }

  private descriptor(): number {
    this.lastRead = Date.now();
    if (this.fd !== undefined) return this.fd;
    const fd = openSync(this.path, 'r');
    const size = fstatSync(fd).size;
    if (size !== this.stored) {
      closeSync(fd);
      throw new Error(`${this.path}: ${size} bytes, the manifest says ${this.stored}`);
    }
    this.fd = fd;
    const idleMs = this.options.idleMs ?? 2_000;
    const check = () => {
      const idle = Date.now() - this.lastRead;
      if (idle < idleMs) return void setTimeout(check, idleMs - idle).unref();
      this.fd = undefined;
      closeSync(fd);
    };
    setTimeout(check, idleMs).unref();
    return fd;
  }
}

/** kuromoji's word → token-info ids map, as the Viterbi builder reads it: `target_map[trieId]` → ids (`.length`, `[i]`). */
export type TargetMap = Record<string, ArrayLike<number> | undefined>;

/**
 * The records behind a `compactTargetMap`, for a reader of many keys (../writing/lattice.ts):
 * `find(key)` is the index in `ints` of the key's record (`key, n, id × n`), or −1. The map's own
 * look-up goes through a Proxy trap, a number → string → number round trip and a new typed-array
 * view per key (a tenth of the writing worker's time in a 240-sheet CLI run, issue 11 §2).
 */
export interface CompactTargetRecords {
  ints: Int32Array;
  find(key: number): number;
}

const compactMaps = new WeakMap<object, CompactTargetRecords>();

/** The records of `map` when it is a `compactTargetMap`, else undefined. */
export function compactTargetRecords(map: object): CompactTargetRecords | undefined {
  return compactMaps.get(map);
}

/**
 * tid_map.dat as a read-only map with kuromoji's `TokenInfoDictionary.target_map` behaviour
 * (`map[trieId]` → the token-info ids of that surface form, `undefined` for any other key), without
 * expanding it: the file is `count, (key, n, id × n)*` in little-endian int32 (then zeros), keys
 * ascending; the map keeps an `Int32Array` view of the buffer and the start of each record by key
 * (IPADIC's 325,871 records, keys up to 392,125: 1.5 MiB, against ≈ 70 MiB of heap for kuromoji's
 * object of arrays; by binary search over the records when the keys are sparse), and answers a key
 * with an `Int32Array` view of its ids. Returns undefined when the data is not in that form (keys
 * not strictly ascending, a record past the end, a big-endian host): the caller then lets kuromoji
 * expand it.
 */
export function compactTargetMap(buffer: ArrayBuffer): TargetMap | undefined {
  if (endianness() !== 'LE' || buffer.byteLength < 4) return undefined;
  const ints = new Int32Array(buffer, 0, buffer.byteLength >> 2);
  const count = ints[0]!;
  if (count < 0) return undefined;
  const starts = new Int32Array(count);
  let records = 0;
  let previous = -Infinity;
  // As kuromoji's loadTargetMap: records up to the end; a record with no ids (the zeros) adds nothing.
  for (let p = 1; p < ints.length; ) {
    const key = ints[p]!;
    const n = p + 1 < ints.length ? ints[p + 1]! : 0;
    if (n < 0 || (n > 0 && p + 2 + n > ints.length)) return undefined;
    if (n > 0) {
      if (key <= previous || records === count) return undefined;
      starts[records++] = p;
      previous = key;
    }
    p += 2 + n;
  }
  // Keys are dense in practice (IPADIC: 325,871 records, keys 0–392,125): then a table by key,
  // one read per look-up (a binary search was a tenth of the writing worker's time on the 240 CLI
  // sheets); a table no larger than twice the records (plus slack) keeps odd data bounded.
  const lastKey = records > 0 ? ints[starts[records - 1]!]! : -1;
  if (records > 0 && ints[starts[0]!]! >= 0 && lastKey < 2 * records + 1024) {
    const byKey = new Int32Array(lastKey + 1).fill(-1);
    for (let r = 0; r < records; r++) byKey[ints[starts[r]!]!] = starts[r]!;
    return targetMapOf(ints, (key) => (key >= 0 && key <= lastKey ? (byKey[key] ?? -1) : -1));
  }
  return targetMapOf(ints, (key: number): number => {
    let low = 0;
    let high = records - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = ints[starts[mid]!]!;
      if (at === key) return starts[mid]!;
      if (at < key) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  });
}

/** The Proxy of `compactTargetMap` over its records (`find`: a key's record index in `ints`, or −1), registered for `compactTargetRecords`. */
function targetMapOf(ints: Int32Array, find: (key: number) => number): TargetMap {
  const map = new Proxy({} as TargetMap, {
    get(_target, property) {
      if (typeof property !== 'string') return undefined;
      const key = Number(property);
      if (!Number.isInteger(key) || String(key) !== property) return undefined;
      const start = find(key);
      return start < 0 ? undefined : ints.subarray(start + 2, start + 2 + ints[start + 1]!);
    },
    has(_target, property) {
      return typeof property === 'string' && String(Number(property)) === property && find(Number(property)) >= 0;
    },
  });
  compactMaps.set(map, { ints, find });
  return map;
}

/**
 * unk_invoke.dat up to its last character class: records `is_always_invoke: u8, is_grouping: u8,
 * max_length: i32, name: utf-8 NUL-terminated`, as kuromoji's InvokeDefinitionMap.load reads them;
 * the file's megabyte of trailing zeros would parse as ≈ 150,000 classes with an empty name (no
 * character maps to them: char classes are looked up by the ids in unk_char.dat). Returns a view
 * of `bytes` that ends after the last record with a name.
 */
export function invokeDefinitions(bytes: Uint8Array): Uint8Array {
  let end = 0;
  for (let p = 0; p + 1 < bytes.length; ) {
    let q = p + 6;
    while (q < bytes.length && bytes[q] !== 0) q++;
    if (q === p + 6) break;
    p = end = Math.min(q + 1, bytes.length);
  }
  return bytes.subarray(0, end);
}

/** The parts of kuromoji 0.1.2's (untyped) modules used here. */
interface KuromojiDictionaries {
  loadTrie(base: Int32Array, check: Int32Array): unknown;
  token_info_dictionary: { loadDictionary(b: Uint8Array): unknown; loadPosVector(b: Uint8Array): unknown; loadTargetMap(b: Uint8Array): unknown; target_map: TargetMap };
  loadConnectionCosts(cc: Int16Array): unknown;
  loadUnknownDictionaries(unk: Uint8Array, unkPos: Uint8Array, unkMap: Uint8Array, catMap: Uint8Array, compatCatMap: Uint32Array, invokeDef: Uint8Array): unknown;
}
type DynamicDictionariesClass = new () => KuromojiDictionaries;
interface DictionaryLoaderClass {
  prototype: { dic_path: string; load(callback: (error: unknown, dic?: KuromojiDictionaries) => void): void };
}

function kuromojiDynamicDictionaries(): DynamicDictionariesClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('kuromoji/src/dict/DynamicDictionaries') as DynamicDictionariesClass;
}

/**
 * kuromoji's `DynamicDictionaries` from the buffers, the way kuromoji's `DictionaryLoader.load`
 * builds it (same typed-array kinds over the same bytes), except for the token-info map
 * (`compactTargetMap`) and the character classes (`invokeDefinitions`).
 */
export function dynamicDictionaries(buffers: DictionaryBuffers): KuromojiDictionaries {
  const dic = new (kuromojiDynamicDictionaries())();
  dic.loadTrie(new Int32Array(buffers['base.dat']), new Int32Array(buffers['check.dat']));
  const tokens = dic.token_info_dictionary;
  tokens.loadDictionary(new Uint8Array(buffers['tid.dat']));
  const features = buffers['tid_pos.dat'];
  if (features instanceof FileStrings) (tokens as unknown as { pos_buffer: FileStrings }).pos_buffer = features;
  else tokens.loadPosVector(new Uint8Array(features));
  const targetMap = compactTargetMap(buffers['tid_map.dat']);
  if (targetMap) tokens.target_map = targetMap;
  else tokens.loadTargetMap(new Uint8Array(buffers['tid_map.dat']));
  dic.loadConnectionCosts(new Int16Array(buffers['cc.dat']));
  dic.loadUnknownDictionaries(
    new Uint8Array(buffers['unk.dat']),
    new Uint8Array(buffers['unk_pos.dat']),
    new Uint8Array(buffers['unk_map.dat']),
    new Uint8Array(buffers['unk_char.dat']),
    new Uint32Array(buffers['unk_compat.dat']),
    invokeDefinitions(new Uint8Array(buffers['unk_invoke.dat'])),
  );
  return dic;
}

/**
 * Makes kuromoji's `NodeDictionaryLoader` (the one its `TokenizerBuilder`, and so kuromojin and
 * every textlint rule through it, uses) load with `readDictionary` + `dynamicDictionaries`.
 * Idempotent. The callback is called outside the promise chain, as kuromoji's own loader calls it
 * from an fs callback.
 */
export function useCompactDictionaryLoader(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const NodeDictionaryLoader = require('kuromoji/src/loader/NodeDictionaryLoader') as DictionaryLoaderClass;
  const prototype = NodeDictionaryLoader.prototype as DictionaryLoaderClass['prototype'] & { compact?: true };
  if (prototype.compact) return;
  prototype.compact = true;
  prototype.load = function load(callback) {
    readDictionary(this.dic_path)
      .then((buffers) => dynamicDictionaries(buffers))
      .then(
        (dic) => setImmediate(() => callback(null, dic)),
        // With the error, an empty dictionary as kuromoji's loader passes (its TokenizerBuilder
        // builds a Tokenizer of it before kuromojin sees the error and rejects).
        (error: unknown) => setImmediate(() => callback(error, new (kuromojiDynamicDictionaries())())),
      );
  };
}
