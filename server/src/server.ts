import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeParams, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import { checkFullyRequest, type CheckFullyParams, checkLevelNotification, type CheckLevelParams, defaultSettings, normalizeSettings, settingsSection, statusNotification, type Settings, type StatusParams } from './protocol';
import { createLanguageService, type CompletionOptions, type FactItem, type SeverityOverrides } from './service';
import { bundledReadings } from './bundledReadings';
import { guardedTransport } from './transport';
import { clampedTextDocuments } from './documents';
import { version } from '../../package.json';
// Editing assistance: structure, fixes, suppression and the project file (issue 7, sections 3–5).
import { fileURLToPath } from 'node:url';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import { fixAllKind, projectConfigFileName, quickFixKind } from './service';
import { ProjectConfigFinder } from './projectConfig';
import { renderRequest, type RenderParams, type RenderResult } from './protocol';
import { renderPreview } from './preview';
import { exportRequest, type ExportParams, type ExportResult } from './protocol';
import type { Diagnostic } from 'vscode-languageserver-types';
import { configuredWritingProblems, enabledWritingRules, type WritingMessage, writingProblems, writingTexts } from './service/checks/writing';
import type { WritingRuns } from './writing/runs';
import type { Problem } from './service/problem';
import { createFactsPool, openFactsCache, WorkspaceIndex, type ScanProgress, type WorkspaceIndexHost } from './workspace';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { storagePathOf } from './protocol';
import { adaptHeap, tuneHeap } from './heapTuning';
import { codeCacheHandle, saveCodeCacheWhenIdle } from './codeCache';
import { withStartupHeapFlags } from './heapTuning';

/**
 * The Policy Sheets language server: a thin LSP adapter over the pure language service.
 * Started as `node dist/server.js --stdio` (or --node-ipc / --socket=N by the client library).
 * Debouncing lives here; the service only computes.
 */
// Memory (issue 11 §2): a frugal heap-growing factor for this process (heapTuning.ts).
tuneHeap();
// Guards (transport.ts, documents.ts): malformed Content-Length headers are skipped instead of
// wedging the reader; after `shutdown` requests get InvalidRequest and notifications are dropped;
// incremental changes past the end of a document are clamped before they reach its line table.
const transport = guardedTransport(process.argv, (message) => connection.console.error(message));
const connection = transport ? createConnection(ProposedFeatures.all, ...transport) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(clampedTextDocuments);
const service = createLanguageService({ schemas: bundledSchemas, readings: bundledReadings });

let settings: Settings = defaultSettings;
let canPullConfiguration = false;
const pending = new Map<string, NodeJS.Timeout>();

connection.onInitialize((params): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  const initSettings = (params.initializationOptions as { settings?: unknown } | undefined)?.settings;
  if (initSettings !== undefined) settings = normalizeSettings(initSettings);
  completionOptions = completionOptionsFor(params);
  // Writing checks on (the default, unless the client's initialization options turn them off): their
  // modules load while initializing, as they did with the bundle, not in the first validation after
  // the open (its diagnostics would wait for them).
  if (settings.writing !== false) writingRuns();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      // Completion and hover (issue 7 §1–2): keys on ' ' after "- ", values after "key: ", flow entries.
      completionProvider: { triggerCharacters: [' ', '{', ','], resolveProvider: false },
      hoverProvider: true,
      ...editingCapabilities(params),
      ...workspaceCapabilities(params),
    },
    serverInfo: { name: 'policy-sheets', version },
  };
});

