/**
 * The writing-check worker thread: loads textlint's kernel and the Japanese rules on the first
 * request, and answers each request `{ id, texts, rules }` with `{ id, messages }` (UTF-16 offsets
 * into each text). kuromoji's dictionary (read from `workerData.dicPath`) loads only when a
 * morphological rule is asked for and a text passes its `couldApply` pre-check.
 * Runs off the language server's main thread, so structural diagnostics never wait for it.
 * The CLI starts it through dist/workerStart.js (V8's code cache) and ends it with
 * `codeCacheCloseRequest`: it exits once the requests before are answered, writing its cache first
 * if it had none.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { TextlintKernel as Kernel, TextlintKernelRule } from '@textlint/kernel';
import { isCodeCacheCloseRequest, saveCodeCacheAtExit } from '../codeCache';
import type { WritingMessage } from '../service/checks/writing';
import { useCompactDictionaryLoader } from './dictionary';
import { capTokenCache } from './tokenCache';
import { useLinearLatticeBuilder } from './lattice';
import { couldApply } from './precheck';
import { repeatedPhraseRule } from './repeatedPhrase';
import { termsDictionary } from './terms';

/** Messages from the host. */
export interface WritingRequest {
  id: number;
  texts: string[];
  /** The ruleIds to run (`writingRules` keys); all when absent. */
  rules?: string[];
}

/** Answers to the host. */
export type WritingResponse = { id: number; messages: WritingMessage[] } | { id: number; error: string };

const data = (workerData ?? {}) as { dicPath?: string; lowerPriority?: boolean };
if (data.dicPath) process.env.KUROMOJIN_DIC_PATH = data.dicPath;
if (data.lowerPriority !== false) lowerPriority();

/**
 * Lowers this thread's scheduling priority (nice 10) so that, on a machine with few cores, the
 * language server's main thread (structural diagnostics, completion) runs first and the writing
 * checks take the time left. Linux: /proc/thread-self names this thread's id, and setpriority on a
 * thread id applies to that thread only. Elsewhere, or when not permitted, nothing changes.
 */
function lowerPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: the thread keeps the process's priority.
  }
}

let ready: Promise<{ kernel: Kernel; rules: TextlintKernelRule[]; plugin: unknown }> | undefined;

/** A CommonJS module's default export (textlint rules are published both ways). */
function interop(m: unknown): TextlintKernelRule['rule'] {
  return ((m as { default?: unknown }).default ?? m) as TextlintKernelRule['rule'];
}

function setUp() {
  ready ??= (async () => {
    const { TextlintKernel } = await import('@textlint/kernel');
    // Dictionary loading: kuromoji (through kuromojin, in the rules) reads its dictionary with no
    // copy and no expansion of the token-info map (./dictionary.ts); kuromojin's token cache keeps
    // a text's sentences, not 10,000 texts (./tokenCache.ts; before any rule requires kuromojin).
    useCompactDictionaryLoader();
    // kuromoji's lattice builder in linear time, not quadratic in a paragraph's length (./lattice.ts).
    useLinearLatticeBuilder();
    capTokenCache();
    // date-weekday-mismatch names Japanese weekdays through moment's ja locale, which moment loads
    // by a computed require that a bundle cannot follow: load it here.
    require('moment/locale/ja');
    // Literal requires, so that esbuild bundles every rule into dist/writingWorker.js.
    const rules: TextlintKernelRule[] = [
      { ruleId: 'ja-no-successive-word', rule: interop(require('textlint-rule-ja-no-successive-word')) },
      { ruleId: 'repeated-phrase', rule: repeatedPhraseRule as unknown as TextlintKernelRule['rule'] },
      { ruleId: 'no-doubled-joshi', rule: interop(require('textlint-rule-no-doubled-joshi')) },
      { ruleId: 'no-dropping-the-ra', rule: interop(require('textlint-rule-no-dropping-the-ra')) },
      { ruleId: 'no-mix-dearu-desumasu', rule: interop(require('textlint-rule-no-mix-dearu-desumasu')) },
      { ruleId: 'no-hankaku-kana', rule: interop(require('textlint-rule-no-hankaku-kana')) },
      { ruleId: 'no-mixed-zenkaku-and-hankaku-alphabet', rule: interop(require('textlint-rule-no-mixed-zenkaku-and-hankaku-alphabet')) },
      { ruleId: 'date-weekday-mismatch', rule: interop(require('textlint-rule-date-weekday-mismatch')) },
      { ruleId: 'prh', rule: interop(require('textlint-rule-prh')), options: { ruleContents: [termsDictionary] } },
    ];
    return { kernel: new TextlintKernel(), rules, plugin: (require('@textlint/textlint-plugin-text') as { default?: unknown }).default ?? require('@textlint/textlint-plugin-text') };
  })();
  return ready;
}

async function lint(request: WritingRequest): Promise<WritingResponse> {
  try {
    const { kernel, rules, plugin } = await setUp();
    const messages: WritingMessage[] = [];
    const asked = request.rules ? rules.filter((r) => request.rules!.includes(r.ruleId)) : rules;
    for (const [index, text] of request.texts.entries()) {
      const applicable = asked.filter((r) => couldApply(r.ruleId, text));
      if (applicable.length === 0) continue;
      const result = await kernel.lintText(text, {
        ext: '.txt',
        filePath: 'sheet.txt',
        plugins: [{ pluginId: 'text', plugin: plugin as never }],
        rules: applicable,
      });
      for (const m of result.messages) {
        // A rule that proposes a fix names the whole expression it would replace; use that range.
        const [start, end] = m.fix?.range ?? m.range;
        messages.push({ index, ruleId: m.ruleId, message: m.message, start, end });
      }
    }
    return { id: request.id, messages };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

// Requests are answered in order; a long one delays only later writing results, never the host.
let queue = Promise.resolve();
saveCodeCacheAtExit();
parentPort?.on('message', (request: WritingRequest) => {
  if (isCodeCacheCloseRequest(request)) queue = queue.then(() => process.exit(0));
  else queue = queue.then(async () => parentPort!.postMessage(await lint(request)));
});
