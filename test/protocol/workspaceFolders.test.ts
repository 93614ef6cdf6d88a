import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { SymbolInformation } from 'vscode-languageserver-protocol';
import { type LspSession, startSession } from '../helpers/lspClient';
import { review, review2 } from '../helpers/workspaceSheets';

// Two folders: "a" holds a 振り返りシート whose 【再掲】 2 (1) is defined only in folder "b"'s sheet.
describe('workspace folders added and removed at run time (workspace/didChangeWorkspaceFolders)', () => {
  let session: LspSession;
  let root: string;
  const folder = (name: string) => ({ uri: pathToFileURL(join(root, name)).href, name });
  const reviewUri = () => pathToFileURL(join(root, 'a', 'review.sheet.yaml')).href;
  const ends = () => ((session.notifications.get('$/progress') ?? []) as { value: { kind: string } }[]).filter((p) => p.value.kind === 'end').length;
  const logs = () => ((session.notifications.get('window/logMessage') ?? []) as { message: string }[]).map((m) => m.message);
  const danglingRepeat = (d: { code?: unknown; range: { start: { line: number } } }[]) => d.some((x) => x.code === 'reference/dangling' && x.range.start.line === review.split('\n').findIndex((l) => l.includes('再掲: 2 (1)')));
  /** Waits (polling what was received) until `ready` holds, or fails after 10 s. */
  async function until(ready: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const symbols = () => session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: '区政会議の公開' });

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'ps-folders-'));
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'a', 'review.sheet.yaml'), review);
    writeFileSync(join(root, 'b', 'review-2.sheet.yaml'), review2(1));
    session = await startSession(undefined, undefined, undefined, { window: { workDoneProgress: true }, workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, undefined, {
      rootUri: folder('a').uri,
      workspaceFolders: [folder('a')],
    });
    await until(() => logs().some((m) => m.includes('sheets indexed')), 'the first scan');
  });
  after(async () => {
    await session.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  it('declares that it follows workspace folder changes', () => {
    assert.deepEqual((session.initializeResult.capabilities.workspace as Record<string, unknown>).workspaceFolders, { supported: true, changeNotifications: true });
  });

  it('indexes an added folder: the 再掲 resolves there and its items are workspace symbols; a removed folder drops them again', async () => {
    const first = session.waitForDiagnostics(reviewUri());
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: reviewUri(), languageId: 'policy-yaml', version: 1, text: review } });
    // Before "b" is in the workspace, 2 (1) resolves nowhere.
    assert.ok(danglingRepeat((await first).diagnostics));
    assert.deepEqual(await symbols(), []);

    const resolved = session.waitForDiagnostics(reviewUri(), (d) => !danglingRepeat(d));
    const endsBefore = ends();
    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [folder('b')], removed: [] } });
    await resolved;
    assert.equal(ends(), endsBefore + 1, 'the added folder is read under a $/progress bar');
    const found = await symbols();
    assert.deepEqual(
      found.map((s) => s.location.uri),
      [pathToFileURL(join(root, 'b', 'review-2.sheet.yaml')).href],
    );
    assert.ok(logs().some((m) => m.includes('1 sheets added, 0 dropped')), logs().join('\n'));

    const dangling = session.waitForDiagnostics(reviewUri(), (d) => danglingRepeat(d));
    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder('b')] } });
    await dangling;
    assert.deepEqual(await symbols(), []);
    assert.ok(logs().some((m) => m.includes('0 sheets added, 1 dropped')), logs().join('\n'));
  });

  it('a folder inside one already indexed adds nothing twice; removing it keeps the sheets its parent still holds', async () => {
    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(root).href, name: 'root' }], removed: [] } });
    await session.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder('a')] } });
    // Folder changes are applied in order: once the second is logged, the index holds root's sheets.
    await until(() => logs().some((m) => m.includes('0 sheets added, 0 dropped')), 'the second folder change');
    assert.ok(logs().some((m) => m.includes('1 sheets added, 0 dropped')), 'root adds only b/review-2 (a/review was indexed)');
    assert.ok(logs().some((m) => m.includes('0 sheets added, 0 dropped')), 'removing a keeps a/review: root still holds it');
    assert.equal((await symbols()).length, 1);
  });
});
