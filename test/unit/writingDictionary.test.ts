/**
 * The writing worker's dictionary loader (server/src/writing/dictionary.ts): kuromoji's
 * dictionary read with no copy (prepared or .gz), a compact token-info map, the character classes
 * up to the last real one. The tokens must be those of kuromoji's own loader, on every free text of
 * samples/ and on text that exercises unknown words (half-width kana, Latin, digits, symbols,
 * surrogate pairs).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { writingTexts } from '../../server/src/service/checks/writing';
import { parseSheet } from '../../server/src/service/parse';
import { useLinearLatticeBuilder } from '../../server/src/writing/lattice';
import { compactTargetMap, compactTargetRecords, dictionaryFiles, dictionaryManifestName, type DictionaryManifest, dynamicDictionaries, FileStrings, invokeDefinitions, readDictionary, useCompactDictionaryLoader } from '../../server/src/writing/dictionary';

const readDictionaryManifest = (dir: string) => JSON.parse(readFileSync(join(dir, dictionaryManifestName), 'utf8')) as DictionaryManifest;

/** Resolves once `done()` holds, checking on every turn of the event loop (no fixed sleep). */
async function waitFor(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

interface Token {
  surface_form: string;
  pos: string;
  basic_form: string;
  reading?: string;
}
interface Tokenizer {
  tokenize(text: string): Token[];
  token_info_dictionary: { target_map: Record<string, ArrayLike<number>> };
}
type TokenizerClass = new (dic: unknown) => Tokenizer;

const root = resolve(__dirname, '../..');
const kuromojiDict = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Tokenizer = require('kuromoji/src/Tokenizer') as TokenizerClass;

/** kuromoji's own loader (NodeDictionaryLoader as published), whatever useCompactDictionaryLoader did since. */
function kuromojiTokenizer(): Promise<Tokenizer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const NodeDictionaryLoader = require('kuromoji/src/loader/NodeDictionaryLoader') as { new (dir: string): unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const DictionaryLoader = require('kuromoji/src/loader/DictionaryLoader') as { prototype: { load(this: unknown, cb: (e: unknown, dic: unknown) => void): void } };
  const loader = new NodeDictionaryLoader(kuromojiDict);
  return new Promise((ok, fail) => DictionaryLoader.prototype.load.call(loader, (e, dic) => (e ? fail(e) : ok(new Tokenizer(dic)))));
}

/** Every free text the writing checks read in samples/, and text that goes through the unknown-word paths. */
function prose(): string[] {
  const texts = readdirSync(join(root, 'samples'))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => writingTexts(parseSheet(readFileSync(join(root, 'samples', f), 'utf8'))).map((t) => t.text));
  return [
    ...new Set(texts),
    'ｲﾍﾞﾝﾄを見れる場をＡＢＣとabcで１２３件、123件。',
    '𠮷野家で食べれる😀「」『』（）…―〜ヴァ ｶﾞ　全角空白、Tab\tと改行\nも。',
    '令和6年12月1日（日）にH26.3.15の資料をR6.12.1版へ。ですます、である。',
  ];
}

