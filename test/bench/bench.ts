/**
 * Benchmark: drives the real Policy Sheets server over stdio and, on the same documents,
 * yaml-language-server with the same JSON Schemas, in the same run. The sheets are generated here
 * (test/helpers/sheetGen.ts: schema-valid 振り返りシート of about 900, 9,000 and 36,000 lines, texts
 * recombined from the real samples, no row copied), so anyone can reproduce the figures. For each
 * size and server, in a fresh server process: time to first diagnostics on open (and the server's CPU time meanwhile) and to the complete list (ours publishes a sheet of 50,000
 * characters or more in two stages: syntax and schema first), edit→diagnostics
 * latency (p50/p95 over BENCH_EDITS edits of one value in the middle of the sheet) and peak RSS
 * (VmHWM from /proc). Ours runs with the writing checks on (the default): their worker is a thread
 * of the server process, so its memory is in the server's RSS; also reported, the time from open
 * to the first writing finding; peak RSS is read once the server is quiet after the edits (its CPU
 * time still for 2 s: the writing checks' whole pass done); BENCH_WRITING=off turns them off. Not a test: figures vary by machine. Run: `npm run bench` (writes
 * test-results/bench.json and prints a Markdown table). BENCH_SIZES=900,9000 picks sizes;
 * BENCH_SETTLE=writing starts the edits after the first writing finding; BENCH_WARMUP=n makes n edits
 * first that are not counted (steady state after the JIT's warm-up).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { checkLevelNotification, type CheckLevelParams, serverNodeOptions } from '../../server/src/protocol';
import { type LspSession, startSession } from '../helpers/lspClient';
import { sheetOfLines } from '../helpers/sheetGen';
import { editSite, toggleEdit } from './edits';
import { type RunFigures, targetRows, targetTable } from './targets';

const root = resolve(__dirname, '../..');
const kind = '振り返りシート';
const sizes = (process.env.BENCH_SIZES ?? '900,9000,36000').split(',').map(Number);
const edits = Number(process.env.BENCH_EDITS ?? 30);
/** BENCH_WRITING=off runs ours without the writing checks (for comparison; on by default, as in the editor). */
const writingOn = process.env.BENCH_WRITING !== 'off';

interface Result {
  server: string;
  lines: number;
  characters: number;
  firstMs: number;
  /**
   * The server process's CPU time (user + system, all its threads, /proc) from open to the first
   * diagnostics (ms, 10 ms ticks): on a machine shared with other work, steadier than `firstMs`.
   */
  firstCpuMs: number;
  /**
   * Open → the complete diagnostics of the opened version. Ours publishes a large sheet in two
   * stages (syntax and schema first, then with the domain checks; policySheets/checkLevel says which);
   * yaml-language-server's first publication is its complete one.
   */
  completeMs: number;
  editMs: { p50: number; p95: number; max: number };
  /** The server process's CPU time (user + system, /proc) per edit, mean over the edits: steadier than wall time on a loaded machine. */
  editCpuMs: number;
  /** The same for the server's main thread alone (the writing worker and V8's helper threads left out). */
  editMainCpuMs: number;
  /** Peak RSS (VmHWM) read once the server is quiet after the edits (`quietMs` after open). */
  peakRssMiB: number;
  quietMs: number;
  /** Diagnostics published for the first edit (complete: a staged open's first publication has syntax and schema only). */
  diagnostics: number;
  /** Ours: open → first publication with a writing/… finding (ms), and how many it had. */
  firstWritingMs?: number;
  writingFindings?: number;
}

