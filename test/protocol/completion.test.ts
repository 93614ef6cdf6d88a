import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, Hover } from 'vscode-languageserver-protocol';
import { atCursor } from '../helpers/cursor';
import { type LspSession, startSession } from '../helpers/lspClient';

const root = resolve(__dirname, '../..');
const server = [resolve(root, 'dist/server.js'), '--stdio'];
const sample001 = readFileSync(resolve(root, 'samples/001-furikaeri-r6.sheet.yaml'), 'utf8');
/** 001 with a new row started ("- ") after the first row of its first 取組項目. */
const newRow = (() => {
  const anchor = '                  - すでに利用している地域の事例等を紹介し導入を促す。\n';
  const at = sample001.indexOf(anchor) + anchor.length;
  return `${sample001.slice(0, at)}              - ‸\n${sample001.slice(at)}`;
})();

let opened = 0;
/** Opens `text` (with one ‸) in the session; returns its uri and the cursor position. */
async function open(session: LspSession, text: string) {
  const { document, position } = atCursor(text);
  const uri = pathToFileURL(resolve(root, `samples/completion-${++opened}.sheet.yaml`)).href;
  const diagnostics = session.waitForDiagnostics(uri);
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text: document.getText() } });
  await diagnostics;
  return { uri, position };
}

describe('completion and hover over stdio (dist/server.js --stdio)', () => {
  describe('a client with snippets (VS Code)', () => {
    let session: LspSession;
    before(async () => {
      session = await startSession(process.execPath, server, undefined, { textDocument: { completion: { completionItem: { snippetSupport: true } } } }, { name: 'Visual Studio Code', version: '1.95.0' });
    });
    after(async () => {
      await session.shutdown();
    });

    it('declares completion (with trigger characters) and hover', () => {
      const capabilities = session.initializeResult.capabilities;
      assert.deepEqual(capabilities.completionProvider, { triggerCharacters: [' ', '{', ','], resolveProvider: false });
      assert.equal(capabilities.hoverProvider, true);
    });

    it('answers a new row in 001 with its keys in the 様式\'s order, the whole row last, as snippets', async () => {
      const { uri, position } = await open(session, newRow);
      const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: ' ' } });
      const items = [...list.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
      assert.deepEqual(
        items.map((i) => i.label),
        ['めざす姿', '具体的取組', '主な取組実績', '実績値', '区別実績', '実施状況', '完了済み時点', '課題', '次年度以降の取組内容', '再掲', '参考', '完了済み欄', '再掲欄', '参考欄', '新しい行'],
      );
      const goal = items[0]!;
      assert.equal(goal.detail, 'めざす姿 (取組目標)（必須）');
      assert.match(goal.filterText ?? '', /\bmezasusugata\b.*\btarget\b/);
      assert.equal(goal.insertTextFormat, 2);
      assert.deepEqual(goal.textEdit, { range: { start: position, end: position }, newText: 'めざす姿: ${1}' });
      const status = items.find((i) => i.label === '実施状況') as CompletionItem;
      assert.equal(status.textEdit && 'newText' in status.textEdit ? status.textEdit.newText : '', '実施状況: ${1|実施中,完了|}');
      const repeat = items.find((i) => i.label === '再掲') as CompletionItem;
      assert.deepEqual(repeat.command, { title: '候補を表示', command: 'editor.action.triggerSuggest' });
    });

    it('answers a hover with the year conversion', async () => {
      const { uri, position } = await open(session, sample001.replace('基準時点: 令和6年度末', '基準時点: 令和6‸年度末'));
      const hover = await session.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri }, position });
      assert.equal((hover.contents as { kind: string }).kind, 'markdown');
      assert.match((hover.contents as { value: string }).value, /令和6年度 = 2024年度：2024年4月1日〜2025年3月31日/);
      assert.deepEqual(hover.range, { start: { line: position.line, character: 6 }, end: { line: position.line, character: 12 } });
    });

    it('answers null for an unknown document and keeps serving', async () => {
      const result = await session.connection.sendRequest('textDocument/completion', { textDocument: { uri: 'file:///nowhere.sheet.yaml' }, position: { line: 0, character: 0 } });
      assert.equal(result, null);
      assert.equal(await session.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nowhere.sheet.yaml' }, position: { line: 0, character: 0 } }), null);
    });
  });

  describe('a client without snippets (e.g. Neovim\'s omnifunc)', () => {
    let session: LspSession;
    before(async () => {
      session = await startSession(process.execPath, server, undefined, {}, { name: 'Neovim', version: '0.7.2' });
    });
    after(async () => {
      await session.shutdown();
    });

    it('gets plain text items and no VS Code command', async () => {
      const { uri, position } = await open(session, newRow);
      const list = await session.connection.sendRequest<CompletionList>('textDocument/completion', { textDocument: { uri }, position });
      assert.ok(list.items.length >= 12);
      for (const item of list.items) {
        assert.equal(item.insertTextFormat, 1);
        assert.equal(item.command, undefined);
        assert.doesNotMatch(item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : '', /\$\{?\d/);
      }
    });
  });
});
