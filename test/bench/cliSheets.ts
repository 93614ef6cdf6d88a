/**
 * Writes the CLI benchmark's input: 240 generated sheets (24 wards × 10, all four kinds, about
 * 100–900 lines each, schema-valid, texts recombined from the samples) into a folder, so that
 * `time node dist/cli.js check <folder>` can be reproduced anywhere.
 * Run: `node --import tsx test/bench/cliSheets.ts <folder>`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sheetKinds } from '../../server/src/service';
import { sheetOfLines } from '../helpers/sheetGen';

const dir = process.argv[2];
if (!dir) throw new Error('usage: cliSheets.ts <folder>');
mkdirSync(dir, { recursive: true });
let total = 0;
for (let ward = 0; ward < 24; ward++) {
  for (let i = 0; i < 10; i++) {
    const seed = ward * 10 + i;
    const kind = sheetKinds[seed % sheetKinds.length]!;
    const text = sheetOfLines(kind, 100 + ((seed * 37) % 800), seed);
    total += text.split('\n').length - 1;
    writeFileSync(join(dir, `ward${String(ward + 1).padStart(2, '0')}-${i}.sheet.yaml`), text);
  }
}
console.log(`240 sheets, ${total} lines, in ${dir}`);
