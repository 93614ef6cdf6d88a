import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { WorkspaceIndex } from '../../server/src/workspace';
import { realService } from '../helpers/service';
import { plan, review } from '../helpers/workspaceSheets';

const service = realService();
const root = mkdtempSync(join(tmpdir(), 'ps-index-'));
after(() => rmSync(root, { recursive: true, force: true }));
const index = new WorkspaceIndex({ factsOfText: (uri, text) => service.factsOfText(uri, text), facts: (d) => service.facts(d), openDocuments: () => [], report: () => undefined });

describe('workspace index (host): folders added and removed', () => {
  it('removing a folder named with a trailing separator drops its sheets, not those of a folder that remains', async () => {
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'a', 'plan.sheet.yaml'), plan);
    writeFileSync(join(root, 'b', 'review.sheet.yaml'), review);
    await index.scan([join(root, 'a'), join(root, 'b')]);
    assert.equal(index.removeFolders([`${join(root, 'b')}/`]), 1);
    assert.deepEqual(index.folders, [join(root, 'a')]);
    assert.deepEqual([...index.files()].map((f) => f.uri), [pathToFileURL(join(root, 'a', 'plan.sheet.yaml')).href]);
    assert.equal(await index.addFolders([join(root, 'b')]), 1);
    assert.equal(await index.addFolders([join(root, 'b', '.')]), 0, 'a folder already indexed adds nothing');
  });
});