connection.onInitialized(async () => {
  watchProjectConfigs();
  startWorkspaceIndex();
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

/** The service never throws by design; if it does, the server stays alive and says so in its log. */
function validationFailed(uri: string, error: unknown): void {
  connection.console.error(`validate ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

function validate(uri: string, full = false): number {
  const document = documents.get(uri);
  if (!document) return 0;
  try {
    const structural = service.publishable(document, overridesFor(uri), { full, workspace: workspaceIndex });
    // One publication per validation: the structural diagnostics with the writing findings already
    // known for the unchanged prose (so they neither flicker nor cost a second publication).
    const writing = settings.writing !== false ? prepareWriting(document, structural) : undefined;
    // At most maxPublishedDiagnostics per document, plus one that counts the rest.
    const diagnostics = writing ? writing.diagnostics : service.publish(document, structural);
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    if (writing) {
      // After this publication is written (its write is queued first), and only if no edit came meanwhile.
      const version = document.version;
      setImmediate(() => {
        if (documents.get(uri) === document && document.version === version) writing.request();
      });
    }
    const level: CheckLevelParams = { uri, partial: service.getSheet(document).partial === true, characters: document.getText().length };
    void connection.sendNotification(checkLevelNotification, level);
    itemsChanged(document);
    return diagnostics.length;
  } catch (error) {
    // The service never throws by design; if it does, keep the server alive and say so.
    validationFailed(uri, error);
    return 0;
  }
}

// Large documents: the domain checks on request (graded service, see sheet/partial-check).
connection.onRequest(checkFullyRequest, (params: CheckFullyParams) => validate(params.uri, true));

// Writing checks (issue 9 §3): after the structural diagnostics are out, the prose goes to a worker
// thread (server/src/writing/runs.ts schedules it: changed texts only, nearest the edit first, the
// rules without the morphological dictionary first); each answer for the current version is
// published with the structural diagnostics of that version. Findings already known for unchanged
// texts are published at once with them, so they do not flicker on every keystroke.
let loadedWritingRuns: WritingRuns | undefined;
/**
 * The writing checks' scheduler and its worker (./writing/runs.ts, ./writing/index.ts), loaded at
 * `initialize` unless its options turn the writing checks off, else at the first validation after they
 * are turned on (memory, issue 11 §2): with them off, prh, js-yaml (and esprima, which js-yaml loads when
 * it finds it) are never initialised. The worker thread itself starts later, with the first request.
 */
function writingRuns(): WritingRuns {
  if (loadedWritingRuns) return loadedWritingRuns;
  const { WritingRuns: Runs } = require('./writing/runs') as typeof import('./writing/runs');
  const { createWritingChecker } = require('./writing') as typeof import('./writing');
  loadedWritingRuns = new Runs(createWritingChecker(), { report: (message) => connection.console.warn(message) });
  return loadedWritingRuns;
}
const writingGeneration = new Map<string, number>();
/** Per document: the writing messages last published (their signature), to publish only what changed. */
const writingPublished = new Map<string, string>();
const writingSignature = (messages: readonly WritingMessage[]) => messages.map((m) => `${m.index}:${m.ruleId}:${m.start}:${m.end}`).join(';');
/**
 * Quiet (ms) after the last validation of an opened or edited version, before the writing backlog
 * (a first pass over the whole sheet, texts an edit did not bring) goes on to the worker: the worker
 * thread, its dictionary's load, its garbage collection and its results do not run beside a burst of
 * edits, the first edits after an open included.
 */
const writingQuietMs = 500;
/** When a validation last saw a new version of an open document (ms, Date.now), and the versions seen. */
let writingLastEdit = 0;
const writingVersions = new Map<string, number>();
/** Resolves once no validation is pending and none saw a new version in the last `writingQuietMs`. */
function writingQuiet(): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const wait = writingLastEdit + writingQuietMs - Date.now();
      if (wait <= 0 && pending.size === 0) resolve();
      else setTimeout(check, wait > 0 ? wait : 50).unref();
    };
    check();
  });
}

/**
 * The writing side of one validation: the diagnostics to publish now (structural + known writing
 * findings, capped), and `request()`, which hands the changed prose to the worker; each answer that
 * changes the document's writing findings is published with the same structural diagnostics.
 */
function prepareWriting(document: TextDocument, structural: readonly Problem[]): { diagnostics: Diagnostic[]; request(): void } {
  const overrides = overridesFor(document.uri);
  const texts = writingTexts(service.getSheet(document).sheet);
  const rules = enabledWritingRules(overrides);
  const withWriting = (messages: WritingMessage[]) =>
    service.publish(document, structural, configuredWritingProblems(writingProblems(texts, messages), overrides));
  const runs = writingRuns();
  const known = runs.known(document.uri, texts, rules);
  const knownRevision = runs.revision(document.uri);
  const seen = writingVersions.get(document.uri);
  // A first validation (an open) counts as an edit: its first pass waits for quiet too.
  if (seen !== document.version) writingLastEdit = Date.now();
  writingVersions.set(document.uri, document.version);
  writingPublished.set(document.uri, writingSignature(known));
  return {
    diagnostics: withWriting(known),
    request() {
      // Current while no later validation of the document happened (a re-validation of the same version
      // can change its structural diagnostics, e.g. when another sheet's items change).
      const generation = (writingGeneration.get(document.uri) ?? 0) + 1;
      writingGeneration.set(document.uri, generation);
      // Not current either while a validation of the document is pending: what comes in meanwhile is
      // published with that validation's diagnostics (its `known`), not before them.
      const isCurrent = () => writingGeneration.get(document.uri) === generation && documents.get(document.uri)?.version === document.version && !pending.has(document.uri);
      const publish = (messages: WritingMessage[]) => {
        const signature = writingSignature(messages);
        if (writingPublished.get(document.uri) === signature) return;
        writingPublished.set(document.uri, signature);
        void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: withWriting(messages) });
      };
      runs.request({ uri: document.uri, text: document.getText(), texts, rules, isCurrent, publish, knownRevision, quiet: writingQuiet });
    },
  };
}
documents.onDidClose((event) => {
  loadedWritingRuns?.forget(event.document.uri);
  writingGeneration.delete(event.document.uri);
  writingPublished.delete(event.document.uri);
  writingVersions.delete(event.document.uri);
  adaptHeapToOpenSheets();
});

/**
 * The heap's growth for the largest open sheet (heapTuning.ts), chosen when a sheet opens, changes or
 * closes, before it is parsed: a large sheet parsed with the small sheets' young generation promotes
 * much of its garbage (open 3.0 → 3.5–4.0 s at 34,826 lines).
 */
function adaptHeapToOpenSheets(): void {
  adaptHeap(Math.max(0, ...documents.all().map((d) => d.getText().length)));
}

// TextDocuments fires onDidChangeContent for the open too; a just-opened document is validated at once.
const justOpened = new Set<string>();
documents.onDidOpen((event) => justOpened.add(event.document.uri));
documents.onDidChangeContent((event) => {
  adaptHeapToOpenSheets();
  if (!justOpened.delete(event.document.uri)) return schedule(event.document, settings.validationDelay);
  if (event.document.getText().length < stagedOpenCharacters) return schedule(event.document, 0);
  // The complete check once the first stage is written: a timer set now could fire before the
  // connection's queued write, and the first stage would reach the client only with the second.
  const written = validateStructure(event.document.uri);
  const complete = () => schedule(event.document, 0);
  written.then(complete, complete);
});

/**
 * From this size (characters) a just-opened document is published in two stages: syntax and schema
 * at once, then the complete list. The domain checks and facts of a cold server take as long again as
 * the parse (about 0.6 s more at 9,000 lines); the structural findings need not wait for them.
 */
const stagedOpenCharacters = 50_000;

/**
 * The first stage of a large just-opened document: its syntax and schema diagnostics, published at
 * once. Resolves when the publication is written (at once when there is nothing to publish).
 */
function validateStructure(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return Promise.resolve();
  try {
    const diagnostics = service.publish(document, service.publishable(document, overridesFor(uri), { stage: 'structure' }));
    const published = connection.sendDiagnostics({ uri, version: document.version, diagnostics });
    const level: CheckLevelParams = { uri, partial: false, characters: document.getText().length, pending: true };
    const told = connection.sendNotification(checkLevelNotification, level);
    return Promise.all([published, told]).then(() => undefined);
  } catch (error) {
    validationFailed(uri, error);
    return Promise.resolve();
  }
}
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

// --- Editing assistance: outline, folding, selection, code actions; suppression and .policy-sheets.yaml.
// Severities: the project file nearest above the document, with the user's setting over it.

let configFinder = new ProjectConfigFinder();
let canWatchFiles = false;
const reportedConfigProblems = new Set<string>();

function editingCapabilities(params: InitializeParams) {
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  const roots = (params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri ? [params.rootUri] : []);
  configFinder = new ProjectConfigFinder(roots.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u)));
  return {
    documentSymbolProvider: { label: 'Policy Sheets' },
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    codeActionProvider: { codeActionKinds: [quickFixKind, fixAllKind], resolveProvider: false },
  };
}

/** The severity overrides of a document: its project file's, then the user's setting over them. */
function overridesFor(uri: string): SeverityOverrides {
  let project: SeverityOverrides = {};
  if (uri.startsWith('file:')) {
    try {
      const config = configFinder.forFile(fileURLToPath(uri));
      if (config) {
        project = config.diagnostics;
        const key = `${config.path}\n${config.problems.map((p) => p.message).join('\n')}`;
        if (config.problems.length > 0 && !reportedConfigProblems.has(key)) {
          reportedConfigProblems.add(key);
          for (const p of config.problems) connection.console.warn(`${config.path}: ${p.message}`);
          void connection.window.showWarningMessage(`${projectConfigFileName}: ${config.problems[0]!.message}`);
        }
      }
    } catch (error) {
      connection.console.warn(`${projectConfigFileName}: ${String(error)}`);
    }
  }
  return { ...project, ...(settings.diagnostics as SeverityOverrides) };
}

/** Asks the client to report changes of project files (called once initialized). */
function watchProjectConfigs(): void {
  if (canWatchFiles) {
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${projectConfigFileName}` }] })
      .catch((error: unknown) => connection.console.warn(`${projectConfigFileName} の監視を登録できません: ${String(error)}`));
  }
}

