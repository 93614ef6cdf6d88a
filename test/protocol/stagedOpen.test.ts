import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { checkLevelNotification, type CheckLevelParams } from '../../server/src/protocol';
import { startSession } from '../helpers/lspClient';
import { reviewSheet } from '../helpers/sheets';
import { sheetOfLines } from '../helpers/sheetGen';

const structural = (code: unknown) => /^(yaml|schema)\//.test(String(code));
const codes = (d: readonly Diagnostic[]) => [...new Set(d.map((x) => String(x.code)))].sort();
/** Resolves once `levels` (filled by this test's own checkLevel handler) holds `count` notifications. */
const untilLevels = (levels: CheckLevelParams[], count: number) =>
  new Promise<CheckLevelParams[]>((resolve, reject) => {
    const deadline = performance.now() + 10_000;
    const poll = () => (levels.length >= count ? resolve(levels) : performance.now() > deadline ? reject(new Error(`${levels.length} of ${count} checkLevel notifications`)) : setImmediate(poll));
    poll();
  });

// The real server (dist/server.js, built by `npm test`).
describe('a large sheet just opened is published in two stages', () => {
  it('syntax and schema first (checkLevel pending), then the complete list of the same version', async () => {
    const session = await startSession(undefined, undefined, { settings: { writing: { enabled: false }, validation: { delay: 0 } } });
    try {
      const uri = 'untitled:staged.sheet.yaml';
      // A generated 振り返りシート of about 2,000 lines (over 50,000 characters) with one enum error in it.
      const generated = sheetOfLines('振り返りシート', 2000, 7);
      const at = generated.indexOf('実施状況: 実施中');
      assert.ok(at > 0 && generated.length >= 50_000);
      const text = `${generated.slice(0, at)}実施状況: 実施X${generated.slice(at + '実施状況: 実施中'.length)}`;
      const levels: CheckLevelParams[] = [];
      const publications: Diagnostic[][] = [];
      session.connection.onNotification(checkLevelNotification, (level: CheckLevelParams) => void levels.push(level));
      const complete = session.waitForDiagnostics(uri, (d) => {
        publications.push(d);
        return d.some((x) => !structural(x.code));
      }, 60_000);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
      const full = await complete;
      assert.equal(full.version, 1);
      assert.equal(publications.length, 2, `publications: ${publications.map((p) => codes(p).join(',')).join(' | ')}`);
      const [first] = publications;
      // The first stage: only syntax and schema, and the enum error is among them, on its line.
      assert.ok(first!.every((x) => structural(x.code)), codes(first!).join());
      const line = text.slice(0, at).split('\n').length - 1;
      assert.ok(first!.some((x) => x.code === 'schema/enum' && x.range.start.line === line), JSON.stringify(first!.map((x) => [x.code, x.range.start.line])));
      // The complete list keeps every structural finding and adds the domain ones.
      for (const d of first!) assert.ok(full.diagnostics.some((x) => x.code === d.code && x.range.start.line === d.range.start.line && x.message === d.message));
      assert.ok(full.diagnostics.some((x) => !structural(x.code)));
      // The language status is told: pending, then complete.
      const settled = await untilLevels(levels, 2);
      assert.deepEqual(settled.map((l) => [l.uri, l.pending === true]), [[uri, true], [uri, false]]);
    } finally {
      await session.shutdown();
    }
  });
  it('a small sheet is published once, complete', async () => {
    const session = await startSession(undefined, undefined, { settings: { writing: { enabled: false }, validation: { delay: 0 } } });
    try {
      const uri = 'untitled:small.sheet.yaml';
      const text = reviewSheet('              - めざす姿: 令和8年度末までに全区で実施\n                実施状況: 実施中\n                完了済み時点: 令和9年度末\n');
      const levels: CheckLevelParams[] = [];
      session.connection.onNotification(checkLevelNotification, (level: CheckLevelParams) => void levels.push(level));
      const first = session.waitForDiagnostics(uri);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
      const published = await first;
      assert.ok(published.diagnostics.some((x) => !structural(x.code)), codes(published.diagnostics).join());
      const [level] = await untilLevels(levels, 1);
      assert.equal(level!.pending, undefined);
      assert.equal(level!.uri, uri);
    } finally {
      await session.shutdown();
    }
  });
});
