/**
 * `createLanguageService({ fixes: false })` (used by `policy-sheets check` without --fix): the same
 * problems in the same order with the same ranges, codes, messages and data, only without the
 * quick fixes (`Problem.fix`), and the same diagnostics from `validate`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { doc, realService } from '../helpers/service';

const samples = resolve(__dirname, '../../samples');
const texts = readdirSync(samples)
  .filter((name) => name.endsWith('.sheet.yaml'))
  .map((name) => readFileSync(resolve(samples, name), 'utf8'));

describe('language service option fixes: false', () => {
  const withFixes = realService();
  const withoutFixes = realService({ fixes: false });

  it('gives the same problems without their quick fixes', () => {
    let fixed = 0;
    for (const text of texts) {
      const expected = withFixes.getProblems(doc(text), { full: true });
      const actual = withoutFixes.getProblems(doc(text), { full: true });
      fixed += expected.filter((p) => p.fix !== undefined).length;
      assert.ok(actual.every((p) => p.fix === undefined));
      assert.deepEqual(actual, expected.map(({ fix: _fix, ...problem }) => problem));
    }
    // The samples have fixable problems (look-alike marks, 令和1年 …): the option must have removed some.
    assert.ok(fixed > 0, 'the samples should have problems with quick fixes');
  });

  it('gives the same diagnostics from validate (no fixes asked)', () => {
    for (const text of texts) assert.deepEqual(withoutFixes.validate(doc(text), {}, { full: true }), withFixes.validate(doc(text), {}, { full: true }));
  });
});
