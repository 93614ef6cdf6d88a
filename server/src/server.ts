import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import { defaultSettings, normalizeSettings, settingsSection, statusNotification, type Settings, type StatusParams } from './protocol';
import { createLanguageService, type CompletionOptions, type SeverityOverrides } from './service';
import { bundledReadings } from './bundledReadings';
import { version } from '../../package.json';

/**
 * The Policy Sheets language server: a thin LSP adapter over the pure language service.
 * Started as `node dist/server.js --stdio` (or --node-ipc / --socket=N by the client library).
 * Debouncing lives here; the service only computes.
 */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const service = createLanguageService({ schemas: bundledSchemas, readings: bundledReadings });

let settings: Settings = defaultSettings;
let canPullConfiguration = false;
const pending = new Map<string, NodeJS.Timeout>();

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  const initSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (initSettings !== undefined) settings = normalizeSettings(initSettings);
  completionOptions = completionOptionsFor(params);
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      // Completion and hover (issue 7 §1–2): keys on ' ' after "- ", values after "key: ", flow entries.
      completionProvider: { triggerCharacters: [' ', '{', ','], resolveProvider: false },
      hoverProvider: true,
    },
    serverInfo: { name: 'policy-sheets', version },
  };
});

connection.onInitialized(async () => {
  await refreshSettings();
  const schemas = service.schemaStatus();
  const status: StatusParams = { state: schemas.every((s) => s.ok) ? 'ready' : 'error', version, schemas };
  void connection.sendNotification(statusNotification, status);
  for (const s of schemas) if (!s.ok) connection.console.error(`schema ${s.kind}: ${s.error}`);
});

async function refreshSettings(): Promise<void> {
  if (!canPullConfiguration) return;
  try {
    settings = normalizeSettings(await connection.workspace.getConfiguration(settingsSection));
  } catch (error) {
    connection.console.warn(`settings: ${String(error)}`);
  }
}

connection.onDidChangeConfiguration(async (change) => {
  if (canPullConfiguration) await refreshSettings();
  else settings = normalizeSettings((change.settings as Record<string, unknown> | undefined)?.[settingsSection]);
  for (const document of documents.all()) schedule(document, 0);
});

/** Validates after `delay` ms of quiet; a newer edit cancels the pending run. */
function schedule(document: TextDocument, delay: number): void {
  const previous = pending.get(document.uri);
  if (previous) clearTimeout(previous);
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      validate(document.uri);
    }, delay),
  );
}

function validate(uri: string): void {
  const document = documents.get(uri);
  if (!document) return;
  try {
    const diagnostics = service.validate(document, settings.diagnostics as SeverityOverrides);
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  } catch (error) {
    // The service never throws by design; if it does, keep the server alive and say so.
    connection.console.error(`validate ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

// TextDocuments fires onDidChangeContent for the open too; a just-opened document is validated at once.
const justOpened = new Set<string>();
documents.onDidOpen((event) => justOpened.add(event.document.uri));
documents.onDidChangeContent((event) => schedule(event.document, justOpened.delete(event.document.uri) ? 0 : settings.validationDelay));
documents.onDidClose((event) => {
  const timer = pending.get(event.document.uri);
  if (timer) clearTimeout(timer);
  pending.delete(event.document.uri);
  service.forget(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

// ---- Completion and hover (issue 7 §1–2): look the document up, ask the service, answer. ----

let completionOptions: CompletionOptions = { snippets: false };

/** What the client can take: snippets, and VS Code's command to suggest again after a key. */
function completionOptionsFor(params: InitializeParams): CompletionOptions {
  const snippets = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  // editor.action.triggerSuggest exists only in VS Code and its builds (code-server, VSCodium).
  const vscode = /code|codium/i.test(params.clientInfo?.name ?? '');
  return vscode ? { snippets, retrigger: { title: '候補を表示', command: 'editor.action.triggerSuggest' } } : { snippets };
}

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  try {
    return service.complete(document, params.position, completionOptions);
  } catch (error) {
    connection.console.error(`completion ${params.textDocument.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return null;
  }
});

connection.onHover((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  try {
    return service.hover(document, params.position);
  } catch (error) {
    connection.console.error(`hover ${params.textDocument.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return null;
  }
});

process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
