/**
 * How many threads `policy-sheets check --concurrency auto` checks sheets on (issue 11 §2): one per
 * core (at most 8), whatever the load, when there are enough sheets to repay a thread's start.
 *
 * The load is not read. An earlier version took one thread per idle core, on the claim that under
 * Linux's sched autogroup a second thread gets no more processor time while another session keeps
 * a core busy. Measured on 2 December 2026 (2 cores shared with four other sessions, 240 generated
 * sheets, `--no-writing`, runs of 1 and 2 threads interleaved, /proc/loadavg read before each;
 * /tmp/s18threads.sh in the report of branch s18-cli), the claim does not hold:
 * - at load 3.8–5.6 (3–7 tasks running), 2 threads got 1.00–1.04 s of CPU per second of wall time
 *   against 0.62–0.81 for 1 thread in the same pairs (wall 9.2–11.7 s against 11.5–14.6 s); at
 *   load 5.2–7.8 both got 0.5–0.6 (the machine saturated), 2 threads still no less in 2 of 3 pairs;
 * - the scheduler shares each core between the sessions running there, so a session's second
 *   runnable thread adds its share of the second core; a second thread costs its start-up and JIT
 *   warm-up (≈ 0.5 s of CPU at load 1.7, more under contention), not the processor time it gets;
 * - wall, 2 threads against 1, pair by pair: median 0.91 (0.62–2.3, noise of the other sessions)
 *   at load 3.8–7.8; 0.75 at load 1.7 (4.5 s against 6.0 s, the lead's run); the earlier version's
 *   1.14 at load 9 was the one figure the other way.
 * So `auto` picked 1 thread where 2 were measurably faster (5.8 s against 4.5 s at load 1.7).
 */
import { availableParallelism } from 'node:os';
import { trace } from './trace';

/**
 * Sheets per thread below which `auto` starts no more threads: a worker's start and JIT warm-up cost
 * ≈ 0.7 s CPU (measured on 16 sheets), about as much as checking 20 sheets.
 */
export const minSheetsPerThread = 16;

/** Most threads `auto` takes (each compiles the schemas and warms up its JIT on its own). */
export const maxAutoThreads = 8;

/**
 * Threads for `--concurrency auto` on `sheets` sheets: one per core (`cores`, default
 * `os.availableParallelism()`), at most `maxAutoThreads`, at least 1, and no more than one per
 * `minSheetsPerThread` sheets. The load of other processes is not counted (see the module comment).
 */
export function autoThreads(sheets: number, cores: number = availableParallelism()): number {
  const threads = Math.max(1, Math.min(cores, maxAutoThreads, Math.floor(sheets / minSheetsPerThread)));
  trace(`auto: ${cores} cores → ${threads} threads for ${sheets} sheets`);
  return threads;
}
