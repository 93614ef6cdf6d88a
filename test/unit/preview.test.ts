import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { renderPreview } from '../../server/src/preview';
import { parsePreviewState, parseWebviewMessage, syntaxErrorBanner } from '../../server/src/protocol';
import { realService } from '../helpers/service';

// The 部会 layout prints 日時 in a field of its box (回/部会名/公開区分 only in the title): the wrong
// weekday 木X is the problem shown on a field.
const sheet = `様式: 部会議事概要
回: 254
部会名: 人事・財政部会
公開区分: 非公開
日時: {日付: 令和５年12月14日, 曜日: 木X, 開始: "9:30", 終了: "10:50"}
`;
const dateField = { start: sheet.indexOf('{日付'), end: sheet.indexOf('"10:50"}') + 8 };

describe('renderPreview (policySheets/render result)', () => {
  it('returns uri, version, title and the HTML with the diagnostic cell marked', () => {
    const service = realService();
    const document = TextDocument.create('file:///p/a.sheet.yaml', 'policy-yaml', 7, sheet);
    const result = renderPreview(service, document);
    assert.equal(result.uri, 'file:///p/a.sheet.yaml');
    assert.equal(result.version, 7);
    assert.equal(typeof result.title, 'string');
    assert.equal(result.syntaxError, undefined);
    const enumProblem = service.getProblems(document).find((p) => p.code === 'schema/enum')!;
    assert.ok(enumProblem, 'the sheet has a schema/enum problem');
    // The field showing 日時 (with 木X) carries its offsets and the error mark.
    const cell = new RegExp(`<dd class="([^"]*)" data-line="4" data-start="${dateField.start}" data-end="${dateField.end}" title="([^"]*)"`).exec(result.html);
    assert.ok(cell, 'the 日時 field is in the HTML with its source offsets');
    assert.match(cell[1]!, /problem-error/);
    assert.match(cell[2]!, /schema\/enum/);
    assert.doesNotMatch(result.html, /style=/, 'no inline style for the webview CSP');
  });

  it('a diagnostics setting of off removes the mark, as it removes the diagnostic', () => {
    const document = TextDocument.create('file:///p/b.sheet.yaml', 'policy-yaml', 1, sheet);
    const result = renderPreview(realService(), document, { 'schema/enum': 'off' });
    assert.match(result.html, new RegExp(`<dd class="code-line" data-line="4" data-start="${dateField.start}" data-end="${dateField.end}">`), 'the 日時 field has no mark');
    assert.doesNotMatch(result.html, /problem-/);
    const warning = renderPreview(realService(), document, { 'schema/enum': 'warning' });
    assert.match(warning.html, new RegExp(`<dd class="code-line problem problem-warning[^"]*" data-line="4" data-start="${dateField.start}"`), 'schema/enum shows as a warning');
    assert.doesNotMatch(warning.html, /problem-error/);
  });

  it('a YAML syntax error is reported with its 0-based line, for the banner', () => {
    const broken = `${sheet}場所: [web会議\n出席者:\n  - 旭区長\n`;
    const document = TextDocument.create('file:///p/c.sheet.yaml', 'policy-yaml', 2, broken);
    const service = realService();
    const result = renderPreview(service, document);
    const first = service.getProblems(document).find((p) => p.code === 'yaml/syntax')!;
    assert.ok(result.syntaxError);
    assert.equal(result.syntaxError.line, document.positionAt(first.start).line);
    assert.equal(result.syntaxError.message, first.message);
    assert.match(syntaxErrorBanner(result.syntaxError), new RegExp(`^構文エラーのため更新を停止中（${result.syntaxError.line + 1} 行目: `));
  });

  it('renders the same model object as the cached one (one parse and one render per version)', () => {
    const service = realService();
    const document = TextDocument.create('file:///p/d.sheet.yaml', 'policy-yaml', 1, sheet);
    const before = service.getSheet(document);
    renderPreview(service, document);
    assert.equal(service.getSheet(document), before);
    assert.equal(service.render(document), before.model);
  });
});

describe('webview messages are validated', () => {
  it('accepts the typed messages', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'revealLine', line: 12.5 }), { type: 'revealLine', line: 12.5 });
    assert.deepEqual(parseWebviewMessage({ type: 'selectSource', start: 3, end: 9, version: 2, extra: 'ignored' }), { type: 'selectSource', start: 3, end: 9, version: 2 });
  });

  it('rejects forged ones with a reason', () => {
    for (const forged of [null, 'ready', [], { type: 'runCommand', command: 'workbench.action.terminal.new' }, { type: 'revealLine', line: -1 }, { type: 'revealLine', line: '3' }, { type: 'revealLine', line: Infinity }, { type: 'selectSource', start: 9, end: 3, version: 1 }, { type: 'selectSource', start: 1.5, end: 3, version: 1 }, { type: 'selectSource', start: 0, end: 3 }, { type: '__proto__' }]) {
      assert.equal(typeof parseWebviewMessage(forged), 'string', JSON.stringify(forged));
    }
  });

  it('reads a restored preview state, or nothing', () => {
    assert.deepEqual(parsePreviewState({ uri: 'file:///a.sheet.yaml', locked: true, line: 4 }), { uri: 'file:///a.sheet.yaml', locked: true, line: 4 });
    assert.deepEqual(parsePreviewState({ uri: 'file:///a.sheet.yaml', line: -3 }), { uri: 'file:///a.sheet.yaml', locked: false });
    assert.equal(parsePreviewState({ locked: true }), undefined);
    assert.equal(parsePreviewState(undefined), undefined);
  });
});
