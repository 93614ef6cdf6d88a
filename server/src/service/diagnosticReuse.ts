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
 * A kept Diagnostic is reused only when the problem object is the same and its range, computed
 * again on the current document, is the same; the Diagnostic then equals what `toDiagnostic` gives
 * now (problems are read-only once made: the service copies a problem it changes). Diagnostics
 * carrying a fix are never kept (`data.fix` names the document version it was computed on).
 * Kept Diagnostics are frozen (with their range and codeDescription), so a caller that tried to
 * change one would throw instead of corrupting later publications; publicationEncoder.ts keeps the
 * serialised form of frozen Diagnostics only.
 *
 * Memory goes with the problems (a WeakMap keyed on them): dropped with the validations that made them.
 */
export class DiagnosticReuse {
  private readonly kept = new WeakMap<Problem, Diagnostic>();
  /** Diagnostics reused and made (for tests and the profile; counts only). */
  readonly stats = { reused: 0, made: 0 };

  /** What `toDiagnostic(document, problem, withFix)` gives, reusing the Diagnostic made for the same problem at the same range. */
  convert(document: TextDocument, problem: Problem, withFix: boolean): Diagnostic {
    const fixed = withFix && problem.fix !== undefined;
    if (!fixed) {
      const kept = this.kept.get(problem);
      if (kept && samePosition(document.positionAt(problem.start), kept.range.start) && samePosition(document.positionAt(problem.end), kept.range.end)) {
        this.stats.reused++;
        return kept;
      }
    }
    this.stats.made++;
    const diagnostic = toDiagnostic(document, problem, withFix);
    if (!fixed) this.kept.set(problem, frozen(diagnostic));
    return diagnostic;
  }
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
