import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import { defaultSettings, normalizeSettings, settingsSection, statusNotification, type Settings, type StatusParams } from './protocol';
import { exportRequest, type ExportParams, type ExportResult } from './protocol';
import { createLanguageService, type SeverityOverrides } from './service';
import { version } from '../../package.json';

/**
 * The Policy Sheets language server: a thin LSP adapter over the pure language service.
 * Started as `node dist/server.js --stdio` (or --node-ipc / --socket=N by the client library).
 * Debouncing lives here; the service only computes.
 */
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
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

// Export (issue 8): the render model of an open sheet, from the same cached parse as the diagnostics.
connection.onRequest(exportRequest, (params: ExportParams): ExportResult | null => {
  const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
  if (!document) return null;
  try {
    const errors = service.validate(document, settings.diagnostics as SeverityOverrides).filter((d) => d.severity === 1).length;
    return { model: service.render(document), version: document.version, errors };
  } catch (error) {
    connection.console.error(`export ${params.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return null;
  }
});

process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
