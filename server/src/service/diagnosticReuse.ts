import type { Diagnostic, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type Problem, toDiagnostic } from './problem';

/**
 * The published Diagnostic of a problem, kept between validations (issue 11 §2: an edit costs what
 * it changes). After an edit the per-item memos (checks/itemMemo.ts) hand back the same Problem
 * objects for every item the edit did not touch, so most of a publication is the Diagnostics of the
 * previous one: converting them again (two offset→position look-ups, five objects each) and, in the
 * server, serialising them again (publicationEncoder.ts) is most of the publication's cost and of
 * the garbage an edit makes (a 9,000-line sheet publishes about 900 findings, 0.5 MB of JSON).
 *
 * A kept Diagnostic is reused only when the problem object is the same (or an equal one: same code,
 * severity, message and data, for findings made afresh each time such as the writing findings) and
 * its range, computed again on the current document, is the same; the Diagnostic then equals what
 * `toDiagnostic` gives now (problems are read-only once made: the service copies a problem it changes). Diagnostics
 * carrying a fix are never kept (`data.fix` names the document version it was computed on).
 * Kept Diagnostics are frozen (with their range and codeDescription), so a caller that tried to
 * change one would throw instead of corrupting later publications; publicationEncoder.ts keeps the
 * serialised form of frozen Diagnostics only.
 *
 * Memory goes with the problems (a WeakMap keyed on them): dropped with the validations that made them.
 */
export class DiagnosticReuse {
  private readonly kept = new WeakMap<Problem, Diagnostic>();
  /**
   * Diagnostics by what they say apart from their range (`valueKey`), for problems made afresh on
   * every validation with the same content (the writing findings, a check that is not memoised):
   * at most `maxByValue` entries, then emptied.
   */
  private byValue = new Map<string, Diagnostic>();
  /** Diagnostics reused and made (for tests and the profile; counts only). */
  readonly stats = { reused: 0, made: 0 };

  /**
   * What `toDiagnostic(document, problem, withFix)` gives, reusing the Diagnostic made for the same
   * problem, or for an equal one (same code, severity, message and `data`), at the same range.
   */
  convert(document: TextDocument, problem: Problem, withFix: boolean): Diagnostic {
    const fixed = withFix && problem.fix !== undefined;
    if (fixed) {
      this.stats.made++;
      return toDiagnostic(document, problem, withFix);
    }
    const start = document.positionAt(problem.start);
    const end = document.positionAt(problem.end);
    const kept = this.kept.get(problem);
    if (kept && samePosition(start, kept.range.start) && samePosition(end, kept.range.end)) {
      this.stats.reused++;
      return kept;
    }
    const key = valueKey(problem);
    const equal = key === undefined ? undefined : this.byValue.get(key);
    if (equal && samePosition(start, equal.range.start) && samePosition(end, equal.range.end)) {
      this.stats.reused++;
      this.kept.set(problem, equal);
      return equal;
    }
    this.stats.made++;
    const diagnostic = frozen(toDiagnostic(document, problem, false));
    this.kept.set(problem, diagnostic);
    if (key !== undefined) {
      if (this.byValue.size >= maxByValue) this.byValue = new Map();
      this.byValue.set(key, diagnostic);
    }
    return diagnostic;
  }
}

/** Most Diagnostics kept by value (a few times the 1,000 a document publishes). */
const maxByValue = 20_000;

/**
 * What a problem's Diagnostic says apart from its range: code, severity, message and `data` (as
 * JSON; undefined when it cannot be written, so that nothing is shared under it).
 */
function valueKey(problem: Problem): string | undefined {
  let data: string | undefined = '';
  if (problem.data !== undefined) {
    try {
      data = JSON.stringify(problem.data);
    } catch {
      data = undefined;
    }
    if (data === undefined) return undefined;
  }
  return `${problem.code}\u0000${problem.severity}\u0000${problem.message}\u0000${data}`;
}

const samePosition = (a: Position, b: Position) => a.line === b.line && a.character === b.character;

/** Freezes a Diagnostic made by `toDiagnostic` with the objects it made (not `data`, the problem's own). */
function frozen(diagnostic: Diagnostic): Diagnostic {
  Object.freeze(diagnostic.range.start);
  Object.freeze(diagnostic.range.end);
  Object.freeze(diagnostic.range);
  if (diagnostic.codeDescription) Object.freeze(diagnostic.codeDescription);
  return Object.freeze(diagnostic);
}
