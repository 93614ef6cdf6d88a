/**
 * The language server's scheduling of the writing checks (issue 9 §3), between the structural
 * diagnostics and the worker thread (./index.ts):
 * - results are kept per text (the same string gives the same findings), so an edit sends only
 *   the texts it changed, and the findings of unchanged texts are known at once (`known`);
 * - a run sends at most `budget` UTF-16 units, the texts nearest the last edit first (the item
 *   being written), then continues with the rest while the document does not change;
 * - each run asks for the rules without morphological analysis first and publishes, then for the
 *   morphological ones (kuromoji) on the same texts and publishes again;
 * - only a run's first batch goes at once, and only when it holds texts an edit brought (the prose
 *   just written): every other batch waits until the host is quiet (`WritingJob.quiet`: no edit or
 *   open lately, no validation pending), so that the worker does not run beside a burst of edits —
 *   the document's first pass over the whole sheet included, even its first batch: on 2 cores the
 *   worker's first batch (and the dictionary's load) beside the first edits after an open doubled
 *   their p95 (59 vs 22 ms at 928 lines, writing on vs off);
 * - one run per document at a time; a newer version waits and replaces any older waiting one (a
 *   run waiting for quiet gives way to it at once).
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
  /**
   * Resolves when the host is quiet enough for more prose to go to the worker (no edit lately, no
   * validation pending). Awaited before every batch but a run's first (see the module comment).
   * Absent: at once.
   */
  quiet?(): Promise<void>;
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
  /**
   * The unchecked texts the last run found (its backlog, or what a run stopped by a newer version
   * left), undefined before the document's first run: an unchecked text not among them is one the
   * new version brought, and may go at once.
   */
  unchecked?: ReadonlyMap<string, unknown>;
  /** Ends the running run's wait for quiet (a newer job arrived, or the document closed). */
  wake?: () => void;
}

/** Length of the common prefix of `a` and `b`: where `b` differs from `a` (the edit). */
function editOffset(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  // Whole chunks first (one native comparison each: 1.25 M characters unit by unit took 3-10 ms),
  // then unit by unit from the first chunk that differs.
  const chunk = 4096;
  while (i + chunk <= n && a.slice(i, i + chunk) === b.slice(i, i + chunk)) i += chunk;
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
      state.wake?.();
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
    this.documents.get(uri)?.wake?.();
    this.documents.delete(uri);
  }

  /** Waits for `job.quiet`; false when the run should stop instead (a newer job, a closed document, not current). */
  private async waitForQuiet(state: DocumentState, job: WritingJob): Promise<boolean> {
    if (job.quiet && !state.waiting) {
      await Promise.race([job.quiet(), new Promise<void>((resolve) => (state.wake = resolve))]);
      state.wake = undefined;
    }
    return this.documents.get(job.uri) === state && state.waiting === undefined && job.isCurrent();
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
    const groups = [
      { key: 'plain' as const, rules: job.rules.filter((r) => !morphologicalRules.has(r)) },
      { key: 'morphological' as const, rules: job.rules.filter((r) => morphologicalRules.has(r)) },
    ].filter((g) => g.rules.length > 0);
    const checked = (text: string) => {
      const known = state.results.get(text);
      return groups.every((g) => known?.[g.key] !== undefined);
    };
    // The distinct texts without every group's results (one look-up per text: this runs after every edit).
    const unchecked = new Map<string, WritingText>();
    for (const t of job.texts) if (!checked(t.text) && !unchecked.has(t.text)) unchecked.set(t.text, t);
    // Results of texts no longer in the document are dropped once they could outnumber the
    // document's (its results never outgrow it by much, without a set of every text per edit).
    if (state.results.size > 2 * job.texts.length + 100) {
      const present = new Set(job.texts.map((t) => t.text));
      for (const text of state.results.keys()) if (!present.has(text)) state.results.delete(text);
    }
    const left = state.unchecked;
    state.unchecked = unchecked;
    const isNew = (t: WritingText) => left === undefined || !left.has(t.text);
    // The texts this version brought first, then the backlog, each nearest the edit first (distance
    // from it to the text's node). The backlog is put in order only when it is reached, after the
    // wait for quiet: during a burst of edits each run is replaced before then, and sorting thousands
    // of texts on every edit (a large sheet's first pass) is work for nothing.
    const at = editOffset(state.lastText, job.text);
    const nearestFirst = (texts: WritingText[]) => {
      if (texts.length < 2) return texts;
      const distance = (t: WritingText) => (at < t.node[0] ? t.node[0] - at : at > t.node[1] ? at - t.node[1] : 0);
      return texts.map((t) => ({ t, d: distance(t) })).sort((a, b) => a.d - b.d).map((e) => e.t);
    };
    const brought: WritingText[] = [];
    const backlog: WritingText[] = [];
    for (const t of unchecked.values()) (isNew(t) ? brought : backlog).push(t);
    let pending = nearestFirst(brought);
    const backlogStart = pending.length;
    pending = pending.concat(backlog);
    let backlogSorted = backlog.length < 2;
    state.lastText = job.text;
    let published = false;
    // Results that came in after the caller took `known` (a run this job replaced stored them, and
    // could not publish them: its version was no longer current) are published now, not after the
    // backlog's wait for quiet.
    if (job.knownRevision !== undefined && job.knownRevision !== state.revision && job.isCurrent()) {
      job.publish(this.collect(state, job.texts));
      published = true;
    }
    let next = 0;
    for (let step = 0; next < pending.length; step++) {
      // Only a first batch of texts an edit brought goes at once; the rest, and a first pass, wait for quiet.
      const fresh = isNew(pending[next]!);
      if ((step > 0 || !fresh || left === undefined) && !(await this.waitForQuiet(state, job))) return;
      if (!backlogSorted && next >= backlogStart) {
        backlogSorted = true;
        pending = pending.slice(0, next).concat(nearestFirst(pending.slice(next)));
      }
      const batch: string[] = [];
      let size = 0;
      while (next < pending.length && (batch.length === 0 || (size + pending[next]!.text.length <= (this.options.budget ?? writingBudget) && isNew(pending[next]!) === fresh))) {
        const t = pending[next++]!;
        // Checked meanwhile by a run this one replaced.
        if (checked(t.text)) continue;
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
