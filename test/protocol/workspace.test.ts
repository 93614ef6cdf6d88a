import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, Location, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { type LspSession, startSession } from '../helpers/lspClient';

import { minutes, plan, review, review2 } from '../helpers/workspaceSheets';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));
const columnOf = (text: string, needle: string) => text.split('\n')[lineOf(text, needle)]!.indexOf(needle);

describe('the workspace over stdio: index, cross-file navigation, rename, symbols, changes on disk', () => {
  let session: LspSession;
  let dir: string;
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  const progress = () => (session.notifications.get('$/progress') ?? []) as { value: { kind: string; message?: string } }[];

  /** Waits (polling the received notifications) until `ready` holds, or fails after 10 s. */
  async function until(ready: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10000;
    while (!ready()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ps-workspace-'));
    writeFileSync(join(dir, 'plan.sheet.yaml'), plan);
    writeFileSync(join(dir, 'review.sheet.yaml'), review);
    writeFileSync(join(dir, 'review-2.sheet.yaml'), review2(1));
    mkdirSync(join(dir, 'notes'));
    writeFileSync(join(dir, 'notes', 'minutes.yaml'), minutes);
    writeFileSync(join(dir, 'notes', 'other.yaml'), 'name: not a sheet\n');
    symlinkSync(join(dir, 'missing-target.yaml'), join(dir, 'broken.sheet.yaml'));
    session = await startSession(undefined, undefined, undefined, { window: { workDoneProgress: true }, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } }, undefined, {
      rootUri: pathToFileURL(dir).href,
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'ws' }],
    });
    await until(() => progress().some((p) => p.value.kind === 'end'), 'indexing to end');
  });
  after(async () => {
    await session.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, text: string): Promise<Diagnostic[]> {
    const waiting = session.waitForDiagnostics(uri(name));
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(name), languageId: 'policy-yaml', version: 1, text } });
    return (await waiting).diagnostics;
  }

  it('advertises definition, references, rename with prepare and workspace symbols; reports indexing with $/progress', () => {
    const c = session.initializeResult.capabilities;
    assert.equal(c.definitionProvider, true);
    assert.equal(c.referencesProvider, true);
    assert.deepEqual(c.renameProvider, { prepareProvider: true });
    assert.equal(c.workspaceSymbolProvider, true);
    const kinds = progress().map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    // Six .yaml files are read (other.yaml is no sheet; the broken link cannot be read).
    assert.ok(progress().some((p) => p.value.message === '6 / 6'), JSON.stringify(progress()));
  });

  it('reports the file that cannot be read once, and goes on', () => {
    const logs = ((session.notifications.get('window/logMessage') ?? []) as { message: string }[]).filter((m) => m.message.includes('broken.sheet.yaml'));
    assert.equal(logs.length, 1);
    assert.match(logs[0]!.message, /シートを読めません/);
  });

  it('resolves a 【再掲】 in another sheet of the same ward and year (no dangling warning)', async () => {
    const diagnostics = await open('review.sheet.yaml', review);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'reference/dangling'), []);
  });

  it('goes to the definition of an id cited in text, and of a 再掲, in other files', async () => {
    const atId = { line: lineOf(review, '具体的取組1-1-1'), character: columnOf(review, '1-1-1') + 2 };
    const fromId = await session.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: uri('review.sheet.yaml') }, position: atId });
    assert.deepEqual(fromId, [{ uri: uri('plan.sheet.yaml'), range: { start: { line: 10, character: 16 }, end: { line: 10, character: 21 } } }]);
    const atRepeat = { line: lineOf(review, '再掲: 2 (1)'), character: columnOf(review, '2 (1)') + 1 };
    const fromRepeat = await session.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: uri('review.sheet.yaml') }, position: atRepeat });
    assert.deepEqual(fromRepeat, [{ uri: uri('review-2.sheet.yaml'), range: { start: { line: 6, character: 12 }, end: { line: 6, character: 13 } } }]);
  });

  it('finds the references to a title in every file (the quote in the review sheet and in the minutes)', async () => {
    await open('plan.sheet.yaml', plan);
    const position = { line: lineOf(plan, '窓口サービス'), character: columnOf(plan, '窓口サービス') + 1 };
    const found = await session.connection.sendRequest<Location[]>('textDocument/references', { textDocument: { uri: uri('plan.sheet.yaml') }, position, context: { includeDeclaration: true } });
    const where = found.map((l) => `${l.uri.slice(l.uri.lastIndexOf('/') + 1)}:${l.range.start.line}:${l.range.start.character}`).sort();
    assert.deepEqual(where, [
      `minutes.yaml:${lineOf(minutes, '要旨')}:${columnOf(minutes, '窓口サービス')}`,
      `plan.sheet.yaml:${lineOf(plan, '窓口サービス')}:${columnOf(plan, '窓口サービス')}`,
      `review.sheet.yaml:${lineOf(review, '「窓口')}:${columnOf(review, '窓口サービス')}`,
    ]);
  });

  it('renames an id and a title with one WorkspaceEdit across files', async () => {
    const atId = { line: lineOf(plan, '1-1-1'), character: columnOf(plan, '1-1-1') };
    const prepared = await session.connection.sendRequest<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: uri('plan.sheet.yaml') }, position: atId });
    assert.equal(prepared.placeholder, '1-1-1');
    const edit = await session.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri('plan.sheet.yaml') }, position: atId, newName: '1-1-2' });
    assert.deepEqual(Object.keys(edit.changes ?? {}).sort(), [uri('plan.sheet.yaml'), uri('review.sheet.yaml')].sort());
    assert.deepEqual(edit.changes![uri('review.sheet.yaml')], [
      { range: { start: { line: lineOf(review, '具体的取組1-1-1'), character: columnOf(review, '1-1-1') }, end: { line: lineOf(review, '具体的取組1-1-1'), character: columnOf(review, '1-1-1') + 5 } }, newText: '1-1-2' },
    ]);
    const atTitle = { line: lineOf(plan, '窓口サービス'), character: columnOf(plan, '窓口サービス') + 3 };
    const titleEdit = await session.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri('plan.sheet.yaml') }, position: atTitle, newName: '窓口サービスの向上' });
    assert.deepEqual(Object.keys(titleEdit.changes ?? {}).sort(), [uri('notes/minutes.yaml'), uri('plan.sheet.yaml'), uri('review.sheet.yaml')].sort());
    for (const edits of Object.values(titleEdit.changes!)) for (const e of edits) assert.equal(e.newText, '窓口サービスの向上');
    assert.equal(titleEdit.changes![uri('notes/minutes.yaml')]![0]!.range.end.character - titleEdit.changes![uri('notes/minutes.yaml')]![0]!.range.start.character, '窓口サービスの向上と待ち時間の短縮'.length);
  });

  it('finds any item by name in any sheet (workspace symbols), with its sheet as container', async () => {
    const symbols = await session.connection.sendRequest<SymbolInformation[]>('workspace/symbol', { query: '区政会議' });
    const names = symbols.map((s) => `${s.name}@${s.location.uri.slice(s.location.uri.lastIndexOf('/') + 1)}`).sort();
    assert.deepEqual(names, ['2 (1) 区政会議の運営@review-2.sheet.yaml', '区政会議の公開@review-2.sheet.yaml']);
    assert.match(symbols[0]!.containerName ?? '', /令和6年度末 振り返りシート/);
  });

  it('re-indexes a file changed on disk: the 再掲 no longer resolves and names the nearest candidate', async () => {
    const waiting = session.waitForDiagnostics(uri('review.sheet.yaml'), (d) => d.some((x) => x.code === 'reference/dangling'));
    writeFileSync(join(dir, 'review-2.sheet.yaml'), review2(3));
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('review-2.sheet.yaml'), type: 2 }] });
    const dangling = (await waiting).diagnostics.filter((d) => d.code === 'reference/dangling');
    assert.equal(dangling.length, 1);
    assert.equal(dangling[0]!.range.start.line, lineOf(review, '再掲: 2 (1)'));
    assert.match(String(dangling[0]!.message), /近い候補: 令和6年度末 振り返りシートの「2 \(3\) 区政会議の運営」/);
  });

  it('an open document counts as edited: opening and editing another sheet re-checks the sheets that refer to it', async () => {
    const resolved = session.waitForDiagnostics(uri('review.sheet.yaml'), (d) => !d.some((x) => x.code === 'reference/dangling'));
    await open('review-2.sheet.yaml', review2(1)); // disk still says 2 (3); the editor's text wins
    await resolved;
    const dangling = session.waitForDiagnostics(uri('review.sheet.yaml'), (d) => d.some((x) => x.code === 'reference/dangling' && String(x.message).includes('2 (5)')));
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('review-2.sheet.yaml'), version: 2 }, contentChanges: [{ text: review2(5) }] });
    await dangling;
  });
});
