import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checksFor, defaultChecks, type CheckContext, type CheckRegistration } from './checks';
import { defaultParseLimits, type ParseLimits, type ParsedSheet } from './parse';
import { type Problem, type Severity, toDiagnostic } from './problem';
import { compileSchemas, type SchemaSources } from './schemas';
import { readKind, validateSchema, type KindInfo } from './validation';
import { DiagnosticCode } from './diagnosticCodes';
import type { SheetKind } from './kinds';
import { renderSheet, spanFactory, type SheetModel } from './render';
import { withoutRecoveredFindings } from './checks/recovery';
import type { CompletionList, Hover, Position } from 'vscode-languageserver-types';
import { complete, readingIndex, toCompletionList, type CompletionOptions, type Readings } from './completion';
import { hover, toHover } from './hover';
import { createSchemaNavigator } from './schemaNav';
// Editing assistance: structure, fixes and suppression (issue 7, sections 3–5).
import type { CodeAction, DocumentSymbol, FoldingRange, SelectionRange } from 'vscode-languageserver-types';
import { codeActions, type CodeActionRequest } from './codeActions';
import { applyEdits, attachFixes, compatibleFixes, indexScalars } from './fixes';
import { foldingRanges } from './folding';
import { selectionRanges } from './selectionRanges';
import { applySuppressions } from './suppression';
import { documentSymbols } from './symbols';
// The workspace: per-file facts and cross-document resolution (issue 10 §1–2).
import type { Location, Position as LspPosition, Range as LspRange, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-types';
import { factsOf, factsOfText, type SheetFacts } from './facts';
import { crossDocumentProblems, definition, prepareRename, references, rename, workspaceSymbols, type WorkspaceView } from './workspace';
// Edit latency (issue 11 §2): incremental parse.
import { reparseSheet } from './incrementalParse';
// First parse of a large sheet: item by item (issue 11 §2, first diagnostics).
import { parseSheetFirst } from './itemwiseParse';
// Edit latency (issue 11 §2): only the published diagnostics are converted.
import { maxPublishedDiagnostics, publishedDiagnostics } from './diagnosticCap';
// Edit latency (issue 11 §2): the Diagnostics of unchanged problems are reused, not made again.
import { DiagnosticReuse } from './diagnosticReuse';

export { DiagnosticCode, allDiagnosticCodes } from './diagnosticCodes';
export { capDiagnostics, maxPublishedDiagnostics } from './diagnosticCap';
export { sheetKinds, type SheetKind } from './kinds';
export type { Problem, Severity } from './problem';
export type { SchemaSources } from './schemas';
export type { Check, CheckContext, CheckRegistration } from './checks';
export type * from './render/model';
export type { CompletionOptions, Readings } from './completion';
export { fixAllKind, quickFixKind, type CodeActionRequest } from './codeActions';
export type { Fix, OffsetEdit, DiagnosticFix } from './problem';
export { readProjectConfig, projectConfigFileName, type ProjectConfig } from './config';
export type { SheetFacts, FactItem, FactReference } from './facts';
export type { WorkspaceView } from './workspace';

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
  /**
   * Largest document (UTF-16 code units) whose domain checks run by default (default 2,000,000);
   * larger ones get syntax and schema diagnostics plus `sheet/partial-check`, and their domain
   * checks only with `{ full: true }`.
   */
  domainCheckLimit?: number;
  /**
   * Whether problems carry their quick fixes (`Problem.fix`; default true). A caller that never
   * applies or shows fixes (the CLI's `check` without `--fix`) passes false and skips computing them.
   */
  fixes?: boolean;
  /**
   * Whether the checks keep their per-item results for the next version of a document (default
   * true; checks/itemMemo.ts). A caller that checks each document once (the CLI's `check`) passes
   * false: nothing is stored or looked up, the findings are the same (measured on 240 sheets: the
   * checks' CPU 3.6 → 2.6 s on one thread).
   */
  itemMemos?: boolean;
}

