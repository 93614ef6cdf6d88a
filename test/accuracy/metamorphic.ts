/**
 * `npm run accuracy:metamorphic`: runs every metamorphic relation of test/helpers/metamorphic.ts over
 * every whole sheet we have (samples/, test/fixtures/**), and prints per relation the sheets it
 * applied to, the places it changed and the suspects (a finding added or lost that the relation
 * does not allow), then each suspect with its file, line, code and text. Exit code 0 always (it
 * measures; test/unit/metamorphic.test.ts asserts on the samples).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { createLanguageService } from '../../server/src/service';
import { checkRelation, findingsWith, relations } from '../helpers/metamorphic';

const root = resolve(__dirname, '../..');

/** Every *.sheet.yaml under a folder, sorted. */
export function sheetsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sheetsUnder(p));
    else if (name.endsWith('.sheet.yaml')) out.push(p);
  }
  return out;
}

const service = createLanguageService({ schemas: bundledSchemas });
/** Findings of a sheet's text (no workspace in view; memoised by text). */
export const findings = findingsWith((document) => service.validate(document));

if (require.main === module) {
  const files = [...sheetsUnder(join(root, 'samples')), ...sheetsUnder(join(root, 'test/fixtures'))];
  const rows: string[] = [];
  const details: string[] = [];
  let total = 0;
  for (const relation of relations()) {
    let applied = 0;
    let changes = 0;
    let suspects = 0;
    let sheetsWithSuspects = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const r = checkRelation(relation, text, findings);
      if (!r) continue;
      applied++;
      changes += r.changes;
      const count = r.extra.length + r.lost.length;
      suspects += count;
      if (count) sheetsWithSuspects++;
      const rel = relative(root, file);
      for (const f of r.extra) details.push(`${relation.name}\tadded\t${rel}:${f.line + 1}\t${f.code}\t"${f.text}"`);
      for (const f of r.lost) details.push(`${relation.name}\tlost\t${rel}:${f.line + 1}\t${f.code}\t"${f.text}"`);
    }
    total += suspects;
    rows.push(`${relation.name.padEnd(20)}${String(applied).padEnd(9)}${String(changes).padEnd(9)}${String(suspects).padEnd(10)}${sheetsWithSuspects}`);
  }
  console.log(`${files.length} sheets\n${'relation'.padEnd(20)}${'sheets'.padEnd(9)}${'changes'.padEnd(9)}${'suspects'.padEnd(10)}sheets with suspects`);
  for (const r of rows) console.log(r);
  console.log(`total suspects: ${total}\n`);
  for (const d of details) console.log(d);
}
