import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureFixtures } from '../accuracy/fixtures';

// Every fixture of test/fixtures/accuracy must raise exactly the findings its comments expect
// (code, line and the text under the range), and the clean variants nothing at all.
describe('accuracy fixtures (test/fixtures/accuracy)', () => {
  for (const result of measureFixtures()) {
    it(`${result.name}: every expected finding, nothing else`, () => {
      assert.ok(result.files >= 2, `${result.name} needs a mistake fixture and a clean variant`);
      assert.deepEqual(result.missed, [], 'missed');
      assert.deepEqual(result.false, [], 'false');
      assert.ok(result.found.length > 0);
    });
  }
});
