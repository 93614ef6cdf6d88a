/**
 * Benchmark of the workspace index (issue 10 §1): generates N sheets (default 1,000) from the samples
 * — every kind, the 24 wards and several fiscal years — in a temporary folder, indexes them with the
 * server's WorkspaceIndex and the real language service, and reports the indexing time, the heap the
 * index keeps (after GC, facts only), the size of the facts as JSON, and the time of a workspace
 * symbol query and of find-references over the whole index. Not a test: figures vary by machine.
 *
 * Four runs, each a fresh index as a newly started server has: `firstMainThread` with an empty facts
 * cache, every sheet parsed on this thread (as the index did before its workers); `first` the same
 * with the facts worker pool (BENCH_WORKERS workers, default one per core but one, at most 4);
 * `warm` with the cache of the first run (as the next start of VS Code on the same workspace);
 * `warmAfterEdits` with 1% of the files changed since. Each run reports wall time and the process's
 * CPU time (user + system, workers included: less noisy than wall time on a shared machine), and the load average
 * is printed with the figures. Then the real server is started twice on the folder (see serverRun).
 * Run: `npm run bench:workspace` (BENCH_SHEETS=N to change the count).
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { createLanguageService } from '../../server/src/service';
import { wardNames } from '../../server/src/service/domain/wards';
import { createFactsPool, defaultPoolSize, openFactsCache, WorkspaceIndex } from '../../server/src/workspace';
import { startSession } from '../helpers/lspClient';

const count = Number(process.env.BENCH_SHEETS ?? 1000);
const root = resolve(__dirname, '../..');
const samples = ['000-jinji-zaisei-bukai-254', '001-furikaeri-r6', '002-abeno-unei-hoshin-r6', '003-shisei-kaikaku-2-h23', '004-minato-unei-hoshin-h26'].map((name) => readFileSync(resolve(root, 'samples', `${name}.sheet.yaml`), 'utf8'));

const gc = (globalThis as { gc?: () => void }).gc;
const heapMiB = () => {
  gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ps-bench-workspace-'));
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const ward = wardNames[i % wardNames.length]!;
    const year = 1 + (Math.floor(i / wardNames.length) % 7);
    const text = samples[i % samples.length]!.replace(/^区名: .*$/m, `区名: ${ward}`).replace(/^年度: 令和6年度$/m, `年度: 令和${year}年度`).replace(/^基準時点: 令和6年度末$/m, `基準時点: 令和${year}年度末`);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(dir, `${String(i).padStart(4, '0')}.sheet.yaml`), text);
  }
  const service = createLanguageService({ schemas: bundledSchemas });
  const reports: string[] = [];
  const cacheDir = join(dir, '.cache');
  const workers = Number(process.env.BENCH_WORKERS ?? defaultPoolSize());
  const pool = createFactsPool({ size: workers, workerFile: resolve(root, 'dist/factsWorker.js') });
  /** One start of the server: a fresh index over the cache as left by the previous run (in `cache`), parsing on this thread or in the pool. */
  const run = async (cache: string, parse: 'main' | 'workers') => {
    const index = new WorkspaceIndex({
      factsOfText: parse === 'main' ? (uri, text) => service.factsOfText(uri, text) : (uri, text) => pool.facts(uri, text),
      concurrency: parse === 'main' ? 1 : pool.size * 2,
      facts: (document) => service.facts(document),
      openDocuments: () => [],
      report: (m) => reports.push(m),
      store: openFactsCache(cache, 'bench'),
    });
    const cpu = process.cpuUsage();
    const started = performance.now();
    const indexed = await index.scan([dir]);
    const ms = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    return { index, indexed, figures: { wallMs: Math.round(ms), cpuMs: Math.round((user + system) / 1000), perSheetMs: +(ms / indexed).toFixed(2) } };
  };
  // The first run on the main thread (as before the workers), with a cache of its own, then the first run in workers.
  const before = heapMiB();
  const firstMain = await run(join(dir, '.cache-main'), 'main');
  const after = heapMiB();
  const rssFirst = Math.round(process.memoryUsage().rss / 2 ** 20);
  const first = await run(cacheDir, 'workers');
  const cacheMiB = +(statSync(join(cacheDir, 'sheet-facts-bench.json')).size / 2 ** 20).toFixed(1);
  const warm = await run(cacheDir, 'workers');
  for (let i = 0; i < count; i += 100) writeFileSync(join(dir, `${String(i).padStart(4, '0')}.sheet.yaml`), `${readFileSync(join(dir, `${String(i).padStart(4, '0')}.sheet.yaml`), 'utf8')}# 変更\n`);
  const edited = await run(cacheDir, 'workers');
  await pool.dispose();
  const index = edited.index;
  const indexed = edited.indexed;
  const factsBytes = Buffer.byteLength(JSON.stringify([...index.files()]));
  const symbolsStarted = performance.now();
  const symbols = service.workspaceSymbols('窓口', index);
  const symbolsMs = performance.now() - symbolsStarted;
  // Find references of a title of one 区運営方針 across the index (quotes in every sheet are resolved).
  const planText = readFileSync(join(dir, '0002.sheet.yaml'), 'utf8');
  const plan = TextDocument.create('file:///bench/plan.sheet.yaml', 'policy-yaml', 1, planText);
  const line = planText.split('\n').findIndex((l) => l.includes('名称: 区民から信頼される区役所づくり'));
  const referencesStarted = performance.now();
  const found = service.references(plan, { line, character: 12 }, index, true);
  const referencesMs = performance.now() - referencesStarted;
  const servers = { first: await serverRun(dir, join(dir, '.storage')), warm: await serverRun(dir, join(dir, '.storage')) };
  rmSync(dir, { recursive: true, force: true });
  const result = {
    sheets: indexed,
    sourceMiB: +(bytes / 2 ** 20).toFixed(1),
    firstMainThread: firstMain.figures,
    first: { ...first.figures, workers },
    warm: warm.figures,
    warmAfterEdits: { ...edited.figures, changedFiles: Math.ceil(count / 100) },
    heapKeptMiB: +(after - before).toFixed(1),
    factsJsonMiB: +(factsBytes / 2 ** 20).toFixed(1),
    cacheFileMiB: cacheMiB,
    rssAfterFirstMiB: rssFirst,
    rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    loadAverage: loadavg().map((l) => +l.toFixed(2)),
    workspaceSymbolMs: +symbolsMs.toFixed(1),
    workspaceSymbolHits: symbols.length,
    referencesMs: +referencesMs.toFixed(1),
    referencesFound: found.length,
    unreadable: reports.length,
    gc: gc !== undefined,
    server: servers,
  };
  console.log(JSON.stringify(result, null, 2));
}

