import { join } from 'node:path';
import { codeCacheFolder, runWithCodeCache } from './codeCache';
import { collectGarbageNow, tuneHeap } from './heapTuning';

/**
 * `node dist/server.js`: starts the language server (dist/serverMain.js, built from server.ts)
 * compiled with V8's code cache (codeCache.ts), kept beside the bundle or in the folder the client
 * names in `POLICY_SHEETS_CODE_CACHE`. The heap's start-up flags are set first: V8 keys a code
 * cache on its flags, and the server sets the same ones when it starts. Once the bundle has run,
 * one full garbage collection clears start-up's garbage.
 */
tuneHeap();
runWithCodeCache(join(__dirname, 'serverMain.js'), codeCacheFolder(process.env, __dirname));
// Start-up's garbage (the bundle's text read, then copied to be compiled) goes before the first
// sheet is opened, instead of staying resident through its validation's peak (heapTuning.ts).
collectGarbageNow();
