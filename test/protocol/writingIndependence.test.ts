// The writing checks never hold up the structural diagnostics (issue 9 §3): the server is started
// with a writing worker that never answers, or one that fails as it starts (POLICY_SHEETS_WRITING_WORKER),
// and with the real one; every publication is recorded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { type LspSession, startSession } from '../helpers/lspClient';
import { cliFindingKeys } from '../helpers/cli';

const root = resolve(__dirname, '../..');
const sample = resolve(root, 'samples/001-furikaeri-r6.sheet.yaml');
const uri = pathToFileURL(sample).href;
const text = readFileSync(sample, 'utf8');
const keys = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
const isWriting = (key: string) => key.startsWith('writing/');

/** The CLI's findings for 001 as `code@line:char` (the reference for the server). */
const cliKeys = (...options: string[]) => cliFindingKeys(sample, ...options);

/** A session whose server runs `worker` as its writing worker (undefined: the real one). */
async function sessionWith(worker: string | undefined): Promise<LspSession> {
  const saved = process.env.POLICY_SHEETS_WRITING_WORKER;
  if (worker) process.env.POLICY_SHEETS_WRITING_WORKER = resolve(__dirname, '../helpers', worker);
  try {
    return await startSession(undefined, undefined, { settings: { validation: { delay: 0 } } });
  } finally {
    if (saved === undefined) delete process.env.POLICY_SHEETS_WRITING_WORKER;
    else process.env.POLICY_SHEETS_WRITING_WORKER = saved;
  }
}

/** Every publishDiagnostics for `uri` so far, in order. */
function publications(session: LspSession): PublishDiagnosticsParams[] {
  return ((session.notifications.get('textDocument/publishDiagnostics') ?? []) as PublishDiagnosticsParams[]).filter((p) => p.uri === uri);
}

/** Opens 001, then edits it (a comment line appended); resolves with the structural publications of both versions. */
async function openAndEdit(session: LspSession): Promise<[PublishDiagnosticsParams, PublishDiagnosticsParams]> {
  const opened = session.waitForDiagnostics(uri);
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
  const first = await opened;
  const edited = session.waitForDiagnostics(uri, (_d, p) => p.version === 2);
  await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${text}# 追記\n` }] });
  return [first, await edited];
}

for (const [name, worker] of [
  ['never answers', 'stalledWritingWorker.cjs'],
  ['fails as it starts', 'failingWritingWorker.cjs'],
] as const) {
  describe(`structural diagnostics with a writing worker that ${name}`, () => {
    let session: LspSession;
    before(async () => {
      session = await sessionWith(worker);
    });
    after(async () => {
      await session.shutdown();
    });

    it('publishes the structural findings of each version (= CLI --no-writing), and keeps answering', async () => {
      const structural = cliKeys('--no-writing');
      const [first, second] = await openAndEdit(session);
      assert.equal(first.version, 1);
      assert.deepEqual(keys(first), structural);
      assert.deepEqual(keys(second), structural);
      const symbols = (await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as unknown[];
      assert.ok(symbols.length > 0, 'the server still answers requests');
      assert.ok(publications(session).every((p) => !keys(p).some(isWriting)), 'no writing finding from a worker that gave none');
      assert.equal(session.process.exitCode, null, 'server still running');
    });
  });
}

describe('structural diagnostics with the real writing worker', () => {
  let session: LspSession;
  before(async () => {
    session = await sessionWith(undefined);
  });
  after(async () => {
    await session.shutdown();
  });

  it('publishes structural first; the writing findings come later, added to the structural ones, never replacing them', async () => {
    const structural = cliKeys('--no-writing');
    const all = cliKeys();
    assert.ok(all.some(isWriting), '001 has writing findings (samples/README.md)');
    const complete = session.waitForDiagnostics(uri, (_d, p) => p.version === 2 && keys(p).join() === all.join(), 120_000);
    const [first, second] = await openAndEdit(session);
    assert.deepEqual(keys(first), structural, 'the first publication is the structural findings alone');
    // Writing findings of version 1 that are already known may come with it (one publication per edit).
    assert.deepEqual(keys(second).filter((k) => !isWriting(k)), structural, 'the edit is published without waiting for the writing checks of version 1');
    await complete;
    for (const p of publications(session)) {
      const found = keys(p);
      assert.deepEqual(found.filter((k) => !isWriting(k)), structural, `version ${p.version}: structural findings kept in every publication`);
    }
  });
});
