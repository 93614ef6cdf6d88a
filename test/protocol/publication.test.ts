import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { type LspSession, startSession } from '../helpers/lspClient';
import { realService } from '../helpers/service';
import { sheetOfLines } from '../helpers/sheetGen';

/**
 * The server publishes after each edit what a fresh language service publishes for the same text
 * and version: the Diagnostics it reuses for unchanged findings (service/diagnosticReuse.ts) and the
 * JSON it keeps for them (publicationEncoder.ts) never show through, whether an edit keeps the line
 * count, adds a line above findings (every later range moves), turns one line into two without
 * changing the length (later offsets stay, their lines move) or removes them again.
 */
describe('publication after edits over stdio equals a fresh validation', () => {
  let session: LspSession;
  before(async () => {
    session = await startSession(undefined, undefined, { settings: { validation: { delay: 0 }, writing: { enabled: false } } });
  });
  after(async () => {
    await session.shutdown();
  });

  it('on a generated 振り返りシート, over value edits, inserted lines and their removal', async () => {
    const uri = 'untitled:publication.sheet.yaml';
    let document = TextDocument.create(uri, 'policy-yaml', 1, sheetOfLines('振り返りシート', 900, 900));
    const fresh = realService();
    const expected = (version: number) => {
      const scratch = TextDocument.create(`file:///fresh/${version}.sheet.yaml`, 'policy-yaml', version, document.getText());
      const diagnostics = fresh.publish(scratch, fresh.publishable(scratch, {}, { workspace: { files: () => [] } }));
      fresh.forget(scratch.uri);
      return JSON.parse(JSON.stringify(diagnostics)) as unknown;
    };
    const opened = session.waitForDiagnostics(uri, (_d, p) => p.version === 1);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text: document.getText() } });
    const first = (await opened).diagnostics;
    assert.ok(first.length > 20, `a sheet with findings throughout (${first.length})`);
    assert.deepEqual(first, expected(1));

    const text = document.getText();
    const status = text.indexOf('実施状況: 実施中', Math.floor(text.length / 2)) + '実施状況: '.length;
    const lineStart = text.lastIndexOf('\n', status) + 1;
    const indent = /^ */.exec(text.slice(lineStart))![0];
    const edits: ((d: TextDocument) => TextDocumentContentChangeEvent)[] = [
      // A value in the middle (a schema error appears), and back.
      (d) => ({ range: { start: d.positionAt(status), end: d.positionAt(status + 3) }, text: '実施X' }),
      (d) => ({ range: { start: d.positionAt(status), end: d.positionAt(status + 3) }, text: '実施中' }),
      // A comment line above the middle: every finding below it moves one line down.
      (d) => ({ range: { start: d.positionAt(lineStart), end: d.positionAt(lineStart) }, text: `${indent}# メモ\n` }),
      // The same length, one line more: later findings keep their offsets but move a line down.
      (d) => ({ range: { start: d.positionAt(lineStart + indent.length + 1), end: d.positionAt(lineStart + indent.length + 3) }, text: '\n#' }),
      (d) => ({ range: { start: d.positionAt(lineStart), end: d.positionAt(lineStart + indent.length + '#\n#モ\n'.length) }, text: '' }),
      // Near the top (the 基準時点 year changes what many checks find), and back.
      (d) => ({ range: { start: d.positionAt(text.indexOf('基準時点: ') + '基準時点: '.length), end: d.positionAt(text.indexOf('\n', text.indexOf('基準時点: '))) }, text: '令和9年度末' }),
    ];
    for (const [i, edit] of edits.entries()) {
      const version = i + 2;
      const change = edit(document);
      document = TextDocument.update(document, [change], version);
      const published = session.waitForDiagnostics(uri, (_d, p) => p.version === version);
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
      assert.deepEqual((await published).diagnostics, expected(version), `after edit ${i + 1}`);
    }
  });
});
