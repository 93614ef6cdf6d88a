/**
 * The language server's scheduling of the writing checks (issue 9 §3), between the structural
 * diagnostics and the worker thread (./index.ts):
 * - results are kept per text (the same string gives the same findings), so an edit sends only
 *   the texts it changed, and the findings of unchanged texts are known at once (`known`);
 * - a run sends at most `budget` UTF-16 units, the texts nearest the last edit first (the item
 *   being written), then continues with the rest while the document does not change;
 * - each run asks for the rules without morphological analysis first and publishes, then for the
 *   morphological ones (kuromoji) on the same texts and publishes again;
 * - one run per document at a time; a newer version waits and replaces any older waiting one.
 * No LSP here: the server passes what to check and a `publish` callback.
 */
import type { WritingMessage, WritingRuleId, WritingText } from '../service/checks/writing';
import type { WritingChecker } from './index';
import { morphologicalRules } from './precheck';

/** Default number of UTF-16 units of prose sent to the worker per run. */
export const writingBudget = 20_000;

/** One version of a document to check. */
export interface WritingJob {
  uri: string;
  /** The whole document text (to find where it was last edited). */
  text: string;
  /** Its prose (`writingTexts`), in document order. */
  texts: readonly WritingText[];
  /** The rules on for this document (`enabledWritingRules`). */
  rules: readonly WritingRuleId[];
  /** False once the document has a newer version or is closed: the run stops, nothing is published. */
  isCurrent(): boolean;
  /** Receives every message known for `texts` (indexes into `texts`) after each step of the run. */
  publish(messages: WritingMessage[]): void;
  /**
   * `revision(uri)` when the caller took `known` and published it: if no result came in since, a run
   * with nothing new to check publishes nothing. Absent: what is known is published at the end.
   */
  knownRevision?: number;
}

/** Messages of one text by rule group (undefined: not checked yet), offsets into the text. */
interface Known {
  plain?: Omit<WritingMessage, 'index'>[];
  morphological?: Omit<WritingMessage, 'index'>[];
}

interface DocumentState {
  rulesKey: string;
  results: Map<string, Known>;
  /** Incremented whenever `results` gains an entry: a caller's `known` of an equal revision is still complete. */
  revision: number;
  lastText: string;
  busy: boolean;
  waiting?: WritingJob;
}

/** Length of the common prefix of `a` and `b`: where `b` differs from `a` (the edit). */
function editOffset(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Schedules the writing checks of open documents on one `WritingChecker`. */
export class WritingRuns {
  private readonly documents = new Map<string, DocumentState>();

  constructor(
    private readonly checker: WritingChecker,
    private readonly options: { budget?: number; report?: (message: string) => void } = {},
  ) {}

  /** The messages already known for `texts` under `rules` (indexes into `texts`); no worker call. */
  known(uri: string, texts: readonly WritingText[], rules: readonly WritingRuleId[]): WritingMessage[] {
    const state = this.documents.get(uri);
    if (!state || state.rulesKey !== rules.join()) return [];
    return this.collect(state, texts);
  }

  /** How many times results came in for `uri` (see `WritingJob.knownRevision`). */
  revision(uri: string): number {
    return this.documents.get(uri)?.revision ?? 0;
  }

  /** Checks `job` now, or after the document's running job (replacing any job waiting there). */
  request(job: WritingJob): void {
    let state = this.documents.get(job.uri);
    if (!state) {
      state = { rulesKey: job.rules.join(), results: new Map(), revision: 0, lastText: '', busy: false };
      this.documents.set(job.uri, state);
    }
    if (state.busy) {
      state.waiting = job;
      return;
    }
    state.busy = true;
    const current = state;
    this.run(current, job)
      .catch((error: unknown) => this.options.report?.(`writing checks: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        current.busy = false;
        const next = current.waiting;
        current.waiting = undefined;
        if (next && this.documents.get(next.uri) === current && next.isCurrent()) this.request(next);
      });
  }

  /** Drops a closed document's results. */
  forget(uri: string): void {
    this.documents.delete(uri);
  }

  private collect(state: DocumentState, texts: readonly WritingText[]): WritingMessage[] {
    const out: WritingMessage[] = [];
    // Runs on every edit over every text of the document: no allocation for a text without findings.
    for (let index = 0; index < texts.length; index++) {
      const known = state.results.get(texts[index]!.text);
      if (known?.plain) for (const m of known.plain) out.push({ ...m, index });
      if (known?.morphological) for (const m of known.morphological) out.push({ ...m, index });
    }
    return out;
  }

  private async run(state: DocumentState, job: WritingJob): Promise<void> {
    const rulesKey = job.rules.join();
    if (state.rulesKey !== rulesKey) {
      state.rulesKey = rulesKey;
      state.results.clear();
      state.revision++;
    }
    // Keep only the results of this version's texts (a document's results never outgrow it).
    const present = new Set(job.texts.map((t) => t.text));
    for (const text of state.results.keys()) if (!present.has(text)) state.results.delete(text);
    const at = editOffset(state.lastText, job.text);
    state.lastText = job.text;
    const groups = [
      { key: 'plain' as const, rules: job.rules.filter((r) => !morphologicalRules.has(r)) },
      { key: 'morphological' as const, rules: job.rules.filter((r) => morphologicalRules.has(r)) },
    ].filter((g) => g.rules.length > 0);
    const missing = (text: string) => groups.some((g) => state.results.get(text)?.[g.key] === undefined);
    // Unchecked texts, nearest the edit first (distance from the edit to the text's node).
    const distance = (t: WritingText) => (at < t.node[0] ? t.node[0] - at : at > t.node[1] ? at - t.node[1] : 0);
    const pending = [...new Map(job.texts.filter((t) => missing(t.text)).map((t) => [t.text, t])).values()].sort((a, b) => distance(a) - distance(b));
    let published = false;
    while (pending.length > 0) {
      const batch: string[] = [];
      let size = 0;
      while (pending.length > 0 && (batch.length === 0 || size + pending[0]!.text.length <= (this.options.budget ?? writingBudget))) {
        const t = pending.shift()!;
        batch.push(t.text);
        size += t.text.length;
      }
      for (const group of groups) {
        const texts = batch.filter((text) => state.results.get(text)?.[group.key] === undefined);
        if (texts.length === 0) continue;
        const messages = await this.checker.check(texts, group.rules);
        if (this.documents.get(job.uri) !== state) return;
        // Kept also when the document changed meanwhile: the next version's unchanged texts use them.
        texts.forEach((text, index) => {
          const known = state.results.get(text) ?? {};
          known[group.key] = messages.filter((m) => m.index === index).map(({ index: _, ...m }) => m);
          state.results.set(text, known);
        });
        state.revision++;
        if (!job.isCurrent()) return;
        job.publish(this.collect(state, job.texts));
        published = true;
      }
    }
    // Nothing new to check: publish what is known, unless the caller already did and no result came
    // in since (a superseded run may have stored more).
    if (!published && job.isCurrent() && job.knownRevision !== state.revision) job.publish(this.collect(state, job.texts));
  }
}