/**
 * The real server (dist/server.js over stdio) on the folder, with `storage` as its storage folder:
 * time from `initialized` to the end of indexing ($/progress end), and — the sheet 002 opened as
 * soon as the first file is indexed — the time from didOpen to its first diagnostics, and whether
 * those came before the end of indexing. The server's RSS (VmRSS) at the end.
 */
async function serverRun(folder: string, storage: string) {
  const session = await startSession(undefined, undefined, { storagePath: storage }, { window: { workDoneProgress: true } }, undefined, {
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'bench' }],
  });
  const started = performance.now();
  const kinds = () => ((session.notifications.get('$/progress') ?? []) as { value: { kind: string } }[]).map((p) => p.value.kind);
  const until = async (ready: () => boolean) => {
    while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  await until(() => kinds().includes('report') || kinds().includes('end'));
  const active = pathToFileURL(join(tmpdir(), 'ps-bench-active.sheet.yaml')).href;
  const diagnostics = session.waitForDiagnostics(active, undefined, 600000);
  const opened = performance.now();
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: active, languageId: 'policy-yaml', version: 1, text: samples[2]! } });
  await diagnostics;
  const openToDiagnosticsMs = Math.round(performance.now() - opened);
  const beforeEnd = !kinds().includes('end');
  await until(() => kinds().includes('end'));
  const indexMs = Math.round(performance.now() - started);
  const rss = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${session.process.pid}/status`, 'utf8'))?.[1];
  const log = ((session.notifications.get('window/logMessage') ?? []) as { message: string }[]).map((m) => m.message).find((m) => m.includes('sheets indexed'));
  await session.shutdown();
  return { indexMs, openToDiagnosticsMs, diagnosticsBeforeIndexEnd: beforeEnd, rssMiB: rss ? Math.round(Number(rss) / 1024) : undefined, log };
}

void main();
