/**
 * `npm run accuracy`: precision and recall of the checks on the accuracy fixtures, per class of
 * mistake (test/fixtures/accuracy/<class>/). Prints found / missed / false per class, the totals,
 * and each missed or false finding. Exit code 0 always (it measures; the unit test asserts).
 */
import { measureFixtures } from './fixtures';

const results = measureFixtures();
const pad = (s: string | number, n: number) => String(s).padEnd(n);
console.log(`${pad('class', 24)}${pad('files', 7)}${pad('found', 7)}${pad('missed', 8)}${pad('false', 7)}`);
let found = 0;
let missed = 0;
let wrong = 0;
for (const r of results) {
  console.log(`${pad(r.name, 24)}${pad(r.files, 7)}${pad(r.found.length, 7)}${pad(r.missed.length, 8)}${pad(r.false.length, 7)}`);
  found += r.found.length;
  missed += r.missed.length;
  wrong += r.false.length;
}
const pct = (a: number, b: number) => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
console.log(`${pad('total', 24)}${pad(results.reduce((n, r) => n + r.files, 0), 7)}${pad(found, 7)}${pad(missed, 8)}${pad(wrong, 7)}`);
console.log(`recall ${pct(found, found + missed)}   precision ${pct(found, found + wrong)}`);
for (const r of results) {
  for (const m of r.missed) console.log(`missed  ${m.file}:${m.line} ${m.code} "${m.text}"`);
  for (const f of r.false) console.log(`false   ${f.file}:${f.line} ${f.code} "${f.text}"`);
}
