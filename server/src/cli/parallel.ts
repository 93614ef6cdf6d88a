/**
 * `policy-sheets check` on several threads (issue 11 §2: 240 sheets in ≤ 3 s on two cores).
 * The sheets are shared out to the main thread and worker threads (./checkWorker.ts), each with
 * its own language service, in two steps:
 * 1. every sheet is prepared (parsed; its facts, own problems and prose computed) by whichever
 *    thread is free: each thread takes the next sheet from one shared queue (`SheetQueue`, an
 *    atomic counter) itself, so that a worker never waits for the main thread, which checks sheets
 *    too and reads its messages only between two of them (a worker fed by messages was idle 16 %
 *    of the run); the prose goes at once to the writing checks (`onTexts`);
 * 2. once every sheet's facts are in, they are sent to each thread (in file order, as the serial
 *    run builds its workspace), and each thread validates the sheets it prepared (cross-document
 *    checks over the parse it kept) and drops them.
 * A thread that fails (crash, out of memory) or answers `failed` has its sheets checked again on
 * the main thread, so a run gives the same findings as the serial one (../cli.ts) or none at all.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver-types';
import { closeCodeCacheWorker } from '../codeCache';
import type { SeverityOverrides } from '../service';
import { writingRules, type WritingText } from '../service/checks/writing';
import { createSheetChecker, type CheckRequest, type CheckResponse, type SheetChecker, type SheetQueue } from './sheetChecker';
import { trace, traceWorkerData } from './trace';

/** One sheet of the run: its file uri, text (read by the caller) and severity overrides. */
export interface SheetJob {
  uri: string;
  text: string;
  overrides: SeverityOverrides;
  /**
   * With `onTexts`: the writing rules enabled for this sheet (`enabledWritingRules`); its prose is
   * then only the texts one of them could report on (`couldApply`). Absent: every writing rule.
   */
  writingRules?: readonly string[];
}

/** How to run. */
export interface ParallelOptions {
  /**
   * Threads that check sheets, the main thread included (at least 1): `threads - 1` workers. The
   * main thread takes its share rather than waiting: one isolate fewer to start, compile and
   * collect (measured: a third worker-only thread costs ≈ 7 % more CPU than the serial run).
   */
  threads: number;
  /**
   * Called once per sheet with its prose (`writingTexts`, only the texts a rule of its `writingRules`
   * could report on), as soon as it is parsed; absent: no prose is extracted.
   */
  onTexts?: (index: number, texts: WritingText[]) => void;
  /**
   * The worker's file. Default: dist/cliCheckWorker.js beside the bundle, started through
   * dist/workerStart.js with V8's code cache (../codeCache.ts), each thread closed at the end of a
   * run that succeeded (`codeCacheCloseRequest`) so that it writes its cache when it had none.
   */
  workerFile?: string;
  /** The worker's execArgv (default: the process's). */
  execArgv?: string[];
  /**
   * Worker threads started ahead (`startCheckThreads`), so that they load and compile while the
   * caller reads the files; used instead of starting `threads - 1` new ones (at most that many).
   */
  started?: CheckThreads;
}

/** Worker threads started before their sheets are known (see `startCheckThreads`). */
export interface CheckThreads {
  /** Ends the threads not used by a run (e.g. the run stopped on an unreadable file). */
  stop(): Promise<void>;
  /** @internal The executors, taken by `checkInParallel`. */
  readonly executors: ThreadExecutor[];
}

/**
 * Starts `count` check worker threads now: each loads its bundle and compiles the schemas while
 * the caller lists and reads the files; `checkInParallel` then takes them (`options.started`).
 * They do not keep the process alive until a run takes them, and a thread that fails to start is
 * reported to that run (its sheets go to the main thread), never thrown here.
 */
export function startCheckThreads(count: number, options: Pick<ParallelOptions, 'workerFile' | 'execArgv'> = {}): CheckThreads {
  const executors = Array.from({ length: Math.max(0, count) }, () => threadExecutor(options));
  return {
    executors,
    async stop() {
      await Promise.all(executors.map((e) => e.stop()));
    },
  };
}

/** A place where sheets are checked: a worker thread, or the main thread (its share, and the sheets of a worker that failed). */
interface Executor {
  post(request: CheckRequest): void;
  /** Its thread number in the queue's claims (0: the main thread). */
  thread: number;
  /** Prepare requests sent and not answered. */
  preparing: Set<number>;
  /** Sheets prepared here and not yet validated. */
  holds: Set<number>;
  alive: boolean;
  stop(): Promise<void>;
}

/**
 * Checks `jobs` on `options.threads` threads; resolves with each job's diagnostics (the
 * order of `jobs`), exactly those of the serial run. Rejects only when a sheet fails on the main
 * thread too (an exception in the service, which the serial run would throw as well).
 */
