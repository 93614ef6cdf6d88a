import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Location, SymbolInformation } from 'vscode-languageserver-protocol';
import { type LspSession, startSession } from '../helpers/lspClient';
import { plan, review, review2 } from '../helpers/workspaceSheets';

// A workspace large enough that indexing takes a while: 100 copies of the 港区 plan (34 KB each),
// read in name order after "0-review-2" and before "plan" and "review". While it is being indexed
// the test opens a sheet, changes 0-review-2 on disk (already read) and deletes plan (not yet read).
const fillers = 100;
const filler = readFileSync(resolve(__dirname, '../../samples/004-minato-unei-hoshin-h26.sheet.yaml'), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('the workspace index while it runs: the open sheet first, files changed and deleted meanwhile, the facts cache', () => {
  let dir: string;
  let storage: string;
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  const start = () =>
    startSession(undefined, undefined, { storagePath: storage }, { window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, undefined, {
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    });
  const progress = (session: LspSession) => (session.notifications.get('$/progress') ?? []) as { value: { kind: string; message?: string } }[];
  const logs = (session: LspSession) => ((session.notifications.get('window/logMessage') ?? []) as { message: string }[]).map((m) => m.message);

  /** Waits (polling what was received) until `ready` holds, or fails after 60 s (a loaded machine indexes slowly). */
  async function until(ready: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 60000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-indexing-'));
    storage = mkdtempSync(join(tmpdir(), 'ps-storage-'));
    for (let i = 0; i < fillers; i++) writeFileSync(join(dir, `filler-${String(i).padStart(3, '0')}.sheet.yaml`), filler);
    writeFileSync(join(dir, '0-review-2.sheet.yaml'), review2(1));
    writeFileSync(join(dir, 'plan.sheet.yaml'), plan);
    writeFileSync(join(dir, 'review.sheet.yaml'), review);
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  });

  it('publishes the diagnostics of a sheet opened during indexing before indexing ends; applies changes and deletions made meanwhile', async () => {
    const session = await start();
    try {
      await until(() => progress(session).some((p) => p.value.kind === 'report'), 'the first file indexed');
      const first = session.waitForDiagnostics(uri('review.sheet.yaml'), undefined, 60000);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('review.sheet.yaml'), languageId: 'policy-yaml', version: 1, text: review } });
      writeFileSync(join(dir, '0-review-2.sheet.yaml'), review2(3));
      unlinkSync(join(dir, 'plan.sheet.yaml'));
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: uri('0-review-2.sheet.yaml'), type: 2 },
          { uri: uri('plan.sheet.yaml'), type: 3 },
        ],
      });
      await first;
      const kinds = progress(session).map((p) => p.value.kind);
      assert.ok(!kinds.includes('end'), `the open sheet's diagnostics came before the end of indexing (${kinds.filter((k) => k === 'report').length} of ${fillers + 3} files read)`);

      // Once indexed and the changes applied: 2 (1) is now 2 (3) in 0-review-2, and the plan is gone.
      const settled = await session.waitForDiagnostics(uri('review.sheet.yaml'), (d) => d.some((x) => x.code === 'reference/dangling' && String(x.message).includes('2 (3)')), 60000);
      assert.equal(settled.diagnostics.filter((d) => d.code === 'reference/dangling' && d.range.start.line === lineOf(review, '再掲')).length, 1);
      await until(() => progress(session).some((p) => p.value.kind === 'end'), 'the end of indexing');
      const atId = { line: lineOf(review, '具体的取組1-1-1'), character: review.split('\n')[lineOf(review, '具体的取組1-1-1')]!.indexOf('1-1-1') + 2 };
      assert.deepEqual(await session.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: uri('review.sheet.yaml') }, position: atId }), []);
      assert.deepEqual(await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: '窓口サービスの向上' }), []);
      assert.deepEqual(
        logs(session).filter((m) => m.includes('plan.sheet.yaml')),
        [],
        'a file deleted while indexing is not reported as unreadable',
      );
      assert.ok(logs(session).some((m) => m.includes(`${fillers + 2} sheets indexed`) && m.includes(`${fillers + 2} files parsed, 0 from the facts cache`)), logs(session).join('\n'));
    } finally {
      await session.shutdown();
    }
  });

  it('a restarted server takes every unchanged file from the facts cache in its storage folder, and the changes made last time', async () => {
    const session = await start();
    try {
      await until(() => logs(session).some((m) => m.includes('sheets indexed')), 'the end of indexing');
      assert.ok(logs(session).some((m) => m.includes(`${fillers + 2} sheets indexed`) && m.includes(`0 files parsed, ${fillers + 2} from the facts cache`)), logs(session).join('\n'));
      const symbols = await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: '区政会議の運営' });
      assert.deepEqual(
        symbols.map((s) => s.name),
        ['2 (3) 区政会議の運営'],
        'the facts of 0-review-2 are those after the change',
      );
    } finally {
      await session.shutdown();
    }
  });
});
