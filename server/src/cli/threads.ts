/**
 * How many threads `policy-sheets check --concurrency auto` checks sheets on (issue 11 §2).
 *
 * Linux shares the processors between sessions (sched autogroup, on by default), and within a
 * session between its threads: a busy task of another session on a core leaves our thread there
 * about half of that core, while an idle core is ours alone. So a second thread pays (its start-up
 * and JIT warm-up, ≈ 0.5 s of CPU on an idle machine and about 20 % more CPU in all under
 * contention) while the other sessions leave it enough of a core, not only when a core is idle.
 * Measured on 2 December 2026 (2 cores, 240 generated sheets, `--no-writing`; wall time of 2
 * threads against 1 in the same pairs, `test/bench/cliThreads.ts` and farm-bench):
 * - load 1.7: 0.75 (4.5 s against 6.0 s), while the previous rule (one thread per idle core, a core
 *   taken by each busy task) picked 1 thread;
 * - load 1.8–3.1: median 0.89 (0.70–1.03, three pairs, cliThreads.ts); this rule against the
 *   previous one at load 2.9–3.1: 5.4 s against 6.4 s, median of five pairs 0.79 (farm-bench);
 * - load 3.8–5.6: 0.80, 0.62 and 1.02 in three pairs (2 threads got 1.00–1.04 s of CPU per second
 *   against 0.62–0.81 for one);
 * - load 6–8: median 1.27 (0.76–2.13, five pairs); load 8–9: median 1.27 (0.68–1.29, four pairs,
 *   cliThreads.ts); load 9: 1.14 (an earlier run): the second thread got too little of the cores
 *   to repay its own CPU (+10–25 % under contention).
 * Hence one thread per core less half a core per busy task of other sessions, rounded up: on 2
 * cores, 2 threads while fewer than 2 other tasks are busy, else 1.
 *
 * Busy, though, is "busy now", not the load average of the last minute alone: that one lags a
 * minute behind and counts this tool's own runs that just ended, so in a loop of checks (a CI job,
 * a benchmark) every run after the first was seen picking 1 thread on an idle machine. The tasks
 * running at this instant (/proc/loadavg's fourth field, this process included) tell that apart;
 * the fewer busy of the two readings is taken. This process's own running threads are left out of
 * that count (/proc/self/task): the reader, but also the writing worker loading its dictionary or
 * V8's helper threads, which had the CLI pick 1 thread alone on an idle machine in 3 of 7 runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
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
  /**
   * Of `running`, this process's own threads (those in state R in /proc/self/task: the reader, and the
   * writing worker or V8's helper threads when busy), or undefined where not known (then 1: the reader).
   */
  ownRunning?: number;
  /**
   * Tasks of other processes running now, counted one by one (`runningTasksOfOtherProcesses`), when
   * `running − ownRunning` would cost a thread: that difference counts a thread of ours that changed
   * state between the two reads as another's.
   */
  othersRunning?: number;
}

/**
 * The processors and their load now: of `readingsNow` readings of the running tasks in a row (each
 * well under a millisecond; a thread can change state between the two files of one reading), the one
 * with the fewest tasks of other processes. Never throws: without /proc, `running` and `ownRunning`
 * are undefined.
 */
export function readLoad(): LoadReading {
  let running: number | undefined;
  let ownRunning: number | undefined;
  try {
    for (let reading = 0; reading < readingsNow; reading++) {
      const field = /^\S+ \S+ \S+ (\d+)\//.exec(readFileSync('/proc/loadavg', 'utf8'));
      if (!field) break;
      const all = Number(field[1]);
      const ours = runningThreadsOfThisProcess();
      if (running === undefined || all - ours < running - ownRunning!) [running, ownRunning] = [all, ours];
    }
  } catch {
    // Not Linux: the load average alone.
  }
  const cores = availableParallelism();
  const load: LoadReading = { cores, load1: loadavg()[0] ?? 0, running, ...(ownRunning === undefined ? {} : { ownRunning }) };
  // Two readings of this process's threads and one of the whole machine are never one instant: a
  // thread of ours that starts or stops between them (the check worker compiling, the writing worker
  // loading its dictionary, V8's helpers) reads as another session's task. On 2 December 2026 that had
  // `auto` take 1 thread on an idle 2-core machine in 6 runs of 12. So before such a reading costs a
  // thread, the other processes' tasks are counted one by one (a few ms; only then).
  if (running !== undefined && autoThreads(Infinity, load, { quiet: true }) < Math.min(cores, maxAutoThreads)) {
    try {
      load.othersRunning = Math.min(runningTasksOfOtherProcesses(), runningTasksOfOtherProcesses());
    } catch {
      // /proc not readable as expected: the reading above stands.
    }
  }
  return load;
}

