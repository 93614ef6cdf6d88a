/**
 * A timeline of a `policy-sheets check` run, for finding where the wall time goes (issue 11 §2):
 * with `POLICY_SHEETS_TRACE=1` in the environment, every thread (main and workers) writes one line
 * per event to stderr, `<ms since the process started> <thread id> <event>`, synchronously (so a
 * worker's line is not queued behind its messages). Without it, `trace` does nothing.
 * The clock: `performance.timeOrigin + performance.now()` (ms, sub-ms resolution), which is the
 * same wall clock in every thread; the main thread's time origin is the process's start.
 */
import { writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread, threadId, workerData } from 'node:worker_threads';

/** Whether the trace is on (read once per thread). */
export const tracing = process.env.POLICY_SHEETS_TRACE === '1';

/**
 * The process's start on the wall clock (ms since the epoch): the main thread's time origin, passed
 * to workers as `workerData.traceOrigin` (see `traceWorkerData`); a worker without it uses its own.
 */
const origin: number = isMainThread ? performance.timeOrigin : ((workerData as { traceOrigin?: number } | undefined)?.traceOrigin ?? performance.timeOrigin);

/** Writes `<ms since the process started> <thread id> <event>` to stderr when tracing. Never throws. */
export function trace(event: string): void {
  if (!tracing) return;
  const at = performance.timeOrigin + performance.now() - origin;
  try {
    writeSync(2, `trace ${at.toFixed(1).padStart(8)} t${threadId} ${event}\n`);
  } catch {
    // A closed stderr is no reason to fail a check.
  }
}

/** The `workerData` that gives a worker thread the main thread's clock origin (undefined when not tracing). */
export function traceWorkerData(): { traceOrigin: number } | undefined {
  return tracing ? { traceOrigin: origin } : undefined;
}