connection.onDidChangeWatchedFiles((change) => {
  sheetsChangedOnDisk(change.changes);
  if (!change.changes.some((c) => c.uri.endsWith(`/${projectConfigFileName}`))) return;
  configFinder.clear();
  reportedConfigProblems.clear();
  for (const document of documents.all()) schedule(document, 0);
});

/** Runs a request handler; a failure is logged and answered with `fallback`, never a crash. */
function guarded<T>(what: string, fallback: T, run: () => T): T {
  try {
    return run();
  } catch (error) {
    connection.console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return fallback;
  }
}

connection.onDocumentSymbol((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? guarded('documentSymbol', [], () => service.documentSymbols(document)) : [];
});

connection.onFoldingRanges((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? guarded('foldingRange', [], () => service.foldingRanges(document)) : [];
});

connection.onSelectionRanges((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? guarded('selectionRange', [], () => service.selectionRanges(document, params.positions)) : [];
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  return guarded('codeAction', [], () =>
    service.codeActions(document, { range: params.range, diagnostics: params.context.diagnostics, only: params.context.only }, overridesFor(document.uri)),
  );
});

// ---- The 様式 preview: policySheets/render from the cached parse (see preview.ts) ----
connection.onRequest(renderRequest, (params: RenderParams): RenderResult | null => {
  const document = documents.get(params?.textDocument?.uri);
  if (!document) return null;
  return renderPreview(service, document, overridesFor(document.uri));
});

