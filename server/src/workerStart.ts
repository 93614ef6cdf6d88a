import { basename, join } from 'node:path';
import { workerData } from 'node:worker_threads';
import { trace } from './cli/trace';
import { codeCacheFolder, runWithCodeCache } from './codeCache';

/**
 * dist/workerStart.js: the loader of the CLI's worker threads (its check threads, cli/parallel.ts,
 * and its writing workers, writing/index.ts). Runs the bundle named by `workerData.codeCacheBundle`
 * (a file name: only a bundle of this folder, dist/) compiled with V8's code cache (codeCache.ts),
 * beside the bundle or in `POLICY_SHEETS_CODE_CACHE`; the thread writes it when its host closes it
 * (`codeCacheCloseRequest`) after a run that had none. The rest of `workerData` is the bundle's.
 */
const bundle = (workerData as { codeCacheBundle?: unknown } | null)?.codeCacheBundle;
if (typeof bundle !== 'string' || bundle.length === 0) throw new Error('workerStart: workerData.codeCacheBundle names no bundle');
const loaded = runWithCodeCache(join(__dirname, basename(bundle)), codeCacheFolder(process.env, __dirname));
trace(`code cache: ${bundle} ${loaded.status}, compiled in ${loaded.compileMs.toFixed(1)} ms`);
