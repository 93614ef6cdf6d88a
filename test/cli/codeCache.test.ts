import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { readCodeCache } from '../../server/src/codeCache';

const root = resolve(__dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'cli-code-cache-'));
after(() => rmSync(folder, { recursive: true, force: true }));

/** The bundles of a `check` on two threads with the writing checks: the main thread's, the check thread's, the writing worker's. */
const bundles = ['cliMain', 'cliCheckWorker', 'writingWorker'];

/**
 * Runs the built CLI (`check samples --format json` on two threads, writing checks on) with its code
 * caches in `cacheFolder` (or `off`), tracing; returns its exit code, its output and each bundle's
 * cache status at start (the trace's `code cache: <bundle>.js <status>` lines).
 */
function check(cacheFolder: string): { status: number | null; stdout: string; stderr: string; caches: Record<string, string> } {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'check', 'samples', '--format', 'json', '--concurrency', '2'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, POLICY_SHEETS_CODE_CACHE: cacheFolder, POLICY_SHEETS_TRACE: '1' },
  });
  const caches: Record<string, string> = {};
  for (const m of r.stderr.matchAll(/code cache: (\w+)\.js (\w+)/g)) caches[m[1]!] = m[2]!;
  const stderr = r.stderr.split('\n').filter((line) => line.length > 0 && !line.startsWith('trace ')).join('\n');
  return { status: r.status, stdout: r.stdout, stderr, caches };
}

/** The cache files in `dir`, by bundle name. */
function cacheFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const m = /^(\w+)-[0-9a-f]{16}\.cache$/.exec(name);
    if (m) files[m[1]!] = join(dir, name);
  }
  return files;
}

const all = (status: string) => Object.fromEntries(bundles.map((b) => [b, status]));

describe('code caches of the CLI and its threads (dist/cli.js, dist/workerStart.js)', () => {
  const reference = check('off');

  it('runs without a cache when it is off, writing none', () => {
    assert.equal(reference.status, 1, reference.stderr);
    assert.equal(reference.stderr, '');
    assert.ok(JSON.parse(reference.stdout).length > 0);
    assert.deepEqual(reference.caches, all('off'));
  });

  it('the first run writes one cache per bundle, the next ones use them and leave them as they are; same output', () => {
    const dir = mkdtempSync(join(folder, 'once-'));
    const first = check(dir);
    assert.deepEqual(first.caches, all('missing'));
    assert.equal(first.stdout, reference.stdout);
    const files = cacheFiles(dir);
    assert.deepEqual(Object.keys(files).sort(), [...bundles].sort());
    for (const file of Object.values(files)) assert.ok(readCodeCache(file).data, `${file} holds a checksummed cache`);
    const written = Object.values(files).map((f) => statSync(f).mtimeMs);
    const second = check(dir);
    assert.deepEqual(second.caches, all('used'));
    assert.equal(second.stdout, reference.stdout);
    assert.equal(second.stderr, '');
    assert.deepEqual(Object.values(cacheFiles(dir)).map((f) => statSync(f).mtimeMs), written, 'a used cache is not written again');
    assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith('.cache')), [], 'no temporary file is left');
  });

  it('a corrupt cache is ignored and replaced; another bundle\'s cache under its name is refused by V8 and replaced', () => {
    const dir = mkdtempSync(join(folder, 'corrupt-'));
    check(dir);
    const files = cacheFiles(dir);
    // A foreign cache with a valid checksum: the writing worker's, for the check thread's bundle.
    copyFileSync(files.writingWorker!, files.cliCheckWorker!);
    for (const bundle of ['cliMain', 'writingWorker']) {
      const bytes = readFileSync(files[bundle]!);
      bytes[bytes.length - 10] ^= 0xff;
      writeFileSync(files[bundle]!, bytes);
    }
    const damaged = check(dir);
    assert.deepEqual(damaged.caches, { cliMain: 'corrupt', cliCheckWorker: 'rejected', writingWorker: 'corrupt' });
    assert.equal(damaged.stdout, reference.stdout);
    assert.equal(damaged.stderr, '');
    for (const file of Object.values(cacheFiles(dir))) assert.ok(readCodeCache(file).data, `${file} was replaced by a sound cache`);
    assert.deepEqual(check(dir).caches, all('used'));
  });

  it('a folder that cannot be written: the run is the same, without a cache and without a message', () => {
    writeFileSync(join(folder, 'not-a-folder'), '');
    const unwritable = check(join(folder, 'not-a-folder', 'sub'));
    assert.deepEqual(unwritable.caches, all('missing'));
    assert.equal(unwritable.status, reference.status);
    assert.equal(unwritable.stdout, reference.stdout);
    assert.equal(unwritable.stderr, '');
  });
});
