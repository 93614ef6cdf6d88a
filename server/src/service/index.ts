import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checksFor, defaultChecks, type CheckContext, type CheckRegistration } from './checks';
import { defaultParseLimits, parseSheet, type ParseLimits, type ParsedSheet } from './parse';
import { type Problem, type Severity, toDiagnostic } from './problem';
import { compileSchemas, type SchemaSources } from './schemas';
import { readKind, validateSchema, type KindInfo } from './validation';
import { DiagnosticCode } from './diagnosticCodes';
import type { SheetKind } from './kinds';
import { renderSheet, spanFactory, type SheetModel } from './render';

export { DiagnosticCode, allDiagnosticCodes } from './diagnosticCodes';
export { capDiagnostics, maxPublishedDiagnostics } from './diagnosticCap';
export { sheetKinds, type SheetKind } from './kinds';
export type { Problem, Severity } from './problem';
export type { SchemaSources } from './schemas';
export type { Check, CheckContext, CheckRegistration } from './checks';
export type * from './render/model';

/** Per-code severity override: a severity, or 'off' to drop the diagnostic. */
export type SeverityOverrides = Partial<Record<DiagnosticCode, Severity | 'off'>>;

/** Options of `createLanguageService`; everything from the host is passed in here. */
export interface LanguageServiceOptions {
  /** The JSON Schemas (plain values, as read from schemas/). */
  schemas: SchemaSources;
  /** Parse limits (size, nesting depth, alias count). */
  limits?: Partial<ParseLimits>;
  /** The domain checks to run (default: all of Policy Sheets' checks). */
  checks?: readonly CheckRegistration[];
  /**
   * Largest document (UTF-16 code units) whose domain checks run by default (default 2,000,000);
   * larger ones get syntax and schema diagnostics plus `sheet/partial-check`, and their domain
   * checks only with `{ full: true }`.
   */
  domainCheckLimit?: number;
}

/** How thoroughly to check: `full` runs the domain checks whatever the document's size. */
export interface CheckOptions {
  full?: boolean;
}

/** A parsed sheet with its kind, cached per document uri and version. */
export interface SheetDocument {
  uri: string;
  version: number;
  sheet: ParsedSheet;
  kind: KindInfo;
  /** The problems of this version, once computed (validation runs again on settings changes). */
  problems?: readonly Problem[];
  /** True when `problems` lack the domain checks (a large document, checked without `full`). */
  partial?: boolean;
  /** The render model of this version, once computed. */
  model?: SheetModel;
}

/**
 * The pure Policy Sheets language service: no `vscode`, no LSP connection, no file system. The
 * LSP server, the CLI and the tests all call it with in-memory TextDocuments.
 */
export interface LanguageService {
  /** Parses (once per uri+version; later calls hit the cache) and reads the kind. */
  getSheet(document: TextDocument): SheetDocument;
  /** All problems of a document, with offsets, sorted by position (computed once per version). */
  getProblems(document: TextDocument, options?: CheckOptions): readonly Problem[];
  /**
   * LSP Diagnostics for a document (`overrides` changes or drops severities per code). Above
   * `domainCheckLimit` characters only syntax and schema are checked unless `options.full`.
   */
  validate(document: TextDocument, overrides?: SeverityOverrides, options?: CheckOptions): Diagnostic[];
  /**
   * The sheet rendered as its 様式 (render model with source offsets and the problems of each cell),
   * from the same cached parse as the diagnostics; computed once per version.
   */
  render(document: TextDocument): SheetModel;
  /** Forgets the cached parse of a closed document. */
  forget(uri: string): void;
  /** Whether each kind's schema compiled, with the error of those that did not. */
  schemaStatus(): { kind: SheetKind; ok: boolean; error?: string }[];
}

/** Longest message sent, in characters; longer ones (quoting a huge cell) are cut with "…". */
const maxMessageLength = 500;
/** Largest `data` kept on a problem, in characters of JSON; larger data (from a huge cell) is dropped. */
const maxDataLength = 10_000;

