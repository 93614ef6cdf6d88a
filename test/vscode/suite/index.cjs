// Extension-host tests, using the `vscode` API. Run by
//   - @vscode/test-electron (npm run test:vscode → test/vscode/runTest.mjs), on machines that can
//     download a VS Code build, and
//   - code-server (test/e2e/vscode-api.test.ts, part of npm run test:e2e), which loads this file
//     through the workbench's extensionTestsPath.
// Plain CommonJS so that neither needs a compile step. No mocha: a tiny sequential runner.
// Environment: POLICY_SHEETS_EXPECTED = JSON file { "<sample name>": [CLI findings] } (required),
// POLICY_SHEETS_TEST_RESULT = file to write { passed, failed, results } to (optional).
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'policy-sheets.policy-sheets';
const LANGUAGE_ID = 'policy-yaml';

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

function expected() {
  const file = process.env.POLICY_SHEETS_EXPECTED;
  if (!file) throw new Error('POLICY_SHEETS_EXPECTED is not set (runTest.mjs sets it)');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
function workspaceFile(name) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, name);
}
const codeOf = (d) => String(typeof d.code === 'object' && d.code !== null ? d.code.value : d.code);
const keysOfDiagnostics = (ds) => ds.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`).sort();
const keysOfFindings = (fs_) => fs_.map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`).sort();

/** Resolves when the diagnostics of `uri` satisfy `accept` (event-driven, with a timeout). */
function waitForDiagnostics(uri, accept, what, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const ds = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'policy-sheets');
      if (accept(ds)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(ds);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      const ds = vscode.languages.getDiagnostics(uri);
      reject(new Error(`timed out waiting for ${what}; have: ${JSON.stringify(keysOfDiagnostics(ds))}`));
    }, timeoutMs);
    check();
  });
}

test('the extension is installed and activates on a sheet', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  const name = Object.keys(expected())[0];
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc);
  assert.equal(doc.languageId, LANGUAGE_ID);
  await ext.activate();
  assert.equal(ext.isActive, true);
});

test('every contributed command is registered', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  const contributed = ((ext.packageJSON.contributes || {}).commands || []).map((c) => c.command);
  assert.ok(contributed.includes('policySheets.restartServer'), 'policySheets.restartServer is contributed');
  const registered = await vscode.commands.getCommands(true);
  for (const command of contributed) assert.ok(registered.includes(command), `${command} is registered`);
});

test('each sample\'s diagnostics equal the CLI\'s findings (code, start position)', async () => {
  for (const [name, findings] of Object.entries(expected())) {
    const uri = workspaceFile(name);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, LANGUAGE_ID, name);
    const want = keysOfFindings(findings);
    // A sample without findings: first see the server answer an edit, so "none" is its answer.
    if (want.length === 0) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, doc.lineAt(0).range.end, 'X');
      await vscode.workspace.applyEdit(edit);
      await waitForDiagnostics(uri, (ds) => ds.length > 0, `${name}: a diagnostic for 様式X`);
      await vscode.commands.executeCommand('undo');
    }
    const got = await waitForDiagnostics(uri, (ds) => JSON.stringify(keysOfDiagnostics(ds)) === JSON.stringify(want), `${name}: ${JSON.stringify(want)}`);
    assert.deepEqual(keysOfDiagnostics(got), want, name);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
});

test('an edit (公開区分 → 非公開X) adds schema/enum; reverting removes it', async () => {
  const entry = Object.entries(expected()).find(([name]) => /^公開区分:\s*\S/m.test(fs.readFileSync(workspaceFile(name).fsPath, 'utf8')));
  if (!entry) return 'skipped: no sample has 公開区分';
  const [name, findings] = entry;
  const uri = workspaceFile(name);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  let line = -1;
  for (let i = 0; i < doc.lineCount; i++) if (/^公開区分:\s*\S/.test(doc.lineAt(i).text)) { line = i; break; }
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, doc.lineAt(line).range.end, 'X');
  await vscode.workspace.applyEdit(edit);
  await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'schema/enum' && d.range.start.line === line), 'schema/enum');
  const undo = new vscode.WorkspaceEdit();
  const end = doc.lineAt(line).range.end;
  undo.delete(uri, new vscode.Range(end.translate(0, -1), end));
  await vscode.workspace.applyEdit(undo);
  const want = keysOfFindings(findings);
  await waitForDiagnostics(uri, (ds) => JSON.stringify(keysOfDiagnostics(ds)) === JSON.stringify(want), 'the original diagnostics');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});

