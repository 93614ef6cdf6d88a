import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startSession } from '../helpers/lspClient';

// Memory (issue 11 §2): what the server does not need for a check is not loaded. The server runs from
// its TypeScript source under tsx, so each module is a file of its own in require.cache, which
// test/helpers/loadedModules.cjs writes out when the process exits.
const root = resolve(__dirname, '../..');
const sample = readFileSync(join(root, 'samples/001-furikaeri-r6.sheet.yaml'), 'utf8');

/** Module files (relative to the repository, '/' separated) loaded by a server that opened one sheet and shut down. */
async function modulesLoaded(dir: string, initializationOptions: Record<string, unknown>, workspace = false): Promise<string[]> {
  const record = join(dir, `loaded-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  process.env.LOADED_MODULES_FILE = record;
  const folder = join(dir, 'workspace');
  const session = await startSession(
    process.execPath,
    ['--import', 'tsx', '-r', join(root, 'test/helpers/loadedModules.cjs'), join(root, 'server/src/server.ts'), '--stdio'],
    initializationOptions,
    {},
    undefined,
    workspace ? { rootUri: pathToFileURL(folder).href, workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'ws' }] } : {},
  );
  try {
    const uri = pathToFileURL(join(folder, '001.sheet.yaml')).href;
    const published = session.waitForDiagnostics(uri, () => true, 60000);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text: sample } });
    await published;
    // The index has run once its log line is out (it opens the facts cache before it reads a file).
    if (workspace) await session.waitForNotification<{ message: string }>('window/logMessage', 60000, (m) => m.message.startsWith('workspace: '));
  } finally {
    await session.shutdown();
  }
  return (JSON.parse(readFileSync(record, 'utf8')) as string[]).map((file) => file.replace(root + sep, '').split(sep).join('/'));
}

const writingModules = (files: string[]) => files.filter((f) => f.startsWith('server/src/writing/') || f.startsWith('node_modules/prh/') || f.startsWith('node_modules/js-yaml/'));
const factsCacheModules = (files: string[]) => files.filter((f) => f === 'server/src/workspace/factsCache.ts' || f.startsWith('node_modules/flat-cache/'));

describe('modules loaded only when needed', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-lazy-'));
    const folder = join(dir, 'workspace');
    mkdirSync(folder);
    writeFileSync(join(folder, '001.sheet.yaml'), sample);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with the writing checks off, neither the writing checks (prh, js-yaml) nor the facts cache (flat-cache) are loaded', async () => {
    const files = await modulesLoaded(dir, { settings: { writing: { enabled: false } } });
    assert.ok(files.includes('server/src/server.ts'), 'the recorder saw the server');
    assert.deepEqual(writingModules(files), []);
    assert.deepEqual(factsCacheModules(files), []);
  });

  it('with the writing checks on, they are loaded (when the server is initialized, before the first check)', async () => {
    const files = await modulesLoaded(dir, { settings: {} });
    assert.ok(files.includes('server/src/writing/runs.ts'));
    assert.ok(files.includes('server/src/writing/terms.ts'));
    assert.ok(files.some((f) => f.startsWith('node_modules/prh/')));
  });

  it('with a storage folder and a workspace folder, the facts cache is loaded when the index starts', async () => {
    const files = await modulesLoaded(dir, { settings: { writing: { enabled: false } }, storagePath: join(dir, 'storage') }, true);
    assert.ok(files.includes('server/src/workspace/factsCache.ts'));
    assert.ok(files.some((f) => f.startsWith('node_modules/flat-cache/')));
  });
});
