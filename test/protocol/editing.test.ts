import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, DocumentSymbol, FoldingRange, SelectionRange } from 'vscode-languageserver-protocol';
import { type LspSession, startSession } from '../helpers/lspClient';

const root = resolve(__dirname, '../..');
const sample = (name: string) => readFileSync(resolve(root, 'samples', name), 'utf8');
const s002 = sample('002-abeno-unei-hoshin-r6.sheet.yaml');

/** Opens `text` under `uri` and resolves with its first published diagnostics. */
async function open(session: LspSession, uri: string, text: string): Promise<Diagnostic[]> {
  const waiting = session.waitForDiagnostics(uri);
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
  return (await waiting).diagnostics;
}

function applied(uri: string, text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `${action.title}: no edits for ${uri}`);
  return TextDocument.applyEdits(TextDocument.create(uri, 'policy-yaml', 1, text), edits);
}

describe('editing assistance over stdio: symbols, folding, selection, code actions', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session.shutdown();
  });

  it('advertises the providers, with the quickfix and source.fixAll.policySheets kinds', () => {
    const c = session.initializeResult.capabilities as Record<string, unknown>;
    assert.ok(c.documentSymbolProvider);
    assert.equal(c.foldingRangeProvider, true);
    assert.equal(c.selectionRangeProvider, true);
    assert.deepEqual((c.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.policySheets']);
  });

  it('publishes look-alike marks with their fix in data, and the quick fix replaces the one mark', async () => {
    const uri = 'untitled:fix-002.sheet.yaml';
    const diagnostics = await open(session, uri, s002);
    const marks = diagnostics.filter((d) => d.code === 'indicator/lookalike-mark');
    assert.equal(marks.length, 6);
    for (const d of marks) assert.deepEqual((d.data as { fix: { edits: unknown[]; safe: boolean; version: number } }).fix.version, 1);
    const target = marks[0]!;
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: target.range,
      context: { diagnostics: [target], only: ['quickfix'] },
    });
    assert.equal(actions[0]!.title, '凡例の文字「－」に直す');
    assert.equal(actions[0]!.isPreferred, true);
    assert.equal(applied(uri, s002, actions[0]!), s002.replace('達成状況: "-"', '達成状況: "－"'));
    assert.ok(actions.some((a) => a.title.includes('抑制')));
  });

  it('source.fixAll.policySheets fixes every mechanical problem of the file (as on save)', async () => {
    const uri = 'untitled:fixall-002.sheet.yaml';
    await open(session, uri, s002);
    const actions = await session.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.policySheets'], triggerKind: 2 },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.policySheets');
    const fixed = applied(uri, s002, actions[0]!);
    assert.equal(fixed, s002.replaceAll('達成状況: "-"', '達成状況: "－"'));
    // The fixed text has none of those problems left.
    const after = await open(session, 'untitled:fixed-002.sheet.yaml', fixed);
    assert.equal(after.filter((d) => d.code === 'indicator/lookalike-mark').length, 0);
  });

  it('answers documentSymbol with the 様式 hierarchy, foldingRange and selectionRange', async () => {
    const uri = 'untitled:symbols-001.sheet.yaml';
    const text = sample('001-furikaeri-r6.sheet.yaml');
    await open(session, uri, text);
    const symbols = await session.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    const pillars = symbols.filter((s) => s.detail === '柱');
    assert.equal(pillars.length, 4);
    assert.equal(pillars[0]!.name, '1 ニア・イズ・ベターの追求');
    assert.equal(pillars[0]!.children![0]!.name, '1 地域社会におけるニア・イズ・ベターの追求');
    assert.equal(pillars[0]!.children![0]!.children![0]!.detail, '取組項目');
    const folds = await session.connection.sendRequest<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    const lines = text.split('\n');
    assert.ok(folds.some((f) => lines[f.startLine] === '柱:' && f.endLine === lines.length - 2));
    const line = lines.findIndex((l) => l === '基準時点: 令和6年度末');
    const [selection] = await session.connection.sendRequest<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [{ line, character: 8 }] });
    assert.deepEqual(selection!.range, { start: { line, character: 6 }, end: { line, character: 12 } });
    assert.deepEqual(selection!.parent!.range, { start: { line, character: 0 }, end: { line, character: 12 } });
  });

  it('answers empty for unknown documents and survives a broken one', async () => {
    assert.deepEqual(await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'untitled:none.sheet.yaml' } }), []);
    const uri = 'untitled:broken.sheet.yaml';
    await open(session, uri, '様式: 区運営方針\n経営課題: [ {番号: 1, 名称: "x\n');
    const symbols = await session.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
    assert.equal(session.process.exitCode, null);
  });
});

describe('.policy-sheets.yaml in the server', () => {
  it('applies the project file nearest above the document, with the user setting over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-project-'));
    writeFileSync(join(dir, '.policy-sheets.yaml'), 'diagnostics:\n  indicator/lookalike-mark: error\n  schema/type: off\n');
    const file = join(dir, 'a.sheet.yaml');
    writeFileSync(file, s002);
    const uri = pathToFileURL(file).href;
    const session = await startSession(undefined, undefined, { settings: { diagnostics: { 'schema/type': 'warning' } } });
    try {
      const text = s002.replace('目標値: 70\n', '目標値: "x"\n');
      const diagnostics = await open(session, uri, text);
      assert.ok(diagnostics.filter((d) => d.code === 'indicator/lookalike-mark').every((d) => d.severity === 1));
      assert.equal(diagnostics.filter((d) => d.code === 'indicator/lookalike-mark').length, 6);
      // The project file turns schema/type off; the user's setting turns it back on as a warning.
      assert.deepEqual(diagnostics.filter((d) => d.code === 'schema/type').map((d) => d.severity), [2]);
    } finally {
      await session.shutdown();
    }
  });

  it('re-reads the project file when the client reports it changed (workspace/didChangeWatchedFiles)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-project-'));
    const config = join(dir, '.policy-sheets.yaml');
    writeFileSync(config, 'diagnostics:\n  indicator/lookalike-mark: error\n');
    const uri = pathToFileURL(join(dir, 'b.sheet.yaml')).href;
    const session = await startSession(undefined, undefined, undefined, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    try {
      const first = await open(session, uri, s002);
      assert.ok(first.some((d) => d.code === 'indicator/lookalike-mark' && d.severity === 1));
      writeFileSync(config, 'diagnostics:\n  indicator/lookalike-mark: off\n');
      const cleared = session.waitForDiagnostics(uri, (d) => !d.some((x) => x.code === 'indicator/lookalike-mark'));
      await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(config).href, type: 2 }] });
      await cleared;
    } finally {
      await session.shutdown();
    }
  });
});
