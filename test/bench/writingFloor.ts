/**
 * The memory floor of the writing checks (issue 11 §2, peak RSS ≤ 0.6× yaml-language-server's):
 * peak RSS (VmHWM, MiB) of a Node process that does nothing, of one with an empty worker thread,
 * and of one whose worker thread is the server's writing worker (dist/writingWorker.js: textlint's
 * kernel, the rules and kuromoji's dictionary as ./../../server/src/writing/dictionary.ts loads it,
 * with the young generation the server gives it) after checking one short text. None of them
 * parses a sheet or loads the server: what remains is what any server holding these writing
 * checks in its process pays before it does its own work. Each figure comes from a fresh child
 * process run with plain `node` (no tsx). Needs `npm run build` (dist/writingWorker.js, dist/dict).
 * Run: `node --import tsx test/bench/writingFloor.ts`.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { writingWorkerResourceLimits } from '../../server/src/writing/resourceLimits';

const dist = resolve(__dirname, '../../dist');

const measure = `
const { readFileSync } = require('node:fs');
const mib = (k) => Math.round(Number(new RegExp(k + ':\\\\s+(\\\\d+)').exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024);
const report = () => { process.stdout.write(String(mib('VmHWM'))); process.exit(0); };
`;

/** Starts the writing worker as the server does (its young generation too), as `w`. */
const writingWorker = `${measure} const { Worker } = require('node:worker_threads');
  const w = new Worker(${JSON.stringify(`${dist}/writingWorker.js`)}, { workerData: { dicPath: ${JSON.stringify(`${dist}/dict`)}, lowerPriority: false }, resourceLimits: ${JSON.stringify(writingWorkerResourceLimits)} });`;
/** Asks `w` to check one text and reports once it answers. */
const ask = (text: string) => `w.on('message', (m) => { if (!m.messages) { console.error(m.error); process.exit(1); } setTimeout(report, 300); });
  w.postMessage({ id: 1, texts: [${JSON.stringify(text)}] });`;

const modes: [string, string][] = [
  ['node, nothing loaded', `${measure} setTimeout(report, 300);`],
  ['node + an empty worker thread', `${measure} const { Worker } = require('node:worker_threads'); new Worker('setTimeout(() => {}, 60000)', { eval: true }).on('online', () => setTimeout(report, 300));`],
  ['node + the writing worker, loaded, nothing asked', `${writingWorker} w.on('online', () => setTimeout(report, 300));`],
  // A blank text passes no rule's pre-check: the worker loads textlint's kernel and the rules, and tokenizes nothing.
  ['node + the writing worker, textlint and the rules loaded (a blank text)', `${writingWorker} ${ask(' ')}`],
  ['node + the writing worker, one short text checked (kuromoji\'s dictionary loaded)', `${writingWorker} ${ask('資料を見れるのである。説明会ですです。')}`],
];

console.log('| process | peak RSS (MiB) |');
console.log('|---|---:|');
for (const [name, code] of modes) console.log(`| ${name} | ${execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' })} |`);
