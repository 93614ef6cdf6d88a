import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { type LspSession, startSession } from '../helpers/lspClient';

/** didOpen of a policy-yaml document. */
function open(session: LspSession, uri: string, text: string, version = 1): Promise<void> {
  return session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version, text } });
}

/** A full-text didChange. */
function replace(session: LspSession, uri: string, text: string, version: number): Promise<void> {
  return session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
}

const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));

describe('server guards over stdio (dist/server.js --stdio)', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession(undefined, undefined, { settings: { validation: { delay: 0 } } });
  });
  after(async () => {
    await session.shutdown();
  });

  it('answers a hostile 39-byte sheet (an alias inside its own anchor) with yaml/alias-cycle and stays alive', async () => {
    const uri = 'untitled:cycle.sheet.yaml';
    const waiting = session.waitForDiagnostics(uri);
    await open(session, uri, '様式: 区運営方針\nx: &a [*a, *a]\n');
    assert.deepEqual(codes((await waiting).diagnostics), ['yaml/alias-cycle']);
    const next = session.waitForDiagnostics('untitled:after-cycle.sheet.yaml');
    await open(session, 'untitled:after-cycle.sheet.yaml', '様式: 部会議事概要\n回: x\n');
    assert.ok(codes((await next).diagnostics).includes('schema/type'));
  });

  for (const [name, header] of [
    ['Content-Length: abc', 'Content-Length: abc\r\n\r\n'],
    ['Content-Length: -5', 'Content-Length: -5\r\n\r\n'],
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n'],
  ] as const) {
    it(`skips a message with ${name} and answers the next ones`, async () => {
      const malformed = () => ((session.notifications.get('window/logMessage') ?? []) as { message: string }[]).filter((m) => /malformed LSP header/.test(m.message)).length;
      const before = malformed();
      session.process.stdin!.write(`${header}{"jsonrpc":"2.0","method":"initialized","params":{}}`);
      const uri = `untitled:after-bad-header-${name.replace(/\W/g, '')}.sheet.yaml`;
      const waiting = session.waitForDiagnostics(uri);
      await open(session, uri, '様式: 部会議事概要\n回: x\n');
      assert.ok(codes((await waiting).diagnostics).includes('schema/type'));
      // A request still gets its response (and the log message, sent earlier, has arrived by then).
      await assert.rejects(session.connection.sendRequest('policySheets/noSuchRequest'), (e: { code: number }) => e.code === -32601);
      assert.equal(malformed(), before + 1, 'the skipped message is logged once');
    });
  }

  it('does not publish stale findings when a version number is reused (v3 → v2 → v3)', async () => {
    const uri = 'untitled:versions.sheet.yaml';
    const first = session.waitForDiagnostics(uri);
    await open(session, uri, '様式: 部会議事概要\n回: 1\n');
    await first;
    const v3 = session.waitForDiagnostics(uri, (_d, p) => p.version === 3);
    await replace(session, uri, '様式: 部会議事概要\n回: x\n', 3);
    assert.ok(codes((await v3).diagnostics).includes('schema/type'));
    const fixed = session.waitForDiagnostics(uri, (d, p) => p.version === 3 && !codes(d).includes('schema/type'));
    await replace(session, uri, '様式: 部会議事概要\n回: y\n', 2);
    await replace(session, uri, '様式: 部会議事概要\n回: 5\n', 3);
    assert.deepEqual(codes((await fixed).diagnostics).filter((c) => c !== 'schema/required'), []);
  });

  it('does not publish stale findings when a document is opened again with the same version', async () => {
    const uri = 'untitled:reopen.sheet.yaml';
    const bad = session.waitForDiagnostics(uri, (d) => codes(d).includes('schema/type'));
    await open(session, uri, '様式: 部会議事概要\n回: x\n');
    await bad;
    const good = session.waitForDiagnostics(uri, (d) => !codes(d).includes('schema/type'));
    await open(session, uri, '様式: 部会議事概要\n回: 7\n');
    await good;
  });

  it('clamps an incremental change whose range lies past the last line, and later edits land where they should', async () => {
    const uri = 'untitled:past-end.sheet.yaml';
    const opened = session.waitForDiagnostics(uri);
    await open(session, uri, '様式: 部会議事概要\n回: 1\n');
    await opened;
    // Past the end: the library would patch line 10,000 of a 3-line table.
    const appended = session.waitForDiagnostics(uri, (_d, p) => p.version === 2);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 10000, character: 5 }, end: { line: 10000, character: 9 } }, text: '部会名: 人事\n' }],
    });
    const lines2 = 4; // "様式…", "回: 1", "部会名: 人事", ""
    for (const d of (await appended).diagnostics) assert.ok(d.range.end.line < lines2, `line ${d.range.end.line} outside a ${lines2}-line document`);
    // A valid edit afterwards: "1" on line 1 becomes "x", and the type error is exactly there.
    const typed = session.waitForDiagnostics(uri, (_d, p) => p.version === 3);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }, text: 'x' }],
    });
    const type = (await typed).diagnostics.find((d) => d.code === 'schema/type');
    assert.deepEqual(type?.range, { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } });
    assert.ok(!(await typed).diagnostics.some((d) => d.code === 'schema/additional-property'), '部会名 was appended as its own key');
  });

  it('says which checks ran (policySheets/checkLevel) and runs every check on request (policySheets/checkFully)', async () => {
    const uri = 'untitled:level.sheet.yaml';
    const waiting = session.waitForDiagnostics(uri);
    await open(session, uri, '様式: 部会議事概要\n回: x\n');
    await waiting;
    const count = await session.connection.sendRequest<number>('policySheets/checkFully', { uri });
    assert.ok(count >= 1);
    // Its response comes after the notifications of both validations.
    const levels = (session.notifications.get('policySheets/checkLevel') ?? []) as { uri: string; partial: boolean; characters: number }[];
    assert.deepEqual(levels.filter((l) => l.uri === uri), [{ uri, partial: false, characters: 16 }, { uri, partial: false, characters: 16 }]);
  });

  it('publishes at most 1,000 diagnostics per document and one that counts the rest', async () => {
    const uri = 'untitled:many.sheet.yaml';
    const keys = Array.from({ length: 1500 }, (_, i) => `余計${i}: 1`).join('\n');
    const waiting = session.waitForDiagnostics(uri);
    await open(session, uri, `様式: 部会議事概要\n${keys}\n`);
    const published = (await waiting).diagnostics;
    assert.equal(published.length, 1001);
    const summary = published.filter((d) => d.code === 'sheet/too-many-problems');
    assert.equal(summary.length, 1);
    assert.deepEqual(summary[0]!.range.start, { line: 0, character: 0 });
    // 1,500 unknown keys and 7 missing required ones: 507 more than shown, errors kept first.
    assert.deepEqual(summary[0]!.data, { total: 1507, shown: 1000 });
  });
});

describe('shutdown semantics', () => {
  it('answers requests after shutdown with InvalidRequest and validates no more documents', async () => {
    const session = await startSession(undefined, undefined, { settings: { validation: { delay: 0 } } });
    assert.equal(await session.connection.sendRequest('shutdown'), null);
    await assert.rejects(session.connection.sendRequest('shutdown'), (e: { code: number }) => e.code === -32600);
    await assert.rejects(session.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'untitled:x' }, position: { line: 0, character: 0 } }), (e: { code: number }) => e.code === -32600);
    await open(session, 'untitled:late.sheet.yaml', '様式: 部会議事概要\n回: x\n');
    await assert.rejects(session.connection.sendRequest('policySheets/noSuchRequest'), (e: { code: number }) => e.code === -32600);
    const exited = new Promise<number | null>((resolve) => session.process.once('exit', (code) => resolve(code)));
    await session.connection.sendNotification('exit');
    assert.equal(await exited, 0, 'exit after shutdown is a clean exit');
    const published = (session.notifications.get('textDocument/publishDiagnostics') ?? []) as { uri: string }[];
    assert.ok(!published.some((p) => p.uri === 'untitled:late.sheet.yaml'), 'a document opened after shutdown is not validated');
    session.connection.dispose();
  });
});
