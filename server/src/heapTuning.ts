import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The V8 heap-growing factor the server runs with, in percent: after a major garbage collection
 * the old generation may grow by this much before the next one (V8's default is dynamic, up to
 * about 100 % for a small, fast-allocating heap). The server's live data is small (the parsed
 * sheets, a few MiB each) while a validation allocates a lot of short-lived garbage (the parser's
 * tokens and nodes), so the default lets the heap balloon to several times the live set before
 * collecting: 196 MiB peak RSS on a 9,000-line sheet against 136 MiB at 20 % (measured with the
 * same open and edits, CPU time within the noise; `npm run bench`).
 */
export const heapGrowingPercent = 20;

/**
 * Sets the server process's heap-growing factor (`heapGrowingPercent`). V8 reads this flag at every
 * collection, so setting it at run time works (unlike the young generation's size, which is fixed
 * when the heap is created), and applies whichever client started the server (VS Code, Neovim,
 * the benchmark). Never throws.
 */
export function tuneHeap(): void {
  setGrowingPercent(heapGrowingPercent);
  setYoungGrowth(smallYoungGrowthFactor);
}

/**
 * Size of the largest open sheet (characters) from which the server lets the old generation grow by
 * `largeHeapGrowingPercent`: with a large live set (a sheet of 1,250,000 characters, 34,826 lines,
 * keeps about 70 MiB live) a 20 % margin means a major collection every few edits (edit p95 191 ms
 * at 34,826 lines against 157 ms at 60 %, one run of `npm run bench`; peak RSS 204 → 235 MiB,
 * yaml-language-server's 580). Below it the frugal factor keeps the small sheets' RSS low.
 */
export const largeSheetCharacters = 500_000;
/** The heap-growing factor (percent) while a sheet of `largeSheetCharacters` or more is open. */
export const largeHeapGrowingPercent = 60;


/**
 * Chooses the heap-growing factor for the largest open sheet (`largest`, in characters):
 * `heapGrowingPercent`, or `largeHeapGrowingPercent` from `largeSheetCharacters`, and the young
 * generation's growth likewise. Call when the open sheets change, before they are parsed; sets a V8
 * flag only when the choice changes. Never throws.
 */
export function adaptHeap(largest: number): void {
  setGrowingPercent(largest >= largeSheetCharacters ? largeHeapGrowingPercent : heapGrowingPercent);
  setYoungGrowth(largest >= largeSheetCharacters ? largeYoungGrowthFactor : smallYoungGrowthFactor);
}

/**
 * How much the young generation (V8's semi-spaces) may grow at each resize while no sheet of
 * `largeSheetCharacters` is open: 1, it stays at its initial 1 MiB per semi-space. V8 grows it
 * (factor 2, up to 16 MiB per semi-space) as soon as a validation allocates fast, and never gives
 * it back: 16 of the 24 MiB the server took for a 928-line sheet. Kept small: peak RSS 91 → 80 MiB
 * at 928 lines and 135 → 104 MiB at 8,636 (`npm run bench`, yaml-language-server 130 and 208) for
 * 7–14 % more CPU (more scavenges). Unlike the semi-spaces' maximum size, this flag is read at each
 * resize, so it works when set at run time.
 */
export const smallYoungGrowthFactor = 1;
/**
 * The young generation's growth factor while a large sheet is open: 16, so that its first resize
 * takes the semi-spaces from 1 MiB to their 16 MiB maximum at once instead of doubling four times
 * (each doubling follows scavenges that copy the sheet's new syntax tree). RSS is then dominated by
 * the sheet. At 34,826 lines, first diagnostics 338–366 ms against 381–400 with V8's default of 2,
 * server CPU to them 460–500 ms against 540–560; edit p95 and peak RSS within the runs' noise
 * (`BENCH_SIZES=36000 BENCH_WRITING=off BENCH_REPEAT=3 BENCH_VS=<previous dist>/server.js npm run bench`).
 */
export const largeYoungGrowthFactor = 16;

/** The value each V8 flag was last set to (set again only when the choice changes). */
const flagValues = new Map<string, number>();

/**
 * Sets `--<flag>=<value>` unless it already has that value. Never throws: an embedder that refuses
 * V8 flags keeps V8's defaults (the heap is only less frugal).
 */
function setFlag(flag: string, value: number): void {
  if (flagValues.get(flag) === value) return;
  try {
    setFlagsFromString(`--${flag}=${value}`);
    flagValues.set(flag, value);
  } catch {
    // Flag refused: V8's default.
  }
}

/**
 * Runs `run` under the start-up flags of `tuneHeap` and restores the flags set since (V8 keys a code
 * cache on its flags: codeCache.ts writes the bundle's cache under the flags it was compiled with,
 * whatever sheet is open). Returns what `run` returns.
 */
export function withStartupHeapFlags<T>(run: () => T): T {
  const current = new Map(flagValues);
  tuneHeap();
  try {
    return run();
  } finally {
    for (const [flag, value] of current) setFlag(flag, value);
  }
}

const setYoungGrowth = (factor: number) => setFlag('semi-space-growth-factor', factor);
const setGrowingPercent = (percent: number) => setFlag('heap-growing-percent', percent);

/**
 * Runs one full (mark-compact) garbage collection now; returns whether it ran. For the end of
 * start-up: loading the bundle leaves its text twice in the heap (the file's text and the copy V8
 * compiles, 2.4 MiB each with the development build, in the large-object space) and the code cache's
 * buffer (1.6 MiB), and a small sheet's first validation grows the heap without a major collection,
 * so the dead copy and the rest of start-up's garbage stayed resident through the open's peak
 * (issue 11 §2: 3 MiB less RSS after the open at 928 lines).
 * V8 offers a collection only through `--expose-gc`: the flag is set just long enough to create a
 * context that has `gc` (the way the `expose-gc` package does it) and reset at once, so that the
 * flags V8 keys its code cache on (codeCache.ts) are those of the start (a process started with
 * `--expose-gc` uses its own `gc` and keeps the flag). Never throws: where V8 refuses the flag
 * nothing is collected.
 */
export function collectGarbageNow(): boolean {
  // Started with --expose-gc: the process's own gc, and its flags left as they are.
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') {
    (exposed as () => void)();
    return true;
  }
  let gc: (() => void) | undefined;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  } catch {
    // Flag refused: no collection.
  } finally {
    try {
      setFlagsFromString('--no-expose-gc');
    } catch {
      // As above.
    }
  }
  if (typeof gc !== 'function') return false;
  gc();
  return true;
}