describe('the dictionary loaded with no copy', () => {
  const texts = prose();
  let reference: Token[][];
  let prepared: string;

  before(async () => {
    const original = await kuromojiTokenizer();
    reference = texts.map((t) => original.tokenize(t));
    prepared = mkdtempSync(join(tmpdir(), 'policy-sheets-dict-'));
    const { prepareDictionary } = await import('../../scripts/prepare-dictionary.mjs');
    assert.equal(prepareDictionary(kuromojiDict, prepared), true);
    assert.equal(prepareDictionary(kuromojiDict, prepared), false, 'the second run finds it up to date');
  });
  after(() => rmSync(prepared, { recursive: true, force: true }));

  it('has prose to compare (every sample contributes)', () => {
    assert.ok(texts.length > 200, `${texts.length} texts`);
  });

  it('gives the same tokens as kuromoji\'s own loader, from the prepared dictionary', async () => {
    const tokenizer = new Tokenizer(dynamicDictionaries(await readDictionary(prepared)));
    assert.ok(!Array.isArray(tokenizer.token_info_dictionary.target_map[String(0)]), 'the compact map is in use');
    texts.forEach((t, i) => assert.deepEqual(tokenizer.tokenize(t), reference[i], t));
  });

  it('gives the same tokens from kuromoji\'s .gz files (inflated in place)', async () => {
    const tokenizer = new Tokenizer(dynamicDictionaries(await readDictionary(kuromojiDict)));
    texts.forEach((t, i) => assert.deepEqual(tokenizer.tokenize(t), reference[i], t));
  });

  it('reads every file to its full length, the same bytes either way; the features on demand, the same strings', async () => {
    const a = await readDictionary(prepared);
    const b = await readDictionary(kuromojiDict);
    for (const name of dictionaryFiles.filter((n) => n !== 'tid_pos.dat')) assert.ok(Buffer.from(a[name]).equals(Buffer.from(b[name])), name);
    const strings = a['tid_pos.dat'];
    const bytes = b['tid_pos.dat'];
    assert.ok(strings instanceof FileStrings && bytes instanceof ArrayBuffer);
    assert.equal(bytes.byteLength, 41_943_040);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ByteBuffer = require('kuromoji/src/util/ByteBuffer') as new (b: Uint8Array) => { getString(i: number): string };
    const all = new ByteBuffer(new Uint8Array(bytes));
    const view = new Uint8Array(bytes);
    // Every 97th string start, the last strings, and offsets in the zeros after them.
    const offsets = [0, strings.stored - 1, strings.stored, bytes.byteLength - 1];
    for (let i = 1, n = 0; i < strings.stored; i++) if (view[i - 1] === 0 && n++ % 97 === 0) offsets.push(i);
    assert.ok(offsets.length > 3000, `${offsets.length} offsets`);
    for (const offset of offsets) assert.equal(strings.getString(offset), all.getString(offset), `offset ${offset}`);
  });

  it('closes the features file when idle, and opens it again when asked', async () => {
    const strings = new FileStrings(join(prepared, 'tid_pos.dat'), readDictionaryManifest(prepared).files['tid_pos.dat']!.stored, { idleMs: 20 });
    assert.equal(strings.open, false);
    const first = strings.getString(0);
    assert.ok(first.length > 0 && strings.open);
    await waitFor(() => !strings.open);
    assert.equal(strings.getString(0), first, 'from the cache');
    assert.equal(strings.open, false);
    assert.ok(strings.getString(first.length * 3 + 1) !== undefined && strings.open);
    await waitFor(() => !strings.open);
  });

  it('rejects a features file whose size disagrees with its manifest', () => {
    const strings = new FileStrings(join(prepared, 'tid_pos.dat'), 1234);
    assert.throws(() => strings.getString(0), /tid_pos\.dat: \d+ bytes, the manifest says 1234/);
    assert.equal(strings.open, false);
  });

  it('is what kuromoji\'s builder (and so kuromojin and the rules) loads after useCompactDictionaryLoader', async () => {
    useCompactDictionaryLoader();
    useCompactDictionaryLoader();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const kuromoji = require('kuromoji') as { builder(o: { dicPath: string }): { build(cb: (e: unknown, t: Tokenizer) => void): void } };
    const tokenizer = await new Promise<Tokenizer>((ok, fail) => kuromoji.builder({ dicPath: prepared }).build((e, t) => (e ? fail(e) : ok(t))));
    assert.deepEqual(Object.keys(tokenizer.token_info_dictionary.target_map), [], 'not kuromoji\'s object of arrays');
    texts.forEach((t, i) => assert.deepEqual(tokenizer.tokenize(t), reference[i], t));
    const failed = await new Promise<unknown>((ok) => kuromoji.builder({ dicPath: join(prepared, 'missing') }).build((e) => ok(e)));
    assert.match(String(failed), /ENOENT/);
  });

  it('gives the same tokens through the linear lattice builder, which reads the compact map\'s records directly', async () => {
    const tokenizer = new Tokenizer(dynamicDictionaries(await readDictionary(prepared)));
    assert.ok(compactTargetRecords(tokenizer.token_info_dictionary.target_map), 'the compact map is in use');
    // Last in this file to need kuromoji's own builder: the patch is for the whole process.
    useLinearLatticeBuilder();
    texts.forEach((t, i) => assert.deepEqual(tokenizer.tokenize(t), reference[i], t));
  });

  it('rejects a prepared file whose size disagrees with its manifest, naming it', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'policy-sheets-dict-'));
    try {
      for (const name of readdirSync(prepared)) writeFileSync(join(broken, name), readFileSync(join(prepared, name)));
      writeFileSync(join(broken, 'cc.dat'), 'short');
      await assert.rejects(readDictionary(broken), /cc\.dat: 5 bytes, the manifest says 3463716/);
    } finally {
      rmSync(broken, { recursive: true, force: true });
    }
  });
});

