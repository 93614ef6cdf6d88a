/**
 * Where the writing worker's memory goes, step by step (issue 9 §3, issue 11 §2): a worker thread
 * loads textlint's kernel and the rules, then kuromoji's dictionary (through kuromojin, as the rules
 * do) with kuromoji's own loader or with ours (server/src/writing/dictionary.ts), then lints every
 * free text of samples/ (or, with WRITING_MEMORY_LINES=9000, of the sheet of that many lines `npm run bench`
 * generates). After each step it reports the process's VmHWM / VmRSS (/proc/self/status:
 * this process does nothing else, so they are the worker's and Node's own) and the worker's
 * `process.memoryUsage()`. Each loader runs in a process of its own.
 * Run: `node --import tsx test/bench/writingMemory.ts [kuromoji|compact]…` (both by default; needs
 * `npm run build` for dist/dict). Figures vary with the machine: compare them in one run.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = resolve(__dirname, '../..');

function status(): { hwm: number; rss: number } {
  const s = readFileSync('/proc/self/status', 'utf8');
  const mib = (name: string) => Math.round(Number(new RegExp(`${name}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) / 1024);
  return { hwm: mib('VmHWM'), rss: mib('VmRSS') };
}

/** CPU time (ms) of the calling thread so far (/proc/thread-self/stat: utime + stime, in clock ticks of 10 ms): unlike wall time, not inflated by other processes. */
function threadCpuMs(): number {
  const stat = readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function inWorker(loader: string): Promise<void> {
  const mib = (n: number) => Math.round(n / 1048576);
  const mark = (step: string) => {
    const m = process.memoryUsage();
    const s = status();
    parentPort!.postMessage(`| ${step} | ${s.hwm} | ${s.rss} | ${mib(m.heapUsed)} | ${mib(m.heapTotal)} | ${mib(m.arrayBuffers)} | ${mib(m.external)} |`);
  };
  mark('worker started');
  // Ours, as the worker does it: before any rule requires kuromojin.
  if (loader === 'compact') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('../../server/src/writing/dictionary') as typeof import('../../server/src/writing/dictionary')).useCompactDictionaryLoader();
    // As the worker does (WRITING_MEMORY_TOKEN_CACHE=off: kuromojin's own 10,000 entries).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (process.env.WRITING_MEMORY_TOKEN_CACHE !== 'off') (require('../../server/src/writing/tokenCache') as typeof import('../../server/src/writing/tokenCache')).capTokenCache();
  }
  const { TextlintKernel } = await import('@textlint/kernel');
  const ruleNames = ['ja-no-successive-word', 'no-doubled-joshi', 'no-dropping-the-ra', 'no-mix-dearu-desumasu', 'no-hankaku-kana', 'no-mixed-zenkaku-and-hankaku-alphabet', 'date-weekday-mismatch'];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const interop = (m: { default?: unknown }) => (m.default ?? m) as never;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rules = ruleNames.map((r) => ({ ruleId: r, rule: interop(require(`textlint-rule-${r}`)) }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const plugin = interop(require('@textlint/textlint-plugin-text'));
  const kernel = new TextlintKernel();
  mark('kernel + rules required');
  const dicPath = loader === 'compact' ? join(root, 'dist/dict') : join(root, 'node_modules/kuromoji/dict');
  process.env.KUROMOJIN_DIC_PATH = dicPath;
  const t0 = performance.now();
  const c0 = threadCpuMs();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  await (require('kuromojin') as { getTokenizer(): Promise<unknown> }).getTokenizer();
  mark(`dictionary loaded (${Math.round(performance.now() - t0)} ms, CPU ${threadCpuMs() - c0} ms)`);
  const texts = (workerData as { texts: string[] }).texts;
  const t1 = performance.now();
  const c1 = threadCpuMs();
  let messages = 0;
  for (const text of texts) messages += (await kernel.lintText(text, { ext: '.txt', filePath: 'x.txt', plugins: [{ pluginId: 'text', plugin }], rules })).messages.length;
  mark(`${texts.length} texts linted (${Math.round(performance.now() - t1)} ms, CPU ${threadCpuMs() - c1} ms, ${messages} messages)`);
  (globalThis as { gc?: () => void }).gc?.();
  mark('after a full GC');
}

if (isMainThread && process.argv[2] === '--child') {
  const { writingTexts } = require('../../server/src/service/checks/writing') as typeof import('../../server/src/service/checks/writing');
  const { parseSheet } = require('../../server/src/service/parse') as typeof import('../../server/src/service/parse');
  const { sheetOfLines } = require('../helpers/sheetGen') as typeof import('../helpers/sheetGen');
  // WRITING_MEMORY_LINES=9000: the prose of the 9,000-line sheet `npm run bench` generates, instead of samples/.
  const lines = Number(process.env.WRITING_MEMORY_LINES ?? 0);
  const sheets = lines > 0 ? [sheetOfLines('振り返りシート', lines, lines)] : readdirSync(join(root, 'samples')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(root, 'samples', f), 'utf8'));
  const texts = [...new Set(sheets.flatMap((text) => writingTexts(parseSheet(text)).map((t) => t.text)))];
  const before = status();
  console.log(`| step (${process.argv[3]}) | peak RSS (MiB) | RSS | heap used | heap total | ArrayBuffers | external |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  console.log(`| main thread, before the worker | ${before.hwm} | ${before.rss} | | | | |`);
  // WRITING_MEMORY_YOUNG=<MiB>: the worker's resourceLimits.maxYoungGenerationSizeMb (0: V8's default;
  // by default the writing worker's for ours, V8's for kuromoji's loader).
  const { writingWorkerResourceLimits } = require('../../server/src/writing/resourceLimits') as typeof import('../../server/src/writing/resourceLimits');
  const young = Number(process.env.WRITING_MEMORY_YOUNG ?? (process.argv[3] === 'compact' ? writingWorkerResourceLimits.maxYoungGenerationSizeMb : 0));
  const worker = new Worker(join(__dirname, '../helpers/tsxWorker.cjs'), { workerData: { file: __filename, loader: process.argv[3], texts }, ...(young > 0 ? { resourceLimits: { maxYoungGenerationSizeMb: young } } : {}) });
  worker.on('message', (line: string) => console.log(line));
  worker.on('error', (e) => {
    console.error(e);
    process.exitCode = 1;
  });
} else if (isMainThread) {
  const loaders = process.argv.slice(2).length ? process.argv.slice(2) : ['kuromoji', 'compact'];
  for (const loader of loaders) {
    console.log(execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', __filename, '--child', loader], { encoding: 'utf8', cwd: root }));
  }
} else if (basename(String((workerData as { file?: string }).file)) === basename(__filename)) {
  void inWorker((workerData as { loader: string }).loader);
}
