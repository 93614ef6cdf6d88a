import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { type SheetFacts, type SheetKind, sheetKinds, type WorkspaceView } from '../../server/src/service';
import { spliceSheet } from '../../server/src/service/incrementalParse';
import { parseSheet } from '../../server/src/service/parse';
import { configurePropertyTests } from '../helpers/property';
import { realService } from '../helpers/service';
import { samples, withoutVersions } from '../helpers/editSequences';
import { apply as applyAt } from '../helpers/parseEquality';
import { sheetOfLines } from '../helpers/sheetGen';

configurePropertyTests();

/**
 * Facts, scalar look-ups and fixes are reused across versions (facts per item data object with
 * offsets moved, fixes through memoised readers, no per-version index): none of it may show. After
 * random edit sequences one service that saw every version gives the same facts, and the same
 * diagnostics with fixes and with the workspace's cross-document checks, as a fresh service given
 * only the final text.
 */
const generated = (sheetKinds as readonly SheetKind[]).map((kind, i) => sheetOfLines(kind, 250, 31 + i));
const bases = [...samples, ...generated];

/** What staff type into a value: ids, quotes, 再掲 addresses, years, wards, marks — each changes some fact. */
const typing = ['x', 'あ', '1', '実施X', '実施中', '完了', '', ' ', '令和7年度', '「存在しない取組の名称です」', '具体的取組5-1-1', '事項2-③', '戦略 1-2', '1 (2)', '東淀区', '〇', '◯', '全24区'];
/** Edits of the structure: new keys and items, breaking and unbreaking the YAML, anchors. */
const structural = ['\n', '  ', '- ', ': ', '"', '#', '[', '\n    名称: 新しい名称', '\n      - 番号: 9\n        名称: 追加した項目\n', '\n    再掲: 1 (1)', '&a ', '*a'];
/** Whole lines: a blank line, a comment line or a deleted line moves every later item by a line (an item keeps its text). */
const lineEdits = ['blank', 'comment', 'delete'] as const;
type Edit = { at: number; cut: number; insert: string } | { line: number; change: (typeof lineEdits)[number] };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ at: fc.nat(), cut: fc.oneof(fc.constant(0), fc.nat({ max: 3 })), insert: fc.constantFrom(...typing) }) },
  { weight: 2, arbitrary: fc.record({ line: fc.nat(), change: fc.constantFrom(...lineEdits) }) },
  { weight: 1, arbitrary: fc.record({ at: fc.nat(), cut: fc.oneof(fc.constant(0), fc.nat({ max: 6 }), fc.nat({ max: 60 })), insert: fc.constantFrom(...structural) }) },
);

function apply(text: string, e: Edit): string {
  if ('at' in e) return applyAt(text, e);
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const start = starts[e.line % starts.length]!;
  const end = text.indexOf('\n', start) + 1 || text.length;
  const indent = /^ */.exec(text.slice(start))![0];
  if (e.change === 'delete') return text.slice(0, start) + text.slice(end);
  return text.slice(0, start) + (e.change === 'blank' ? '\n' : `${indent}# メモ\n`) + text.slice(start);
}

/** Another sheet of the workspace, so that the cross-document checks read the facts. */
const otherUri = 'file:///reuse/other.sheet.yaml';

describe('facts, fixes and diagnostics reused across versions', () => {
  it('an edited document gets the facts and diagnostics (with fixes, with the workspace) of its text read fresh', () => {
    const edited = realService();
    // The reference: the same kind of service, its cached parse of the document dropped before each look (a fresh parse, no reuse).
    const fresh = realService();
    let spliced = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 8 }), (which, other, edits) => {
        const uri = `file:///reuse/facts-${which}.sheet.yaml`;
        const otherFacts = edited.factsOfText(otherUri, bases[other]!);
        const view = (self: () => SheetFacts): WorkspaceView => ({ files: () => [self(), otherFacts] });
        let text = bases[which]!;
        let version = 1;
        let document = TextDocument.create(uri, 'policy-yaml', version, text);
        edited.validate(document, {}, { withFixes: true, workspace: view(() => edited.facts(document)) });
        for (const e of edits) {
          const next = apply(text, e);
          // Count the steps an incremental parse serves (the case the reuse is for).
          if (typeof spliceSheet(parseSheet(text), next) !== 'string') spliced++;
          steps++;
          text = next;
          document = TextDocument.create(uri, 'policy-yaml', ++version, text);
          const current = document;
          const got = edited.validate(current, {}, { withFixes: true, workspace: view(() => edited.facts(current)) });
          const gotFacts = edited.facts(current);

          fresh.forget(uri);
          const freshDocument = TextDocument.create(uri, 'policy-yaml', 1, text);
          const expected = fresh.validate(freshDocument, {}, { withFixes: true, workspace: view(() => fresh.facts(freshDocument)) });
          assert.deepEqual(gotFacts, fresh.facts(freshDocument));
          assert.deepEqual(withoutVersions(got), withoutVersions(expected));
          // Quick fixes and fix-all answer from the same problems.
          assert.deepEqual(edited.fixAll(current), fresh.fixAll(freshDocument));
        }
      }),
      { numRuns: 30 },
    );
    // Most typing edits are spliced: the reuse is exercised, not only the full-parse path.
    assert.ok(spliced > steps / 3, `${spliced} of ${steps} steps spliced`);
  });
});
