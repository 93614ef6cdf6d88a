/**
 * A pool of facts worker threads (./factsWorker.ts) for the workspace index: texts are handed to
 * the least busy worker, workers start on the first request and are released (unref) when idle.
 * A worker that fails rejects its pending requests (the index then computes those facts on its
 * own thread) and is replaced on the next request.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { SheetFacts } from '../service';
import type { FactsRequest, FactsResponse } from './factsWorker';

/** A running pool. */
export interface FactsPool {
  /** Number of workers (the index keeps twice as many files in flight). */
  readonly size: number;
  /** The facts of `text` (the file at `uri`), computed by a worker; rejects when the worker fails. */
  facts(uri: string, text: string): Promise<SheetFacts>;
  /** Stops every worker (a later request starts them again). */
  dispose(): Promise<void>;
}

/** Workers by default: one per core but one (the main thread's), at least 1, at most 4. */
export function defaultPoolSize(): number {
  return Math.min(4, Math.max(1, availableParallelism() - 1));
}

interface Slot {
  worker: Worker | undefined;
  waiting: Map<number, { resolve: (facts: SheetFacts) => void; reject: (error: Error) => void }>;
}

/**
 * Creates a pool of `size` workers (default `defaultPoolSize()`) running `workerFile` (default:
 * dist/factsWorker.js beside the bundle; tests pass the TypeScript source with `execArgv:
 * ['--import', 'tsx']`). Never throws: a worker that cannot start rejects the request.
 */
export function createFactsPool(options: { size?: number; workerFile?: string; execArgv?: string[] } = {}): FactsPool {
  const size = Math.max(1, options.size ?? defaultPoolSize());
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: undefined, waiting: new Map() }));
  let next = 1;

  const start = (slot: Slot): Worker => {
    // node:worker_threads is loaded with the first worker, not with the server (memory, issue 11 §2).
    const { Worker: WorkerThread } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new WorkerThread(options.workerFile ?? join(__dirname, 'factsWorker.js'), { execArgv: options.execArgv ?? [] });
    worker.on('message', (response: FactsResponse) => {
      const pending = slot.waiting.get(response.id);
      slot.waiting.delete(response.id);
      if (slot.waiting.size === 0) worker.unref();
      if (!pending) return;
      if ('error' in response) pending.reject(new Error(response.error));
      else pending.resolve(response.facts);
    });
    const fail = (error: Error) => {
      if (slot.worker !== worker) return;
      slot.worker = undefined;
      for (const p of slot.waiting.values()) p.reject(error);
      slot.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`facts worker exited (${code})`)));
    return worker;
  };

  return {
    size,
    facts(uri, text) {
      const slot = slots.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a));
      return new Promise((resolve, reject) => {
        try {
          slot.worker ??= start(slot);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        const id = next++;
        slot.waiting.set(id, { resolve, reject });
        // Kept alive while a request is pending, so a CLI or test waits for its answer.
        slot.worker.ref();
        const request: FactsRequest = { id, uri, text };
        slot.worker.postMessage(request);
      });
    },
    async dispose() {
      await Promise.all(
        slots.map(async (slot) => {
          const worker = slot.worker;
          slot.worker = undefined;
          for (const p of slot.waiting.values()) p.reject(new Error('facts pool disposed'));
          slot.waiting.clear();
          if (worker) await worker.terminate();
        }),
      );
    },
  };
}