function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU time (user + system) a process (or with `thread`, its main thread) has used, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
function cpuTime(pid: number, thread = false): number {
  const fields = readFileSync(thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Polls the process's CPU time every 250 ms until it grows by at most 10 ms over 2 s (at most 5 minutes); ms since `t0`. */
async function quiet(pid: number, t0: number): Promise<number> {
  const samples = [cpuTime(pid)];
  const end = performance.now() + 300_000;
  while (performance.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    samples.push(cpuTime(pid));
    if (samples.length > 8 && samples.at(-1)! - samples.at(-9)! <= 10) break;
  }
  return performance.now() - t0;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(name: string, session: LspSession, languageId: string, file: string, text: string, writing = false): Promise<Result> {
  const uri = pathToFileURL(file).href;
  const t0 = performance.now();
  const opened = session.waitForDiagnostics(uri, () => true, 600_000);
  // Writing findings shown, or counted by the cap's summary (over 1,000 diagnostics the info-level
  // writing findings are left out, and sheet/too-many-problems counts them): its total beyond the
  // total of the same version's first complete publication (a staged open's first stage is not one).
  const firstTotal = new Map<number, number>();
  let last = { total: 0, shown: 0 };
  const writingCount = (d: Diagnostic[], version: number) => {
    const shown = d.filter((x) => String(x.code).startsWith('writing/')).length;
    const summary = d.find((x) => x.code === 'sheet/too-many-problems')?.data as { total?: number } | undefined;
    const total = summary?.total ?? d.length;
    last = { total, shown };
    if (!firstTotal.has(version)) {
      // Ours, version 1: the checkLevel after the complete publication sets it.
      if (version === 1 && name.startsWith('policy-sheets')) return shown;
      firstTotal.set(version, total - shown);
    }
    return Math.max(shown, total - firstTotal.get(version)!);
  };
  // Ours: the checkLevel notification that follows the complete publication (pending: false).
  const completed = name.startsWith('policy-sheets')
    ? new Promise<number>((resolve) =>
        session.connection.onNotification(checkLevelNotification, (level: CheckLevelParams) => {
          if (level.pending || firstTotal.has(1)) return;
          firstTotal.set(1, last.total - last.shown);
          resolve(performance.now() - t0);
        }),
      )
    : undefined;
  let writingFound = 0;
  const written = writing
    ? session.waitForDiagnostics(uri, (d, p) => (writingFound = writingCount(d, p.version ?? 0)) > 0, 600_000).then(() => ({ ms: performance.now() - t0, count: writingFound }))
    : undefined;
  const cpuAtOpen = cpuTime(session.process.pid!);
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await opened;
  const firstMs = performance.now() - t0;
  const firstCpuMs = cpuTime(session.process.pid!) - cpuAtOpen;
  // The edits start once the opened version is completely checked (a staged open's second stage done).
  const completeMs = completed ? await completed : firstMs;
  // BENCH_SETTLE=writing: edits start after the first writing finding (steady state: the writing
  // worker's first pass over the whole sheet no longer runs beside them).
  if (written && process.env.BENCH_SETTLE === 'writing') await written;
  // Toggle one value in the middle of the sheet (実施中 ↔ 実施X, a schema/enum error) and wait for the next publish.
  const lines = text.split('\n');
  const site = editSite(text);
  const latencies: number[] = [];
  let editDiagnostics = 0;
  // BENCH_WARMUP=n: n edits first, not counted (the JIT's warm-up: the first edits after an open
  // optimise the functions a validation calls once per edit, on V8's helper threads).
  const warmup = Number(process.env.BENCH_WARMUP ?? 0);
  for (let i = 0; i < warmup; i++) {
    const published = session.waitForDiagnostics(uri, (_d, p) => p.version === undefined || p.version === i + 2, 600_000);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [toggleEdit(site, i)],
    });
    await published;
  }
  const versionBase = warmup + 2;
  const warm = warmup % 2;
  const cpuBefore = cpuTime(session.process.pid!);
  const mainCpuBefore = cpuTime(session.process.pid!, true);
  for (let i = 0; i < edits; i++) {
    const t = performance.now();
    // This version's publication (a writing publication of the previous one may still be on its way).
    const published = session.waitForDiagnostics(uri, (_d, p) => p.version === undefined || p.version === versionBase + i, 600_000);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: versionBase + i },
      contentChanges: [toggleEdit(site, i + warm)],
    });
    const { diagnostics } = await published;
    if (i === 0) editDiagnostics = diagnostics.length;
    latencies.push(performance.now() - t);
  }
  const editCpuMs = (cpuTime(session.process.pid!) - cpuBefore) / edits;
  const editMainCpuMs = (cpuTime(session.process.pid!, true) - mainCpuBefore) / edits;
  const firstWriting = await written;
  // Peak RSS once the server has finished all it does in the background (the writing checks' pass
  // over the whole sheet waits for quiet after the edits, and its dictionary is most of the memory):
  // the process's CPU time has not grown by more than 10 ms over 2 s.
  const quietMs = await quiet(session.process.pid!, t0);
  return {
    server: name,
    lines: lines.length - 1,
    characters: text.length,
    firstMs,
    firstCpuMs,
    completeMs,
    editMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
    editCpuMs,
    editMainCpuMs,
    peakRssMiB: peakRss(session.process.pid!),
    quietMs,
    diagnostics: editDiagnostics,
    ...(firstWriting ? { firstWritingMs: firstWriting.ms, writingFindings: firstWriting.count } : {}),
  };
}

