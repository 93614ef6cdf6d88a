/**
 * Custom protocol messages between the Policy Sheets client and server, imported by both sides.
 */

/**
 * The Node options the language server is started with (`node --v8-pool-size=1 dist/server.js
 * --stdio`): by the VS Code client (client/src/extension.ts), the benchmark, and in README's
 * set-up of other editors. One V8 platform thread instead of Node's default four: V8's concurrent
 * compiler and GC helpers each keep a malloc arena, and on a machine of few cores they compete with
 * the main thread. A Node option, not a V8 flag, so V8's code cache of the bundle (codeCache.ts) is
 * valid with and without it. Measured interleaved (2 cores, `NODE_OPTIONS=--v8-pool-size=1
 * BENCH_YLS=off BENCH_REPEAT=2 npm run bench` against the same without): 928 lines, writing off,
 * peak RSS 68 against 73–74 MiB, first diagnostics 71–73 against 95–99 ms, edit p95 7–9 against
 * 12 ms; writing on, 120 against 124–125 MiB; 8,636 lines, writing on, 143–148 against 151 MiB,
 * first diagnostics 158 against 177–197 ms; 34,826 lines within the noise (first diagnostics
 * 333–375 against 358–374 ms, edit p95 66–69 against 62–73).
 */
export const serverNodeOptions: readonly string[] = ['--v8-pool-size=1'];

/** Server → client notification: the server's state, shown in the language status item. */
export const statusNotification = 'policySheets/status';

/** Payload of `policySheets/status`. */
export interface StatusParams {
  /** 'ready' once the schemas are compiled; 'error' if any schema is broken. */
  state: 'ready' | 'error';
  /** Server version (package.json version). */
  version: string;
  /** Kinds whose schema compiled, and the errors of those that did not. */
  schemas: { kind: string; ok: boolean; error?: string }[];
}

/**
 * Client → server request: run every check, the domain checks included, on a document above the
 * size where they run on each edit (2,000,000 characters), and publish the result. Params
 * `CheckFullyParams`; result: the number of diagnostics published.
 */
export const checkFullyRequest = 'policySheets/checkFully';

/**
 * Server → client notification after each validation: whether a document got every check or, being
 * large, syntax and schema only (graded service); shown in the language status. `CheckLevelParams`.
 */
export const checkLevelNotification = 'policySheets/checkLevel';

/** Payload of `policySheets/checkLevel`. */
export interface CheckLevelParams {
  uri: string;
  /** True when the domain checks were left out (see `checkFullyRequest`). */
  partial: boolean;
  /** Size of the document, in characters (UTF-16 code units). */
  characters: number;
  /**
   * True for the first publication of a large just-opened document: its syntax and schema
   * diagnostics are out, the domain checks still run and the complete list follows (with another
   * `policySheets/checkLevel`).
   */
  pending?: boolean;
}

/** Params of `policySheets/checkFully`. */
export interface CheckFullyParams {
  uri: string;
}

/** Settings section read by the server (`policySheets.*`). */
export const settingsSection = 'policySheets';

/** The server's settings, normalised. */
export interface Settings {
  /** Delay in milliseconds between the last edit and validation (0–5000, default 150). */
  validationDelay: number;
  /** Per-code severity overrides: `{ "yaml/tab-indentation": "warning", "sheet/too-large": "off" }`. */
  diagnostics: Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'>;
  /** Writing checks on free text (`policySheets.writing.enabled`, default on; `false` turns them off): textlint in a worker thread. */
  writing?: boolean;
}

export const defaultSettings: Settings = { validationDelay: 150, diagnostics: {} };

const severities = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Normalises raw settings from the client (any shape) into `Settings`; never throws. */
export function normalizeSettings(raw: unknown): Settings {
  const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const delay = Number((value.validation as Record<string, unknown> | undefined)?.delay ?? value.validationDelay);
  const diagnostics: Settings['diagnostics'] = {};
  const rawDiagnostics = value.diagnostics;
  if (rawDiagnostics && typeof rawDiagnostics === 'object') {
    for (const [code, severity] of Object.entries(rawDiagnostics)) {
      if (typeof severity === 'string' && severities.has(severity)) diagnostics[code] = severity as Settings['diagnostics'][string];
    }
  }
  return {
    validationDelay: Number.isFinite(delay) ? Math.min(5000, Math.max(0, delay)) : defaultSettings.validationDelay,
    diagnostics,
    ...((value.writing as Record<string, unknown> | undefined)?.enabled === false || value.writing === false ? { writing: false } : {}),
  };
}

// ---- The 様式 preview (policySheets/render and the webview's messages) ----------------------------

/**
 * Client → server request: the sheet rendered as its 様式, as an HTML fragment, from the same
 * cached parse as the diagnostics (one parse per document version). Params `RenderParams`, result
 * `RenderResult`, or `null` when the server has no open document with that uri (the client opens
 * it, which sends didOpen, and asks again).
 */
export const renderRequest = 'policySheets/render';

/** Params of `policySheets/render`. */
export interface RenderParams {
  textDocument: { uri: string };
}

/** A YAML syntax error that stops the preview from updating (the client keeps the last good rendering). */
export interface RenderSyntaxError {
  /** 0-based line of the first syntax error (shown 1-based in the banner). */
  line: number;
  /** The Japanese message of that error, as published. */
  message: string;
}

