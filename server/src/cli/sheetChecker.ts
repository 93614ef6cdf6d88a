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
import { anyRuleCouldApply } from '../writing/precheck';
import { trace } from './trace';

/**
 * A request to a sheet checker. `index`: the sheet's place in the run (its key until validated).
 * `writing`: false, no prose; else the writing rules enabled for the sheet, and its prose is the
 * texts that one of them could report on (`couldApply`: the others would give no finding, so they
 * are neither aligned, copied to the main thread nor sent to a writing worker).
 * `workspace.facts`: every sheet's facts as one JSON array (facts are plain JSON data, as the
 * workspace index's cache stores them; one string is copied to a thread far faster than the
 * structured clone of 240 objects graphs, and the main thread never parses it).
 */
export type CheckRequest =
  | { type: 'prepare'; index: number; uri: string; text: string; writing: false | readonly string[] }
  | SheetQueue
  | { type: 'workspace'; facts: string }
  | { type: 'validate'; index: number; overrides: SeverityOverrides };

/** The answer to `prepare` (facts as JSON, and the prose asked for) or `validate` (diagnostics), or the error thrown. */
export type CheckResponse =
  | { type: 'prepared'; index: number; facts: string; texts?: WritingText[] }
  | { type: 'validated'; index: number; diagnostics: Diagnostic[] }
  | { type: 'failed'; index: number; error: string };

/**
 * Every sheet of a run, which the threads take one at a time, each the next one not yet taken, by
 * themselves (no thread waits for the main thread to hand it its next sheet: the main thread checks
 * sheets too and reads its messages only between two of them).
 * `claims` (an Int32Array over a SharedArrayBuffer of `jobs.length + 1` slots): slot 0 is the
 * next sheet to take (`Atomics.add`); slot 1 + i is `thread + 1` of the thread that took sheet i,
 * so that the sheets of a thread that fails are known. A job's `writing`: as in `prepare`.
 */
export interface SheetQueue {
  type: 'queue';
  jobs: { uri: string; text: string; writing: false | readonly string[] }[];
  claims: SharedArrayBuffer;
  /** The taking thread's number (0: the main thread; workers 1 …). */
  thread: number;
}

/** Answers requests one at a time; `workspace` has no answer. */
export interface SheetChecker {
  handle(request: CheckRequest): CheckResponse | undefined;
  /**
   * Takes the next sheet of `queue` not yet taken by any thread and prepares it: its `prepared` (or
   * `failed`) answer, or undefined when every sheet is taken.
   */
  take(queue: SheetQueue): CheckResponse | undefined;
}

/** The index of the next sheet of `queue` not yet taken, now taken by `queue.thread`, or undefined when none is left. */
export function claimNext(queue: SheetQueue): number | undefined {
  const claims = new Int32Array(queue.claims);
  const index = Atomics.add(claims, 0, 1);
  if (index >= queue.jobs.length) return undefined;
  Atomics.store(claims, index + 1, queue.thread + 1);
  return index;
}

/**
 * A sheet checker with its own language service (bundled schemas). Keeps each prepared sheet's
 * parse until it is validated. A request for a sheet it does not hold, or that throws, gets `failed`.
 */
export function createSheetChecker(): SheetChecker {
  // No quick fixes: a parallel run never has --fix, and the output shows none.
  const service = createLanguageService({ schemas: bundledSchemas, fixes: false, itemMemos: false });
  trace('checker: service created');
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
  const checker: SheetChecker = {
    take(queue) {
      const index = claimNext(queue);
      if (index === undefined) return undefined;
      const job = queue.jobs[index]!;
      return checker.handle({ type: 'prepare', index, uri: job.uri, text: job.text, writing: job.writing });
    },
    handle(request) {
      if (request.type === 'queue') throw new Error('a queue is taken with take()');
      if (request.type === 'workspace') {
        facts = JSON.parse(request.facts) as SheetFacts[];
        trace(`checker: workspace of ${facts.length} sheets`);
        return undefined;
      }
      const { index } = request;
      try {
        if (request.type === 'prepare') {
          trace(`checker: prepare ${index}`);
          const document = TextDocument.create(request.uri, 'policy-yaml', 1, request.text);
          documents.set(index, document);
          held.set(request.uri, (held.get(request.uri) ?? 0) + 1);
          const sheetFacts = JSON.stringify(service.facts(document));
          // The sheet's own problems now, while the sheets are shared out; validate then only adds the workspace's.
          service.getProblems(document, { full: true });
          trace(`checker: prepared ${index}`);
          const rules = request.writing;
          if (!rules) return { type: 'prepared', index, facts: sheetFacts };
          const prose = writingTexts(service.getSheet(document).sheet).filter((t) => anyRuleCouldApply(rules, t.text));
          return { type: 'prepared', index, facts: sheetFacts, texts: detachedWritingTexts(prose) };
        }
        const document = documents.get(index);
        if (!document) throw new Error(`sheet ${index} was not prepared here`);
        const diagnostics = service.validate(document, request.overrides, { full: true, workspace: view });
        release(index);
        trace(`checker: validated ${index}`);
        return { type: 'validated', index, diagnostics };
      } catch (error) {
        release(index);
        return { type: 'failed', index, error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
  return checker;
}