/** How thoroughly to check: `full` runs the domain checks whatever the document's size. */
export interface CheckOptions {
  full?: boolean;
  /**
   * `'structure'`: only the syntax and schema problems (suppressions and fixes applied, no domain
   * or cross-document checks, no sheet/partial-check note), for a first publication while the
   * domain checks of a just-opened document still run. Kept apart from the version's complete
   * problems, whose schema step reuses them.
   */
  stage?: 'structure';
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
  /** The syntax and schema problems of this version (stage 'structure'), once computed. */
  structureProblems?: readonly Problem[];
  /** The schema step's problems of this version, shared by both stages. */
  schemaProblems?: readonly Problem[];
  /** The render model of this version, once computed. */
  model?: SheetModel;
  /** The workspace facts of this version, once computed. */
  facts?: SheetFacts;
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
   * `domainCheckLimit` characters only syntax and schema are checked unless `options.full`. With
   * `withFixes: true` each fixable diagnostic carries its fix as `data.fix` (DiagnosticFix).
   */
  validate(document: TextDocument, overrides?: SeverityOverrides, options?: CheckOptions & { withFixes?: boolean; workspace?: WorkspaceView }): Diagnostic[];
  /**
   * The problems `validate` turns into diagnostics (same options; severities overridden, those
   * turned off removed), in the same order, still with offsets: for `publish`, which converts only
   * what it publishes.
   */
  publishable(document: TextDocument, overrides?: SeverityOverrides, options?: CheckOptions & { workspace?: WorkspaceView }): Problem[];
  /**
   * What the server publishes: `capDiagnostics` of `publishable`'s problems converted with their
   * fixes (`data.fix`) followed by `extra` (e.g. the writing findings) converted without, the same
   * diagnostics in the same order, but only the published ones (at most `maxPublishedDiagnostics`
   * and the `sheet/too-many-problems` summary) are converted. A problem published before at the
   * same range (without a fix) gives the same Diagnostic object as then, frozen (diagnosticReuse.ts).
   */
  publish(document: TextDocument, problems: readonly Problem[], extra?: readonly Problem[]): Diagnostic[];
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

  // --- Editing assistance: structure and fixes (symbols.ts, folding.ts, selectionRanges.ts, codeActions.ts, fixes.ts).
  /** Outline: 柱 › 中項目 › 取組項目 › 行, 経営課題 › 戦略 › 具体的取組, 議事 … named by 番号 and 名称. */
  documentSymbols(document: TextDocument): DocumentSymbol[];
  /** Folding ranges of entries, list items, multi-line texts and comment blocks. */
  foldingRanges(document: TextDocument): FoldingRange[];
  /** Expand-selection chains, one per position. */
  selectionRanges(document: TextDocument, positions: readonly Position[]): SelectionRange[];
  /** Quick fixes, suppression comments and `source.fixAll.policySheets` for a request (`overrides`: as in validate). */
  codeActions(document: TextDocument, request: CodeActionRequest, overrides?: SeverityOverrides): CodeAction[];
  /**
   * Applies every safe fix that does not overlap another (one pass, edits bottom-up): the new text
   * and the problems fixed. Problems turned off by `overrides` are not fixed. Call again on the new
   * text for fixes that overlapped (the CLI does, up to 10 passes).
   */
  fixAll(document: TextDocument, overrides?: SeverityOverrides): { text: string; fixed: Problem[] };

  // --- The workspace (facts.ts, workspace.ts): `view` is the other sheets' facts, from the host.
  /** The document's workspace facts (kind, ward, year, ids, titles, references), once per version. */
  facts(document: TextDocument): SheetFacts;
  /** The facts of a text that is not open: parsed, read and dropped (never cached; for the index). */
  factsOfText(uri: string, text: string): SheetFacts;
  /** Go to definition of an id, 再掲 or quoted title, in this or another sheet. */
  definition(document: TextDocument, position: LspPosition, view?: WorkspaceView): Location[];
  /** Every reference to the item at `position` across the workspace. */
  references(document: TextDocument, position: LspPosition, view: WorkspaceView | undefined, includeDeclaration: boolean): Location[];
  /** The range a rename at `position` changes, or null. */
  prepareRename(document: TextDocument, position: LspPosition, view?: WorkspaceView): { range: LspRange; placeholder: string } | null;
  /** Renames an id or title and every reference to it (one WorkspaceEdit), or null. */
  rename(document: TextDocument, position: LspPosition, newName: string, view?: WorkspaceView): WorkspaceEdit | null;
  /** Items of every sheet whose id or name contains `query`. */
  workspaceSymbols(query: string, view: WorkspaceView): SymbolInformation[];
}

