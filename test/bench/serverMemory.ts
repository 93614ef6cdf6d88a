/**
 * Where the server's memory goes (issue 11 §2). Starts `node --v8-pool-size=1 dist/server.js --stdio`
 * (or the bundle given as argument; with `serverNodeOptions`, as the VS Code client and `npm run
 * bench` start it), initializes it (writing checks off unless MEMORY_WRITING=on), waits 1 s, opens
 * the generated 振り返りシート of `MEMORY_LINES` lines (default 900: 928 lines, as `npm run bench`),
 * makes `MEMORY_EDITS` edits (default 20) of the bench's value, and waits 2 s. At each step it prints
 * the process's RSS and peak (VmRSS, VmHWM), and at the open and at the end where the RSS lies
 * (/proc/<pid>/smaps): the node binary's pages, other files, the main thread's malloc heap, the malloc
 * arenas of other threads (anonymous mappings on a 64 MiB boundary, glibc's), and V8's heap by space
 * (physical / used, from test/bench/heapStatsPreload.cjs, which sets no V8 flag). A bare `node` doing
 * nothing is printed first for comparison. Linux only. Not a test: figures vary by machine and load.
 * Run: `node --import tsx test/bench/serverMemory.ts [dist/server.js]`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serverNodeOptions } from '../../server/src/protocol';
import { startSession } from '../helpers/lspClient';
import { sheetOfLines } from '../helpers/sheetGen';
import { editSite, toggleEdit } from './edits';

const MiB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number) => n.toFixed(1);

function status(pid: number): string {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) / 1024;
  return `RSS ${fmt(kB('VmRSS'))} MiB (peak ${fmt(kB('VmHWM'))}; anonymous ${fmt(kB('RssAnon'))}, files ${fmt(kB('RssFile'))}), threads ${/Threads:\s+(\d+)/.exec(text)?.[1]}`;
}

/** RSS (MiB) by kind of mapping, from /proc/<pid>/smaps. */
function mappings(pid: number): Record<string, number> {
  const totals: Record<string, number> = {};
  let kind = '';
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const head = /^([0-9a-f]+)-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const [, start, name] = head;
      if (name === process.execPath) kind = 'node binary';
      else if (name === '[heap]') kind = 'malloc, main thread';
      else if (name!.startsWith('/')) kind = 'other files';
      else if (name === '' && BigInt(`0x${start}`) % BigInt(64 * MiB) === 0n) kind = 'malloc arenas, other threads';
      else kind = 'other anonymous (V8 heap, stacks …)';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) totals[kind] = (totals[kind] ?? 0) + Number(rss[1]) / 1024;
  }
  return totals;
}

async function heap(pid: number, file: string): Promise<string> {
  if (existsSync(file)) rmSync(file);
  process.kill(pid, 'SIGUSR2');
  for (let i = 0; i < 200 && !existsSync(file); i++) await sleep(25);
  await sleep(50);
  const { heap: h, spaces } = JSON.parse(readFileSync(file, 'utf8')) as { heap: Record<string, number>; spaces: { space_name: string; physical_space_size: number; space_used_size: number }[] };
  const bySpace = spaces.filter((s) => s.physical_space_size > 0).map((s) => `${s.space_name.replace(/_space$/, '')} ${fmt(s.physical_space_size / MiB)}/${fmt(s.space_used_size / MiB)}`);
  return `V8 heap ${fmt(h.total_physical_size! / MiB)} MiB (${bySpace.join(', ')}); malloced by V8 ${fmt(h.malloced_memory! / MiB)} (peak ${fmt(h.peak_malloced_memory! / MiB)}); external ${fmt(h.external_memory! / MiB)}`;
}

function where(pid: number): string {
  return Object.entries(mappings(pid))
    .sort((a, b) => b[1] - a[1])
    .map(([kind, mib]) => `${kind} ${fmt(mib)}`)
    .join('; ');
}

async function bareNode(): Promise<string> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)']);
  await sleep(1000);
  const line = `${status(child.pid!)}\n    ${where(child.pid!)}`;
  child.kill();
  return line;
}

async function main(): Promise<void> {
  const bundle = resolve(process.argv[2] ?? resolve(__dirname, '../../dist/server.js'));
  const lines = Number(process.env.MEMORY_LINES ?? 900);
  const edits = Number(process.env.MEMORY_EDITS ?? 20);
  const dir = mkdtempSync(join(tmpdir(), 'ps-memory-'));
  const statsFile = join(dir, 'heap.json');
  process.env.SERVER_MEMORY_STATS = statsFile;
  console.log(`bare node: ${await bareNode()}`);
  const text = sheetOfLines('振り返りシート', lines, lines);
  const session = await startSession(process.execPath, [...serverNodeOptions, '-r', resolve(__dirname, 'heapStatsPreload.cjs'), bundle, '--stdio'], {
    settings: { validation: { delay: 0 }, writing: { enabled: process.env.MEMORY_WRITING === 'on' } },
  });
  const pid = session.process.pid!;
  try {
    await sleep(1000);
    console.log(`${bundle}\n  initialized: ${status(pid)}\n    ${where(pid)}\n    ${await heap(pid, statsFile)}`);
    const uri = `file://${join(dir, 'memory.sheet.yaml')}`;
    const opened = session.waitForDiagnostics(uri, () => true, 600_000);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    await opened;
    console.log(`  opened (${text.split('\n').length - 1} lines, ${text.length} characters): ${status(pid)}\n    ${where(pid)}\n    ${await heap(pid, statsFile)}`);
    const site = editSite(text);
    for (let i = 0; i < edits; i++) {
      const published = session.waitForDiagnostics(uri, (_d, p) => p.version === i + 2, 600_000);
      await session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [toggleEdit(site, i)],
      });
      await published;
    }
    await sleep(2000);
    console.log(`  after ${edits} edits and 2 s: ${status(pid)}\n    ${where(pid)}\n    ${await heap(pid, statsFile)}`);
  } finally {
    await session.shutdown();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
