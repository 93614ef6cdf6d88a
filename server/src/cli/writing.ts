/**
 * The writing checks of `policy-sheets check` (issue 9 §3): the same worker thread, rules, codes,
 * ranges and per-code overrides as the language server, so the CLI and the Problems panel agree.
 *
 * Batched across the sheets of one run (issue 11 §2): each distinct prose string is checked once
 * under a given rule set, however many sheets hold it (the worker lints every text on its own, so
 * a text's findings do not depend on the texts sent with it), and the distinct texts go in batches
 * to up to `workers` writing workers (one per core; each loads the dictionary once).
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SeverityOverrides } from '../service';
import { configuredWritingProblems, enabledWritingRules, writingProblems, type WritingMessage, type WritingText } from '../service/checks/writing';
import { toDiagnostic } from '../service/problem';
import { createWritingChecker, type WritingChecker } from '../writing';
import { anyRuleCouldApply } from '../writing/precheck';

/** Writing checks over the files of one CLI run: workers start on the first batch of prose. */
export interface CliWriting {
  /**
   * The writing diagnostics of one document (LSP ranges), at their configured severities.
   * `texts`: the document's prose (`writingTexts` of its parse), in document order; only those an
   * enabled rule could report on (`couldApply`) go to a worker. `prechecked`: `texts` are already
   * only those (e.g. filtered by a check thread under the same `enabledWritingRules(overrides)`).
   */
  check(document: TextDocument, texts: readonly WritingText[], overrides: SeverityOverrides, options?: { prechecked?: boolean }): Promise<Diagnostic[]>;
  /**
   * Starts the first writing worker now, with the rules enabled under `overrides`, and has it load
   * textlint and (when a rule needs it) the morphological dictionary on a short text of its own,
   * whose findings are dropped: so the first sheets' prose does not wait for them. Does nothing
   * when a worker runs already or no writing rule is enabled.
   */
  warmUp(overrides: SeverityOverrides): void;
  /** Stops the worker threads. */
  dispose(): Promise<void>;
}

/** A text's messages without their index (offsets into the text). */
type TextMessages = Omit<WritingMessage, 'index'>[];

/**
 * The text of `warmUp`: passes the pre-check of every morphological rule (./../writing/precheck.ts:
 * 「れ」, です with であ, a unit written twice), so that each loads what it needs.
 */
const warmUpText = '資料を見れるのである。説明会ですです。';

/** UTF-16 units of prose per batch sent to a worker: large enough to amortise a message, small enough to share out. */
export const writingBatchSize = 10_000;

/**
 * Creates the writing checks of a CLI run (the worker is dist/writingWorker.js beside dist/cli.js).
 * `workers`: most writing worker threads at once (default 1); a new one starts only while every
 * running one has a batch pending. A failing worker (e.g. no dictionary) is reported through
 * `warn` once per file, and that file gets no writing findings; the structural ones are unaffected.
 */
export function cliWriting(warn: (message: string) => void, options: { workers?: number; batchSize?: number } = {}): CliWriting {
  const maxWorkers = Math.max(1, options.workers ?? 1);
  const batchSize = options.batchSize ?? writingBatchSize;
  const checkers: { checker: WritingChecker; pending: number }[] = [];
  /** The messages of each distinct text, by rule set and text. */
  const results = new Map<string, Promise<TextMessages>>();
  /** Texts waiting for a batch, by rule set. */
  const queued = new Map<string, { texts: string[]; size: number; settle: { resolve: (m: TextMessages) => void; reject: (e: Error) => void }[] }>();
  let flushScheduled = false;

  const startWorker = () => {
    // Normal priority: unlike the editor's, the CLI's run waits for the writing checks to end.
    const slot = { checker: createWritingChecker({ lowerPriority: false, codeCache: true }), pending: 0 };
    checkers.push(slot);
    return slot;
  };
  const send = (rules: readonly string[], batch: { texts: string[]; settle: { resolve: (m: TextMessages) => void; reject: (e: Error) => void }[] }) => {
    let slot = checkers.reduce<(typeof checkers)[number] | undefined>((a, b) => (a === undefined || b.pending < a.pending ? b : a), undefined);
    if (!slot || (slot.pending > 0 && checkers.length < maxWorkers)) {
      slot = startWorker();
    }
    const chosen = slot;
    chosen.pending++;
    chosen.checker.check(batch.texts, rules).then(
      (messages) => {
        chosen.pending--;
        const byText: TextMessages[] = batch.texts.map(() => []);
        for (const { index, ...m } of messages) byText[index]?.push(m);
        batch.settle.forEach((s, i) => s.resolve(byText[i]!));
      },
      (error: unknown) => {
        chosen.pending--;
        const e = error instanceof Error ? error : new Error(String(error));
        for (const s of batch.settle) s.reject(e);
      },
    );
  };
  const flush = (key: string) => {
    const batch = queued.get(key);
    if (!batch || batch.texts.length === 0) return;
    queued.delete(key);
    send(key === '' ? [] : key.split(','), batch);
  };
  const messagesOf = (rulesKey: string, text: string): Promise<TextMessages> => {
    const key = `${rulesKey}\n${text}`;
    let result = results.get(key);
    if (!result) {
      let batch = queued.get(rulesKey);
      if (!batch) queued.set(rulesKey, (batch = { texts: [], size: 0, settle: [] }));
      const b = batch;
      result = new Promise<TextMessages>((resolve, reject) => b.settle.push({ resolve, reject }));
      result.catch(() => undefined); // handled by each file's check
      b.texts.push(text);
      b.size += text.length;
      results.set(key, result);
      if (b.size >= batchSize) flush(rulesKey);
      else if (!flushScheduled) {
        // The rest goes once the caller yields (after a synchronous loop over every sheet, or between worker replies).
        flushScheduled = true;
        setImmediate(() => {
          flushScheduled = false;
          for (const k of [...queued.keys()]) flush(k);
        });
      }
    }
    return result;
  };

  return {
    async check(document, all, overrides, options = {}) {
      const rules = enabledWritingRules(overrides);
      if (all.length === 0 || rules.length === 0) return [];
      // The worker would skip the others (the same pre-check, ../writing/worker.ts): they are not sent.
      const texts = options.prechecked ? all : all.filter((t) => anyRuleCouldApply(rules, t.text));
      const rulesKey = rules.join(',');
      let messages: WritingMessage[];
      try {
        const perText = await Promise.all(texts.map((t) => messagesOf(rulesKey, t.text)));
        messages = perText.flatMap((list, index) => list.map((m) => ({ index, ...m })));
      } catch (error) {
        warn(`${document.uri}: 文章の検査（writing/…）を実行できませんでした: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
      return configuredWritingProblems(writingProblems(texts, messages), overrides).map((p) => toDiagnostic(document, p));
    },
    warmUp(overrides) {
      const rules = enabledWritingRules(overrides);
      if (checkers.length > 0 || rules.length === 0) return;
      // Not counted as pending: the first batch goes to this worker rather than starting another one.
      startWorker().checker.check([warmUpText], rules).catch(() => undefined); // a failure shows on the sheets' own batches
    },
    async dispose() {
      await Promise.all(checkers.map(({ checker }) => checker.dispose()));
    },
  };
}