/**
 * BENCH_SERVER=<path of a server bundle> runs that build as ours instead of dist/server.js (e.g. a
 * copy of dist/ from before a change, to compare both in the same run); BENCH_YLS=off leaves
 * yaml-language-server out.
 */
const serverBundle = process.env.BENCH_SERVER;
const withYls = process.env.BENCH_YLS !== 'off';

/**
 * BENCH_VS=<path of another server bundle> also runs that build at each size, right after ours (e.g.
 * a copy of dist/ from before a change: both under the same load); BENCH_REPEAT=n runs each size n
 * times, in turn (one row per run).
 */
const otherBundle = process.env.BENCH_VS;
const repeat = Number(process.env.BENCH_REPEAT ?? 1);

/** Node's arguments for our server (`bundle`, default dist/server.js), started as the VS Code client starts it (serverNodeOptions). */
const serverArgs = (bundle?: string) => [...serverNodeOptions, bundle ? resolve(bundle) : resolve(root, 'dist/server.js'), '--stdio'];

async function ours(file: string, text: string, bundle = serverBundle): Promise<Result> {
  // No debounce, so that the figures measure the work, not the wait.
  const session = await startSession(process.execPath, serverArgs(bundle), { settings: { validation: { delay: 0 }, ...(writingOn ? {} : { writing: { enabled: false } }) } });
  try {
    const name = `policy-sheets${writingOn ? '' : ' (writing off)'}${bundle ? ` [${bundle}]` : ''}`;
    return await run(name, session, 'policy-yaml', file, text, writingOn);
  } finally {
    await session.shutdown();
  }
}