/** Longest message sent, in characters; longer ones (quoting a huge cell) are cut with "…". */
const maxMessageLength = 500;
/** Largest `data` kept on a problem, in characters of JSON; larger data (from a huge cell) is dropped. */
const maxDataLength = 10_000;

/**
 * The verdict of the data-size safety net per `data` object: a memoised check reuses its problems'
 * `data` objects (read-only) across edits, so each is measured once, not once per validation
 * (at 34,826 lines about 1,700 problems carry 2.2 MB of data: 25 ms a validation).
 */
const dataSizeVerdicts = new WeakMap<object, boolean>();

/** Whether `data` is larger than `maxDataLength` characters of JSON (unserialisable data counts as too large). */
function dataTooLarge(data: unknown): boolean {
  const keyed = data !== null && typeof data === 'object';
  const known = keyed ? dataSizeVerdicts.get(data) : undefined;
  if (known !== undefined) return known;
  let tooLarge: boolean;
  try {
    tooLarge = (JSON.stringify(data)?.length ?? 0) > maxDataLength;
  } catch {
    tooLarge = true;
  }
  if (keyed) dataSizeVerdicts.set(data, tooLarge);
  return tooLarge;
}

/** Creates a language service; schemas are compiled once, here. Never throws on bad schemas. */
export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const schemas = compileSchemas(options.schemas);
  const limits: ParseLimits = { ...defaultParseLimits, ...options.limits };
  const checks = options.checks ?? defaultChecks;
  const cache = new Map<string, SheetDocument>();
  const navigator = createSchemaNavigator({ common: options.schemas.common, kinds: Object.fromEntries([...schemas].filter(([, c]) => c.ok).map(([kind]) => [kind, options.schemas.kinds[kind]])) });
  const terms = readingIndex(options.readings ?? {});
  const diagnosticReuse = new DiagnosticReuse();

  function getSheet(document: TextDocument): SheetDocument {
    const cached = cache.get(document.uri);
    const text = document.getText();
    // Keyed on the text too: a client may reuse a version number (didOpen again, v3 → v2 → v3).
    if (cached && cached.version === document.version && cached.sheet.text === text) return cached;
    // Incremental: only the item an edit touched is parsed again (incrementalParse.ts; consumes the cached parse).
    const sheet = cached ? reparseSheet(cached.sheet, text, limits, parseSheetFirst) : parseSheetFirst(text, limits);
    const entry: SheetDocument = { uri: document.uri, version: document.version, sheet, kind: readKind(sheet) };
    cache.set(document.uri, entry);
    return entry;
  }

  const domainCheckLimit = options.domainCheckLimit ?? 2_000_000;

  function getProblems(document: TextDocument, check: CheckOptions = {}): readonly Problem[] {
    const entry = getSheet(document);
    if (check.stage === 'structure') {
      if (entry.problems) return entry.problems;
      entry.structureProblems ??= computeProblems(entry, false, true);
      return entry.structureProblems;
    }
    const partial = !check.full && entry.sheet.text.length > domainCheckLimit;
    if (!entry.problems || (entry.partial && !partial)) {
      entry.problems = computeProblems(entry, !partial);
      entry.partial = partial;
    }
    return entry.problems;
  }

  function computeProblems(entry: SheetDocument, domain: boolean, structureOnly = false): Problem[] {
    const { sheet, kind } = entry;
    let problems: Problem[] = [...sheet.problems];
    if (!entry.schemaProblems) {
      try {
        entry.schemaProblems = validateSchema(sheet, kind, schemas);
      } catch (error) {
        entry.schemaProblems = [checkFailed('スキーマ検査', error)];
      }
    }
    // Copies: the safety net below shortens messages in place.
    problems.push(...entry.schemaProblems.map((p) => ({ ...p })));
    if (structureOnly) {
      // Syntax and schema only: the first publication of a just-opened document.
    } else if (!domain) {
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
        memo: options.itemMemos !== false,
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
    // Copies where something changes: the checks' per-item memos share problems between validations.
    problems = problems.map((problem) => {
      const long = problem.message.length > maxMessageLength;
      const large = problem.data !== undefined && dataTooLarge(problem.data);
      if (!long && !large) return problem;
      const { data, ...rest } = problem;
      return { ...rest, ...(large ? {} : { data }), message: long ? `${problem.message.slice(0, maxMessageLength)}…` : problem.message };
    });
    // Findings on values the parser invented after a syntax error are not the user's mistakes.
    problems = withoutRecoveredFindings(problems, sheet.yaml, sheet.text).sort((a, b) => a.start - b.start || a.end - b.end);
    // Suppression comments, then the fixes of what remains, computed once per version.
    const scalars = sheet.yaml ? indexScalars(sheet.yaml) : undefined;
    const shown = applySuppressions(sheet, problems, scalars);
    return options.fixes === false ? shown : attachFixes(sheet, shown, scalars);
  }

  /** The problems shown under `overrides` (those turned off removed). */
  function visibleProblems(document: TextDocument, overrides: SeverityOverrides): Problem[] {
    return getProblems(document).filter((p) => overrides[p.code] !== 'off');
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

  function publishable(document: TextDocument, overrides: SeverityOverrides = {}, options: CheckOptions & { workspace?: WorkspaceView } = {}): Problem[] {
    const problems = options.workspace && options.stage !== 'structure' ? crossDocumentProblems(document, facts(document), getProblems(document, options), options.workspace, getSheet(document).sheet) : getProblems(document, options);
    const out: Problem[] = [];
    for (const problem of problems) {
      const override = overrides[problem.code];
      if (override === 'off') continue;
      out.push(override ? { ...problem, severity: override } : problem);
    }
    return out;
  }

  function facts(document: TextDocument): SheetFacts {
    const entry = getSheet(document);
    entry.facts ??= factsOf(document, entry.sheet, entry.kind.kind);
    return entry.facts;
  }

  return {
    getSheet,
    getProblems,
    validate(document, overrides = {}, options = {}) {
      return publishable(document, overrides, options).map((problem) => toDiagnostic(document, problem, options.withFixes === true));
    },
    publishable,
    publish: (document, problems, extra) => publishedDiagnostics(document, problems, true, extra, maxPublishedDiagnostics, (d, p, withFix) => diagnosticReuse.convert(d, p, withFix)),
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
    // --- Editing assistance: structure and fixes.
    documentSymbols(document) {
      return documentSymbols(document, getSheet(document).sheet);
    },
    foldingRanges(document) {
      return foldingRanges(document, getSheet(document).sheet);
    },
    selectionRanges(document, positions) {
      return selectionRanges(document, getSheet(document).sheet, positions);
    },
    codeActions(document, request, overrides = {}) {
      return codeActions(document, getSheet(document).sheet, visibleProblems(document, overrides), request);
    },
    fixAll(document, overrides = {}) {
      const chosen = compatibleFixes(visibleProblems(document, overrides));
      const text = applyEdits(document.getText(), chosen.flatMap(({ fix }) => fix.edits));
      return { text, fixed: chosen.map(({ problem }) => problem) };
    },
    // --- The workspace.
    facts,
    factsOfText: (uri, text) => factsOfText(uri, text, limits),
    definition: (document, position, view) => definition(facts(document), position, view),
    references: (document, position, view, includeDeclaration) => references(facts(document), position, view, includeDeclaration),
    prepareRename: (document, position, view) => prepareRename(facts(document), position, view) ?? null,
    rename: (document, position, newName, view) => rename(facts(document), position, newName, view) ?? null,
    workspaceSymbols: (query, view) => workspaceSymbols(query, view),
  };
}