/**
 * The tasks (threads) of other processes in state R now, from /proc/<pid>/task/<tid>/stat: what this
 * process cannot mistake for its own. Tasks outside this PID namespace (a container's host) are not
 * seen; `autoThreads` takes the lower of this and the machine-wide reading. Throws without /proc.
 */
function runningTasksOfOtherProcesses(): number {
  const self = String(process.pid);
  let count = 0;
  for (const pid of readdirSync('/proc')) {
    if (pid === self || pid.charCodeAt(0) < 0x30 || pid.charCodeAt(0) > 0x39) continue;
    try {
      count += runningTasksOf(pid);
    } catch {
      // The process ended meanwhile.
    }
  }
  return count;
}

/**
 * The tasks of process `pid` (a number, or 'self') in state R (running or runnable) now, from
 * /proc/<pid>/task/<tid>/stat (the state follows the parenthesised command name). Throws when the
 * process has no /proc entry (ended, or not Linux).
 */
function runningTasksOf(pid: string): number {
  let count = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      if (stat.charAt(stat.lastIndexOf(')') + 2) === 'R') count++;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return count;
}

/** How many readings of the running tasks `readLoad` takes. */
const readingsNow = 3;

/** This process's threads in state R now (`runningTasksOf`); at least 1, the thread reading. Throws without /proc. */
function runningThreadsOfThisProcess(): number {
  return Math.max(1, runningTasksOf('self'));
}

/**
 * Sheets per thread below which `auto` starts no more threads: a worker's start and JIT warm-up cost
 * ≈ 0.7 s CPU (measured on 16 sheets), about as much as checking 20 sheets.
 */
export const minSheetsPerThread = 16;

/** Most threads `auto` takes (each compiles the schemas and warms up its JIT on its own). */
export const maxAutoThreads = 8;

/**
 * Threads for `--concurrency auto` on `sheets` sheets: one per core less half a core per busy task
 * of other processes, rounded up (see the module comment), at most `maxAutoThreads`, at least 1, and
 * no more than one per `minSheetsPerThread` sheets. Busy tasks: those running now besides this
 * process (machine-wide less this process's, and, when `readLoad` counted them, other processes'
 * counted one by one), or the 1-minute load average, whichever is lowest. `quiet`: no trace line.
 */
export function autoThreads(sheets: number, load: LoadReading = readLoad(), options: { quiet?: boolean } = {}): number {
  // Other processes' tasks: this process's own running threads (the reader, and a writing worker or
  // V8's helpers that happen to be busy at the reading) are not another session's; counted one by
  // one when that reading would cost a thread (`othersRunning`), the lower of the two.
  const others = load.running === undefined ? Infinity : Math.max(0, load.running - (load.ownRunning ?? 1));
  const busy = Math.min(load.load1, others, load.othersRunning ?? Infinity);
  const share = Math.ceil(load.cores - busy / 2);
  const threads = Math.max(1, Math.min(share, maxAutoThreads, Math.floor(sheets / minSheetsPerThread)));
  if (!options.quiet) {
    const counted = load.othersRunning === undefined ? '' : `, ${load.othersRunning} of other processes counted one by one`;
    trace(`auto: ${load.cores} cores, load ${load.load1.toFixed(2)}, ${load.running ?? '?'} running (${load.ownRunning ?? '?'} of them ours${counted}) → ${threads} threads for ${sheets} sheets`);
  }
  return threads;
}
