import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { threadId, type Worker } from 'node:worker_threads';

/**
 * V8's code cache for the server bundle and the CLI's (issue 11 §2, first diagnostics; the CLI's
 * start-up: dist/cli.js runs dist/cliMain.js, and its check and writing threads start through
 * dist/workerStart.js, each thread with its bundle's cache, written at the end of its first run). `node dist/server.js`
 * is a small loader (serverStart.ts) that compiles the real bundle, dist/serverMain.js (2.3 MB),
 * through `vm.Script` with the cached data of an earlier run: V8 then neither compiles the bundle's
 * top level nor, on the first validation, the functions it runs (V8 compiles a function lazily on
 * its first call; a cache written after a validation holds their bytecode too). The cache is written
 * once per bundle and V8 version, when the first opened sheet has been checked (`saveWhenIdle`).
 * Works on every Node version the server runs on (Node 20 has no `module.enableCompileCache`, and
 * Node's compile cache is written before the functions a validation runs are compiled).
 *
 * A code cache is trusted code: it is only read from and written to a folder as trusted as the
 * bundle itself (the bundle's own folder, or the extension's global storage passed by the client in
 * `POLICY_SHEETS_CODE_CACHE`), never a shared temporary folder. Its file holds a SHA-256 of its
 * payload, checked before V8 sees it (V8's release builds check only a header), so a truncated or
 * corrupt file is ignored (and replaced), never fed to V8.
 */

/** Environment variable: the folder for the cache files, or `off` to run without a code cache. */
export const codeCacheEnv = 'POLICY_SHEETS_CODE_CACHE';

/** How the cache fared at start: used, none yet, refused by V8 (other flags), or a corrupt file. */
export type CodeCacheStatus = 'used' | 'missing' | 'rejected' | 'corrupt' | 'off';

/** The global through which the bundle (serverMain.js) reaches the loader's cache handle. */
const handleKey = Symbol.for('policySheets.codeCache');

/** What `runWithCodeCache` leaves on `globalThis` for the bundle, and returns. */
export interface CodeCacheHandle {
  /** The cache file (absent when the cache is off). */
  readonly file: string | undefined;
  readonly status: CodeCacheStatus;
  /** Milliseconds to compile the bundle (with the cache when used). */
  readonly compileMs: number;
  /** Why the last `save` wrote nothing, if it failed (the folder not writable …). */
  error?: string;
  /** The bundle's `module.exports` once it has run (undefined while its top level runs). */
  exports: unknown;
  /**
   * Writes the cache now (V8's `createCachedData` of the bundle, with everything compiled so far),
   * atomically (a temporary file renamed). Returns its size in bytes, or 0 when it was not written
   * (cache off, already used or written, or the folder not writable). Never throws.
   */
  save(): number;
}

const checksumBytes = 32;
const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();

/**
 * The cache file of a bundle: named after the bundle, a hash of its text, V8's version and the
 * architecture (V8 refuses the data of another version or flags, and checks the text only by its length).
 */
