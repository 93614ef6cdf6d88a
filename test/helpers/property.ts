import fc from 'fast-check';

/**
 * Property tests run with a fixed seed so that CI is reproducible; set FC_SEED=random to explore
 * new cases locally, or FC_SEED=<n> to replay a reported failure (fast-check prints the seed).
 */
export function configurePropertyTests(): void {
  const env = process.env.FC_SEED;
  if (env === 'random') return;
  fc.configureGlobal({ seed: env !== undefined && env !== '' ? Number(env) : 20261121 });
}

/**
 * Real sheets as a user leaves them mid-edit: one of `texts`, with up to `maxCut` characters from a
 * random offset replaced by one of `inserts`.
 */
export function splicedSheets(texts: readonly string[], inserts: readonly string[], maxCut: number): fc.Arbitrary<string> {
  return fc.tuple(fc.integer({ min: 0, max: texts.length - 1 }), fc.nat(), fc.nat(), fc.constantFrom(...inserts)).map(([which, a, b, insert]) => {
    const base = texts[which]!;
    const from = a % (base.length + 1);
    const to = Math.min(base.length, from + (b % maxCut));
    return base.slice(0, from) + insert + base.slice(to);
  });
}
