/**
 * The commands 「取りまとめを作成」 (policySheets.showReport: the ward-wide summary of a workspace
 * folder, issue 10 §3) and 「新旧対照表を作成」 (policySheets.showDiff: the active sheet compared with
 * a picked earlier version, issue 10 §2). Both run the bundled CLI (dist/cli.js `report` / `diff`)
 * in a child process — the same code as `policy-sheets report|diff`, kept out of the extension host
 * and the server — and write the HTML page where the user saves it, then offer 「開く」.
 * The CLI reads the files on disk: a sheet with unsaved edits is saved first.
 * 「開く」 shows the page in the system's browser on a local desktop, and in a tab of the workbench
 * where that browser cannot reach the file (code-server in a browser, a remote window).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';

const languageId = 'policy-yaml';

/** Runs dist/cli.js with `args`; resolves to its stderr, rejects with its message on a non-zero exit. */
function runCli(context: vscode.ExtensionContext, args: string[], token: vscode.CancellationToken): Promise<string> {
  return new Promise((resolve, reject) => {
    // In VS Code the extension host's executable is Electron: ELECTRON_RUN_AS_NODE makes it Node.
    const child = execFile(process.execPath, [context.asAbsolutePath(path.join('dist', 'cli.js')), ...args], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(stderr.split('\n').find((l) => l.startsWith('policy-sheets:'))?.replace('policy-sheets: ', '') ?? error.message));
      else resolve(stderr);
    });
    token.onCancellationRequested(() => child.kill());
  });
}

/** Save dialog for an HTML page next to `folder`, named `name`. */
function saveHtml(title: string, folder: vscode.Uri | undefined, name: string): Thenable<vscode.Uri | undefined> {
  return vscode.window.showSaveDialog({ title, saveLabel: '作成', filters: { 'HTML（印刷用）': ['html'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
}

/**
 * Opens a written page (self-contained HTML, no script). On a local desktop: the system's browser
 * (`env.openExternal`). In a web workbench (code-server) or a remote window the file lies on the
 * server, where an external opener would hand the user's browser a `file:` URL it cannot load:
 * there the page is shown in a read-only webview tab titled with its file name instead.
 */
export async function openPage(target: vscode.Uri): Promise<void> {
  if (vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined) {
    await vscode.env.openExternal(target);
    return;
  }
  const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
  const panel = vscode.window.createWebviewPanel('policySheets.page', path.basename(target.fsPath), vscode.ViewColumn.Active, { enableScripts: false, enableFindWidget: true });
  panel.webview.html = html;
}

/** Runs the CLI with progress, then offers to open the page. Resolves to the page's uri, or undefined. */
async function create(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, label: string, args: string[], target: vscode.Uri): Promise<vscode.Uri | undefined> {
  try {
    const log = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${label}を作成しています`, cancellable: true }, (_progress, token) => runCli(context, [...args, '-o', target.fsPath], token));
    output.info(log.trim());
    void vscode.window.showInformationMessage(`${path.basename(target.fsPath)} に${label}を作成しました。`, '開く').then((choice) => {
      if (choice === '開く') openPage(target).catch((error: unknown) => void vscode.window.showErrorMessage(`${path.basename(target.fsPath)} を開けませんでした: ${(error as Error).message}`));
    });
    return target;
  } catch (error) {
    output.error(`${label}: ${(error as Error).message}`);
    void vscode.window.showErrorMessage(`${label}を作成できませんでした: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Registers policySheets.showReport (optional args: a folder uri, a target uri — both skip their
 * dialog) and policySheets.showDiff (optional args: the old sheet's uri, a target uri).
 */
export function registerSummaryCommands(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): vscode.Disposable[] {
  const showReport = async (folderArg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folder = folderArg instanceof vscode.Uri ? folderArg : folders.length > 1 ? (await vscode.window.showWorkspaceFolderPick({ placeHolder: '取りまとめるフォルダー' }))?.uri : folders[0]?.uri;
    if (!folder || folder.scheme !== 'file') {
      void vscode.window.showWarningMessage('取りまとめるシートのフォルダーを開いてから実行してください。');
      return undefined;
    }
    const target = targetArg instanceof vscode.Uri ? targetArg : await saveHtml('取りまとめを作成', folder, '取りまとめ.html');
    if (!target) return undefined;
    await vscode.workspace.saveAll(false);
    return create(context, output, '取りまとめ', ['report', folder.fsPath], target);
  };

  const showDiff = async (oldArg?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== languageId || editor.document.uri.scheme !== 'file') {
      void vscode.window.showWarningMessage('新しい版のシート（*.sheet.yaml）を開いてから実行してください。');
      return undefined;
    }
    const current = editor.document;
    const folder = vscode.Uri.file(path.dirname(current.uri.fsPath));
    const old = oldArg instanceof vscode.Uri ? oldArg : (await vscode.window.showOpenDialog({ title: '比べる旧い版のシートを選ぶ', openLabel: '旧として比べる', defaultUri: folder, canSelectMany: false, filters: { シート: ['yaml', 'yml'] } }))?.[0];
    if (!old) return undefined;
    const base = path.basename(current.uri.fsPath).replace(/(\.sheet)?\.ya?ml$/i, '');
    const target = targetArg instanceof vscode.Uri ? targetArg : await saveHtml('新旧対照表を作成', folder, `${base}_新旧対照表.html`);
    if (!target) return undefined;
    if (current.isDirty) await current.save();
    return create(context, output, '新旧対照表', ['diff', old.fsPath, current.uri.fsPath], target);
  };

  return [vscode.commands.registerCommand('policySheets.showReport', showReport), vscode.commands.registerCommand('policySheets.showDiff', showDiff)];
}
