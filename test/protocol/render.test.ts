import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { renderRequest, type RenderParams, type RenderResult } from '../../server/src/protocol';
import { type LspSession, startSession } from '../helpers/lspClient';

const root = resolve(__dirname, '../..');
const samples = ['000-jinji-zaisei-bukai-254.sheet.yaml', '001-furikaeri-r6.sheet.yaml', '002-abeno-unei-hoshin-r6.sheet.yaml', '003-shisei-kaikaku-2-h23.sheet.yaml', '004-minato-unei-hoshin-h26.sheet.yaml'];

describe('policySheets/render over stdio', () => {
  let session: LspSession;
  const render = (uri: string) => session.connection.sendRequest<RenderResult | null>(renderRequest, { textDocument: { uri } } satisfies RenderParams);
  before(async () => {
    session = await startSession(undefined, undefined, { settings: { validation: { delay: 0 } } });
  });
  after(async () => {
    await session.shutdown();
  });

  for (const name of samples) {
    it(`${name}: renders its text (every scalar value of line 2 appears escaped in a cell with its offsets)`, async () => {
      const path = resolve(root, 'samples', name);
      const uri = pathToFileURL(path).href;
      const text = readFileSync(path, 'utf8');
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
      const result = await render(uri);
      assert.ok(result);
      assert.equal(result.uri, uri);
      assert.equal(result.version, 1);
      assert.equal(result.syntaxError, undefined);
      assert.ok(result.title.length > 0);
      // The 部会議事概要 様式 (000) is a box of fields and numbered items, not a table.
      assert.match(result.html, name.startsWith('000-') ? /^<header class="sheet-header"><h1>第254回 人事・財政部会（非公開）議事概要<\/h1>.*<dl class="fields"/ : /<table class="sheet-table/);
      assert.doesNotMatch(result.html, /<script|style=/);
      // Every data-start/data-end pair lies inside the document.
      for (const m of result.html.matchAll(/data-start="(\d+)" data-end="(\d+)"/g)) {
        assert.ok(Number(m[1]) <= Number(m[2]) && Number(m[2]) <= text.length, m[0]);
      }
    });
  }

  it('follows didChange: the edited value is in the next rendering, with the new version', async () => {
    const uri = 'file:///render/edit.sheet.yaml';
    const text = '様式: 部会議事概要\n回: 254\n部会名: 人事・財政部会\n場所: web会議\n';
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    assert.match((await render(uri))!.html, />web会議</);
    const line = 3;
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line, character: 4 }, end: { line, character: 9 } }, text: '区役所<会議室>' }],
    });
    const after = (await render(uri))!;
    assert.equal(after.version, 2);
    assert.match(after.html, />区役所&lt;会議室&gt;</);
    assert.doesNotMatch(after.html, />web会議</);
  });

  it('reports a YAML syntax error with its line (the client keeps its last good rendering)', async () => {
    const uri = 'file:///render/broken.sheet.yaml';
    const text = '様式: 部会議事概要\n回: 254\n場所: [web会議\n出席者:\n  - 旭区長\n';
    // Wait from before the open: the diagnostics may be published before the render is answered.
    const publishing = session.waitForDiagnostics(uri, (ds) => ds.some((d) => d.code === 'yaml/syntax'));
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 5, text } });
    const result = (await render(uri))!;
    assert.equal(result.version, 5);
    assert.ok(result.syntaxError, 'syntaxError present');
    const published = await publishing;
    const first = published.diagnostics.filter((d) => d.code === 'yaml/syntax').sort((a, b) => a.range.start.line - b.range.start.line)[0]!;
    assert.equal(result.syntaxError.line, first.range.start.line);
  });

  it('answers null for a document the server has not opened, and survives bad params', async () => {
    assert.equal(await render('file:///render/never-opened.sheet.yaml'), null);
    const bad = await session.connection.sendRequest(renderRequest, { nope: 1 }).then((r) => r, (e: Error) => e);
    assert.ok(bad === null || bad instanceof Error);
    assert.equal(await render('file:///render/never-opened.sheet.yaml'), null, 'the server still answers');
  });
});
