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
