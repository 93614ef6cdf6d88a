/**
 * The facts worker thread of the workspace index: answers each request `{ id, uri, text }` with the
 * facts of that text (`{ id, facts }`, ../service/facts.ts), or `{ id, error }` when computing them
 * threw. Parsing is most of what indexing a file costs; run here, the files of a large workspace
 * are parsed on several cores and never on the thread that answers the editor. Pure computation:
 * the host reads the files and keeps the index.
 */
import { parentPort } from 'node:worker_threads';
import { factsOfText, type SheetFacts } from '../service/facts';

/** A request from the host. */
export interface FactsRequest {
  id: number;
  uri: string;
  text: string;
}

/** The answer to a request. */
export type FactsResponse = { id: number; facts: SheetFacts } | { id: number; error: string };

parentPort?.on('message', (request: FactsRequest) => {
  let response: FactsResponse;
  try {
    response = { id: request.id, facts: factsOfText(request.uri, request.text) };
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
