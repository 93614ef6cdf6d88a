import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

/**
 * A child process that allocates like a validation (much short-lived garbage, a small live set)
 * and prints its peak RSS in MiB; with `tune`, it first calls the server's tuneHeap().
 */
function peakRss(tune: boolean): number {
  const script = `
    ${tune ? `require(${JSON.stringify(resolve(__dirname, '../../server/src/heapTuning.ts'))}).tuneHeap();` : ''}
    const keep = [];
    for (let r = 0; r < 40; r++) {
      const tmp = [];
      for (let i = 0; i < 200000; i++) tmp.push({ a: i, b: 'x' + i, c: [i] });
      keep.push(tmp.slice(0, 2000));
    }
    process.stdout.write(String(process.resourceUsage().maxRSS / 1024));`;
  return Number(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' }));
}

describe('heapTuning', () => {
  it('keeps the peak memory of a garbage-heavy process well below the untuned one', () => {
    const untuned = peakRss(false);
    const tuned = peakRss(true);
    assert.ok(tuned < untuned * 0.8, `tuned ${tuned.toFixed(0)} MiB vs untuned ${untuned.toFixed(0)} MiB`);
  });
});
