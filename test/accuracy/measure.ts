/**
 * `npm run accuracy`: precision and recall of the checks per class of mistake, on two sets measured
 * separately — the authored fixtures (test/fixtures/accuracy/<class>/, written with the checks) and
 * the held-out fixtures (test/fixtures/accuracy-heldout/<class>/, written from the seeds without
 * looking at the checks; batch 2 in test/fixtures/accuracy-heldout-2/, written after the first
 * fixes, batch 3 in …-3/, after batch 2's, batch 4 in …-4/, after batch 3's, batch 5 in …-5/, after batch 4's, and batch 6 in …-6/, after batch 5's). Prints found / missed / false, recall and precision per class and in total,
 * then each missed or false finding. Exit code 0 always (it measures; the unit tests assert).
 */
import { fixturesRoot, heldout2Root, heldout3Root, heldout4Root, heldout5Root, heldout6Root, heldoutRoot, measureFixtures } from './fixtures';

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
const row = (name: string, files: number, found: number, missed: number, wrong: number) =>
  `${pad(name, 24)}${pad(files, 7)}${pad(found, 7)}${pad(missed, 8)}${pad(wrong, 7)}${pad(pct(found, found + missed), 10)}${pct(found, found + wrong)}`;

for (const [title, root] of [
  ['authored fixtures (test/fixtures/accuracy)', fixturesRoot],
  ['held-out fixtures (test/fixtures/accuracy-heldout)', heldoutRoot],
  ['held-out batch 2 (test/fixtures/accuracy-heldout-2)', heldout2Root],
  ['held-out batch 3 (test/fixtures/accuracy-heldout-3)', heldout3Root],
  ['held-out batch 4 (test/fixtures/accuracy-heldout-4)', heldout4Root],
  ['held-out batch 5 (test/fixtures/accuracy-heldout-5)', heldout5Root],
  ['held-out batch 6 (test/fixtures/accuracy-heldout-6)', heldout6Root],
] as const) {
  const results = measureFixtures(root);
  console.log(`\n${title}`);
  console.log(`${pad('class', 24)}${pad('files', 7)}${pad('found', 7)}${pad('missed', 8)}${pad('false', 7)}${pad('recall', 10)}precision`);
  let found = 0;
  let missed = 0;
  let wrong = 0;
  for (const r of results) {
    console.log(row(r.name, r.files, r.found.length, r.missed.length, r.false.length));
    found += r.found.length;
    missed += r.missed.length;
    wrong += r.false.length;
  }
  console.log(row('total', results.reduce((n, r) => n + r.files, 0), found, missed, wrong));
  for (const r of results) {
    for (const m of r.missed) console.log(`missed  ${m.file}:${m.line} ${m.code} "${m.text}"`);
    for (const f of r.false) console.log(`false   ${f.file}:${f.line} ${f.code} "${f.text}"`);
  }
}
