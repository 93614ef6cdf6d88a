// The server's first run, at build time (issue 11 §2): starts dist/server.js over stdio, opens every
// sample and one large sheet (staged open), makes one edit, and shuts it down; on its way out the
// server writes V8's code cache of its bundle beside it (server/src/codeCache.ts), so that a server
// started by this Node version compiles neither the bundle nor a validation's functions. Another
// Node version (VS Code's) refuses that cache and writes its own on its first run. Never fails the
// build: a problem is reported and the server then starts without a cache, as before.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';

/** Runs the warm-up with `node` on `serverFile` (dist/server.js); resolves with undefined, or a one-line report of what failed; never rejects. */
export async function warmCodeCache(serverFile, samplesDir = 'samples', timeoutMs = 120_000) {
  const child = spawn(process.execPath, [serverFile, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, POLICY_SHEETS_CODE_CACHE: '' } });
  const connection = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const checked = new Map();
  const waiting = new Map();
  connection.onNotification('policySheets/checkLevel', (level) => {
    if (level.pending) return;
    checked.set(level.uri, true);
    waiting.get(level.uri)?.();
  });
  connection.onRequest(() => null);
  connection.listen();
  const checkedOnce = (uri) => new Promise((resolve) => (checked.has(uri) ? resolve() : waiting.set(uri, resolve)));
  let timer;
  const timeout = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs)));
  try {
    await Promise.race([timeout, (async () => {
      await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { settings: { validation: { delay: 0 }, writing: { enabled: false } } } });
      await connection.sendNotification('initialized', {});
      const sheets = readdirSync(samplesDir).filter((f) => f.endsWith('.sheet.yaml')).map((f) => ({ uri: pathToFileURL(join(samplesDir, f)).href, text: readFileSync(join(samplesDir, f), 'utf8') }));
      // One sheet of 50,000 characters or more (published in two stages): the 柱 of the largest
      // sample that has them, three times (as test/bench/bench.ts makes its large sheet).
      const largest = sheets.filter((s) => /^柱:/m.test(s.text)).reduce((a, b) => (b.text.length > a.text.length ? b : a));
      const lines = largest.text.split('\n');
      const body = `${lines.slice(lines.findIndex((l) => l.startsWith('柱:')) + 1).join('\n').replace(/\n*$/, '\n')}`;
      const large = { uri: pathToFileURL(join(samplesDir, 'warm-up-large.sheet.yaml')).href, text: largest.text.replace(/\n*$/, '\n') + body.repeat(2) };
      for (const sheet of [...sheets, large]) {
        await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: sheet.uri, languageId: 'policy-yaml', version: 1, text: sheet.text } });
        await checkedOnce(sheet.uri);
      }
      checked.delete(large.uri);
      await connection.sendNotification('textDocument/didChange', { textDocument: { uri: large.uri, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: '# 編集\n' }] });
      await checkedOnce(large.uri);
      await connection.sendRequest('shutdown');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendNotification('exit');
      await exited;
    })()]);
    return undefined;
  } catch (error) {
    child.kill();
    return `code cache: warm-up failed (${error instanceof Error ? error.message : String(error)}); the server starts without a cache until its first run writes one`;
  } finally {
    clearTimeout(timer);
    connection.dispose();
  }
}
