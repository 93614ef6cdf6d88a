/**
 * Benchmark of the writing checks (issue 9 §3): the real server over stdio with
 * policySheets.writing.enabled, on sample 001 (the largest sheet) and, with WRITING_BENCH_LINES
 * (e.g. `900,9000`), on the 振り返りシート of that many lines that `npm run bench` generates (same
 * generator and seed). Reports the time from didOpen to the structural diagnostics, to the first
 * writing finding and to the complete writing findings (as many as `policy-sheets check` finds on
 * the same text: every rule has run on every text), an edit's structural latency while the worker is
 * still busy, and the server's RSS / peak RSS (the worker thread is in the same process) without and
 * with the writing checks, read when the writing findings are complete. Run: `npm run bench:writing`
 * (writes test-results/bench-writing.json).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startSession } from '../helpers/lspClient';
import { sheetOfLines } from '../helpers/sheetGen';

const root = resolve(__dirname, '../..');

function memory(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: Math.round(kb('VmRSS') / 1024), peakRssMiB: Math.round(kb('VmHWM') / 1024) };
}

/** How many writing findings `policy-sheets check` (dist/cli.js, the same checks and defaults) reports on `text`. */
function expectedWritingFindings(text: string): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-writing-'));
  try {
    const file = join(dir, 'sheet.sheet.yaml');
    writeFileSync(file, text);
    let out: string;
    try {
      out = execFileSync(process.execPath, [resolve(root, 'dist/cli.js'), 'check', file, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    } catch (error) {
      out = (error as { stdout: string }).stdout; // exit 1: errors found
    }
    return (JSON.parse(out) as { code: string }[]).filter((f) => String(f.code).startsWith('writing/')).length;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const writingCount = (d: Diagnostic[]) => d.filter((x) => String(x.code).startsWith('writing/')).length;

async function run(name: string, text: string, writing: boolean, expected: number) {
  const session = await startSession(undefined, undefined, { settings: { writing: { enabled: writing }, validation: { delay: 0 } } });
  const uri = `file:///bench/${name}`;
  const t0 = performance.now();
  const structural = session.waitForDiagnostics(uri);
  let firstWritingMs: number | undefined;
  const first = writing ? session.waitForDiagnostics(uri, (d) => writingCount(d) > 0, 600_000).then(() => (firstWritingMs = Math.round(performance.now() - t0))) : undefined;
  // Version 2 (the edit below) has the same prose: its writing findings are those of version 1.
  const complete = writing && expected > 0 ? session.waitForDiagnostics(uri, (d, p) => p.version === 2 && writingCount(d) >= expected, 600_000) : undefined;
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
  await structural;
  const structuralMs = Math.round(performance.now() - t0);
  // An edit while the worker is busy: structural diagnostics must not wait for it.
  const t1 = performance.now();
  const edited = session.waitForDiagnostics(uri, (_d, p) => p.version === 2);
  await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}\n` }] });
  await edited;
  const editMs = Math.round(performance.now() - t1);
  const beforeWriting = memory(session.process.pid!);
  await first;
  let completeWritingMs: number | undefined;
  let writingFindings: number | undefined;
  if (complete) {
    writingFindings = writingCount((await complete).diagnostics);
    completeWritingMs = Math.round(performance.now() - t0);
  }
  const after = memory(session.process.pid!);
  await session.shutdown();
  return { sheet: name, lines: text.split('\n').length, writing, structuralMs, editWhileBusyMs: editMs, firstWritingMs, completeWritingMs, writingFindings, rssBeforeWritingMiB: beforeWriting.rssMiB, ...after };
}

void (async () => {
  const sheets: [string, string][] = [['001-furikaeri-r6.sheet.yaml', readFileSync(resolve(root, 'samples/001-furikaeri-r6.sheet.yaml'), 'utf8')]];
  for (const size of (process.env.WRITING_BENCH_LINES ?? '').split(',').filter(Boolean).map(Number)) sheets.push([`generated-${size}.sheet.yaml`, sheetOfLines('振り返りシート', size, size)]);
  const results = [];
  for (const [name, text] of sheets) {
    const expected = expectedWritingFindings(text);
    results.push(await run(name, text, false, expected), await run(name, text, true, expected));
  }
  mkdirSync(resolve(root, 'test-results'), { recursive: true });
  writeFileSync(resolve(root, 'test-results/bench-writing.json'), JSON.stringify({ node: process.version, results }, null, 2));
  console.log('| sheet | lines | writing | open → structural (ms) | edit while busy (ms) | open → first writing finding (ms) | open → all writing findings (ms) | writing findings | RSS (MiB) | peak RSS (MiB) |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) console.log(`| ${r.sheet} | ${r.lines} | ${r.writing ? 'on' : 'off'} | ${r.structuralMs} | ${r.editWhileBusyMs} | ${r.firstWritingMs ?? '—'} | ${r.completeWritingMs ?? '—'} | ${r.writingFindings ?? '—'} | ${r.rssMiB} | ${r.peakRssMiB} |`);
})();