/** Result of `policySheets/render`. */
export interface RenderResult {
  uri: string;
  /** The document version rendered; the client ignores a result older than the one it shows. */
  version: number;
  /** The 様式's printed title (e.g. 「(様式) 令和6年度末時点振り返りシート」), used for the panel title. */
  title: string;
  /** The 様式, or null for a sheet rendered as a plain key/value list. */
  kind: string | null;
  /**
   * The body HTML fragment (`renderBodyHtml`): every document string escaped, no script, no inline
   * style or handler; blocks and cells carry `data-line` / `data-start` / `data-end`.
   */
  html: string;
  /** Present when the YAML has a syntax error: the client keeps its last good rendering and shows a banner. */
  syntaxError?: RenderSyntaxError;
}

/** Banner shown by the preview while the YAML cannot be parsed (`line` 0-based). */
export function syntaxErrorBanner(error: RenderSyntaxError): string {
  return `構文エラーのため更新を停止中（${error.line + 1} 行目: ${error.message}）`;
}

/** Messages from the extension to the preview webview. */
export type ToWebviewMessage =
  /** New content: replaces the body in place (DOM morphing, no reload), keeping the scroll position. */
  | { type: 'update'; result: RenderResult; locked: boolean }
  /** Editor scrolled: show source line `line` (0-based, fractional) at the top of the preview. */
  | { type: 'scrollToLine'; line: number }
  /** The server cannot render (stopped, or an error); shown as a notice, the last rendering stays. */
  | { type: 'error'; message: string };

/** Messages from the preview webview to the extension, validated by `parseWebviewMessage`. */
export type FromWebviewMessage =
  /** The webview script has loaded (also after a reload) and wants its content. */
  | { type: 'ready' }
  /** The preview scrolled: source line `line` (0-based, may be fractional) is at its top. */
  | { type: 'revealLine'; line: number }
  /** A cell was double-clicked: select its YAML node, offsets `start`–`end` of document `version`. */
  | { type: 'selectSource'; start: number; end: number; version: number };

/** What the webview keeps with `setState` (and the serializer restores after a window reload). */
export interface PreviewState {
  uri: string;
  locked: boolean;
  /** 0-based source line at the top of the preview. */
  line?: number;
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0x7fffffff;
const isLine = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 0x7fffffff;

/**
 * Validates a message posted by the webview (untrusted: the page renders sheet content). Returns
 * the typed message, or a reason string for anything else (wrong shape, unknown type, negative or
 * non-integer offsets, start after end). Range checks against the document are the caller's.
 */
export function parseWebviewMessage(raw: unknown): FromWebviewMessage | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'not an object';
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'revealLine':
      return isLine(m.line) ? { type: 'revealLine', line: m.line } : 'revealLine: line must be a number ≥ 0';
    case 'selectSource':
      if (!isCount(m.start) || !isCount(m.end) || !isCount(m.version)) return 'selectSource: start, end and version must be integers ≥ 0';
      if (m.start > m.end) return 'selectSource: start after end';
      return { type: 'selectSource', start: m.start, end: m.end, version: m.version };
    default:
      return `unknown message type ${JSON.stringify(String(m.type)).slice(0, 40)}`;
  }
}

/** Validates a restored `PreviewState` (from the webview, after a reload); undefined if unusable. */
export function parsePreviewState(raw: unknown): PreviewState | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const s = raw as Record<string, unknown>;
  if (typeof s.uri !== 'string' || s.uri.length === 0 || s.uri.length > 4096) return undefined;
  return { uri: s.uri, locked: s.locked === true, ...(isLine(s.line) ? { line: s.line } : {}) };
}

// --- Export (issue 8) -------------------------------------------------------------------------

/**
 * Client → server request `policySheets/export`: the render model of an open sheet, from the
 * cached parse of its current version (the same one the diagnostics come from), for the export
 * commands. The client writes the file (dist/export.js, loaded on the first export). Result: null
 * when the document is not open on the server.
 */
export const exportRequest = 'policySheets/export';

/** Params of `policySheets/export`. */
export interface ExportParams {
  /** The sheet's document uri, as the client knows it. */
  uri: string;
}

/** Result of `policySheets/export`. */
export interface ExportResult {
  model: import('./service/render/model').SheetModel;
  /** The document version rendered. */
  version: number;
  /** Diagnostics of severity error in this version (after the user's severity settings). */
  errors: number;
}

// --- The workspace index (issue 10) -----------------------------------------------------------

/**
 * `initializationOptions.storagePath`: a folder the server may write for this workspace (VS Code's
 * `ExtensionContext.storageUri`, as a file system path). The workspace index keeps its facts cache
 * there (server/src/workspace/factsCache.ts); without it every start parses every sheet.
 */
export const storagePathOption = 'storagePath';

/** Reads `initializationOptions.storagePath`: an absolute path, or undefined for anything else. */
export function storagePathOf(initializationOptions: unknown): string | undefined {
  if (!initializationOptions || typeof initializationOptions !== 'object') return undefined;
  const value = (initializationOptions as Record<string, unknown>)[storagePathOption];
  return typeof value === 'string' && /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value) ? value : undefined;
}
