import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { writingTexts } from '../../server/src/service/checks/writing';
import { reparseSheet } from '../../server/src/service/incrementalParse';
import { parseSheet } from '../../server/src/service/parse';
import { apply, bases, edit } from '../helpers/editSequences';
import { configurePropertyTests } from '../helpers/property';

configurePropertyTests();

/** What the writing checks see of a text: the string, where its node is, and where each character is. */
const seen = (texts: ReturnType<typeof writingTexts>) => texts.map((t) => ({ text: t.text, node: t.node, offsets: t.offsets }));

describe('writingTexts after an incremental parse', () => {
  it('equals writingTexts of a fresh parse, after random edit sequences on generated sheets and the samples', () => {
    let reusedSteps = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        let text = bases[which]!;
        let sheet = parseSheet(text);
        writingTexts(sheet);
        for (const e of edits) {
          text = apply(text, e);
          const next = reparseSheet(sheet, text);
          steps++;
          if (next.data !== undefined && sheet.data !== undefined && next.data !== sheet.data) reusedSteps++;
          sheet = next;
          assert.deepEqual(seen(writingTexts(sheet)), seen(writingTexts(parseSheet(text))), `base ${which}, after ${JSON.stringify(e)}`);
        }
      }),
      { numRuns: 60 },
    );
    assert.ok(reusedSteps > steps / 3, `an incremental parse in only ${reusedSteps} of ${steps} steps`);
  });

  it('a collection kept by the incremental parse reports its texts at their new place', () => {
    const text = bases.find((b) => b.includes('主な取組実績'))!;
    const sheet = parseSheet(text);
    const before = writingTexts(sheet);
    const last = before[before.length - 1]!;
    // An edit before the last text, inside the first text's value, moves the last text by two.
    const first = before[0]!;
    const at = first.node[1];
    const next = reparseSheet(sheet, `${text.slice(0, at)}追記${text.slice(at)}`);
    const after = writingTexts(next);
    const moved = after.find((t) => t.text === last.text && t.node[0] === last.node[0] + 2);
    assert.ok(moved, 'the last text, two characters later');
    assert.equal(next.text.slice(moved.node[0], moved.node[1]), text.slice(last.node[0], last.node[1]));
  });
});
