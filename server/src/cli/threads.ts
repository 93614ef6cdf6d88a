/**
 * How many threads `policy-sheets check --concurrency auto` checks sheets on (issue 11 §2).
 *
 * Idle cores, not just cores: Linux shares the processors between sessions (sched autogroup, on
 * by default), not between threads, so while another session keeps a core busy a second thread of
 * ours gets no more processor time, only its own start-up and warm-up to pay (measured at load 9
 * on 2 cores, 240 sheets: 2 threads +18 % CPU and +14 % wall against 1).
 *
 * Busy, though, is "busy now", not the load average of the last minute alone: that one lags a
 * minute behind and counts this tool's own runs that just ended, so in a loop of checks (a CI job,
 * a benchmark) every run after the first was seen picking 1 thread on an idle machine. The tasks
 * running at this instant (/proc/loadavg's fourth field, this process included) tell that apart;
 * the fewer busy of the two readings is taken, so either one seeing an idle core is enough.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { trace } from './trace';

/** What `autoThreads` decides from (all read by `readLoad` on a real run). */
export interface LoadReading {
  /** Processors this process may use (`os.availableParallelism()`). */
  cores: number;
  /** The 1-minute load average. */
  load1: number;
  /** Tasks running right now, this process included (Linux /proc/loadavg), or undefined where not known. */
  running: number | undefined;
}

/** The processors and their load now. Never throws: without /proc, `running` is undefined. */
export function readLoad(): LoadReading {
  let running: number | undefined;
  try {
    const field = /^\S+ \S+ \S+ (\d+)\//.exec(readFileSync('/proc/loadavg', 'utf8'));
    if (field) running = Number(field[1]);
  } catch {
    // Not Linux: the load average alone.
  }
  return { cores: availableParallelism(), load1: loadavg()[0] ?? 0, running };
}

/**
 * Sheets per thread below which `auto` starts no more threads: a worker's start and JIT warm-up cost
 * ≈ 0.7 s CPU (measured on 16 sheets), about as much as checking 20 sheets.
 */
export const minSheetsPerThread = 16;

/**
 * Threads for `--concurrency auto` on `sheets` sheets: one per idle core, at most 8, at least 1,
 * and no more than one per `minSheetsPerThread` sheets. Busy cores: the tasks running now besides
 * this one, or the 1-minute load average, whichever is lower (see the module comment).
 */
export function autoThreads(sheets: number, load: LoadReading = readLoad()): number {
  const busy = Math.min(load.load1, load.running === undefined ? Infinity : Math.max(0, load.running - 1));
  const idle = Math.round(load.cores - busy);
  const threads = Math.max(1, Math.min(idle, 8, Math.floor(sheets / minSheetsPerThread)));
  trace(`auto: ${load.cores} cores, load ${load.load1.toFixed(2)}, ${load.running ?? '?'} running → ${threads} threads for ${sheets} sheets`);
  return threads;
}
