import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { StatusParams } from '../../server/src/protocol';
import { type LspSession, startSession } from '../helpers/lspClient';
import { cliFindingKeys as cliFindings } from '../helpers/cli';

const root = resolve(__dirname, '../..');
const samples = ['000-jinji-zaisei-bukai-254.sheet.yaml', '001-furikaeri-r6.sheet.yaml', '002-abeno-unei-hoshin-r6.sheet.yaml', '003-shisei-kaikaku-2-h23.sheet.yaml', '004-minato-unei-hoshin-h26.sheet.yaml'];

describe('language server over stdio (dist/server.js --stdio)', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session.shutdown();
  });

  it('reports its state: all four schemas compiled', async () => {
    const status = await session.waitForNotification<StatusParams>('policySheets/status');
    assert.equal(status.state, 'ready');
    assert.deepEqual(status.schemas.map((s) => s.ok), [true, true, true, true]);
  });

  for (const name of samples) {
    it(`publishes for ${name} the same diagnostics as the CLI (structural first, then with the writing checks)`, async () => {
      const file = resolve(root, 'samples', name);
      const uri = pathToFileURL(file).href;
      const text = readFileSync(file, 'utf8');
      const keys = (p: { diagnostics: { code?: unknown; range: { start: { line: number; character: number } } }[] }) => p.diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`);
      const all = cliFindings(`samples/${name}`);
      const waiting = session.waitForDiagnostics(uri);
      // The writing findings come in steps (rules without the dictionary first): wait for all of them.
      const withWriting = session.waitForDiagnostics(uri, (_d, p) => keys(p).join() === all.join(), 120_000);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
      assert.deepEqual(keys(await waiting), cliFindings(`samples/${name}`, '--no-writing'));
      assert.deepEqual(keys(await withWriting), all);
    });
  }

  it('re-validates after an incremental edit and clears diagnostics once it is fixed', async () => {
    const uri = 'untitled:edit.sheet.yaml';
    const text = '様式: 部会議事概要\n回: 254\n';
    const opened = session.waitForDiagnostics(uri);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    const first = await opened;
    assert.ok(first.diagnostics.every((d) => d.code === 'schema/required'));
    // Replace "254" with "x": a type error appears on line 1, characters 3–4.
    const broken = session.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'schema/type'));
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 6 } }, text: 'x' }],
    });
    const typeError = (await broken).diagnostics.find((d) => d.code === 'schema/type')!;
    assert.deepEqual(typeError.range, { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } });
    const fixed = session.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'schema/type'));
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }, text: '254' }],
    });
    assert.equal((await fixed).version, 3);
  });

  it('survives hostile input (1,000 nested [) and still answers for the next document', async () => {
    const uri = 'untitled:hostile.sheet.yaml';
    const text = `様式: 部会議事概要\n回: ${'['.repeat(1000)}\n`;
    const waiting = session.waitForDiagnostics(uri);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    assert.ok((await waiting).diagnostics.some((d) => d.code === 'yaml/too-deep'));
    const again = session.waitForDiagnostics(uri, (_d, p) => p.version === 2);
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text + text }] });
    assert.ok((await again).diagnostics.some((d) => d.code === 'yaml/too-deep'));
    assert.equal(session.process.exitCode, null, 'server still running');
  });

  it('clears diagnostics when a document is closed', async () => {
    const uri = 'untitled:close.sheet.yaml';
    const opened = session.waitForDiagnostics(uri);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text: '回: 1\n' } });
    assert.equal((await opened).diagnostics.length, 1);
    const cleared = session.waitForDiagnostics(uri, (d) => d.length === 0);
    await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await cleared;
  });
});

describe('settings pulled from the client (workspace/configuration)', () => {
  it('applies per-code severity overrides after didChangeConfiguration, to open documents too', async () => {
    const session = await startSession(undefined, undefined, undefined, { workspace: { configuration: true } });
    try {
      const uri = 'untitled:settings.sheet.yaml';
      const opened = session.waitForDiagnostics(uri);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text: '様式: 部会議事概要\n回: x\n' } });
      const before = await opened;
      assert.equal(before.diagnostics.find((d) => d.code === 'schema/type')?.severity, 1);
      assert.ok(before.diagnostics.some((d) => d.code === 'schema/required'));
      session.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
        params.items.map((i) => (i.section === 'policySheets' ? { validation: { delay: 0 }, diagnostics: { 'schema/type': 'hint', 'schema/required': 'off' } } : null)),
      );
      const after = session.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'schema/required'));
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const published = await after;
      assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['schema/type', 4]]);
    } finally {
      await session.shutdown();
    }
  });
});