export function codeCacheFile(bundle: string, source: string, folder: string): string {
  const key = createHash('sha256').update(source).update(`\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 16);
  return join(folder, `${basename(bundle, '.js')}-${key}.cache`);
}

/**
 * The payload of a cache file if its checksum holds, else undefined (file missing, truncated or
 * altered). Never throws.
 */
export function readCodeCache(file: string): { data: Buffer | undefined; corrupt: boolean } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return { data: undefined, corrupt: false };
  }
  const data = bytes.subarray(checksumBytes);
  if (bytes.length <= checksumBytes || !sha256(data).equals(bytes.subarray(0, checksumBytes))) return { data: undefined, corrupt: true };
  return { data, corrupt: false };
}

/**
 * Writes `data` with its checksum to `file` through a temporary file and a rename (another process
 * may read it meanwhile; the temporary file is this thread's own, since two threads of one CLI run
 * may write the same bundle's cache). Throws on I/O errors.
 */
function writeCodeCache(file: string, data: Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([sha256(data), data]));
    renameSync(temporary, file);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never written.
    }
    throw error;
  }
}

/** Age (ms) after which another cache file of the same bundle name is deleted when a cache is written: 30 days. */
export const staleCodeCacheMs = 30 * 24 * 3600 * 1000;

/**
 * Deletes the cache files of `bundleName` in `folder` other than `keep` that were written more than
 * `staleCodeCacheMs` ago (those of earlier builds, e.g. before an extension update; another Node
 * version's, used in the same folder, is younger and stays). Never throws.
 */
export function deleteStaleCodeCaches(folder: string, bundleName: string, keep: string, now = Date.now()): void {
  try {
    const pattern = new RegExp(`^${bundleName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{16}\\.cache$`);
    for (const name of readdirSync(folder)) {
      if (name === keep || !pattern.test(name)) continue;
      const path = join(folder, name);
      if (now - statSync(path).mtimeMs > staleCodeCacheMs) unlinkSync(path);
    }
  } catch {
    // Left for the next write.
  }
}

/**
 * The folder for the cache: `POLICY_SHEETS_CODE_CACHE` if set (`off`: none), else `fallback` (the
 * bundle's folder).
 */
export function codeCacheFolder(env: NodeJS.ProcessEnv, fallback: string): string | undefined {
  const value = env[codeCacheEnv];
  if (value === 'off') return undefined;
  return value && value.length > 0 ? value : fallback;
}

/**
 * Loads and runs the CommonJS bundle `bundle` (an absolute path) as `require` would, compiled with
 * the code cache of `folder` (none when undefined). Leaves the handle on `globalThis` for the bundle
 * (`saveCodeCacheWhenIdle`, `saveCodeCacheAtExit`; in a worker thread, that thread's own global)
 * and returns it, with the bundle's exports. Errors of the bundle itself propagate as with `require`.
 */
export function runWithCodeCache(bundle: string, folder: string | undefined): CodeCacheHandle {
  const source = readFileSync(bundle, 'utf8');
  const file = folder === undefined ? undefined : codeCacheFile(bundle, source, folder);
  const cached = file === undefined ? { data: undefined, corrupt: false } : readCodeCache(file);
  const started = performance.now();
  const script = new Script(Module.wrap(source), { filename: bundle, ...(cached.data ? { cachedData: cached.data } : {}) });
  const compileMs = performance.now() - started;
  const status: CodeCacheStatus = file === undefined ? 'off' : cached.corrupt ? 'corrupt' : !cached.data ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used';
  let saved = status === 'used' || status === 'off';
  const handle: CodeCacheHandle = {
    file,
    status,
    compileMs,
    exports: undefined,
    save() {
      if (saved || file === undefined) return 0;
      saved = true;
      try {
        const data = script.createCachedData();
        writeCodeCache(file, data);
        deleteStaleCodeCaches(dirname(file), basename(bundle, '.js'), basename(file));
        return data.length;
      } catch (error) {
        // A folder we cannot write: the server runs without a cache, as before.
        handle.error = error instanceof Error ? error.message : String(error);
        return 0;
      }
    },
  };
  (globalThis as Record<symbol, unknown>)[handleKey] = handle;
  const module = new Module(bundle);
  module.filename = bundle;
  module.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(bundle));
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  module.loaded = true;
  handle.exports = module.exports;
  return handle;
}

/** The loader's handle, when the running bundle was started by `runWithCodeCache`. */
export function codeCacheHandle(): CodeCacheHandle | undefined {
  return (globalThis as Record<symbol, unknown>)[handleKey] as CodeCacheHandle | undefined;
}

/** Quiet time (ms) after an open before the cache is written, and between checks while the server is busy. */
export const codeCacheQuietMs = 1000;

let scheduled = false;

/** The loader's handle while its cache is still to be written and no write is scheduled (the caller schedules it); else undefined. */
function unsavedHandle(): CodeCacheHandle | undefined {
  const handle = codeCacheHandle();
  if (scheduled || !handle || handle.status === 'used' || handle.status === 'off') return undefined;
  scheduled = true;
  return handle;
}

/**
 * Writes the code cache once the server is idle after its first open (`isIdle()` true
 * `codeCacheQuietMs` after the call, else checked again as long), with the functions that open's
 * checks compiled. `withFlags` runs the write under the V8 flags the bundle was compiled with
 * (heapTuning.ts changes the heap's flags for a large sheet, and V8 keys the cache on its flags).
 * A server that exits sooner writes it on exit. Once per process; nothing without a loader or when
 * the cache was used. Never throws.
 */
export function saveCodeCacheWhenIdle(isIdle: () => boolean, withFlags: <T>(run: () => T) => T = (run) => run()): void {
  const handle = unsavedHandle();
  if (!handle) return;
  const save = () => withFlags(() => handle.save());
  const attempt = () => {
    if (isIdle()) save();
    else setTimeout(attempt, codeCacheQuietMs).unref();
  };
  setTimeout(attempt, codeCacheQuietMs).unref();
  // A server stopped sooner (a short session) writes it on its way out.
  process.once('exit', save);
}

/**
 * Writes the code cache when this process (or worker thread) exits normally (its event loop empty,
 * or `process.exit`), with every function the run compiled: the CLI's threads, whose runs are short.
 * A worker thread ended by `terminate()` runs no exit handler: its host asks it to close instead
 * (`codeCacheCloseRequest`). Once; nothing without a loader, or when the cache was used or is off.
 * Never throws.
 */
export function saveCodeCacheAtExit(): void {
  const handle = unsavedHandle();
  if (handle) process.once('exit', () => handle.save());
}

/**
 * The message a host posts to a worker thread started through dist/workerStart.js (cli/parallel.ts,
 * writing/index.ts) instead of terminating it: the thread writes its code cache if it has none yet
 * (`saveCodeCacheAtExit`) and exits. Only sent to an idle thread, at the end of a run.
 */
export const codeCacheCloseRequest = { type: 'policySheets/close' } as const;

/**
 * Ends an idle worker thread started through dist/workerStart.js by posting it
 * `codeCacheCloseRequest` (it writes its code cache if it had none, then exits), keeping the process
 * alive for it; resolves once it has exited, at once for a thread that has exited already.
 */
export function closeCodeCacheWorker(worker: Worker): Promise<void> {
  // A thread that has exited has threadId −1.
  if (worker.threadId === -1) return Promise.resolve();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.ref();
  worker.postMessage(codeCacheCloseRequest);
  return exited;
}

/** Whether `message` is `codeCacheCloseRequest`. */
export function isCodeCacheCloseRequest(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === codeCacheCloseRequest.type;
}