async function yamlLanguageServer(file: string, text: string): Promise<Result> {
  const schemaUri = pathToFileURL(resolve(root, 'schemas', `${kind}.schema.json`)).href;
  const yamlSettings = { validate: true, schemas: { [schemaUri]: [file] }, schemaStore: { enable: false }, format: { enable: false }, hover: true, completion: true };
  const session = await startSession(process.execPath, [resolve(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'], undefined, { workspace: { configuration: true } });
  // yaml-language-server pulls its settings (workspace/configuration, section "yaml").
  session.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section === 'yaml' ? yamlSettings : null)));
  await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  try {
    return await run('yaml-language-server', session, 'yaml', file, text);
  } finally {
    await session.shutdown();
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  const runs: RunFigures[] = [];
  const dir = join(tmpdir(), 'policy-sheets-bench');
  mkdirSync(dir, { recursive: true });
  for (const size of sizes) {
    const text = sheetOfLines(kind, size, size);
    const file = join(dir, `bench-${size}.sheet.yaml`);
    writeFileSync(file, text);
    for (let run = 0; run < repeat; run++) {
      const figures = (r: Result, isOurs: boolean): RunFigures => ({ size, repetition: run, ours: isOurs, firstMs: r.firstMs, editP95Ms: r.editMs.p95, peakRssMiB: r.peakRssMiB });
      results.push(await ours(file, text));
      runs.push(figures(results.at(-1)!, true));
      if (otherBundle) results.push(await ours(file, text, otherBundle));
      if (withYls) {
        results.push(await yamlLanguageServer(file, text));
        runs.push(figures(results.at(-1)!, false));
      }
    }
  }
  mkdirSync(resolve(root, 'test-results'), { recursive: true });
  writeFileSync(resolve(root, 'test-results/bench.json'), JSON.stringify({ node: process.version, edits, results }, null, 2));
  const fmt = (n: number) => n.toFixed(0);
  console.log('| server | lines | characters | first diagnostics (ms) | its CPU (ms) | complete (ms) | edit p50 (ms) | edit p95 (ms) | server CPU per edit (ms) | main thread CPU per edit (ms) | peak RSS (MiB), when quiet (s after open) | diagnostics (first edit) | first writing finding (ms) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.server} | ${r.lines} | ${r.characters} | ${fmt(r.firstMs)} | ${fmt(r.firstCpuMs)} | ${fmt(r.completeMs)} | ${fmt(r.editMs.p50)} | ${fmt(r.editMs.p95)} | ${fmt(r.editCpuMs)} | ${fmt(r.editMainCpuMs)} | ${fmt(r.peakRssMiB)} (${(r.quietMs / 1000).toFixed(1)}) | ${r.diagnostics} | ${r.firstWritingMs === undefined ? '—' : `${fmt(r.firstWritingMs)} (${r.writingFindings})`} |`);
  // Issue 11 §2's targets, ours (not BENCH_VS's build) against yaml-language-server run by run.
  const rows = targetRows(runs);
  if (rows.length > 0) console.log(`\nTargets (issue 11 §2), ${writingOn ? 'writing checks on' : 'writing checks off'}; ✓: met in every run\n\n${targetTable(rows)}`);
  // BENCH_PREVIEW=off skips the preview timings.
  if (process.env.BENCH_PREVIEW !== 'off') await previewBench();
}

const sample001 = '001-furikaeri-r6.sheet.yaml';

// ---- Preview: didChange → rendered (policySheets/render answered: model + HTML) -------------------

/** A sheet of about 9,000 lines: 001's 柱 repeated after its header (ids repeat; the figures are what matter). */
function largeSheet(): string {
  const lines = readFileSync(resolve(root, 'samples', sample001), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('柱:')) + 1;
  const body = lines.slice(start).join('\n').replace(/\n*$/, '\n');
  let text = `${lines.slice(0, start).join('\n')}\n`;
  while (text.split('\n').length < 9000) text += body;
  return text;
}

/**
 * Time from `didChange` to the `policySheets/render` answer, over `edits` one-character edits, on
 * sample 001 and on a 9,000-line sheet; the server's debounce is 0. Written to test-results/bench-preview.json.
 */
async function previewBench(): Promise<void> {
  const session = await startSession(process.execPath, serverArgs(), { settings: { validation: { delay: 0 } } });
  const rows: { sheet: string; lines: number; firstMs: number; median: number; p95: number; max: number }[] = [];
  const sheets = [
    { sheet: sample001, text: readFileSync(resolve(root, 'samples', sample001), 'utf8') },
    { sheet: '9,000-line 振り返りシート (001 repeated)', text: largeSheet() },
  ];
  for (const [n, { sheet, text }] of sheets.entries()) {
    const uri = `file:///bench/preview-${n}.sheet.yaml`;
    const render = () => session.connection.sendRequest<{ version: number; html: string } | null>('policySheets/render', { textDocument: { uri } });
    let t0 = performance.now();
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    await render();
    const firstMs = performance.now() - t0;
    const lines = text.split('\n');
    const site = editSite(text, 'first');
    const latencies: number[] = [];
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      t0 = performance.now();
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [toggleEdit(site, i)],
      });
      const result = await render();
      if (result?.version !== version) throw new Error(`render answered version ${result?.version}, expected ${version}`);
      latencies.push(performance.now() - t0);
    }
    rows.push({ sheet, lines: lines.length, firstMs, median: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) });
  }
  await session.shutdown();
  mkdirSync(resolve(root, 'test-results'), { recursive: true });
  writeFileSync(resolve(root, 'test-results/bench-preview.json'), JSON.stringify({ node: process.version, edits, rows }, null, 2));
  const fmt = (n: number) => n.toFixed(1);
  console.log('\nPreview: didChange → policySheets/render answered (ms; debounce 0)\n');
  console.log('| sheet | lines | open → first render | edit median | edit p95 | edit max |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.sheet} | ${r.lines} | ${fmt(r.firstMs)} | ${fmt(r.median)} | ${fmt(r.p95)} | ${fmt(r.max)} |`);
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
