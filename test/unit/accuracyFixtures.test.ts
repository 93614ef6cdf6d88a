import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureFixtures } from '../accuracy/fixtures';

// Every fixture of test/fixtures/accuracy must raise exactly the findings its comments expect
// (code, line and the text under the range), and the clean variants nothing at all.
describe('accuracy fixtures (test/fixtures/accuracy)', () => {
  // known-gaps holds forms the checks do not read yet: measured by `npm run accuracy`, not asserted.
  for (const result of measureFixtures().filter((r) => r.name !== 'known-gaps')) {
    it(`${result.name}: every expected finding, nothing else`, () => {
      assert.ok(result.files >= 2, `${result.name} needs a mistake fixture and a clean variant`);
      assert.deepEqual(result.missed, [], 'missed');
      assert.deepEqual(result.false, [], 'false');
      assert.ok(result.found.length > 0);
    });
  }
});
