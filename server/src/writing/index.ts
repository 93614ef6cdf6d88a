/**
 * The host side of the writing checks: one worker thread (./worker.ts), started on the first
 * request, fed the prose of a sheet and answering with textlint messages. Lives in the server, not
 * in the pure service: it starts a thread and its rules read the dictionary from disk.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { WritingMessage } from '../service/checks/writing';
import type { WritingRequest, WritingResponse } from './worker';

/** A running writing checker. */
export interface WritingChecker {
  /** textlint messages for each text (index into `texts`); rejects when the worker fails. */
  check(texts: string[]): Promise<WritingMessage[]>;
  /** Stops the worker (a later check starts a new one). */
  dispose(): Promise<void>;
}

/** Where kuromoji's dictionary is: next to the bundle (dist/dict) or in node_modules. */
function dictionaryPath(): string | undefined {
  const bundled = join(__dirname, 'dict');
  if (existsSync(join(bundled, 'base.dat.gz'))) return bundled;
  try {
    return join(dirname(require.resolve('kuromoji/package.json')), 'dict');
  } catch {
    return undefined;
  }
}

/**
 * Creates a checker whose worker runs `workerFile` (default: dist/writingWorker.js beside the
 * bundle; tests pass the TypeScript source with `execArgv: ['--import', 'tsx']`).
 */
export function createWritingChecker(options: { workerFile?: string; execArgv?: string[] } = {}): WritingChecker {
  let worker: Worker | undefined;
  let next = 1;
  const waiting = new Map<number, { resolve: (m: WritingMessage[]) => void; reject: (e: Error) => void }>();
  const start = (): Worker => {
    const w = new Worker(options.workerFile ?? join(__dirname, 'writingWorker.js'), { workerData: { dicPath: dictionaryPath() }, execArgv: options.execArgv ?? [] });
    w.on('message', (response: WritingResponse) => {
      const pending = waiting.get(response.id);
      waiting.delete(response.id);
      if (waiting.size === 0) w.unref();
      if (!pending) return;
      if ('error' in response) pending.reject(new Error(response.error));
      else pending.resolve(response.messages);
    });
    const fail = (error: Error) => {
      for (const p of waiting.values()) p.reject(error);
      waiting.clear();
      worker = undefined;
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`writing worker exited (${code})`)));
    w.unref();
    return w;
  };
  return {
    check(texts) {
      worker ??= start();
      const id = next++;
      const request: WritingRequest = { id, texts };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        // Kept alive while a request is pending, so a CLI or test waits for its answer.
        worker!.ref();
        worker!.postMessage(request);
      });
    },
    async dispose() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
