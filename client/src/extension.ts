import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { checkFullyRequest, checkLevelNotification, type CheckLevelParams, serverNodeOptions, settingsSection, statusNotification, type StatusParams } from '../../server/src/protocol';
import { registerNewSheet } from './newSheet';
import { renderRequest, type RenderParams, type RenderResult } from '../../server/src/protocol';
import { PreviewManager } from './preview/manager';
import { registerExportCommands } from './export';
import { registerSummaryCommands } from './summaryCommands';

/** Language id of sheets; files `*.sheet.yaml`, or any YAML file whose first line is `様式:`. */
export const languageId = 'policy-yaml';

let client: LanguageClient | undefined;
let statusItem: vscode.LanguageStatusItem | undefined;

/** Activates on the first sheet: starts the server and shows its state in a language status item. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Policy Sheets', { log: true });
  context.subscriptions.push(output);

  statusItem = vscode.languages.createLanguageStatusItem('policySheets.status', { language: languageId });
  statusItem.name = 'Policy Sheets';
  statusItem.command = { title: 'ログを表示', command: 'policySheets.showOutput' };
  setStatus('starting');
  context.subscriptions.push(statusItem);

  // 「新しいシートを作成」: templates from the pure service, bundled into the client.
  context.subscriptions.push(registerNewSheet(context));

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server keeps V8's code cache of its bundle in the extension's global storage (server/src/codeCache.ts).
  const codeCache = { env: { POLICY_SHEETS_CODE_CACHE: context.globalStorageUri.fsPath } };
  const serverOptions: ServerOptions = {
    // Started with the server's Node options (serverNodeOptions: one V8 platform thread).
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverNodeOptions], ...codeCache } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...serverNodeOptions, '--nolazy', '--inspect=6011'], ...codeCache } },
  };
  const clientOptions: LanguageClientOptions = {
    // Only our language id: plain YAML stays with whatever YAML extension the user has (e.g. Red Hat's).
    documentSelector: [
      { scheme: 'file', language: languageId },
      { scheme: 'untitled', language: languageId },
    ],
    synchronize: { configurationSection: settingsSection },
    outputChannel: output,
    // The workspace index keeps its facts cache in this workspace's storage (issue 10).
    initializationOptions: { storagePath: context.storageUri?.fsPath },
  };
  client = new LanguageClient('policySheets', 'Policy Sheets', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState((event) => {
      if (event.newState === State.Starting) setStatus('starting');
      else if (event.newState === State.Stopped) setStatus('stopped');
    }),
    vscode.commands.registerCommand('policySheets.restartServer', async () => {
      setStatus('starting');
      await client?.restart();
    }),
    vscode.commands.registerCommand('policySheets.showOutput', () => output.show(true)),
    vscode.workspace.onDidOpenTextDocument(adoptSheet),
  );
  for (const document of vscode.workspace.textDocuments) void adoptSheet(document);
  // Export commands (issue 8): HTML / PDF / Excel.
  context.subscriptions.push(...registerExportCommands(context, () => client, output));
  // 取りまとめ and 新旧対照表 (issue 10 §2, §3): the bundled CLI's report and diff.
  context.subscriptions.push(...registerSummaryCommands(context, output));

  client.onNotification(statusNotification, (status: StatusParams) => {
    setStatus(status.state === 'ready' ? 'ready' : 'schema-error', status);
  });
  // ---- The 様式 preview (client/src/preview): rendered by the server, once it runs ----
  const started = client.start();
  context.subscriptions.push(
    new PreviewManager(context.extensionUri, async (uri) => {
      await started;
      const params: RenderParams = { textDocument: { uri } };
      return (await client!.sendRequest(renderRequest, params)) as RenderResult | null;
    }, output),
  );

  // Graded service: a large sheet gets syntax and schema checks only; say so, and offer the rest.
  const partial = new Map<string, CheckLevelParams>();
  const levelItem = vscode.languages.createLanguageStatusItem('policySheets.checkLevel', { language: languageId });
  levelItem.name = 'Policy Sheets: 検査の範囲';
  const showLevel = () => {
    const level = partial.get(vscode.window.activeTextEditor?.document.uri.toString() ?? '');
    // A large document just opened: syntax and schema are shown, the domain checks still run.
    levelItem.busy = level?.pending === true;
    levelItem.text = level?.pending ? '構文と様式を検査済み・内容を検査中' : level?.partial ? '大きい文書: 構文と様式のみ検査' : 'すべての検査';
    levelItem.detail = level?.partial ? `${level.characters.toLocaleString('ja-JP')} 文字。内容の検査は要求したときだけ行います` : undefined;
    levelItem.severity = level?.partial ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    levelItem.command = level?.partial ? { title: 'すべての検査を実行', command: 'policySheets.checkFully' } : undefined;
  };
  showLevel();
  context.subscriptions.push(
    levelItem,
    vscode.window.onDidChangeActiveTextEditor(showLevel),
    vscode.commands.registerCommand('policySheets.checkFully', async () => {
      const uri = vscode.window.activeTextEditor?.document.uri.toString();
      if (uri) await client?.sendRequest(checkFullyRequest, { uri });
    }),
  );
  client.onNotification(checkLevelNotification, (level: CheckLevelParams) => {
    partial.set(level.uri, level);
    showLevel();
  });
  try {
    await started;
  } catch (error) {
    setStatus('stopped');
    output.error(`サーバーを起動できません: ${String(error)}`);
  }
}

/**
 * Gives the `policy-yaml` language to YAML files whose first line is `様式:` (the sheet marker),
 * when the setting `policySheets.detectByFirstLine` is on. `*.sheet.yaml` is matched by extension.
 */
async function adoptSheet(document: vscode.TextDocument): Promise<void> {
  if (document.languageId !== 'yaml') return;
  if (!vscode.workspace.getConfiguration(settingsSection, document).get<boolean>('detectByFirstLine', true)) return;
  if (document.lineCount > 0 && /^\s*様式\s*:/.test(document.lineAt(0).text)) {
    await vscode.languages.setTextDocumentLanguage(document, languageId);
  }
}

function setStatus(state: 'starting' | 'ready' | 'schema-error' | 'stopped', status?: StatusParams): void {
  if (!statusItem) return;
  statusItem.busy = state === 'starting';
  switch (state) {
    case 'starting':
      statusItem.text = 'Policy Sheets: 起動中';
      statusItem.severity = vscode.LanguageStatusSeverity.Information;
      statusItem.detail = '言語サーバーを起動しています';
      break;
    case 'ready':
      statusItem.text = 'Policy Sheets: 稼働中';
      statusItem.severity = vscode.LanguageStatusSeverity.Information;
      statusItem.detail = `言語サーバー ${status?.version ?? ''}（様式 ${status?.schemas.length ?? 0} 種のスキーマを読み込み済み）`;
      break;
    case 'schema-error':
      statusItem.text = 'Policy Sheets: スキーマ異常';
      statusItem.severity = vscode.LanguageStatusSeverity.Error;
      statusItem.detail = (status?.schemas ?? []).filter((s) => !s.ok).map((s) => `${s.kind}: ${s.error}`).join(' / ');
      break;
    case 'stopped':
      statusItem.text = 'Policy Sheets: 停止';
      statusItem.severity = vscode.LanguageStatusSeverity.Error;
      statusItem.detail = '言語サーバーが止まっています（コマンド「Policy Sheets: サーバーを再起動」）';
      break;
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
