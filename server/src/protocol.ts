/**
 * Custom protocol messages between the Policy Sheets client and server, imported by both sides.
 */

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

/** Settings section read by the server (`policySheets.*`). */
export const settingsSection = 'policySheets';

/** The server's settings, normalised. */
export interface Settings {
  /** Delay in milliseconds between the last edit and validation (0–5000, default 150). */
  validationDelay: number;
  /** Per-code severity overrides: `{ "yaml/tab-indentation": "warning", "sheet/too-large": "off" }`. */
  diagnostics: Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'>;
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
  };
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
