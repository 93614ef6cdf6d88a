import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readCodeCache } from '../../server/src/codeCache';
import { startSession } from '../helpers/lspClient';
import { sheetOfLines } from '../helpers/sheetGen';

// The real server (dist/server.js, the loader, running dist/serverMain.js; built by `npm test`),
// with its code cache in a folder of this test (the client names it in POLICY_SHEETS_CODE_CACHE).
const folder = mkdtempSync(join(tmpdir(), 'server-code-cache-'));
process.env.POLICY_SHEETS_CODE_CACHE = folder;
after(() => rmSync(folder, { recursive: true, force: true }));

const text = sheetOfLines('振り返りシート', 300, 11);
const cacheFiles = () => readdirSync(folder).filter((f) => f.endsWith('.cache'));

/** Starts the server, opens the sheet, waits for its diagnostics, shuts down: the code cache's status as logged, and the diagnostics. */
async function openOnce(): Promise<{ status: string | undefined; diagnostics: unknown[] }> {
  const session = await startSession(undefined, undefined, { settings: { writing: { enabled: false }, validation: { delay: 0 } } });
  try {
    const uri = 'untitled:cached.sheet.yaml';
    const published = session.waitForDiagnostics(uri, () => true, 30_000);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
    const { diagnostics } = await published;
    // Logged before the open is checked (window/logMessage comes first on the same stream).
    const logs = (session.notifications.get('window/logMessage') ?? []) as { message: string }[];
    const status = logs.map((l) => /^code cache: (\w+)/.exec(l.message)?.[1]).find((s) => s !== undefined);
    return { status, diagnostics: diagnostics.map((d) => [d.code, d.range, d.message]) };
  } finally {
    await session.shutdown();
  }
}

describe('the server\'s code cache over stdio (codeCache.ts, serverStart.ts)', () => {
  it('the first start writes it, the second uses it, a corrupt file is ignored and replaced; the diagnostics never change', async () => {
    const first = await openOnce();
    assert.equal(first.status, 'missing');
    assert.ok(first.diagnostics.length > 0);
    // Written on the way out (the session was shorter than the server's quiet time).
    assert.equal(cacheFiles().length, 1);
    const file = join(folder, cacheFiles()[0]!);
    assert.ok(readCodeCache(file).data);

    const second = await openOnce();
    assert.equal(second.status, 'used');
    assert.deepEqual(second.diagnostics, first.diagnostics);

    const bytes = readFileSync(file);
    for (let i = 64; i < bytes.length; i += 4096) bytes[i] ^= 0x5a;
    writeFileSync(file, bytes);
    const damaged = await openOnce();
    assert.equal(damaged.status, 'corrupt');
    assert.deepEqual(damaged.diagnostics, first.diagnostics);
    assert.ok(readCodeCache(file).data, 'replaced by a good one');
    assert.equal((await openOnce()).status, 'used');
  });
});
