/**
 * `policy-sheets check` on worker threads (server/src/cli/parallel.ts) prints exactly what the
 * serial run prints: same findings in the same order, same formats, same exit codes and messages;
 * and a worker that crashes or fails leaves its sheets to the main thread, with the same result.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { sheetKinds } from '../../server/src/service';
import { checkInParallel, startCheckThreads, type SheetJob } from '../../server/src/cli/parallel';
import { createSheetChecker } from '../../server/src/cli/sheetChecker';
import { autoThreads, maxAutoThreads, minSheetsPerThread, readLoad } from '../../server/src/cli/threads';
import { sheetOfLines } from '../helpers/sheetGen';
import { reviewSheet } from '../helpers/sheets';

const root = resolve(__dirname, '../..');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), ...args], { cwd, encoding: 'utf8' });

/**
 * A workspace of 32 sheets (enough for `--concurrency auto` to share them out: 2 × minSheetsPerThread):
 * the five samples (real errors, writing findings, 【再掲】 across
 * sheets), 25 generated ones of every kind and year (year-over-year pairs), and a subfolder with
 * a project file that changes severities, one generated sheet in it, and a copy of a sample (the
 * same prose under other rules).
 */
function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-parallel-'));
  for (const name of readdirSync(join(root, 'samples')).filter((n) => n.endsWith('.sheet.yaml'))) copyFileSync(join(root, 'samples', name), join(dir, name));
  for (let seed = 0; seed < 25; seed++) writeFileSync(join(dir, `gen-${String(seed).padStart(2, '0')}.sheet.yaml`), sheetOfLines(sheetKinds[seed % sheetKinds.length]!, 60 + ((seed * 37) % 200), seed));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', '.policy-sheets.yaml'), 'diagnostics:\n  writing/prh: off\n  writing/repeated-phrase: warning\n  schema/required: warning\n  minutes/numbering: off\n');
  writeFileSync(join(dir, 'sub', 'gen-25.sheet.yaml'), sheetOfLines('部会議事概要', 80, 25));
  copyFileSync(join(root, 'samples', '001-furikaeri-r6.sheet.yaml'), join(dir, 'sub', 'copy.sheet.yaml'));
  return dir;
}

const sheets = workspace();