test('the completion provider answers on a sheet (a CompletionList, possibly empty)', async () => {
  const name = Object.keys(expected())[0];
  const uri = workspaceFile(name);
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc);
  const list = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', uri, new vscode.Position(1, 0));
  assert.ok(list && Array.isArray(list.items), 'a CompletionList');
  return `${list.items.length} item(s) at line 2`;
});

// 「新しいシートを作成」 (client/src/newSheet.ts), with arguments instead of the QuickPicks.
test('policySheets.newSheet opens a clean untitled sheet of the ward and year, and writes a file without overwriting', async () => {
  const doc = await vscode.commands.executeCommand('policySheets.newSheet', { kind: '部会議事概要', ward: '旭区', year: 'R7', target: 'untitled' });
  assert.ok(doc, 'the command returns the new document');
  assert.equal(doc.uri.scheme, 'untitled');
  assert.equal(doc.languageId, LANGUAGE_ID);
  assert.match(doc.getText(), /^出席者:\n  - 旭区長$/m);
  assert.match(doc.getText(), /日付: 令和7年4月1日, 曜日: 火/);
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor.document.getText(editor.selection), '〔記入：部会名〕', 'the first placeholder is selected');
  // The template has no problem: prove "none" is the server's answer by breaking the weekday and restoring it.
  const line = doc.getText().split('\n').findIndex((l) => l.includes('曜日: 火'));
  const at = doc.lineAt(line).text.indexOf('曜日: 火') + '曜日: '.length;
  const range = new vscode.Range(line, at, line, at + 1);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, '水');
  await vscode.workspace.applyEdit(edit);
  await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'minutes/weekday-mismatch'), 'minutes/weekday-mismatch on the edited weekday');
  const back = new vscode.WorkspaceEdit();
  back.replace(doc.uri, range, '火');
  await vscode.workspace.applyEdit(back);
  await waitForDiagnostics(doc.uri, (ds) => ds.length === 0, 'no diagnostics on the template');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

  const target = workspaceFile(`new-${Date.now()}.sheet.yaml`);
  const saved = await vscode.commands.executeCommand('policySheets.newSheet', { kind: '区運営方針', ward: '北区', year: '令和7年度', target: target.toString() });
  assert.equal(saved.uri.toString(), target.toString());
  assert.match(fs.readFileSync(target.fsPath, 'utf8'), /^ +5決算額: 0$/m);
  assert.equal(saved.languageId, LANGUAGE_ID);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  const again = await vscode.commands.executeCommand('policySheets.newSheet', { kind: '振り返りシート', ward: '北区', year: 'R7', target: target.toString() });
  assert.equal(again, undefined, 'an existing file is not overwritten');
  assert.match(fs.readFileSync(target.fsPath, 'utf8'), /^様式: 区運営方針$/m);
  fs.rmSync(target.fsPath);
});

exports.run = async function run() {
  const results = [];
  for (const { name, fn } of tests) {
    const started = Date.now();
    try {
      const note = await fn();
      results.push({ name, ok: true, ms: Date.now() - started, note: note || undefined });
      console.log(`  ✔ ${name}${note ? ` (${note})` : ''}`);
    } catch (error) {
      results.push({ name, ok: false, ms: Date.now() - started, error: String((error && error.stack) || error) });
      console.log(`  ✖ ${name}\n    ${String((error && error.stack) || error).replace(/\n/g, '\n    ')}`);
    }
  }
  const failed = results.filter((r) => !r.ok).length;
  const summary = { passed: results.length - failed, failed, results };
  console.log(`${summary.passed} passed, ${failed} failed`);
  if (process.env.POLICY_SHEETS_TEST_RESULT) fs.writeFileSync(process.env.POLICY_SHEETS_TEST_RESULT, JSON.stringify(summary, null, 2));
  if (failed) throw new Error(`${failed} extension-host test(s) failed`);
};