export function checkInParallel(jobs: readonly SheetJob[], options: ParallelOptions): Promise<Diagnostic[][]> {
  return new Promise((resolve, reject) => {
    const count = jobs.length;
    /** Each sheet's facts as JSON. */
    const facts: string[] = new Array(count);
    const results: Diagnostic[][] = new Array(count);
    const holder: (Executor | undefined)[] = new Array(count);
    /** Sheets prepared on an executor that still holds them (or has validated them). */
    const prepared = new Set<number>();
    const textsSent = new Set<number>();
    const threads: ThreadExecutor[] = [];
    let local: LocalExecutor | undefined;
    let validated = 0;
    /** The shared queue of sheets (see SheetQueue); each thread gets it with its own number. */
    const claims = new SharedArrayBuffer(4 * (count + 1));
    const allWritingRules = Object.keys(writingRules);
    /** What prose a sheet's preparation extracts (`CheckRequest`): none without `onTexts`. */
    const writingOf = (job: SheetJob): false | readonly string[] => (options.onTexts ? (job.writingRules ?? allWritingRules) : false);
    const queued = jobs.map((job) => ({ uri: job.uri, text: job.text, writing: writingOf(job) }));
    const queue = (thread: number): SheetQueue => ({ type: 'queue', jobs: queued, claims, thread });
    /** Every sheet's facts as one JSON array, once every sheet is prepared. */
    let workspace: string | undefined;
    let finished = false;

    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      // Every thread is idle when every sheet is validated: each one closes (and writes its code cache if it had none).
      void Promise.all([...threads.map((e) => (error ? e.stop() : e.close())), ...(local ? [local.stop()] : [])]).then(() => (error ? reject(error) : resolve(results)));
    };

    const prepare = (executor: Executor, index: number) => {
      executor.preparing.add(index);
      executor.post({ type: 'prepare', index, uri: jobs[index]!.uri, text: jobs[index]!.text, writing: textsSent.has(index) ? false : writingOf(jobs[index]!) });
    };

    const startValidation = () => {
      // Every sheet's facts in file order; a uri given twice keeps its first place (as a Map does in the serial run).
      const byUri = new Map<string, string>();
      jobs.forEach((job, index) => byUri.set(job.uri, facts[index]!));
      workspace = `[${[...byUri.values()].join(',')}]`;
      trace('parallel: every sheet prepared, workspace sent');
      // A worker that took no sheet (it started after the queue was empty) validates none: it does not parse the workspace.
      for (const executor of [...threads, ...(local ? [local] : [])]) if (executor.alive && (executor === local || executor.holds.size > 0)) executor.post({ type: 'workspace', facts: workspace });
      for (let index = 0; index < count; index++) holder[index]!.post({ type: 'validate', index, overrides: jobs[index]!.overrides });
    };

    /** The main thread's executor. */
    const mainThread = (): LocalExecutor => {
      if (!local) {
        const executor = localExecutor((response) => onResponse(executor, response));
        local = executor;
        if (workspace) executor.post({ type: 'workspace', facts: workspace });
      }
      return local;
    };

    /** Checks `indexes` again from the start on the main thread. */
    const retryOnMainThread = (indexes: Iterable<number>) => {
      const executor = mainThread();
      for (const index of indexes) {
        prepared.delete(index);
        holder[index] = undefined;
        prepare(executor, index);
      }
    };

    const onResponse = (executor: Executor, response: CheckResponse) => {
      // A thread's last words after it failed are not used: its sheets are on the main thread now.
      if (finished || !executor.alive) return;
      const { index } = response;
      executor.preparing.delete(index);
      executor.holds.delete(index);
      if (response.type === 'failed') {
        if (executor === local) finish(new Error(response.error));
        else retryOnMainThread([index]);
      } else if (response.type === 'prepared') {
        // Prepared twice (a sheet of a failed thread that another thread had taken after all): the first counts.
        if (prepared.has(index)) return;
        executor.holds.add(index);
        holder[index] = executor;
        facts[index] = response.facts;
        prepared.add(index);
        if (response.texts && !textsSent.has(index)) {
          textsSent.add(index);
          options.onTexts?.(index, response.texts);
        }
        if (workspace) executor.post({ type: 'validate', index, overrides: jobs[index]!.overrides });
        else if (prepared.size === count) startValidation();
      } else {
        results[index] = response.diagnostics;
        if (++validated === count) finish();
      }
    };

    const onFailure = (executor: Executor) => {
      if (finished || !executor.alive) return;
      executor.alive = false;
      // Its sheets: those it holds, and those it took from the queue and did not answer (or taken by a
      // thread not yet known, the instant between taking and signing: at worst prepared twice).
      const taken = new Int32Array(claims);
      const unanswered: number[] = [];
      for (let index = 0; index < Math.min(count, Atomics.load(taken, 0)); index++) {
        const by = Atomics.load(taken, index + 1);
        if (!prepared.has(index) && (by === executor.thread + 1 || by === 0)) unanswered.push(index);
      }
      const lost = [...new Set([...executor.preparing, ...executor.holds, ...unanswered])];
      executor.preparing.clear();
      executor.holds.clear();
      retryOnMainThread(lost);
    };

    if (count === 0) {
      finish();
      return;
    }
    const started = options.started?.executors ?? [];
    for (let i = 1; i < options.threads; i++) {
      const executor = started[i - 1] ?? threadExecutor(options);
      executor.thread = i;
      executor.bind((response) => onResponse(executor, response), () => onFailure(executor));
      threads.push(executor);
    }
    // Started threads this run does not need are ended.
    for (const unused of started.slice(Math.max(0, options.threads - 1))) void unused.stop();
    for (const executor of threads) executor.post(queue(executor.thread));
    mainThread().take(queue(0));
  });
}

