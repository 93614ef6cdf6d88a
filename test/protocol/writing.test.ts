import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startSession } from '../helpers/lspClient';
import { reviewSheet } from '../helpers/sheets';

// The real server (dist/server.js, built by `npm test`) with policySheets.writing.enabled.
describe('writing checks over LSP (policySheets.writing.enabled)', () => {
  it('publishes the structural diagnostics first, then adds writing findings (info) for the same version', async () => {
    const session = await startSession(undefined, undefined, { settings: { writing: { enabled: true }, validation: { delay: 0 } } });
    try {
      const uri = 'untitled:writing.sheet.yaml';
      const text = reviewSheet('              - めざす姿: 令和8年度末までに全区で実施\n                主な取組実績: 区政会議の開催、区政会議の開催を見れるようにした。\n                課題: 2025年3月14日(木)に説明会を開催した。\n                実施状況: 実施中\n                完了済み時点: 令和9年度末\n');
      const structural = session.waitForDiagnostics(uri);
      const withWriting = session.waitForDiagnostics(uri, (d) => d.some((x) => String(x.code).startsWith('writing/')), 120_000);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
      const first = await structural;
      assert.ok(first.diagnostics.every((d) => !String(d.code).startsWith('writing/')), 'structural diagnostics do not wait for the writing checks');
      const later = await withWriting;
      assert.equal(later.version, 1);
      const phrase = later.diagnostics.find((d) => d.code === 'writing/repeated-phrase');
      assert.ok(phrase, JSON.stringify(later.diagnostics.map((d) => d.code)));
      assert.equal(phrase.severity, 3);
      const line = text.split('\n')[phrase.range.start.line]!;
      assert.equal(line.slice(phrase.range.start.character, phrase.range.end.character), '区政会議の開催');
      // The bundled worker keeps every rule working (date-weekday-mismatch needs moment's ja locale).
      assert.ok(later.diagnostics.some((d) => d.code === 'writing/date-weekday-mismatch'), JSON.stringify(later.diagnostics.map((d) => d.code)));
      // The structural findings are still there.
      for (const d of first.diagnostics) assert.ok(later.diagnostics.some((x) => x.code === d.code && x.range.start.line === d.range.start.line));
    } finally {
      await session.shutdown();
    }
  });
  it('an edit outside the prose publishes once, with the writing findings already known (no flicker, no second publication)', async () => {
    const session = await startSession(undefined, undefined, { settings: { writing: { enabled: true }, validation: { delay: 0 } } });
    try {
      const uri = 'untitled:writing-once.sheet.yaml';
      const text = reviewSheet('              - めざす姿: 令和8年度末までに全区で実施\n                主な取組実績: 区政会議の開催、区政会議の開催を見れるようにした。\n                実施状況: 実施中\n');
      const withWriting = session.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'writing/repeated-phrase'), 120_000);
      await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'policy-yaml', version: 1, text } });
      const known = (await withWriting).diagnostics.filter((d) => String(d.code).startsWith('writing/'));
      const publications = (version: number) =>
        (session.notifications.get('textDocument/publishDiagnostics') as { uri: string; version?: number; diagnostics: { code?: unknown }[] }[]).filter((p) => p.uri === uri && p.version === version);
      // v2: a status value changes (no prose changes).
      const v2 = session.waitForDiagnostics(uri, (_d, p) => p.version === 2);
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: text.replace('実施状況: 実施中', '実施状況: 実施X') }] });
      const second = await v2;
      assert.ok(second.diagnostics.some((d) => d.code === 'schema/enum'), 'the structural finding of the edit');
      assert.deepEqual(
        second.diagnostics.filter((d) => String(d.code).startsWith('writing/')).map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`),
        known.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}`),
        'the first publication of v2 carries the known writing findings',
      );
      // v3 (the edit undone): by its first publication, v2 was published exactly once.
      const v3 = session.waitForDiagnostics(uri, (_d, p) => p.version === 3);
      await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
      await v3;
      assert.equal(publications(2).length, 1, 'one publication for v2');
    } finally {
      await session.shutdown();
    }
  });
});
