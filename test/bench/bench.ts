/**
 * Benchmark: drives the real Policy Sheets server over stdio and, on the same documents,
 * yaml-language-server with the same JSON Schemas, and reports time to first diagnostics on open,
 * edit-to-diagnostics latency and memory (RSS, peak RSS from /proc). Not a test: figures vary by
 * machine. Run: `npm run bench` (writes test-results/bench.json and prints a Markdown table).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type LspSession, startSession } from '../helpers/lspClient';

const root = resolve(__dirname, '../..');
const samples: { file: string; kind: string }[] = [
  { file: '000-jinji-zaisei-bukai-254.sheet.yaml', kind: '部会議事概要' },
  { file: '001-furikaeri-r6.sheet.yaml', kind: '振り返りシート' },
  { file: '002-abeno-unei-hoshin-r6.sheet.yaml', kind: '区運営方針' },
  { file: '003-shisei-kaikaku-2-h23.sheet.yaml', kind: '市政改革プラン進捗' },
  { file: '004-minato-unei-hoshin-h26.sheet.yaml', kind: '区運営方針' },
];
const edits = Number(process.env.BENCH_EDITS ?? 30);

interface Result {
  server: string;
  openMs: Record<string, number>;
  editMs: { median: number; p95: number; max: number };
  rssMiB: number;
  peakRssMiB: number;
  diagnostics: Record<string, number>;
}

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(name: string, session: LspSession, languageId: string): Promise<Result> {
  const openMs: Record<string, number> = {};
  const diagnostics: Record<string, number> = {};
  for (const { file } of samples) {
    const path = resolve(root, 'samples', file);
    const uri = pathToFileURL(path).href;
    const text = readFileSync(path, 'utf8');
    const t0 = performance.now();
    const published = session.waitForDiagnostics(uri, () => true, 60000);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    diagnostics[file] = (await published).diagnostics.length;
    openMs[file] = performance.now() - t0;
  }
  // Edits on the largest sheet: toggle one character of a value and wait for the next publish.
  const big = resolve(root, 'samples', samples[1]!.file);
  const uri = pathToFileURL(big).href;
  const lines = readFileSync(big, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes('実施状況: 実施中'));
  const character = lines[line]!.indexOf('実施中');
  const latencies: number[] = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const text = i % 2 === 0 ? '実施X' : '実施中';
    const t0 = performance.now();
    const published = session.waitForDiagnostics(uri, () => true, 60000);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 3 } }, text }],
    });
    await published;
    latencies.push(performance.now() - t0);
  }
  const mem = memory(session.process.pid!);
  return {
    server: name,
    openMs,
    editMs: { median: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
    rssMiB: mem.rss,
    peakRssMiB: mem.peak,
    diagnostics,
  };
}

async function main(): Promise<void> {
  const results: Result[] = [];
  // Policy Sheets with no debounce, so that the figures measure the work, not the wait.
  const ours = await startSession(undefined, undefined, { settings: { validation: { delay: 0 } } });
  results.push(await run('policy-sheets', ours, 'policy-yaml'));
  await ours.shutdown();

  const schemaMap: Record<string, string[]> = {};
  for (const { file, kind } of samples) (schemaMap[pathToFileURL(resolve(root, 'schemas', `${kind}.schema.json`)).href] ??= []).push(file);
  const yamlSettings = { validate: true, schemas: schemaMap, schemaStore: { enable: false }, format: { enable: false }, hover: true, completion: true };
  const yls = await startSession(process.execPath, [resolve(root, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'], undefined, { workspace: { configuration: true } });
  // yaml-language-server pulls its settings (workspace/configuration, section "yaml").
  yls.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => params.items.map((i) => (i.section === 'yaml' ? yamlSettings : null)));
  await yls.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  results.push(await run('yaml-language-server', yls, 'yaml'));
  await yls.shutdown();

  mkdirSync(resolve(root, 'test-results'), { recursive: true });
  writeFileSync(resolve(root, 'test-results/bench.json'), JSON.stringify({ node: process.version, edits, results }, null, 2));
  const fmt = (n: number) => n.toFixed(1);
  console.log(`| server | ${samples.map((s) => `open ${s.file.slice(0, 3)} (ms)`).join(' | ')} | edit median (ms) | edit p95 (ms) | RSS (MiB) | peak RSS (MiB) | diagnostics |`);
  console.log(`|---|${samples.map(() => '---:').join('|')}|---:|---:|---:|---:|---|`);
  for (const r of results) {
    console.log(
      `| ${r.server} | ${samples.map((s) => fmt(r.openMs[s.file]!)).join(' | ')} | ${fmt(r.editMs.median)} | ${fmt(r.editMs.p95)} | ${fmt(r.rssMiB)} | ${fmt(r.peakRssMiB)} | ${samples.map((s) => r.diagnostics[s.file]).join('/')} |`,
    );
  }
  await previewBench();
}

// ---- Preview: didChange → rendered (policySheets/render answered: model + HTML) -------------------

/** A sheet of about 9,000 lines: 001's 柱 repeated after its header (ids repeat; the figures are what matter). */
function largeSheet(): string {
  const lines = readFileSync(resolve(root, 'samples', samples[1]!.file), 'utf8').split('\n');
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
  const session = await startSession(undefined, undefined, { settings: { validation: { delay: 0 } } });
  const rows: { sheet: string; lines: number; firstMs: number; median: number; p95: number; max: number }[] = [];
  const sheets = [
    { sheet: samples[1]!.file, text: readFileSync(resolve(root, 'samples', samples[1]!.file), 'utf8') },
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
    const line = lines.findIndex((l) => l.includes('実施状況: 実施中'));
    const character = lines[line]!.indexOf('実施中');
    const latencies: number[] = [];
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      t0 = performance.now();
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character: character + 3 } }, text: i % 2 === 0 ? '実施X' : '実施中' }],
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
