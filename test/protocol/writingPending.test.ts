// A writing result that arrives while a validation of the document is pending is published with
// that validation's diagnostics, never before them with the previous version's (issue 9 §3, issue
// 11 §2): the server runs a writing worker whose answers wait for the test
// (test/helpers/gatedWritingWorker.cjs), and every publication is recorded.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { type LspSession, startSession } from '../helpers/lspClient';

const root = resolve(__dirname, '../..');
const text = readFileSync(resolve(root, 'samples/001-furikaeri-r6.sheet.yaml'), 'utf8');
const uri = 'file:///pending/001.sheet.yaml';
const isWriting = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => String(d.code).startsWith('writing/'));

/** Resolves once `file` exists (checked every 10 ms: the worker thread writes it, no event reaches the test). */
function exists(file: string): Promise<void> {
  return new Promise((done) => {
    const poll = () => (existsSync(file) ? done() : setTimeout(poll, 10));
    poll();
  });
}

describe('a writing result that arrives while an edit is pending', () => {
  let session: LspSession;
  let dir: string;
  let release: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'writing-pending-'));
    release = join(dir, 'release');
    const saved = { worker: process.env.POLICY_SHEETS_WRITING_WORKER, release: process.env.POLICY_SHEETS_TEST_WRITING_RELEASE };
    process.env.POLICY_SHEETS_WRITING_WORKER = resolve(__dirname, '../helpers/gatedWritingWorker.cjs');
    process.env.POLICY_SHEETS_TEST_WRITING_RELEASE = release;
    try {
      // A long debounce: the edit's validation stays pending until the settings change below.
      session = await startSession(undefined, undefined, { settings: { validation: { delay: 600_000 } } });
    } finally {
      for (const [name, value] of [['POLICY_SHEETS_WRITING_WORKER', saved.worker], ['POLICY_SHEETS_TEST_WRITING_RELEASE', saved.release]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
  after(async () => {
    await session.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is published with that edit’s diagnostics, not before', { timeout: 120_000 }, async () => {
    const all = () => ((session.notifications.get('textDocument/publishDiagnostics') ?? []) as PublishDiagnosticsParams[]).filter((p) => p.uri === uri);
    // Opened: validated at once (structural only: the worker holds its answer).
    const opened = session.waitForDiagnostics(uri, (_d, p) => p.version === 1);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    assert.ok(!isWriting(await opened), 'the open is published before any writing result');
    // The open's first pass goes to the worker once the server is quiet (no edit or open for 500 ms).
    await exists(`${release}.asked`);
    // An edit whose validation is pending; then the worker answers the open's request.
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}# 追記\n` }] });
    // Answered after the server has read the edit (stdin is read in order): only then may the worker
    // answer; its message and the edit come by different channels, so otherwise the answer could
    // overtake the edit on a loaded machine and be published, rightly, with version 1.
    await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    writeFileSync(release, '');
    await exists(`${release}.answered`);
    // A request answered after the worker's answer reached the server: it has handled that answer.
    await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(all().map((p) => [p.version, isWriting(p)]), [[1, false]], 'no publication while the edit is pending');
    // The pending validation runs (a settings change validates every open document at once).
    const edited = session.waitForDiagnostics(uri, (_d, p) => p.version === 2);
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { policySheets: { validation: { delay: 600_000 } } } });
    const published = await edited;
    assert.ok(isWriting(published), 'the writing result comes with the edit’s publication');
    assert.deepEqual(all().map((p) => [p.version, isWriting(p)]).slice(0, 2), [[1, false], [2, true]]);
  });
});
