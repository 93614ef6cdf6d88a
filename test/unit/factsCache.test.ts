import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import type { SheetFacts } from '../../server/src/service';
import { openFactsCache, WorkspaceIndex, type FactsStore } from '../../server/src/workspace';
import { realService } from '../helpers/service';
import { plan, review, review2 } from '../helpers/workspaceSheets';

const service = realService();
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-facts-cache-'));
  dirs.push(dir);
  return dir;
};
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** An index over `folder` with `store`, counting the texts it parses. */
function counting(store: FactsStore | undefined) {
  const parsed: string[] = [];
  const reports: string[] = [];
  const index = new WorkspaceIndex({
    factsOfText: (uri, text) => {
      parsed.push(uri);
      return service.factsOfText(uri, text);
    },
    facts: (document) => service.facts(document),
    openDocuments: () => [],
    report: (m) => reports.push(m),
    ...(store ? { store } : {}),
  });
  return { index, parsed, reports };
}

describe('facts cache: facts kept by path, size and content hash across runs', () => {
  it('gives back the facts of the same bytes after a reopen; changed bytes, another path or another build miss', () => {
    const dir = temp();
    const facts = service.factsOfText('file:///w/plan.sheet.yaml', plan);
    const cache = openFactsCache(dir, 'build-1');
    cache.store('/w/plan.sheet.yaml', bytes(plan), facts);
    cache.store('/w/notes.yaml', bytes('name: x\n'), null);
    cache.save();

    const again = openFactsCache(dir, 'build-1');
    assert.deepEqual(again.lookup('/w/plan.sheet.yaml', bytes(plan)), facts);
    assert.equal(again.lookup('/w/notes.yaml', bytes('name: x\n')), null, 'a file known to be no sheet');
    assert.equal(again.lookup('/w/plan.sheet.yaml', bytes(plan.replace('北区', '南区'))), undefined, 'same size, other content');
    assert.equal(again.lookup('/w/plan.sheet.yaml', bytes(`${plan}# x\n`)), undefined, 'other size');
    assert.equal(again.lookup('/w/other.sheet.yaml', bytes(plan)), undefined, 'other path');

    const otherBuild = openFactsCache(dir, 'build-2');
    assert.equal(otherBuild.lookup('/w/plan.sheet.yaml', bytes(plan)), undefined);
    otherBuild.store('/w/plan.sheet.yaml', bytes(plan), facts);
    otherBuild.save();
    assert.deepEqual(readdirSync(dir), ['sheet-facts-build-2.json'], 'the other build\'s cache file is deleted');
  });

  it('forgets and prunes paths; a corrupt cache file starts empty; an unwritable folder is reported once, never thrown', () => {
    const dir = temp();
    const cache = openFactsCache(dir, 'b');
    const facts = service.factsOfText('file:///w/a.sheet.yaml', plan);
    for (const name of ['a', 'b', 'c']) cache.store(`/w/${name}.sheet.yaml`, bytes(plan), facts);
    cache.forget('/w/a.sheet.yaml');
    cache.prune((path) => path !== '/w/b.sheet.yaml');
    cache.save();
    const reopened = openFactsCache(dir, 'b');
    assert.equal(reopened.lookup('/w/a.sheet.yaml', bytes(plan)), undefined);
    assert.equal(reopened.lookup('/w/b.sheet.yaml', bytes(plan)), undefined);
    assert.deepEqual(reopened.lookup('/w/c.sheet.yaml', bytes(plan)), facts);

    writeFileSync(join(dir, 'sheet-facts-b.json'), '{"truncated": [');
    const reports: string[] = [];
    const corrupt = openFactsCache(dir, 'b', (m) => reports.push(m));
    assert.equal(corrupt.lookup('/w/c.sheet.yaml', bytes(plan)), undefined);

    const file = join(temp(), 'a-file');
    writeFileSync(file, '');
    const unwritable = openFactsCache(join(file, 'cache'), 'b', (m) => reports.push(m));
    unwritable.store('/w/c.sheet.yaml', bytes(plan), facts);
    unwritable.save();
    unwritable.store('/w/d.sheet.yaml', bytes(plan), facts);
    unwritable.save();
    assert.equal(reports.filter((m) => m.includes(join(file, 'cache'))).length, 1, reports.join('\n'));
  });

  it('a second index over the cache parses nothing; only changed and new files are parsed; deleted ones leave the cache', async () => {
    const folder = temp();
    const cacheDir = temp();
    writeFileSync(join(folder, 'plan.sheet.yaml'), plan);
    writeFileSync(join(folder, 'review.sheet.yaml'), review);
    writeFileSync(join(folder, 'other.yaml'), 'name: no sheet\n');

    const first = counting(openFactsCache(cacheDir, 'b'));
    assert.equal(await first.index.scan([folder]), 2);
    assert.equal(first.parsed.length, 2);

    const warm = counting(openFactsCache(cacheDir, 'b'));
    assert.equal(await warm.index.scan([folder]), 2);
    assert.deepEqual(warm.parsed, [], 'every file came from the cache');
    assert.deepEqual([...warm.index.files()].map((f) => f.title).sort(), [...first.index.files()].map((f) => f.title).sort());

    writeFileSync(join(folder, 'review.sheet.yaml'), review.replace('実施中', '完了'));
    writeFileSync(join(folder, 'review-2.sheet.yaml'), review2(1));
    unlinkSync(join(folder, 'plan.sheet.yaml'));
    const edited = counting(openFactsCache(cacheDir, 'b'));
    assert.equal(await edited.index.scan([folder]), 2);
    assert.deepEqual(edited.parsed.map((u) => u.split('/').at(-1)).sort(), ['review-2.sheet.yaml', 'review.sheet.yaml']);
    const status = [...edited.index.files()].find((f) => f.uri.endsWith('/review.sheet.yaml'))!.rows?.[0]?.status;
    assert.equal(status, '完了', 'the changed file\'s facts are its new ones');

    const cacheFile = join(cacheDir, 'sheet-facts-b.json');
    assert.ok(existsSync(cacheFile));
    const planPath = join(folder, 'plan.sheet.yaml');
    const store = openFactsCache(cacheDir, 'b');
    assert.equal(store.lookup(planPath, bytes(plan)), undefined, 'the deleted file was pruned at the end of the scan');
  });

  it('without a store every scan parses again (the cache is optional)', async () => {
    const folder = temp();
    writeFileSync(join(folder, 'plan.sheet.yaml'), plan);
    const a = counting(undefined);
    await a.index.scan([folder]);
    await a.index.scan([folder]);
    assert.equal(a.parsed.length, 2);
    const facts: SheetFacts | undefined = [...a.index.files()][0];
    assert.equal(facts?.uri, pathToFileURL(join(folder, 'plan.sheet.yaml')).href);
  });
});
