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
import type { CompletionList, Hover, Position } from 'vscode-languageserver-types';
import { complete, readingIndex, toCompletionList, type CompletionOptions, type Readings } from './completion';
import { hover, toHover } from './hover';
import { createSchemaNavigator } from './schemaNav';

export { DiagnosticCode, allDiagnosticCodes } from './diagnosticCodes';
export { sheetKinds, type SheetKind } from './kinds';
export type { Problem, Severity } from './problem';
export type { SchemaSources } from './schemas';
export type { Check, CheckContext, CheckRegistration } from './checks';
export type * from './render/model';
export type { CompletionOptions, Readings } from './completion';

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
  /** Readings of keys and names for completion's romaji/English matching (schemas/readings.json). */
  readings?: Readings;
}

/** A parsed sheet with its kind, cached per document uri and version. */
export interface SheetDocument {
  uri: string;
  version: number;
  sheet: ParsedSheet;
  kind: KindInfo;
  /** The problems of this version, once computed (validation runs again on settings changes). */
  problems?: readonly Problem[];
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
  getProblems(document: TextDocument): readonly Problem[];
  /** LSP Diagnostics for a document (`overrides` changes or drops severities per code). */
  validate(document: TextDocument, overrides?: SeverityOverrides): Diagnostic[];
  /**
   * The sheet rendered as its 様式 (render model with source offsets and the problems of each cell),
   * from the same cached parse as the diagnostics; computed once per version.
   */
  render(document: TextDocument): SheetModel;
  /** Completion items at a position (keys, values, whole new items), from the cached parse. */
  complete(document: TextDocument, position: Position, options: CompletionOptions): CompletionList;
  /** Hover at a position: the field's title and description, years, indicators, 再掲 and amounts. */
  hover(document: TextDocument, position: Position): Hover | null;
  /** Forgets the cached parse of a closed document. */
  forget(uri: string): void;
  /** Whether each kind's schema compiled, with the error of those that did not. */
  schemaStatus(): { kind: SheetKind; ok: boolean; error?: string }[];
}

/** Creates a language service; schemas are compiled once, here. Never throws on bad schemas. */
export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const schemas = compileSchemas(options.schemas);
  const limits: ParseLimits = { ...defaultParseLimits, ...options.limits };
  const checks = options.checks ?? defaultChecks;
  const cache = new Map<string, SheetDocument>();
  const navigator = createSchemaNavigator({ common: options.schemas.common, kinds: Object.fromEntries([...schemas].filter(([, c]) => c.ok).map(([kind]) => [kind, options.schemas.kinds[kind]])) });
  const terms = readingIndex(options.readings ?? {});

  function getSheet(document: TextDocument): SheetDocument {
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    const sheet = parseSheet(document.getText(), limits);
    const entry: SheetDocument = { uri: document.uri, version: document.version, sheet, kind: readKind(sheet) };
    cache.set(document.uri, entry);
    return entry;
  }

  function getProblems(document: TextDocument): readonly Problem[] {
    const entry = getSheet(document);
    entry.problems ??= computeProblems(entry);
    return entry.problems;
  }

  function computeProblems({ sheet, kind }: SheetDocument): Problem[] {
    const problems = [...sheet.problems, ...validateSchema(sheet, kind, schemas)];
    if (kind.kind && sheet.yaml && sheet.data !== undefined && typeof sheet.data === 'object' && sheet.data !== null) {
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
          problems.push({
            code: DiagnosticCode.sheetCheckFailed,
            message: `検査の内部エラーです（${check.name}）。ほかの検査は行いました。不具合として報告してください: ${error instanceof Error ? error.message : String(error)}`,
            start: 0,
            end: 0,
            severity: 'warning',
          });
        }
      }
    }
    return problems.sort((a, b) => a.start - b.start || a.end - b.end);
  }

  return {
    getSheet,
    getProblems,
    validate(document, overrides = {}) {
      const diagnostics: Diagnostic[] = [];
      for (const problem of getProblems(document)) {
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
    complete(document, position, completionOptions) {
      const { sheet, kind } = getSheet(document);
      const suggestions = complete({ text: sheet.text, data: sheet.data, kind: kind.kind, navigator, terms }, document.offsetAt(position), completionOptions);
      return toCompletionList(document, suggestions, completionOptions);
    },
    hover(document, position) {
      const { sheet, kind } = getSheet(document);
      const found = hover({ text: sheet.text, yaml: sheet.yaml, data: sheet.data, kind: kind.kind, navigator }, document.offsetAt(position));
      return found ? toHover(document, found) : null;
    },
    forget(uri) {
      cache.delete(uri);
    },
    schemaStatus() {
      return [...schemas].map(([kind, compiled]) => (compiled.ok ? { kind, ok: true } : { kind, ok: false, error: compiled.error }));
    },
  };
}
