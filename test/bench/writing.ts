/**
 * Benchmark of the writing checks (issue 9 §3): the real server over stdio with
 * policySheets.writing.enabled, on sample 001 (the largest sheet). Reports the time from didOpen to
 * the structural diagnostics and to the first writing finding, an edit's structural latency while
 * the worker is still busy, and the server's RSS / peak RSS (the worker thread is in the same
 * process) without and with the writing checks. Run: `npm run bench:writing` (writes
 * test-results/bench-writing.json).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSession } from '../helpers/lspClient';

const root = resolve(__dirname, '../..');
const text = readFileSync(resolve(root, 'samples/001-furikaeri-r6.sheet.yaml'), 'utf8');

function memory(pid: number): { rssMiB: number; peakRssMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMiB: Math.round(kb('VmRSS') / 1024), peakRssMiB: Math.round(kb('VmHWM') / 1024) };
}

async function run(writing: boolean) {
  const session = await startSession(undefined, undefined, { settings: { writing: { enabled: writing }, validation: { delay: 0 } } });
  const uri = 'file:///bench/001-furikaeri-r6.sheet.yaml';
  const t0 = performance.now();
  const structural = session.waitForDiagnostics(uri);
  const written = writing ? session.waitForDiagnostics(uri, (d) => d.some((x) => String(x.code).startsWith('writing/')), 300_000) : undefined;
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
  let firstWritingMs: number | undefined;
  let writingFindings: number | undefined;
  if (written) {
    const p = await written;
    firstWritingMs = Math.round(performance.now() - t0);
    writingFindings = p.diagnostics.filter((d) => String(d.code).startsWith('writing/')).length;
  }
  const after = memory(session.process.pid!);
  await session.shutdown();
  return { writing, structuralMs, editWhileBusyMs: editMs, firstWritingMs, writingFindings, rssBeforeWritingMiB: beforeWriting.rssMiB, ...after };
}

void (async () => {
  const results = [await run(false), await run(true)];
  mkdirSync(resolve(root, 'test-results'), { recursive: true });
  writeFileSync(resolve(root, 'test-results/bench-writing.json'), JSON.stringify({ node: process.version, sample: '001', results }, null, 2));
  console.log('| writing | open → structural (ms) | edit while busy (ms) | open → first writing finding (ms) | writing findings | RSS (MiB) | peak RSS (MiB) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.writing ? 'on' : 'off'} | ${r.structuralMs} | ${r.editWhileBusyMs} | ${r.firstWritingMs ?? '—'} | ${r.writingFindings ?? '—'} | ${r.rssMiB} | ${r.peakRssMiB} |`);
})();
