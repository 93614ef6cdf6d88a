// `policySheets/export` on the real server: the render model of the open document's current
// version (unsaved edits included) with its error count; null for a document the server has not open.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportRequest, type ExportParams, type ExportResult } from '../../server/src/protocol';
import { startSession, type LspSession } from '../helpers/lspClient';
import { allRuns } from '../helpers/renderModel';
import { minutesSheet } from '../helpers/sheets';

describe('policySheets/export', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session.shutdown();
  });

  it('answers with the model of the version the editor has, and its errors', async () => {
    const uri = 'file:///export/a.sheet.yaml';
    const text = minutesSheet();
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    const first = await session.connection.sendRequest<ExportResult | null>(exportRequest, { uri } satisfies ExportParams);
    assert.ok(first);
    assert.equal(first.version, 1);
    assert.equal(first.errors, 0);
    // The 部会 layout prints 部会名 in the title and 場所 in its own cell.
    assert.equal(first.model.title, '第1回 人事・財政部会（公開）議事概要');
    assert.ok(allRuns(first.model).some((r) => r.text === 'web会議'));
    // An unsaved edit: 部会名 and 場所 change and 公開区分 becomes invalid.
    const edited = text.replace('人事・財政部会', '市民協働部会').replace('場所: web会議', '場所: 区役所会議室').replace('公開区分: 公開', '公開区分: 秘密');
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const second = await session.connection.sendRequest<ExportResult | null>(exportRequest, { uri });
    assert.ok(second);
    assert.equal(second.version, 2);
    assert.equal(second.errors, 1);
    const texts = allRuns(second.model).map((r) => r.text);
    assert.equal(second.model.title, '第1回 市民協働部会（秘密）議事概要');
    assert.ok(texts.includes('区役所会議室') && !texts.includes('web会議'));
  });

  it('answers null for a document that is not open, and for malformed params', async () => {
    assert.equal(await session.connection.sendRequest(exportRequest, { uri: 'file:///nope.sheet.yaml' }), null);
    assert.equal(await session.connection.sendRequest(exportRequest, { uri: 42 }), null);
  });
});
