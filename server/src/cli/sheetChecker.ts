/**
 * The two steps of checking one sheet in a CLI run, as messages, so that the same code runs in a
 * worker thread (./checkWorker.ts) and, when a worker fails, on the main thread (./parallel.ts).
 * Step 1 (`prepare`) needs only the sheet; step 2 (`validate`) needs every sheet's facts.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { bundledSchemas } from '../bundledSchemas';
import { createLanguageService, type SeverityOverrides, type SheetFacts, type WorkspaceView } from '../service';
import { detachedWritingTexts, writingTexts, type WritingText } from '../service/checks/writing';

/**
 * A request to a sheet checker. `index`: the sheet's place in the run (its key until validated).
 * `workspace.facts`: every sheet's facts as one JSON array (facts are plain JSON data, as the
 * workspace index's cache stores them; one string is copied to a thread far faster than the
 * structured clone of 240 objects graphs, and the main thread never parses it).
 */
export type CheckRequest =
  | { type: 'prepare'; index: number; uri: string; text: string; writing: boolean }
  | { type: 'workspace'; facts: string }
  | { type: 'validate'; index: number; overrides: SeverityOverrides };

/** The answer to `prepare` (facts as JSON, and prose when asked) or `validate` (diagnostics), or the error thrown. */
export type CheckResponse =
  | { type: 'prepared'; index: number; facts: string; texts?: WritingText[] }
  | { type: 'validated'; index: number; diagnostics: Diagnostic[] }
  | { type: 'failed'; index: number; error: string };

/** Answers requests one at a time; `workspace` has no answer. */
export interface SheetChecker {
  handle(request: CheckRequest): CheckResponse | undefined;
}

/**
 * A sheet checker with its own language service (bundled schemas). Keeps each prepared sheet's
 * parse until it is validated. A request for a sheet it does not hold, or that throws, gets `failed`.
 */
export function createSheetChecker(): SheetChecker {
  // No quick fixes: a parallel run never has --fix, and the output shows none.
  const service = createLanguageService({ schemas: bundledSchemas, fixes: false });
  const documents = new Map<number, TextDocument>();
  /** How many held sheets have each uri (a path given twice is two sheets with one cached parse). */
  const held = new Map<string, number>();
  let facts: SheetFacts[] = [];
  const view: WorkspaceView = { files: () => facts };
  /** Drops a sheet; its parse goes when no other held sheet has its uri. */
  const release = (index: number) => {
    const document = documents.get(index);
    if (!document) return;
    documents.delete(index);
    const count = (held.get(document.uri) ?? 1) - 1;
    if (count > 0) held.set(document.uri, count);
    else {
      held.delete(document.uri);
      service.forget(document.uri);
    }
  };
  return {
    handle(request) {
      if (request.type === 'workspace') {
        facts = JSON.parse(request.facts) as SheetFacts[];
        return undefined;
      }
      const { index } = request;
      try {
        if (request.type === 'prepare') {
          const document = TextDocument.create(request.uri, 'policy-yaml', 1, request.text);
          documents.set(index, document);
          held.set(request.uri, (held.get(request.uri) ?? 0) + 1);
          const sheetFacts = JSON.stringify(service.facts(document));
          // The sheet's own problems now, while the sheets are shared out; validate then only adds the workspace's.
          service.getProblems(document, { full: true });
          return request.writing ? { type: 'prepared', index, facts: sheetFacts, texts: detachedWritingTexts(writingTexts(service.getSheet(document).sheet)) } : { type: 'prepared', index, facts: sheetFacts };
        }
        const document = documents.get(index);
        if (!document) throw new Error(`sheet ${index} was not prepared here`);
        const diagnostics = service.validate(document, request.overrides, { full: true, workspace: view });
        release(index);
        return { type: 'validated', index, diagnostics };
      } catch (error) {
        release(index);
        return { type: 'failed', index, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