/** Creates a language service; schemas are compiled once, here. Never throws on bad schemas. */
export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const schemas = compileSchemas(options.schemas);
  const limits: ParseLimits = { ...defaultParseLimits, ...options.limits };
  const checks = options.checks ?? defaultChecks;
  const cache = new Map<string, SheetDocument>();

  function getSheet(document: TextDocument): SheetDocument {
    const cached = cache.get(document.uri);
    const text = document.getText();
    // Keyed on the text too: a client may reuse a version number (didOpen again, v3 → v2 → v3).
    if (cached && cached.version === document.version && cached.sheet.text === text) return cached;
    const sheet = parseSheet(text, limits);
    const entry: SheetDocument = { uri: document.uri, version: document.version, sheet, kind: readKind(sheet) };
    cache.set(document.uri, entry);
    return entry;
  }

  const domainCheckLimit = options.domainCheckLimit ?? 2_000_000;

  function getProblems(document: TextDocument, check: CheckOptions = {}): readonly Problem[] {
    const entry = getSheet(document);
    const partial = !check.full && entry.sheet.text.length > domainCheckLimit;
    if (!entry.problems || (entry.partial && !partial)) {
      entry.problems = computeProblems(entry, !partial);
      entry.partial = partial;
    }
    return entry.problems;
  }

  function computeProblems({ sheet, kind }: SheetDocument, domain: boolean): Problem[] {
    const problems = [...sheet.problems];
    try {
      problems.push(...validateSchema(sheet, kind, schemas));
    } catch (error) {
      problems.push(checkFailed('スキーマ検査', error));
    }
    if (!domain) {
      problems.push({
        code: DiagnosticCode.sheetPartialCheck,
        message: `この文書は大きいため（${sheet.text.length.toLocaleString('ja-JP')} 文字）、構文と様式（スキーマ）だけを検査しました。年度・マーク・合計などの内容の検査は、コマンド「Policy Sheets: すべての検査を実行」か policy-sheets check で行えます（${domainCheckLimit.toLocaleString('ja-JP')} 文字までは入力のたびに行います）。`,
        start: 0,
        end: 0,
        severity: 'info',
      });
    } else if (kind.kind && sheet.yaml && sheet.data !== undefined && typeof sheet.data === 'object' && sheet.data !== null) {
      const derived = new Map<(context: CheckContext) => unknown, unknown>();
      const context: CheckContext = {
        sheet,
        yaml: sheet.yaml,
        data: sheet.data as Record<string, unknown>,
        kind: kind.kind,
        once<T>(derive: (context: CheckContext) => T): T {
          if (!derived.has(derive)) derived.set(derive, derive(context));
          return derived.get(derive) as T;
        },
      };
      for (const check of checksFor(kind.kind, checks)) {
        try {
          problems.push(...check(context));
        } catch (error) {
          // A check must never take the server down; report it where the user can see it.
          problems.push(checkFailed(check.name, error));
        }
      }
    }
    // A safety net for every check: a message quotes at most a few hundred characters of the
    // document (a cell can be megabytes), and quick-fix data stays small.
    for (const problem of problems) {
      if (problem.message.length > maxMessageLength) problem.message = `${problem.message.slice(0, maxMessageLength)}…`;
      if (problem.data !== undefined && JSON.stringify(problem.data).length > maxDataLength) delete problem.data;
    }
    return problems.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** A check (or the schema step) threw: reported on line 1, never silent; the other checks still ran. */
  function checkFailed(name: string, error: unknown): Problem {
    const detail = (error instanceof Error ? error.message : String(error)).slice(0, 200);
    return {
      code: DiagnosticCode.sheetCheckFailed,
      message: `検査の内部エラーです（${name}）。ほかの検査は行いました。不具合として報告してください: ${detail}`,
      start: 0,
      end: 0,
      severity: 'warning',
    };
  }

  return {
    getSheet,
    getProblems,
    validate(document, overrides = {}, check = {}) {
      const diagnostics: Diagnostic[] = [];
      for (const problem of getProblems(document, check)) {
        const override = overrides[problem.code];
        if (override === 'off') continue;
        diagnostics.push(toDiagnostic(document, override ? { ...problem, severity: override } : problem));
      }
      return diagnostics;
    },
    render(document) {
      const entry = getSheet(document);
      if (!entry.model) {
        const { sheet, kind } = entry;
        entry.model = renderSheet(
          { text: sheet.text, yaml: sheet.yaml, data: sheet.data, kind: kind.kind, declaredKind: typeof kind.written === "string" ? kind.written : undefined, span: spanFactory(sheet.text) },
          getProblems(document),
        );
      }
      return entry.model;
    },
    forget(uri) {
      cache.delete(uri);
    },
    schemaStatus() {
      return [...schemas].map(([kind, compiled]) => (compiled.ok ? { kind, ok: true } : { kind, ok: false, error: compiled.error }));
    },
  };
}
