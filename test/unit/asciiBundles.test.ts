import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

// esbuild.mjs writes the bundles that stay in memory while the server runs in ASCII (V8 would hold
// any other text as UTF-16, twice the bytes); built by `npm test`.
const root = resolve(__dirname, '../..');

describe('the server\'s bundles are ASCII (esbuild.mjs asciiOutput)', () => {
  for (const bundle of ['dist/serverMain.js', 'dist/writingWorker.js', 'dist/factsWorker.js']) {
    it(`${bundle} has no byte above 0x7f`, () => {
      const bytes = readFileSync(resolve(root, bundle));
      assert.equal(bytes.findIndex((b) => b > 0x7f), -1);
    });
  }
  it('an escaped regular-expression literal of the bundle matches what the original matched', () => {
    const text = readFileSync(resolve(root, 'dist/serverMain.js'), 'latin1');
    // toAsciiDigits' full-width digits, written as /[\uff10-\uff19]/g in the bundle.
    const literal = /\/\[\\uff10-\\uff19\]\/g/.exec(text)?.[0];
    assert.ok(literal, 'the full-width digit class is in the bundle, escaped');
    const pattern = new Function(`return ${literal};`)() as RegExp;
    assert.deepEqual('令和７年度 12'.match(pattern), ['７']);
  });
});
