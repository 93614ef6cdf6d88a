// Writes kuromoji's IPA dictionary in the form the writing worker loads with no copy
// (server/src/writing/dictionary.ts): each node_modules/kuromoji/dict/<name>.gz un-gzipped to
// <to>/<name> up to its last non-zero byte, and <to>/dictionary.json giving each file's full
// length and stored length (the loader reads the stored bytes into a zero-filled buffer of the
// full length). 100 MiB decompressed, 64 MiB stored (the .vsix deflates it to about the size of
// the .gz files). Skipped when <to>/dictionary.json was written from the same source files.
// Usage: `node scripts/prepare-dictionary.mjs [from] [to]`, or `prepareDictionary()` from esbuild.mjs.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * @param {string} from kuromoji's dict folder (*.dat.gz)
 * @param {string} to the prepared dictionary's folder (emptied first when it is rewritten)
 * @returns {boolean} whether it was written (false: already up to date)
 */
export function prepareDictionary(from = 'node_modules/kuromoji/dict', to = 'dist/dict') {
  const sources = readdirSync(from).filter((f) => f.endsWith('.dat.gz')).sort();
  if (sources.length === 0) throw new Error(`prepare-dictionary: no *.dat.gz in ${from}`);
  const source = Object.fromEntries(sources.map((f) => {
    const s = statSync(join(from, f));
    return [f, { size: s.size, mtimeMs: Math.round(s.mtimeMs) }];
  }));
  const manifestPath = join(to, 'dictionary.json');
  if (existsSync(manifestPath)) {
    try {
      const old = JSON.parse(readFileSync(manifestPath, 'utf8'));
      if (JSON.stringify(old.source) === JSON.stringify(source) && Object.entries(old.files).every(([name, f]) => existsSync(join(to, name)) && statSync(join(to, name)).size === f.stored)) return false;
    } catch {
      // Unreadable: written again below.
    }
  }
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const files = {};
  for (const f of sources) {
    const data = gunzipSync(readFileSync(join(from, f)));
    let stored = data.length;
    while (stored > 0 && data[stored - 1] === 0) stored--;
    const name = f.slice(0, -'.gz'.length);
    writeFileSync(join(to, name), data.subarray(0, stored));
    files[name] = { length: data.length, stored };
  }
  // The manifest last: a build interrupted before it leaves no manifest, so the next one rewrites.
  writeFileSync(manifestPath, `${JSON.stringify({ format: 1, files, source }, null, 1)}\n`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [from, to] = process.argv.slice(2);
  console.log(prepareDictionary(from, to) ? 'prepare-dictionary: written' : 'prepare-dictionary: up to date');
}
