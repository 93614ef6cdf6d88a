import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import { checkFullyRequest, type CheckFullyParams, checkLevelNotification, type CheckLevelParams, defaultSettings, normalizeSettings, settingsSection, statusNotification, type Settings, type StatusParams } from './protocol';
import { capDiagnostics, createLanguageService, type SeverityOverrides } from './service';
import { guardedTransport } from './transport';
import { clampedTextDocuments } from './documents';
import { version } from '../../package.json';

/**
 * The Policy Sheets language server: a thin LSP adapter over the pure language service.
 * Started as `node dist/server.js --stdio` (or --node-ipc / --socket=N by the client library).
 * Debouncing lives here; the service only computes.
 */
// Guards (transport.ts, documents.ts): malformed Content-Length headers are skipped instead of
// wedging the reader; after `shutdown` requests get InvalidRequest and notifications are dropped;
// incremental changes past the end of a document are clamped before they reach its line table.
const transport = guardedTransport(process.argv, (message) => connection.console.error(message));
const connection = transport ? createConnection(ProposedFeatures.all, ...transport) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(clampedTextDocuments);
const service = createLanguageService({ schemas: bundledSchemas });

let settings: Settings = defaultSettings;
let canPullConfiguration = false;
const pending = new Map<string, NodeJS.Timeout>();

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  const initSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (initSettings !== undefined) settings = normalizeSettings(initSettings);
  return {
    capabilities: { textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental } },
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

function validate(uri: string, full = false): number {
  const document = documents.get(uri);
  if (!document) return 0;
  try {
    // At most maxPublishedDiagnostics per document, plus one that counts the rest.
    const diagnostics = capDiagnostics(service.validate(document, settings.diagnostics as SeverityOverrides, { full }));
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    const level: CheckLevelParams = { uri, partial: service.getSheet(document).partial === true, characters: document.getText().length };
    void connection.sendNotification(checkLevelNotification, level);
    return diagnostics.length;
  } catch (error) {
    // The service never throws by design; if it does, keep the server alive and say so.
    connection.console.error(`validate ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 0;
  }
}

// Large documents: the domain checks on request (graded service, see sheet/partial-check).
connection.onRequest(checkFullyRequest, (params: CheckFullyParams) => validate(params.uri, true));

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

process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
