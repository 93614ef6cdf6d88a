/** The writing worker thread starts with V8 resource limits (server/src/writing/resourceLimits.ts): a small young generation. */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { createWritingChecker } from '../../server/src/writing';
import { writingWorkerResourceLimits } from '../../server/src/writing/resourceLimits';

describe('writing worker resource limits', () => {
  it('starts the worker with a 4 MiB young generation and V8\'s own old-generation limit', async () => {
    const checker = createWritingChecker({ workerFile: resolve(__dirname, '../helpers/limitsWritingWorker.cjs') });
    try {
      const [message] = await checker.check(['x']);
      const limits = JSON.parse(message!.message) as Record<string, number>;
      assert.equal(limits.maxYoungGenerationSizeMb, 4);
      assert.equal(writingWorkerResourceLimits.maxYoungGenerationSizeMb, 4);
      // Not limited by us: V8's default (far above what the dictionary and a large sheet need).
      assert.ok(limits.maxOldGenerationSizeMb! > 1000, `old generation ${limits.maxOldGenerationSizeMb} MiB`);
    } finally {
      await checker.dispose();
    }
  });
});
