/**
 * A sheet-checking worker thread of `policy-sheets check` (issue 11 §2; host: ./parallel.ts).
 * One language service per thread (schemas compiled once per thread), two steps per sheet:
 * 1. `prepare`: parse, compute the sheet's workspace facts and its own problems (the costly part),
 *    and its prose for the writing checks; the parse is kept until step 2. The sheets come in one
 *    `queue` message (every sheet of the run): the thread takes the next one not yet taken by any
 *    thread, prepares it, answers, and so on until none is left (`prepare` requests come only for
 *    sheets of a thread that failed, and only to the main thread).
 * 2. `validate` (after `workspace`: every sheet's facts, in file order): the cross-document checks
 *    over the kept parse, the diagnostics as LSP ranges; then the parse is dropped.
 * The answers are what the main thread's service gives for the same text (../cli.ts, serial path).
 * Pure computation: the host reads the files and prints.
 * Started through dist/workerStart.js (V8's code cache): at the end of a run the host posts
 * `codeCacheCloseRequest` and the thread exits, writing its cache first if it had none.
 */
import { parentPort } from 'node:worker_threads';
import { isCodeCacheCloseRequest, saveCodeCacheAtExit } from '../codeCache';
import { createSheetChecker, type CheckRequest, type CheckResponse } from './sheetChecker';
import { trace } from './trace';

trace('worker: bundle loaded');

const checker = createSheetChecker();
saveCodeCacheAtExit();

parentPort?.on('message', (request: CheckRequest) => {
  if (isCodeCacheCloseRequest(request)) process.exit(0);
  if (request.type === 'queue') {
    // Every sheet this thread can take, one after another; the other requests come after the last one.
    for (let response = checker.take(request); response; response = checker.take(request)) parentPort!.postMessage(response);
    return;
  }
  const response: CheckResponse | undefined = checker.handle(request);
  if (response) parentPort!.postMessage(response);
});
