/**
 * A sheet-checking worker thread of `policy-sheets check` (issue 11 §2; host: ./parallel.ts).
 * One language service per thread (schemas compiled once per thread), two steps per sheet:
 * 1. `prepare`: parse, compute the sheet's workspace facts and its own problems (the costly part),
 *    and its prose for the writing checks; the parse is kept until step 2.
 * 2. `validate` (after `workspace`: every sheet's facts, in file order): the cross-document checks
 *    over the kept parse, the diagnostics as LSP ranges; then the parse is dropped.
 * The answers are what the main thread's service gives for the same text (../cli.ts, serial path).
 * Pure computation: the host reads the files and prints.
 */
import { parentPort } from 'node:worker_threads';
import { createSheetChecker, type CheckRequest, type CheckResponse } from './sheetChecker';
import { trace } from './trace';

trace('worker: bundle loaded');

const checker = createSheetChecker();

parentPort?.on('message', (request: CheckRequest) => {
  const response: CheckResponse | undefined = checker.handle(request);
  if (response) parentPort!.postMessage(response);
});
