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

/**
 * Runs `body` in a child process started with `nodeOptions` (V8 flags set by one test must not leak
 * into another) with `v8`, `vm`, `heap` (the server's heapTuning.ts) and `newSpace()` (the young
 * generation's size, MiB) in scope; returns what it writes to stdout, parsed as JSON.
 */
function inChild<T>(body: string, nodeOptions: readonly string[] = []): T {
  const script = `
    const v8 = require('node:v8');
    const vm = require('node:vm');
    const heap = require(${JSON.stringify(resolve(__dirname, '../../server/src/heapTuning.ts'))});
    const newSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size / 1048576;
    ${body}`;
  return JSON.parse(execFileSync(process.execPath, [...nodeOptions, '--import', 'tsx', '-e', script], { encoding: 'utf8' })) as T;
}

describe('heapTuning', () => {
  it('keeps the peak memory of a garbage-heavy process well below the untuned one', () => {
    const untuned = peakRss(false);
    const tuned = peakRss(true);
    assert.ok(tuned < untuned * 0.8, `tuned ${tuned.toFixed(0)} MiB vs untuned ${untuned.toFixed(0)} MiB`);
  });

  it('keeps the young generation at its initial size for small sheets and lets it grow once a large sheet is open', () => {
    // A child process: the semi-space growth set by the first test's tuneHeap must not leak in.
    const script = `
      const keep = [];
      const churn = () => { for (let i = 0; i < 2000000; i++) { const o = { a: i, b: 'x' + i }; if (i % 500 === 0) keep.push(o); } };
      heap.tuneHeap();
      heap.adaptHeap(30000);
      churn();
      const small = newSpace();
      heap.adaptHeap(heap.largeSheetCharacters);
      churn();
      process.stdout.write(JSON.stringify({ small, large: newSpace() }));`;
    const { small, large } = inChild<{ small: number; large: number }>(script);
    assert.ok(small <= 4, `young generation ${small} MiB with a small sheet`);
    assert.ok(large > small, `young generation ${large} MiB with a large sheet, ${small} MiB before`);
  });

  it('takes the young generation to its maximum at its first resize once a large sheet is open', () => {
    // Doubling instead would copy the sheet's new syntax tree through several small scavenges.
    const script = `
      const keep = [];
      const churn = (n) => { for (let i = 0; i < n; i++) { const o = { a: i, b: 'x' + i }; if (i % 500 === 0) keep.push(o); } };
      heap.tuneHeap();
      heap.adaptHeap(30000);
      churn(2000000);
      const small = newSpace();
      heap.adaptHeap(heap.largeSheetCharacters);
      const sizes = [];
      for (let k = 0; k < 40; k++) { churn(100000); sizes.push(newSpace()); }
      process.stdout.write(JSON.stringify({ small, sizes }));`;
    const { small, sizes } = inChild<{ small: number; sizes: number[] }>(script);
    const firstResize = sizes.find((size) => size !== small);
    assert.ok(firstResize !== undefined, `no resize: ${small} MiB throughout`);
    assert.equal(firstResize, Math.max(...sizes), `sizes after the large sheet opened: ${sizes.join(', ')} MiB`);
  });

  it('collects garbage on request (a dead object in the old generation is freed) and leaves no gc function behind', () => {
    // A child process: the large array is promoted to the old generation's large-object space by
    // scavenges, then dropped; only a full collection frees it.
    const script = `
      const large = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'large_object_space').space_used_size / 1048576;
      let dead = new Array(2500000).fill(0.5);
      for (let i = 0; i < 3000000; i++) ({ i });
      dead = undefined;
      const before = large();
      const ran = heap.collectGarbageNow();
      process.stdout.write(JSON.stringify({ ran, before, after: large(), gc: typeof globalThis.gc, gcInNewContext: vm.runInNewContext('typeof gc') }));`;
    const r = inChild<{ ran: boolean; before: number; after: number; gc: string; gcInNewContext: string }>(script);
    assert.equal(r.ran, true);
    assert.ok(r.before >= 19, `the dead array (19 MiB) in the large-object space before: ${r.before} MiB`);
    assert.ok(r.after <= r.before - 19, `large-object space ${r.before} → ${r.after} MiB`);
    // --expose-gc is reset at once: V8 keys the code cache on its flags (codeCache.ts).
    assert.equal(r.gc, 'undefined');
    assert.equal(r.gcInNewContext, 'undefined');
  });

  it('in a process started with --expose-gc, collects with its gc and leaves the flag set', () => {
    const script = `
      const ran = heap.collectGarbageNow();
      process.stdout.write(JSON.stringify({ ran, gc: typeof globalThis.gc, gcInNewContext: vm.runInNewContext('typeof gc') }));`;
    const r = inChild<{ ran: boolean; gc: string; gcInNewContext: string }>(script, ['--expose-gc']);
    assert.deepEqual(r, { ran: true, gc: 'function', gcInNewContext: 'function' });
  });
});