/** A worker thread's executor, started before its run binds its handlers. */
interface ThreadExecutor extends Executor {
  /**
   * Attaches the run's handlers (and keeps the process alive for the thread from now on). A failure
   * before this (the thread could not start, or exited) is passed on at once, asynchronously.
   */
  bind(onResponse: (response: CheckResponse) => void, onFailure: (error: Error) => void): void;
  /**
   * Ends an idle thread: one started through dist/workerStart.js is asked to close (it writes its
   * code cache if it had none, then exits) and awaited; any other one is stopped.
   */
  close(): Promise<void>;
}

/** A worker thread running ./checkWorker.ts, started now. A thread that cannot start fails when bound. */
function threadExecutor(options: Pick<ParallelOptions, 'workerFile' | 'execArgv'>): ThreadExecutor {
  let worker: Worker | undefined;
  /** Started through dist/workerStart.js: closed by a message, not terminated. */
  const cached = options.workerFile === undefined;
  let handlers: { onResponse: (response: CheckResponse) => void; onFailure: (error: Error) => void } | undefined;
  /** The first failure before `bind`. */
  let early: Error | undefined;
  const fail = (error: Error) => {
    if (handlers) handlers.onFailure(error);
    else early ??= error;
  };
  const executor: ThreadExecutor = {
    thread: -1,
    preparing: new Set(),
    holds: new Set(),
    alive: true,
    post(request) {
      worker?.postMessage(request);
    },
    bind(onResponse, onFailure) {
      handlers = { onResponse, onFailure };
      worker?.ref();
      const failure = early;
      if (failure) setImmediate(() => onFailure(failure));
    },
    async stop() {
      executor.alive = false;
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
    async close() {
      if (!cached || !executor.alive || !worker) return executor.stop();
      executor.alive = false;
      const w = worker;
      worker = undefined;
      await closeCodeCacheWorker(w);
      trace('parallel: worker closed');
    },
  };
  try {
    const workerData = { ...traceWorkerData(), ...(cached ? { codeCacheBundle: 'cliCheckWorker.js' } : {}) };
    const file = options.workerFile ?? join(__dirname, 'workerStart.js');
    worker = new Worker(file, { ...(options.execArgv ? { execArgv: options.execArgv } : {}), ...(Object.keys(workerData).length > 0 ? { workerData } : {}) });
    trace('parallel: worker started');
    worker.on('message', (response: CheckResponse) => handlers?.onResponse(response));
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`check worker exited (${code})`)));
    // Not keeping the process alive until a run binds it (a run that stops before never waits for it).
    // After the listeners: adding a 'message' listener refs the thread again.
    worker.unref();
  } catch (error) {
    early = error instanceof Error ? error : new Error(String(error));
  }
  return executor;
}

/** The main thread's executor: also takes sheets from the queue, one per turn of the event loop (its messages are read between two). */
interface LocalExecutor extends Executor {
  /** Takes sheets from `queue` until none is left. */
  take(queue: SheetQueue): void;
}

/** The main thread as an executor: the same sheet checker, answering on the next turn. */
function localExecutor(onResponse: (response: CheckResponse) => void): LocalExecutor {
  let checker: SheetChecker | undefined;
  const local: LocalExecutor = {
    thread: 0,
    preparing: new Set(),
    holds: new Set(),
    alive: true,
    post(request) {
      setImmediate(() => {
        checker ??= createSheetChecker();
        const response = checker.handle(request);
        if (response) onResponse(response);
      });
    },
    take(queue) {
      setImmediate(function next() {
        if (!local.alive) return; // the run ended (a sheet failed here)
        checker ??= createSheetChecker();
        const response = checker.take(queue);
        if (!response) return;
        onResponse(response);
        setImmediate(next);
      });
    },
    async stop() {
      // Nothing to stop but its queue: the parses go with the checker.
      local.alive = false;
    },
  };
  return local;
}
