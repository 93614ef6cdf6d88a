import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { trace } from './cli/trace';
import { codeCacheFolder, runWithCodeCache } from './codeCache';

/**
 * `node dist/cli.js` (and `bin/policy-sheets.js`, which requires it and calls `run`): runs the CLI's
 * bundle, dist/cliMain.js (built from cli.ts), compiled with V8's code cache (codeCache.ts), kept
 * beside the bundle or in `POLICY_SHEETS_CODE_CACHE` (`off`: none). `check` writes the cache at the
 * end of a run that had none (cli.ts), so it holds the functions that run compiled.
 */
// The CLI keeps the cores busy with its own threads (check threads, writing workers: one per core),
// so V8's parallel scavenging only adds helper tasks that wait for those cores: off, one scavenging
// thread per isolate. Read by V8 at each scavenge, so it can be set now; set before the bundle is
// compiled, so that every run's code cache is made and checked under the same flags (codeCache.ts).
// Measured on 2 cores, 240 sheets with writing on: wall 0.97× (interleaved, 10 pairs; README).
setFlagsFromString('--no-parallel-scavenge');
const loaded = runWithCodeCache(join(__dirname, 'cliMain.js'), codeCacheFolder(process.env, __dirname));
trace(`code cache: cliMain.js ${loaded.status}, compiled in ${loaded.compileMs.toFixed(1)} ms`);
const cli = loaded.exports as typeof import('./cli');

export const { main, run } = cli;

if (require.main === module) run();
