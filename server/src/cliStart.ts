import { join } from 'node:path';
import { trace } from './cli/trace';
import { codeCacheFolder, runWithCodeCache } from './codeCache';

/**
 * `node dist/cli.js` (and `bin/policy-sheets.js`, which requires it and calls `run`): runs the CLI's
 * bundle, dist/cliMain.js (built from cli.ts), compiled with V8's code cache (codeCache.ts), kept
 * beside the bundle or in `POLICY_SHEETS_CODE_CACHE` (`off`: none). `check` writes the cache at the
 * end of a run that had none (cli.ts), so it holds the functions that run compiled.
 */
const loaded = runWithCodeCache(join(__dirname, 'cliMain.js'), codeCacheFolder(process.env, __dirname));
trace(`code cache: cliMain.js ${loaded.status}, compiled in ${loaded.compileMs.toFixed(1)} ms`);
const cli = loaded.exports as typeof import('./cli');

export const { main, run } = cli;

if (require.main === module) run();
