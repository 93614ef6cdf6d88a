import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { createFactsPool, WorkspaceIndex } from '../../server/src/workspace';
import { realService } from '../helpers/service';

const service = realService();
const workerFile = resolve(__dirname, '../helpers/factsWorker.cjs');
const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', `${name}.sheet.yaml`), 'utf8');
const sampleNames = ['000-jinji-zaisei-bukai-254', '001-furikaeri-r6', '002-abeno-unei-hoshin-r6', '003-shisei-kaikaku-2-h23', '004-minato-unei-hoshin-h26'];
const pool = createFactsPool({ size: 2, workerFile });
after(() => pool.dispose());

describe('facts pool: sheets parsed in worker threads for the workspace index', () => {
  it('gives the same facts as the service for every sample, and for text that is no sheet or no YAML', async () => {
    for (const name of sampleNames) {
      const uri = `file:///w/${name}.sheet.yaml`;
      assert.deepEqual(await pool.facts(uri, sample(name)), service.factsOfText(uri, sample(name)), name);
    }
    for (const text of ['', 'a: [', '様式: 振り返りシート\n柱: 3\n', '\t- x']) assert.deepEqual(await pool.facts('file:///w/x.yaml', text), service.factsOfText('file:///w/x.yaml', text), JSON.stringify(text));
  });

  it('a worker that cannot start rejects the request (the server then parses on its own thread); it never throws', async () => {
    const broken = createFactsPool({ size: 1, workerFile: resolve(__dirname, 'no-such-worker.js') });
    await assert.rejects(broken.facts('file:///w/a.sheet.yaml', sample('000-jinji-zaisei-bukai-254')));
    await broken.dispose();
  });

  it('an index over the pool with several files in flight keeps the listing order and the same facts as on one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-facts-pool-'));
    try {
      // The largest sheet first: with files in flight, the small ones finish before it.
      const names = ['001-furikaeri-r6', '000-jinji-zaisei-bukai-254', '003-shisei-kaikaku-2-h23', '000-jinji-zaisei-bukai-254', '002-abeno-unei-hoshin-r6', '000-jinji-zaisei-bukai-254'];
      names.forEach((name, i) => writeFileSync(join(dir, `${i}-${name}.sheet.yaml`), sample(name)));
      const host = { facts: (d: Parameters<typeof service.facts>[0]) => service.facts(d), openDocuments: () => [], report: () => undefined };
      const parallel = new WorkspaceIndex({ ...host, factsOfText: (uri, text) => pool.facts(uri, text), concurrency: 4 });
      const serial = new WorkspaceIndex({ ...host, factsOfText: (uri, text) => service.factsOfText(uri, text) });
      assert.equal(await parallel.scan([dir]), names.length);
      await serial.scan([dir]);
      const uris = names.map((name, i) => pathToFileURL(join(dir, `${i}-${name}.sheet.yaml`)).href);
      assert.deepEqual([...parallel.files()].map((f) => f.uri), uris);
      assert.deepEqual([...parallel.files()], [...serial.files()]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
