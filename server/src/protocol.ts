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
