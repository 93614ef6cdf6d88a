/**
 * Where one thread's time goes when `policy-sheets check --no-writing` checks a folder of sheets
 * (issue 11 §2: 240 sheets in ≤ 3 s): the CPU time of each step over every sheet, in the order the
 * CLI runs them, each step timed on its own, so the floor of a run is visible (the yaml library's
 * parse alone is the part no checking can go under). The median of `rounds` rounds, after one
 * warm-up round; the load average is printed with the figures (compare figures of one run only).
 * Run: `node --import tsx test/bench/cliSheets.ts /tmp/cli240 && node --import tsx test/bench/cliFloor.ts /tmp/cli240 [rounds]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { createLanguageService, type SheetFacts } from '../../server/src/service';
import { parseSheet } from '../../server/src/service/parse';

const dir = process.argv[2];
if (!dir) throw new Error('usage: cliFloor.ts <folder> [rounds]');
const rounds = Number(process.argv[3] ?? 3);
const files = readdirSync(dir).filter((n) => n.endsWith('.sheet.yaml')).sort().map((n) => join(dir, n));
const texts = files.map((f) => readFileSync(f, 'utf8'));
const uris = files.map((f) => pathToFileURL(resolve(f)).href);

/** CPU milliseconds (user + system) of `run`. */
function cpu(run: () => void): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** One round: each step over every sheet, as the serial CLI does them (fixes off, as without --fix). */
function round(): Record<string, number> {
  const service = createLanguageService({ schemas: bundledSchemas, fixes: false });
  const documents = texts.map((text, i) => TextDocument.create(uris[i]!, 'policy-yaml', 1, text));
  const times: Record<string, number> = {};
  times['yaml parseDocument alone'] = cpu(() => texts.forEach((text) => parseDocument(text)));
  times['service parse (parseSheet)'] = cpu(() => texts.forEach((text) => parseSheet(text)));
  // The service's own parse is cached per document from here on.
  times['service parse, cached'] = cpu(() => documents.forEach((d) => service.getSheet(d)));
  let facts: SheetFacts[] = [];
  times['facts'] = cpu(() => (facts = documents.map((d) => service.facts(d))));
  times['schema + domain checks'] = cpu(() => documents.forEach((d) => service.getProblems(d, { full: true })));
  const workspace = { files: () => facts };
  times['workspace checks + ranges (validate)'] = cpu(() => documents.forEach((d) => service.validate(d, {}, { full: true, workspace })));
  return times;
}

/**
 * What holding every sheet's parse until the cross-sheet checks costs (the CLI does: year over year
 * reads this year's side from the sheet's parse, for 126 of the 240 sheets): facts and own checks of
 * every sheet with its parse kept, against the same with each parse dropped after its checks (each
 * on a service of its own, one after the other, alternating which goes first). Kept syntax trees
 * survive the young generation's collections, which copy them.
 */
function retention(round: number): Record<string, number> {
  const run = (keep: boolean) => {
    const service = createLanguageService({ schemas: bundledSchemas, fixes: false });
    const documents = texts.map((text, i) => TextDocument.create(uris[i]!, 'policy-yaml', 1, text));
    return cpu(() => documents.forEach((d) => {
      service.facts(d);
      service.getProblems(d, { full: true });
      if (!keep) service.forget(d.uri);
    }));
  };
  const times: Record<string, number> = {};
  for (const keep of round % 2 === 0 ? [true, false] : [false, true]) times[keep ? 'facts + checks, every parse kept' : 'facts + checks, each parse dropped'] = run(keep);
  return times;
}

round(); // warm-up: JIT and caches
const all = Array.from({ length: rounds }, (_, i) => ({ ...round(), ...retention(i) }));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(`${files.length} sheets, ${texts.reduce((n, t) => n + t.length, 0).toLocaleString('en')} characters; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; median of ${rounds} rounds, CPU ms of one thread`);
for (const step of Object.keys(all[0]!)) console.log(`${step.padEnd(40)} ${median(all.map((t) => t[step]!)).toFixed(0).padStart(6)}`);
const checking = ['service parse, cached', 'facts', 'schema + domain checks', 'workspace checks + ranges (validate)'];
console.log(`${'the CLI\'s steps together'.padEnd(40)} ${median(all.map((t) => checking.reduce((n, s) => n + t[s]!, 0))).toFixed(0).padStart(6)}`);
