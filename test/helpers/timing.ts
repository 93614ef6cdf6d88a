import assert from 'node:assert/strict';

/** Fastest of `runs` timings of `fn()`, in ms (the minimum filters out a loaded machine's noise). */
export function fastest(fn: () => unknown, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** A linear pass over a string: the yardstick that time budgets are measured against. */
export function linearScan(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}

/**
 * Asserts that `fn(input(n))` runs in linear time: at 64 K and then at 1 M characters, its time is
 * at most `ratio` times a linear baseline on the same input (default: `linearScan`), plus 5 ms for
 * timer granularity. A quadratic algorithm is 16× slower per character at 1 M than at 64 K, and
 * fails already at 64 K (seconds against milliseconds), so a regression fails fast, not after
 * minutes. No fixed time limit: the budget scales with the machine's speed at that moment.
 */
export function assertLinear(what: string, input: (n: number) => string, fn: (text: string) => unknown, options: { ratio?: number; baseline?: (text: string) => unknown; runs?: number } = {}): void {
  const ratio = options.ratio ?? 200;
  const runs = options.runs ?? 3;
  const baseline = options.baseline ?? linearScan;
  // Warm up (regex compilation, JIT, lazy module state) so the first timing is not one-off cost.
  fn(input(1024));
  baseline(input(1024));
  for (const n of [1 << 16, 1 << 20]) {
    const text = input(n);
    const base = fastest(() => baseline(text), runs);
    const took = fastest(() => fn(text), runs);
    assert.ok(took <= ratio * base + 5, `${what}: ${took.toFixed(1)} ms on ${text.length.toLocaleString()} characters, over ${ratio}× the linear baseline (${base.toFixed(2)} ms)`);
  }
}
