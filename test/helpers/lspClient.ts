import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { type Diagnostic, type PublishDiagnosticsParams, WorkDoneProgress } from 'vscode-languageserver-protocol';

/** A real LSP session with a server process over stdio, for protocol tests and the benchmark. */
export interface LspSession {
  connection: MessageConnection;
  process: ChildProcess;
  /** The server's answer to `initialize` (capabilities, serverInfo). */
  initializeResult: { capabilities: Record<string, unknown>; serverInfo?: { name: string; version?: string } };
  /** Notifications of a method received so far, in order. */
  notifications: Map<string, unknown[]>;
  /** Resolves with the first publishDiagnostics for `uri` (optionally: with this document version) that satisfies `predicate`. */
  waitForDiagnostics(uri: string, predicate?: (d: Diagnostic[], params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the first notification of `method` (already received or future) that satisfies `predicate`. */
  waitForNotification<T>(method: string, timeoutMs?: number, predicate?: (params: T) => boolean): Promise<T>;
  shutdown(): Promise<void>;
}

/** Starts `command args` (default: node dist/server.js --stdio), sends initialize/initialized. */
export async function startSession(
  command = process.execPath,
  args = [resolve(__dirname, '../../dist/server.js'), '--stdio'],
  initializationOptions?: unknown,
  capabilities: Record<string, unknown> = {},
  clientInfo?: { name: string; version?: string },
  /** More initialize params (workspaceFolders, rootUri). */
  initializeParams: Record<string, unknown> = {},
): Promise<LspSession> {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr?.on('data', () => undefined);
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const notifications = new Map<string, unknown[]>();
  const diagnosticWaiters: { uri: string; predicate: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const notificationWaiters: { method: string; predicate: (p: unknown) => boolean; resolve: (p: unknown) => void }[] = [];
  connection.onNotification((method: string, params: unknown) => {
    if (!notifications.has(method)) notifications.set(method, []);
    notifications.get(method)!.push(params);
    for (const w of notificationWaiters.filter((w) => w.method === method && w.predicate(params))) {
      notificationWaiters.splice(notificationWaiters.indexOf(w), 1);
      w.resolve(params);
    }
    if (method === 'textDocument/publishDiagnostics') {
      const p = params as PublishDiagnosticsParams;
      for (const w of diagnosticWaiters.filter((w) => w.uri === p.uri && w.predicate(p.diagnostics, p))) {
        diagnosticWaiters.splice(diagnosticWaiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  // Answer workspace/configuration with nulls (defaults), as a client without settings would.
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  // Accept progress tokens and watcher registrations, as VS Code does.
  // vscode-jsonrpc routes $/progress to progress handlers, not to onNotification: record them as notifications.
  connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
      if (!notifications.has('$/progress')) notifications.set('$/progress', []);
      notifications.get('$/progress')!.push({ token: params.token, value });
    });
    return null;
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const initializeResult: LspSession['initializeResult'] = await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, initializationOptions, ...(clientInfo ? { clientInfo } : {}), ...initializeParams });
  await connection.sendNotification('initialized', {});

  function timeout<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout;
    return Promise.race([
      promise.finally(() => clearTimeout(timer)),
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
      }),
    ]);
  }

  return {
    connection,
    initializeResult,
    process: child,
    notifications,
    waitForDiagnostics(uri, predicate = () => true, timeoutMs = 10000) {
      return timeout(timeoutMs, `diagnostics for ${uri}`, new Promise((resolve) => diagnosticWaiters.push({ uri, predicate, resolve })));
    },
    waitForNotification<T>(method: string, timeoutMs = 10000, predicate: (params: T) => boolean = () => true) {
      const seen = notifications.get(method)?.find((p) => predicate(p as T));
      if (seen !== undefined) return Promise.resolve(seen as T);
      return timeout(timeoutMs, method, new Promise<T>((resolve) => notificationWaiters.push({ method, predicate: predicate as (p: unknown) => boolean, resolve: resolve as (p: unknown) => void })));
    },
    async shutdown() {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      connection.dispose();
    },
  };
}