describe('policy-sheets check --concurrency', () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`prints the same ${format} on 3 threads${format === 'text' ? ' and on auto\'s' : ''} as on the main thread alone (--no-writing)`, () => {
      const serial = cli(['check', sheets, '--no-writing', '--format', format, '--concurrency', 'off']);
      const parallel = cli(['check', sheets, '--no-writing', '--format', format, '--concurrency', '3']);
      assert.equal(serial.status, 1, serial.stderr);
      assert.ok(serial.stdout.length > 1000, 'the workspace has findings');
      assert.equal(parallel.stdout, serial.stdout);
      assert.equal(parallel.stderr, serial.stderr);
      assert.equal(parallel.status, serial.status);
      if (format !== 'text') return;
      // The default, auto (threads by the cores and their load), the same output.
      const auto = spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), 'check', sheets, '--no-writing', '--format', format], { cwd: root, encoding: 'utf8', env: { ...process.env, POLICY_SHEETS_TRACE: '1' } });
      // How many threads depends on the load now (cli/threads.ts); whichever, the output is the serial one.
      assert.match(auto.stderr, /auto: \d+ cores, .* → \d+ threads for 32 sheets/);
      assert.equal(auto.stdout, serial.stdout);
      assert.equal(auto.status, serial.status);
    });
  }

  it('prints the same findings with the writing checks (texts shared between sheets, per-folder rules, every default rule)', () => {
    // One more sheet whose prose every rule on by default reports on (the morphological ones after
    // their pre-checks: ../../server/src/writing/precheck.ts), beside prose those pre-checks skip.
    const dir = workspace();
    const prose = [
      '地域の方が見れる場を設けた。説明会を開催したのの', '朝早く起きれる人がいる', '課題である。改善します。', '令和5年12月14日（水）に開催した。',
      '説明会（ｵﾝﾗｲﾝ）を行った', '区政会議の開催、区政会議の開催', '取り組みを進める', '合計1010件、１１区、ドキドキした、それぞれ連携した',
    ];
    writeFileSync(join(dir, 'prose.sheet.yaml'), reviewSheet(prose.map((p) => `              - めざす姿: ${p}\n                実施状況: 実施中\n`).join('')));
    const serial = cli(['check', dir, '--format', 'json', '--concurrency', 'off']);
    const parallel = cli(['check', dir, '--format', 'json', '--concurrency', '3']); // two writing workers
    const codes = (JSON.parse(serial.stdout) as { code: string; file: string }[]).filter((f) => f.code.startsWith('writing/'));
    assert.ok(codes.some((f) => f.file.includes('sub/')) && codes.some((f) => !f.file.includes('sub/')), 'writing findings in both folders');
    const craftedCodes = new Set(codes.filter((f) => f.file.endsWith('prose.sheet.yaml')).map((f) => f.code));
    for (const code of ['ja-no-successive-word', 'no-dropping-the-ra', 'no-mix-dearu-desumasu', 'date-weekday-mismatch', 'no-hankaku-kana', 'repeated-phrase', 'prh']) assert.ok(craftedCodes.has(`writing/${code}`), code);
    assert.equal(parallel.stdout, serial.stdout);
    assert.equal(parallel.status, serial.status);
  });

  it('keeps a path given twice, the file order of the arguments and --max-warnings', () => {
    const files = [join(sheets, 'gen-03.sheet.yaml'), sheets, join(sheets, 'gen-03.sheet.yaml')];
    const serial = cli(['check', ...files, '--no-writing', '--max-warnings', '0', '--concurrency', 'off']);
    const parallel = cli(['check', ...files, '--no-writing', '--max-warnings', '0', '--concurrency', '2']);
    assert.equal(parallel.stdout, serial.stdout);
    assert.equal(parallel.stderr, serial.stderr);
    assert.equal(parallel.status, 1);
  });

  it('exits 2 on an unreadable file or a broken project file, printing what the serial run prints', () => {
    const dir = workspace();
    writeFileSync(join(dir, 'sub', '.policy-sheets.yaml'), 'diagnostics:\n  writing/prh: fatal\n');
    for (const args of [[dir], [sheets, '/nonexistent/x.sheet.yaml']]) {
      const serial = cli(['check', ...args, '--concurrency', 'off']);
      const parallel = cli(['check', ...args, '--concurrency', '2']);
      assert.equal(serial.status, 2);
      assert.equal(parallel.status, 2);
      assert.equal(parallel.stdout, serial.stdout);
      assert.equal(parallel.stderr, serial.stderr);
    }
  });

  it('refuses a bad --concurrency with exit 2', () => {
    for (const value of ['0', 'many', '-1']) {
      const r = cli(['check', sheets, '--concurrency', value]);
      assert.equal(r.status, 2, value);
      assert.match(r.stderr, /--concurrency/);
    }
  });
});

