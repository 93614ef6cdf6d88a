/**
 * The export commands 「HTML に書き出す」「PDF に書き出す」「Excel に書き出す」 (policySheets.exportHtml /
 * exportPdf / exportXlsx): save dialog, progress notification (cancellable), then 「開く」 and
 * 「フォルダーに表示」 on the saved file.
 *
 * The server renders (request `policySheets/export`: the model of the document's current version,
 * from the parse that gives the diagnostics, unsaved edits included); the extension host writes the
 * file with dist/export.js, loaded on the first export only. Why here and not in the server: the
 * server is the typing path and must not load exceljs or drive a browser for seconds; the save
 * dialog, progress and cancellation live on this side anyway; and the server keeps writing no files.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type * as Exporter from '../../server/src/export';
import { exportRequest, settingsSection, type ExportParams, type ExportResult } from '../../server/src/protocol';
import { openPage } from './summaryCommands';

type Format = 'html' | 'pdf' | 'xlsx';

const commands: { id: string; format: Format; label: string; filter: Record<string, string[]> }[] = [
  { id: 'policySheets.exportHtml', format: 'html', label: 'HTML', filter: { 'HTML（印刷用）': ['html'] } },
  { id: 'policySheets.exportPdf', format: 'pdf', label: 'PDF', filter: { PDF: ['pdf'] } },
  { id: 'policySheets.exportXlsx', format: 'xlsx', label: 'Excel', filter: { 'Excel ブック': ['xlsx'] } },
];

const languageId = 'policy-yaml';

/**
 * Registers the export commands. Each takes an optional sheet uri (the editor title menu passes the
 * resource; default: the active sheet, else the last active one, e.g. behind the preview) and an
 * optional target uri (skips the save dialog; for automation). Resolves to the written file's uri,
 * or undefined when nothing was written.
 */
export function registerExportCommands(context: vscode.ExtensionContext, getClient: () => LanguageClient | undefined, output: vscode.LogOutputChannel): vscode.Disposable[] {
  let lastSheet: vscode.Uri | undefined = vscode.window.activeTextEditor?.document.languageId === languageId ? vscode.window.activeTextEditor.document.uri : undefined;
  let exporter: typeof Exporter | undefined;
  const load = (): typeof Exporter => (exporter ??= require(context.asAbsolutePath(path.join('dist', 'export.js'))) as typeof Exporter);

  async function run(format: Format, label: string, filter: Record<string, string[]>, resource?: unknown, targetArg?: unknown): Promise<vscode.Uri | undefined> {
    // The editor title menu passes its resource: a sheet's uri, or for the preview a webview uri (not a sheet).
    const given = resource instanceof vscode.Uri && (resource.scheme === 'file' || resource.scheme === 'untitled') ? resource : undefined;
    const uri = given ?? (vscode.window.activeTextEditor?.document.languageId === languageId ? vscode.window.activeTextEditor.document.uri : lastSheet);
    if (!uri) {
      void vscode.window.showWarningMessage('書き出すシート（*.sheet.yaml）を開いてから実行してください。');
      return undefined;
    }
    const client = getClient();
    if (!client?.isRunning()) {
      void vscode.window.showErrorMessage('言語サーバーが動いていないため書き出せません（コマンド「Policy Sheets: サーバーを再起動」）。');
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    const extension = `.${format}`;
    const base = path.basename(document.uri.path).replace(/(\.sheet)?\.ya?ml$/i, '') || 'シート';
    const folder = document.uri.scheme === 'file' ? vscode.Uri.file(path.dirname(document.uri.fsPath)) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const target =
      targetArg instanceof vscode.Uri
        ? targetArg
        : await vscode.window.showSaveDialog({ title: `${label} に書き出す`, saveLabel: '書き出す', filters: filter, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, base + extension) } : {}) });
    if (!target) return undefined;
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage(`ローカルのファイルにだけ書き出せます（${target.toString()}）。`);
      return undefined;
    }
    const browserPath = vscode.workspace.getConfiguration(settingsSection).get<string>('export.browserPath', '').trim();
    try {
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${label} に書き出しています`, cancellable: true }, async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        progress.report({ message: 'シートを様式に描画しています…' });
        const params: ExportParams = { uri: client.code2ProtocolConverter.asUri(document.uri) };
        const rendered = await client.sendRequest<ExportResult | null>(exportRequest, params);
        if (!rendered) throw new Error('サーバーがこのシートを開いていません。');
        if (token.isCancellationRequested) return undefined;
        progress.report({ message: format === 'pdf' ? 'ブラウザーで印刷しています…' : 'ファイルに書き込んでいます…' });
        await load().exportSheet(rendered.model, format, target.fsPath, { ...(browserPath ? { browserPath } : {}), signal: controller.signal });
        return rendered;
      });
      if (!result) return undefined;
      output.info(`書き出しました: ${target.fsPath}（${format}、版 ${result.version}、エラー ${result.errors} 件）`);
      const name = path.basename(target.fsPath);
      const message = result.errors > 0 ? `${name} に書き出しました。シートにエラーが ${result.errors} 件あります（問題パネルを確認してください）。` : `${name} に書き出しました。`;
      const show = result.errors > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      // Not awaited: the command resolves when the file is written, whatever the user does with the message.
      void show(message, '開く', 'フォルダーに表示').then((choice) => {
        if (choice === '開く') void openExported(target, format).catch((error: unknown) => void vscode.window.showErrorMessage(`${name} を開けませんでした: ${(error as Error).message}`));
        else if (choice === 'フォルダーに表示') void vscode.commands.executeCommand('revealFileInOS', target);
      });
      return target;
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string };
      if (e?.code === 'cancelled') return undefined;
      const message = e?.name === 'ExportError' ? (e.message ?? String(error)) : `${label} に書き出せませんでした: ${e?.message ?? String(error)}`;
      output.error(`export ${format} ${target.fsPath}: ${e?.code ?? ''} ${e?.message ?? String(error)}`);
      const actions = e?.code === 'browser-not-found' || e?.code === 'browser-failed' ? ['設定を開く'] : [];
      void vscode.window.showErrorMessage(message, ...actions).then((choice) => {
        if (choice === '設定を開く') void vscode.commands.executeCommand('workbench.action.openSettings', 'policySheets.export.browserPath');
      });
      return undefined;
    }
  }

  return [
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor?.document.languageId === languageId) lastSheet = editor.document.uri;
    }),
    ...commands.map(({ id, format, label, filter }) => vscode.commands.registerCommand(id, (resource?: unknown, target?: unknown) => run(format, label, filter, resource, target))),
  ];
}

/**
 * Opens an exported file. HTML through `openPage` (the system browser on a local desktop, a
 * read-only webview tab in a web or remote workbench, whose browser cannot load the server's
 * `file:` URL). PDF and Excel: the system's viewer on a local desktop; elsewhere the file is shown
 * in the Explorer, where the workbench's 「ダウンロード」 fetches it.
 */
async function openExported(target: vscode.Uri, format: Format): Promise<void> {
  if (format === 'html') return openPage(target);
  if (vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined) {
    await vscode.env.openExternal(target);
    return;
  }
  await vscode.commands.executeCommand('revealInExplorer', target);
  void vscode.window.showInformationMessage(`${path.basename(target.fsPath)} をエクスプローラーに表示しました。右クリックの「ダウンロード」で取り出せます。`);
}
