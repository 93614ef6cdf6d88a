/**
 * Does a second thread help `policy-sheets check` on this machine now (issue 11 §2; the decision of
 * `--concurrency auto`, server/src/cli/threads.ts)? Runs `dist/cli.js check --concurrency N` for each
 * thread count in turn (1 2 1 2 …, so the other sessions' load drifts over both alike), reads
 * /proc/loadavg (1-minute load, tasks running) before each run, and prints per run the wall time,
 * the process's CPU time (every thread, read at exit) and the processor time it got per second of
 * wall time (its share of the machine), then per thread count the medians and, pair by pair, the
 * median ratio of wall times against the first count.
 * Run: `npm run build && node --import tsx test/bench/cliSheets.ts /tmp/cli240 &&
 * node --import tsx test/bench/cliThreads.ts /tmp/cli240 [rounds=5] [counts=1,2] [-- more check arguments]`
 * (default arguments `--no-writing`; `POLICY_SHEETS_CLI=/tmp/dist-before/cli.js` times another build).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [dir, roundsArg, countsArg, ...rest] = process.argv.slice(2);
if (!dir) throw new Error('usage: cliThreads.ts <folder> [rounds] [counts, e.g. 1,2] [-- check arguments]');
const rounds = Number(roundsArg ?? 5);
const counts = (countsArg ?? '1,2').split(',').map(Number);
const extra = rest[0] === '--' ? rest.slice(1) : ['--no-writing'];
const cli = process.env.POLICY_SHEETS_CLI ?? resolve(__dirname, '../../dist/cli.js');

// Loaded before the CLI: prints the whole process's CPU time (all threads) at exit, on stderr's last line.
const preload = join(mkdtempSync(join(tmpdir(), 'cli-threads-')), 'cpu.cjs');
writeFileSync(preload, "process.on('exit', () => { const u = process.cpuUsage(); require('node:fs').writeSync(2, `\\ncpu-ms ${(u.user + u.system) / 1000}\\n`); });\n");

interface Run { threads: number; load: string; wall: number; cpu: number }
const runs: Run[] = [];
for (let round = 0; round < rounds; round++) {
  for (const threads of counts) {
    const [load1, , , running] = readFileSync('/proc/loadavg', 'utf8').split(' '); // running: 'now/all' tasks
    const start = performance.now();
    const child = spawnSync(process.execPath, ['-r', preload, cli, 'check', '--concurrency', String(threads), ...extra, dir], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const wall = (performance.now() - start) / 1000;
    const cpu = Number(/cpu-ms ([\d.]+)\s*$/.exec(child.stderr)?.[1] ?? NaN) / 1000;
    const run = { threads, load: `${load1} ${running}`, wall, cpu };
    runs.push(run);
    console.log(`threads ${threads}  load ${run.load.padEnd(10)}  wall ${wall.toFixed(2)} s  cpu ${cpu.toFixed(2)} s  cpu/wall ${(cpu / wall).toFixed(2)}  exit ${child.status}`);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const threads of counts) {
  const own = runs.filter((r) => r.threads === threads);
  console.log(`threads ${threads}: median wall ${median(own.map((r) => r.wall)).toFixed(2)} s, cpu ${median(own.map((r) => r.cpu)).toFixed(2)} s, cpu/wall ${median(own.map((r) => r.cpu / r.wall)).toFixed(2)}`);
}
for (const threads of counts.slice(1)) {
  const ratios = Array.from({ length: rounds }, (_, round) => runs[round * counts.length + counts.indexOf(threads)]!.wall / runs[round * counts.length]!.wall);
  console.log(`wall ${threads} threads / ${counts[0]}: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
}