describe('checkInParallel', () => {
  const jobs: SheetJob[] = readdirSync(sheets)
    .filter((n) => n.endsWith('.sheet.yaml'))
    .sort()
    .map((name, i) => ({ uri: pathToFileURL(join(sheets, name)).href, text: readFileSync(join(sheets, name), 'utf8'), overrides: i % 2 === 0 ? {} : { 'schema/required': 'hint' as const } }));

  /** The two steps on one checker, one sheet after another: what the main thread alone gives. */
  function serial(): unknown[] {
    const checker = createSheetChecker();
    const facts = jobs.map((job, index) => {
      const r = checker.handle({ type: 'prepare', index, uri: job.uri, text: job.text, writing: false });
      assert.equal(r?.type, 'prepared');
      return r.type === 'prepared' ? r.facts : undefined!;
    });
    checker.handle({ type: 'workspace', facts: `[${facts.join(',')}]` });
    return jobs.map((job, index) => {
      const r = checker.handle({ type: 'validate', index, overrides: job.overrides });
      assert.equal(r?.type, 'validated');
      return r.type === 'validated' ? r.diagnostics : undefined;
    });
  }
  const expected = serial();
  /** The check worker from source (test/helpers/checkWorker.cjs loads tsx in the thread). */
  const worker = { workerFile: resolve(root, 'test/helpers/checkWorker.cjs') };

  it('gives each sheet the diagnostics of the serial run, in job order, and the prose once per sheet', async () => {
    const texts: number[] = [];
    const got = await checkInParallel(jobs, { threads: 3, ...worker, onTexts: (index) => texts.push(index) });
    assert.deepEqual(got, expected);
    assert.ok((expected as unknown[][]).some((d) => d.length > 0));
    assert.deepEqual([...texts].sort((a, b) => a - b), jobs.map((_, i) => i));
  });

  it('checks on the main thread the sheets of a worker that crashes, with the same result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-worker-'));
    const crashing = join(dir, 'crash.mjs');
    // It takes three sheets from the shared queue, signs them as the real worker does, and dies without answering.
    writeFileSync(
      crashing,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (r) => {\n  if (r.type !== 'queue') return;\n  const claims = new Int32Array(r.claims);\n  for (let k = 0; k < 3; k++) { const i = Atomics.add(claims, 0, 1); if (i < r.jobs.length) Atomics.store(claims, i + 1, r.thread + 1); }\n  process.exit(3);\n});\n",
    );
    assert.deepEqual(await checkInParallel(jobs, { threads: 2, workerFile: crashing }), expected);
    // A file that cannot start as a worker at all.
    assert.deepEqual(await checkInParallel(jobs, { threads: 3, workerFile: join(dir, 'missing.mjs') }), expected);
  });

  it('checks on the main thread a sheet that a worker answers as failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-worker-'));
    const failing = join(dir, 'fail.mjs');
    // It takes sheets from the shared queue as the real worker does (claims: slot 0 the next sheet, 1 + i the taker + 1), and fails each.
    writeFileSync(
      failing,
      "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', (r) => {\n  if (r.type === 'queue') {\n    const claims = new Int32Array(r.claims);\n    for (let i = Atomics.add(claims, 0, 1); i < r.jobs.length; i = Atomics.add(claims, 0, 1)) { Atomics.store(claims, i + 1, r.thread + 1); parentPort.postMessage({ type: 'failed', index: i, error: 'no' }); }\n  } else if (r.type !== 'workspace') parentPort.postMessage({ type: 'failed', index: r.index, error: 'no' });\n});\n",
    );
    assert.deepEqual(await checkInParallel(jobs, { threads: 2, workerFile: failing }), expected);
  });

  it('takes threads started ahead (startCheckThreads), starting the missing ones and ending the unused ones, with the same result', async () => {
    assert.deepEqual(await checkInParallel(jobs, { threads: 3, ...worker, started: startCheckThreads(1, worker) }), expected);
    const extra = startCheckThreads(3, worker);
    assert.deepEqual(await checkInParallel(jobs, { threads: 2, ...worker, started: extra }), expected);
    assert.ok(extra.executors.every((e) => !e.alive), 'every started thread ended with the run (the unused ones at its start)');
  });

  it('checks on the main thread the sheets of a thread started ahead that could not start', async () => {
    const missing = join(mkdtempSync(join(tmpdir(), 'policy-sheets-worker-')), 'missing.mjs');
    assert.deepEqual(await checkInParallel(jobs, { threads: 2, started: startCheckThreads(1, { workerFile: missing }) }), expected);
  });

  it('does not keep the process alive with threads started ahead and never used', () => {
    const script = `require(${JSON.stringify(resolve(root, 'server/src/cli/parallel.ts'))}).startCheckThreads(2, ${JSON.stringify(worker)});`;
    // The bound only turns a hang into a failure; the process ends as soon as its script does.
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, null, 'the process had to be killed: the started threads kept it alive');
    assert.equal(r.status, 0, r.stderr);
  });

  it('resolves at once with no sheets', async () => {
    assert.deepEqual(await checkInParallel([], { threads: 2 }), []);
  });
});

