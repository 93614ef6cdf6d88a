import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RunFigures, targetRows, targetTable } from '../bench/targets';

const run = (size: number, repetition: number, ours: boolean, firstMs: number, editP95Ms: number, peakRssMiB: number): RunFigures => ({ size, repetition, ours, firstMs, editP95Ms, peakRssMiB });

describe('the benchmark target check (issue 11 §2)', () => {
  it('pairs each of our runs with the yaml-language-server run of the same size and repetition', () => {
    const rows = targetRows([
      run(900, 0, true, 100, 10, 60),
      run(900, 0, false, 400, 250, 120),
      run(900, 1, true, 90, 12, 62),
      run(900, 1, false, 300, 240, 124),
    ]);
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.firstRatios, [0.25, 0.3]);
    assert.deepEqual(rows[0]!.rssRatios, [0.5, 0.5]);
    assert.deepEqual(rows[0]!.editP95s, [10, 12]);
    assert.equal(rows[0]!.firstMet, true);
    assert.equal(rows[0]!.rssMet, true);
    assert.equal(rows[0]!.editMet, true);
  });

  it('counts a target as met only when every run met it', () => {
    const [row] = targetRows([
      run(36000, 0, true, 400, 140, 200),
      run(36000, 0, false, 800, 600, 500),
      run(36000, 1, true, 410, 160, 320),
      run(36000, 1, false, 800, 600, 500),
    ]);
    assert.equal(row!.firstMet, false, 'first diagnostics 0.51× in the second run');
    assert.equal(row!.rssMet, false, 'peak RSS 0.64× in the second run');
    assert.equal(row!.editMet, false, 'edit p95 160 ms > 150');
    assert.match(targetTable([row!]), /\| 36000 \| 2 \| 0\.50 \(0\.50–0\.51\) ✗ \| 0\.40 \(0\.40–0\.64\) ✗ \| 140 \(140–160\) \(≤ 150\) ✗ \|/);
  });

  it('gives no row without yaml-language-server, and no edit verdict for a size without a target', () => {
    assert.deepEqual(targetRows([run(900, 0, true, 100, 10, 60)]), []);
    const [row] = targetRows([run(1200, 0, true, 100, 10, 60), run(1200, 0, false, 300, 200, 120)]);
    assert.equal(row!.editMet, undefined);
    assert.match(targetTable([row!]), /\(—\) \|$/);
  });
});
