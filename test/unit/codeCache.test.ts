import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { codeCacheFile, codeCacheFolder, deleteStaleCodeCaches, readCodeCache, staleCodeCacheMs } from '../../server/src/codeCache';
import { serverNodeOptions } from '../../server/src/protocol';

const root = resolve(__dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'code-cache-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** A small CommonJS bundle: enough functions for V8 to cache, and what a bundle reads from its wrapper. */
const bundleText = `"use strict";
const { join } = require('node:path');
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
exports.answer = fib(20);
exports.where = { filename: __filename, dirname: __dirname, sibling: join(__dirname, 'x.js'), isModule: module.exports === exports };
`;

/**
 * Runs the bundle through `runWithCodeCache` in a fresh Node process (as the server starts: a cache
 * V8 already holds in this process would hide what the file does); `largeSheet`: the heap's flags are
 * adapted to a large sheet (heapTuning.ts) before `save`, `startupFlags`: `save` runs under withStartupHeapFlags. Returns the status, the bundle's exports and what save wrote.
 */
function start(bundle: string, options: { largeSheet?: boolean; startupFlags?: boolean; nodeOptions?: readonly string[] } = {}): { status: string; exports: { answer: number; where: Record<string, unknown> }; saved: number } {
  const script = `
    const { runWithCodeCache } = require(${JSON.stringify(join(root, 'server/src/codeCache.ts'))});
    const heap = require(${JSON.stringify(join(root, 'server/src/heapTuning.ts'))});
    heap.tuneHeap();
    const handle = runWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(folder)});
    const exported = globalThis.__bundleExports;
    if (${options.largeSheet === true}) heap.adaptHeap(heap.largeSheetCharacters);
    const save = () => handle.save();
    const saved = ${options.startupFlags ? 'heap.withStartupHeapFlags(save)' : 'save()'};
    process.stdout.write(JSON.stringify({ status: handle.status, exports: exported, saved }));
  `;
  return JSON.parse(execFileSync(process.execPath, [...(options.nodeOptions ?? []), '--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' }));
}

/** Writes the bundle under `name` (it hands its exports to the test through a global). */
function bundle(name: string, text = bundleText): string {
  const file = join(folder, name);
  writeFileSync(file, `${text}\nglobalThis.__bundleExports = module.exports;\n`);
  return file;
}

describe('code cache of the server bundle (codeCache.ts)', () => {
  it('runs the bundle as require would; the first start writes the cache, the second uses it', () => {
    const file = bundle('first.js');
    const first = start(file);
    assert.equal(first.status, 'missing');
    assert.equal(first.exports.answer, 6765);
    assert.deepEqual(first.exports.where, { filename: file, dirname: folder, sibling: join(folder, 'x.js'), isModule: true });
    assert.ok(first.saved > 0);
    assert.ok(readCodeCache(codeCacheFile(file, readFileSync(file, 'utf8'), folder)).data);
    const second = start(file);
    assert.equal(second.status, 'used');
    assert.equal(second.exports.answer, 6765);
    // A used cache is not written again.
    assert.equal(second.saved, 0);
  });

  it('a corrupt or truncated cache file is ignored (never given to V8) and replaced', () => {
    const file = bundle('corrupt.js');
    start(file);
    const cacheFile = codeCacheFile(file, readFileSync(file, 'utf8'), folder);
    const bytes = readFileSync(cacheFile);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(cacheFile, bytes);
    assert.deepEqual(readCodeCache(cacheFile), { data: undefined, corrupt: true });
    const damaged = start(file);
    assert.equal(damaged.status, 'corrupt');
    assert.equal(damaged.exports.answer, 6765);
    assert.ok(damaged.saved > 0);
    assert.equal(start(file).status, 'used');
    writeFileSync(cacheFile, bytes.subarray(0, 20));
    assert.equal(start(file).status, 'corrupt');
  });

  it('another bundle text (even of the same length) has its own cache file', () => {
    const a = bundle('same.js', bundleText);
    const before = codeCacheFile(a, readFileSync(a, 'utf8'), folder);
    start(a);
    const b = bundle('same.js', bundleText.replace('fib(20)', 'fib(19)'));
    assert.notEqual(codeCacheFile(b, readFileSync(b, 'utf8'), folder), before);
    const other = start(b);
    assert.equal(other.status, 'missing');
    assert.equal(other.exports.answer, 4181);
  });

  it('V8 keys the cache on its flags: written under a large sheet\'s heap flags it is refused, under the start-up flags (withStartupHeapFlags) it is used', () => {
    const refused = bundle('flags-refused.js', `${bundleText}// refused\n`);
    start(refused, { largeSheet: true });
    assert.equal(start(refused).status, 'rejected');
    const kept = bundle('flags-kept.js', `${bundleText}// kept\n`);
    start(kept, { largeSheet: true, startupFlags: true });
    assert.equal(start(kept).status, 'used');
  });

  it('the server\'s Node options (serverNodeOptions) leave the cache valid: written without them (the build\'s warm-up), used with them (the clients), and the other way round', () => {
    const built = bundle('node-options.js', `${bundleText}// node options\n`);
    start(built);
    assert.equal(start(built, { nodeOptions: serverNodeOptions }).status, 'used');
    const client = bundle('node-options-client.js', `${bundleText}// node options, client first\n`);
    assert.equal(start(client, { nodeOptions: serverNodeOptions }).status, 'missing');
    assert.equal(start(client).status, 'used');
  });

  it('writing a cache deletes the same bundle\'s caches older than 30 days, nothing else', () => {
    const dir = join(folder, 'stale');
    mkdirSync(dir);
    const names = ['serverMain-0123456789abcdef.cache', 'serverMain-fedcba9876543210.cache', 'serverMain-00000000000000aa.cache', 'other-0123456789abcdef.cache', 'serverMain-notes.txt'];
    for (const name of names) writeFileSync(join(dir, name), 'x');
    const old = (Date.now() - staleCodeCacheMs - 60_000) / 1000;
    for (const name of names.filter((n) => n !== 'serverMain-fedcba9876543210.cache')) utimesSync(join(dir, name), old, old);
    deleteStaleCodeCaches(dir, 'serverMain', 'serverMain-00000000000000aa.cache');
    // Gone: the old one of this bundle. Kept: the one just written, a recent one (another Node's), other files.
    assert.deepEqual(readdirSync(dir).sort(), ['other-0123456789abcdef.cache', 'serverMain-00000000000000aa.cache', 'serverMain-fedcba9876543210.cache', 'serverMain-notes.txt']);
    deleteStaleCodeCaches(join(dir, 'missing'), 'serverMain', 'x');
  });

  it('the folder: POLICY_SHEETS_CODE_CACHE, off, or the bundle\'s own', () => {
    assert.equal(codeCacheFolder({ POLICY_SHEETS_CODE_CACHE: '/storage' }, '/dist'), '/storage');
    assert.equal(codeCacheFolder({ POLICY_SHEETS_CODE_CACHE: 'off' }, '/dist'), undefined);
    assert.equal(codeCacheFolder({ POLICY_SHEETS_CODE_CACHE: '' }, '/dist'), '/dist');
    assert.equal(codeCacheFolder({}, '/dist'), '/dist');
  });

  it('a folder that cannot be written leaves the server without a cache, without an error', () => {
    const file = bundle('unwritable.js');
    writeFileSync(join(folder, 'not-a-folder'), '');
    const script = `
      const { runWithCodeCache } = require(${JSON.stringify(join(root, 'server/src/codeCache.ts'))});
      const handle = runWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(join(folder, 'not-a-folder', 'sub'))});
      process.stdout.write(JSON.stringify({ status: handle.status, saved: handle.save(), error: typeof handle.error }));
    `;
    assert.deepEqual(JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' })), { status: 'missing', saved: 0, error: 'string' });
    assert.ok(!readdirSync(folder).some((f) => f.endsWith('.tmp')));
  });
});