describe('--concurrency auto (autoThreads)', () => {
  // Measured on 2 cores, 240 sheets, wall of 2 threads against 1 (test/bench/cliThreads.ts, farm-bench;
  // server/src/cli/threads.ts): 0.75 at load 1.7 (where the rule of one thread per idle core took 1),
  // 0.62–1.02 at load 3.8–5.6, 1.27 (median) at load 6–8: a busy task of another session leaves our
  // thread about half a core.
  it('takes one thread per core less half a core per busy task of other sessions, rounded up', () => {
    // Load 1.7 with one other task running: the second thread still gets half a core, and paid (0.75).
    assert.equal(autoThreads(240, { cores: 2, load1: 1.7, running: 2 }), 2);
    assert.equal(autoThreads(240, { cores: 2, load1: 1.9, running: 3 }), 2);
    // Two or more busy tasks: one thread (1.27 at load 6–8).
    assert.equal(autoThreads(240, { cores: 2, load1: 2, running: 3 }), 1);
    assert.equal(autoThreads(240, { cores: 2, load1: 7.2, running: 8 }), 1);
    assert.equal(autoThreads(240, { cores: 8, load1: 4, running: 9 }), 6);
  });

  it('counts busy by the tasks running now when the load average still counts runs that ended', () => {
    // An idle machine a few seconds after a check ran: the 1-minute average says busy, the tasks running now (this one) do not.
    assert.equal(autoThreads(240, { cores: 2, load1: 2.5, running: 1 }), 2);
    // A burst of tasks on a machine idle for the last minute: the lower reading counts.
    assert.equal(autoThreads(240, { cores: 2, load1: 0.1, running: 5 }), 2);
    // Busy by both: one thread, never none.
    assert.equal(autoThreads(240, { cores: 2, load1: 9.4, running: 11 }), 1);
    // Without /proc (not Linux): the load average alone.
    assert.equal(autoThreads(240, { cores: 4, load1: 2, running: undefined }), 3);
  });

  it("does not count this process's own running threads (the writing worker, V8's helpers) as other sessions' tasks", () => {
    // An idle machine while this process's writing worker loads its dictionary: 3 running, all ours.
    assert.equal(autoThreads(240, { cores: 2, load1: 3.4, running: 3, ownRunning: 3 }), 2);
    // Two tasks of other sessions beside our two: one thread.
    assert.equal(autoThreads(240, { cores: 2, load1: 3.4, running: 4, ownRunning: 2 }), 1);
  });

  it("takes other processes' tasks counted one by one when they are fewer than the machine-wide reading says", () => {
    // Two of our threads changed state between the reads: the machine-wide reading says 2 others, none are.
    assert.equal(autoThreads(240, { cores: 2, load1: 2.4, running: 4, ownRunning: 2, othersRunning: 0 }), 2);
    // Counted one by one, more than the machine-wide reading: the lower stands.
    assert.equal(autoThreads(240, { cores: 2, load1: 2.4, running: 3, ownRunning: 2, othersRunning: 3 }), 2);
    // Both say two others are busy: one thread.
    assert.equal(autoThreads(240, { cores: 2, load1: 2.4, running: 4, ownRunning: 2, othersRunning: 2 }), 1);
  });

  it('counts two busy processes as busy, machine-wide and one by one', async (t) => {
    if (readLoad().running === undefined) return t.skip('no /proc');
    const spinners = [0, 1].map(() => spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
    try {
      // Until both spin (state R), however long the machine takes to start them.
      const spinning = () => spinners.every((c) => c.pid !== undefined && /\) R /.test(readFileSync(`/proc/${c.pid}/stat`, 'utf8')));
      const start = Date.now();
      while (!spinning()) {
        assert.ok(Date.now() - start < 20_000, 'the busy processes started');
        await new Promise((r) => setTimeout(r, 5));
      }
      const load = readLoad();
      // Counted one by one when the machine-wide reading (with the 1-minute load) would cost a thread.
      assert.ok((load.othersRunning ?? load.running! - load.ownRunning!) >= 2, JSON.stringify(load));
      if (load.othersRunning !== undefined) assert.ok(load.othersRunning >= 2, JSON.stringify(load));
    } finally {
      for (const c of spinners) c.kill('SIGKILL');
    }
  });

  it("reads this process's own running threads: at least the reader", () => {
    const load = readLoad();
    if (load.running === undefined) return; // not Linux
    assert.ok(load.ownRunning !== undefined && load.ownRunning >= 1 && load.ownRunning <= load.running, JSON.stringify(load));
  });

  it('starts no thread that would get fewer than minSheetsPerThread sheets, and at most 8', () => {
    assert.equal(autoThreads(minSheetsPerThread * 2 - 1, { cores: 16, load1: 0, running: 1 }), 1);
    assert.equal(autoThreads(minSheetsPerThread * 3, { cores: 16, load1: 0, running: 1 }), 3);
    assert.equal(autoThreads(10_000, { cores: 16, load1: 0, running: 1 }), maxAutoThreads);
    assert.equal(maxAutoThreads, 8);
    assert.equal(autoThreads(0, { cores: 16, load1: 0, running: 1 }), 1);
  });
});