// Export (issue 8): the render model of an open sheet, from the same cached parse as the diagnostics.
connection.onRequest(exportRequest, (params: ExportParams): ExportResult | null => {
  const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
  if (!document) return null;
  try {
    const errors = service.validate(document, overridesFor(document.uri)).filter((d) => d.severity === 1).length;
    return { model: service.render(document), version: document.version, errors };
  } catch (error) {
    connection.console.error(`export ${params.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return null;
  }
});

// ---- The workspace (issue 10 §1–2): every sheet of the workspace folders, cross-document navigation ----

// Files on disk are parsed in worker threads (./workspace/factsPool.ts); if a worker fails, here.
const factsPool = createFactsPool();
let factsPoolFailed = false;
const workspaceHost: WorkspaceIndexHost = {
  factsOfText: (uri, text) =>
    factsPool.facts(uri, text).catch((error: unknown) => {
      if (!factsPoolFailed) connection.console.warn(`workspace index: facts worker failed, parsing on the main thread (${error instanceof Error ? error.message : String(error)})`);
      factsPoolFailed = true;
      return service.factsOfText(uri, text);
    }),
  concurrency: factsPool.size * 2,
  facts: (document) => service.facts(document),
  openDocuments: () => documents.all(),
  report: (message) => connection.console.warn(message),
};
const workspaceIndex = new WorkspaceIndex(workspaceHost);
let workspaceFolders: string[] = [];
let workspaceReady: Promise<unknown> = Promise.resolve();
let storagePath: string | undefined;
let canFollowFolders = false;

function workspaceCapabilities(params: InitializeParams) {
  const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = roots.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  storagePath = storagePathOf(params.initializationOptions);
  canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
  return {
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    workspaceSymbolProvider: true,
    // Folders added to or removed from the workspace at run time are indexed or dropped.
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

/** Runs `work` under a $/progress bar titled 「Policy Sheets: シートの索引」 (done / total as it goes). */
async function withIndexProgress<T>(message: string, work: (progress: ScanProgress) => Promise<T>): Promise<T> {
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('Policy Sheets: シートの索引', 0, message, false);
  try {
    // One report per percent (and the last): 1,000 files do not make 1,000 notifications.
    let shown = -1;
    return await work((done, total) => {
      const percent = Math.floor((done / total) * 100);
      if (percent === shown && done !== total) return;
      shown = percent;
      progress.report(percent, `${done} / ${total}`);
    });
  } finally {
    progress.done();
  }
}

/**
 * Indexes the workspace folders in the background with $/progress, then re-checks the open sheets.
 * With a storage folder from the client, facts of unchanged files come from the facts cache there.
 */
function startWorkspaceIndex(): void {
  if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
  followWorkspaceFolders();
  if (workspaceFolders.length === 0) return;
  workspaceReady = (async () => {
    if (storagePath) workspaceHost.store = openFactsCache(join(storagePath, 'sheet-index'), buildStamp(), (message) => connection.console.warn(message));
    const started = Date.now();
    const count = await withIndexProgress('フォルダを探しています…', (progress) => workspaceIndex.scan(workspaceFolders, progress));
    connection.console.info(`workspace: ${count} sheets indexed in ${Date.now() - started} ms (${workspaceIndex.counts.parsed} files parsed, ${workspaceIndex.counts.cached} from the facts cache)`);
    for (const document of documents.all()) schedule(document, 0);
  })().catch((error: unknown) => connection.console.error(`workspace index: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
}

/** The facts cache's stamp: this server's version and build (facts of another build are not used). */
function buildStamp(): string {
  try {
    const build = statSync(__filename);
    return `${version}-${build.size}-${Math.round(build.mtimeMs)}`;
  } catch {
    return version;
  }
}

/** workspace/didChangeWorkspaceFolders: removed folders leave the index, added ones are read (after any running scan). */
function followWorkspaceFolders(): void {
  if (!canFollowFolders) return;
  connection.workspace.onDidChangeWorkspaceFolders((event) => {
    const paths = (folders: readonly { uri: string }[]) => folders.map((f) => f.uri).filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    const added = paths(event.added);
    const removed = paths(event.removed);
    workspaceReady = workspaceReady
      .then(async () => {
        const dropped = workspaceIndex.removeFolders(removed);
        const count = added.length > 0 ? await withIndexProgress('追加したフォルダを読んでいます…', (progress) => workspaceIndex.addFolders(added, progress)) : 0;
        connection.console.info(`workspace folders: ${count} sheets added, ${dropped} dropped`);
        if (count > 0 || dropped > 0) for (const document of documents.all()) schedule(document, 0);
      })
      .catch((error: unknown) => connection.console.error(`workspace folders: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
  });
}

let storeTimer: NodeJS.Timeout | undefined;

/** Files changed on disk: re-read them, then re-check the open sheets (their references may resolve now). */
function sheetsChangedOnDisk(changes: readonly { uri: string; type: 1 | 2 | 3 }[]): void {
  workspaceReady = workspaceReady
    .then(() => workspaceIndex.changed(changes))
    .then((any) => {
      if (!any) return;
      for (const document of documents.all()) schedule(document, 0);
      // The cache is one file: written a few seconds after the last change, not on every save.
      if (storeTimer) clearTimeout(storeTimer);
      storeTimer = setTimeout(() => workspaceIndex.saveStore(), 3000).unref();
    })
    .catch((error: unknown) => connection.console.error(`workspace index: ${String(error)}`));
}
connection.onShutdown(async () => {
  if (storeTimer) clearTimeout(storeTimer);
  workspaceIndex.saveStore();
  await factsPool.dispose();
});

/** Per document: the items (labels, ids, names) of its last check, to tell whether they changed. */
const itemLists = new Map<string, readonly FactItem[]>();
const sameItem = (a: FactItem, b: FactItem) => a.label === b.label && a.id === b.id && a.name === b.name;

/**
 * After a document is checked: if its ids or titles changed, the other open sheets are checked again
 * (their references may resolve differently). Compared item by item, without building a string of the
 * whole sheet; nothing to compare while no other sheet is open.
 */
function itemsChanged(document: TextDocument): void {
  const others = documents.all().filter((other) => other.uri !== document.uri);
  if (others.length === 0) {
    itemLists.delete(document.uri);
    return;
  }
  const items = service.facts(document).items;
  const before = itemLists.get(document.uri);
  itemLists.set(document.uri, items);
  if (before && before.length === items.length && before.every((item, i) => sameItem(item, items[i]!))) return;
  for (const other of others) schedule(other, settings.validationDelay);
}
documents.onDidClose((event) => itemLists.delete(event.document.uri));

connection.onDefinition((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? guarded('definition', [], () => service.definition(document, params.position, workspaceIndex)) : [];
});

connection.onReferences((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? guarded('references', [], () => service.references(document, params.position, workspaceIndex, params.context.includeDeclaration)) : [];
});

connection.onPrepareRename((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? guarded('prepareRename', null, () => service.prepareRename(document, params.position, workspaceIndex)) : null;
});

connection.onRenameRequest((params) => {
  const document = documents.get(params.textDocument.uri);
  return document ? guarded('rename', null, () => service.rename(document, params.position, params.newName, workspaceIndex)) : null;
});

connection.onWorkspaceSymbol((params) => guarded('workspaceSymbol', [], () => service.workspaceSymbols(params.query, workspaceIndex)));

// ---- Start-up (issue 11 §2): V8's code cache of this bundle (codeCache.ts) is written once the first
// opened sheet is checked and the server is idle; the next start compiles neither the bundle nor the
// functions of a validation.
let codeCacheReported = false;
documents.onDidOpen(() => {
  const cache = codeCacheHandle();
  if (cache && !codeCacheReported) connection.console.info(`code cache: ${cache.status} (bundle compiled in ${cache.compileMs.toFixed(0)} ms; ${cache.file ?? 'off'})`);
  codeCacheReported = true;
  saveCodeCacheWhenIdle(() => pending.size === 0, withStartupHeapFlags);
});

process.on('uncaughtException', (error) => connection.console.error(`uncaught: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
