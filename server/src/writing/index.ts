/**
 * The host side of the writing checks: one worker thread (./worker.ts), started on the first
 * request, fed the prose of a sheet and answering with textlint messages, and ended after
 * `idleMs` without a request (its memory, mostly kuromoji's dictionary, goes with it; the next
 * request starts a new one). Lives in the server, not in the pure service: it starts a thread and
 * its rules read the dictionary from disk.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { closeCodeCacheWorker } from '../codeCache';
import type { WritingMessage } from '../service/checks/writing';
import { writingWorkerResourceLimits } from './resourceLimits';
import type { WritingRequest, WritingResponse } from './worker';

/** A running writing checker. */
export interface WritingChecker {
  /**
   * textlint messages for each text (index into `texts`), from the rules named in `rules`
   * (`writingRules` keys; all when absent); rejects when the worker fails.
   */
  check(texts: string[], rules?: readonly string[]): Promise<WritingMessage[]>;
  /** Whether a worker thread is running now (started, not yet ended by idleness or dispose). */
  readonly running: boolean;
  /** Stops the worker (a later check starts a new one). */
  dispose(): Promise<void>;
}

/** Where kuromoji's dictionary is: next to the bundle (dist/dict) or in node_modules. */
function dictionaryPath(): string | undefined {
  const bundled = join(__dirname, 'dict');
  if (existsSync(join(bundled, 'dictionary.json'))) return bundled;
  try {
    return join(dirname(require.resolve('kuromoji/package.json')), 'dict');
  } catch {
    return undefined;
  }
}

/** Default idle time (ms) after which the worker thread ends: a minute without a request. */
export const writingIdleMs = 60_000;

/** Default wait (ms) before a worker that failed is started again; doubled after each failure, up to 10 minutes. */
export const writingRestartDelayMs = 5_000;
const maxRestartDelayMs = 600_000;

/**
 * Creates a checker whose worker runs `workerFile` (default: dist/writingWorker.js beside the
 * bundle, or the file named by the environment variable POLICY_SHEETS_WRITING_WORKER: protocol
 * tests start the server with a worker that never answers or fails). The worker ends after `idleMs` ms
 * (default `writingIdleMs`) with no request pending. `dicPath`: kuromoji's dictionary folder
 * (default: dist/dict beside the bundle, else the kuromoji package's). A worker that fails (throws
 * as it starts, exits, or errors) is not started again for `restartDelayMs` ms (default
 * `writingRestartDelayMs`, doubled after each failure in a row, at most 10 minutes): meanwhile
 * `check` rejects at once, saying so, instead of starting a failing thread on every keystroke.
 * `lowerPriority` (default true): the worker runs at nice 10 so that the editor's main thread goes
 * first; the CLI passes false, since its run ends only when the writing checks do.
 * `codeCache` (default false; the CLI's): without `workerFile` or POLICY_SHEETS_WRITING_WORKER, the
 * worker starts through dist/workerStart.js with V8's code cache (../codeCache.ts), and `dispose`
 * asks an idle worker to close (it writes its cache when it had none) instead of terminating it.
 */
export function createWritingChecker(options: { workerFile?: string; execArgv?: string[]; idleMs?: number; dicPath?: string; restartDelayMs?: number; lowerPriority?: boolean; codeCache?: boolean } = {}): WritingChecker {
  let worker: Worker | undefined;
  const named = options.workerFile ?? process.env.POLICY_SHEETS_WRITING_WORKER;
  /** Started through dist/workerStart.js, closed by a message. */
  const cached = options.codeCache === true && named === undefined;
  let idle: NodeJS.Timeout | undefined;
  let next = 1;
  const idleMs = options.idleMs ?? writingIdleMs;
  // After a failure: no new worker before retryAt; the delay doubles while failures repeat.
  let failure: { error: Error; retryAt: number; delay: number } | undefined;
  const waiting = new Map<number, { resolve: (m: WritingMessage[]) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const workerData = { dicPath: options.dicPath ?? dictionaryPath(), lowerPriority: options.lowerPriority ?? true, ...(cached ? { codeCacheBundle: 'writingWorker.js' } : {}) };
    const w = new Worker(named ?? join(__dirname, cached ? 'workerStart.js' : 'writingWorker.js'), { workerData, execArgv: options.execArgv ?? [], resourceLimits: writingWorkerResourceLimits });
    w.on('message', (response: WritingResponse) => {
      failure = undefined;
      const pending = waiting.get(response.id);
      waiting.delete(response.id);
      if (waiting.size === 0) {
        w.unref();
        clearTimeout(idle);
        idle = setTimeout(() => {
          if (worker === w && waiting.size === 0) {
            worker = undefined;
            void w.terminate();
          }
        }, idleMs);
        idle.unref();
      }
      if (!pending) return;
      if ('error' in response) pending.reject(new Error(response.error));
      else pending.resolve(response.messages);
    });
    const fail = (error: Error) => {
      if (worker !== w) return;
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
      worker = undefined;
      const delay = failure ? Math.min(failure.delay * 2, maxRestartDelayMs) : (options.restartDelayMs ?? writingRestartDelayMs);
      failure = { error, retryAt: Date.now() + delay, delay };
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`writing worker exited (${code})`)));
    w.unref();
    return w;
  };
  return {
    get running() {
      return worker !== undefined;
    },
    check(texts, rules) {
      clearTimeout(idle);
      if (!worker && failure && Date.now() < failure.retryAt) {
        const seconds = Math.ceil((failure.retryAt - Date.now()) / 1000);
        return Promise.reject(new Error(`${failure.error.message} (the writing worker starts again in ${seconds} s)`));
      }
      worker ??= start();
      const id = next++;
      const request: WritingRequest = rules ? { id, texts, rules: [...rules] } : { id, texts };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        // Kept alive while a request is pending, so a CLI or test waits for its answer.
        worker!.ref();
        worker!.postMessage(request);
      });
    },
    async dispose() {
      clearTimeout(idle);
      const w = worker;
      worker = undefined;
      if (w && cached && waiting.size === 0) {
        // Idle: it writes its code cache if it had none, and exits (the process waits for it).
        await closeCodeCacheWorker(w);
        return;
      }
      if (w) for (const p of waiting.values()) p.reject(new Error('writing checker disposed'));
      waiting.clear();
      if (w) await w.terminate();
    },
  };
}