describe('readDictionary on .gz files', () => {
  it('rejects a file whose gzip trailer disagrees with its data, or that is cut short, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-dict-'));
    try {
      for (const name of dictionaryFiles) writeFileSync(join(dir, `${name}.gz`), gzipSync(Buffer.alloc(8, 1)));
      const bad = gzipSync(Buffer.alloc(8, 1));
      bad.writeUInt32LE(4, bad.length - 4);
      writeFileSync(join(dir, 'unk.dat.gz'), bad);
      await assert.rejects(readDictionary(dir), /unk\.dat\.gz: /);
      writeFileSync(join(dir, 'unk.dat.gz'), bad.subarray(0, bad.length - 9));
      await assert.rejects(readDictionary(dir), /unk\.dat\.gz: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('compactTargetMap', () => {
  const ints = (...values: number[]) => new Int32Array([...values, 0, 0, 0, 0]).buffer;

  it('answers each key with its ids, and nothing for the others', () => {
    const map = compactTargetMap(ints(3, 2, 1, 10, 7, 2, 20, 21, 9, 3, 30, 31, 32))!;
    assert.deepEqual(Array.from(map['2']!), [10]);
    assert.deepEqual(Array.from(map['7']!), [20, 21]);
    assert.deepEqual(Array.from(map['9']!), [30, 31, 32]);
    for (const k of ['0', '1', '8', '10', '-1', '7.0', 'length']) assert.equal(map[k], undefined, k);
    assert.equal('7' in map, true);
    assert.equal('8' in map, false);
  });

  it('exposes its records to a reader of many keys: the index of each key\'s record, -1 for the others', () => {
    const map = compactTargetMap(ints(3, 2, 1, 10, 7, 2, 20, 21, 9, 3, 30, 31, 32))!;
    const { ints: view, find } = compactTargetRecords(map)!;
    const ids = (key: number) => (find(key) < 0 ? undefined : Array.from(view.subarray(find(key) + 2, find(key) + 2 + view[find(key) + 1]!)));
    for (const key of [2, 7, 9, 0, 8, 10, -1]) assert.deepEqual(ids(key), map[String(key)] && Array.from(map[String(key)]!), String(key));
    assert.equal(compactTargetRecords({}), undefined, 'not for another map');
  });

  it('answers the same with sparse keys (records found by binary search, not a table by key)', () => {
    const map = compactTargetMap(ints(3, 0, 1, 5, 50_000, 2, 6, 7, 900_000, 1, 8))!;
    assert.deepEqual(Array.from(map['0']!), [5]);
    assert.deepEqual(Array.from(map['50000']!), [6, 7]);
    assert.deepEqual(Array.from(map['900000']!), [8]);
    for (const k of ['1', '49999', '900001', '-1', '7.5']) assert.equal(map[k], undefined, k);
    assert.equal(compactTargetRecords(map)!.find(50_000) >= 0, true);
    assert.equal(compactTargetRecords(map)!.find(3), -1);
  });

  it('gives up (kuromoji then expands the map itself) on keys out of order or a record past the end', () => {
    assert.equal(compactTargetMap(ints(2, 7, 1, 10, 2, 1, 20)), undefined);
    assert.equal(compactTargetMap(new Int32Array([1, 2, 5, 1]).buffer), undefined);
  });
});

describe('invokeDefinitions', () => {
  it('ends after the last named class, not in the zeros after it', () => {
    const record = (name: string) => [1, 0, 2, 0, 0, 0, ...Buffer.from(name), 0];
    const bytes = new Uint8Array([...record('DEFAULT'), ...record('KANJI'), ...new Array(40).fill(0)]);
    assert.deepEqual(Array.from(invokeDefinitions(bytes)), [...record('DEFAULT'), ...record('KANJI')]);
  });
});
