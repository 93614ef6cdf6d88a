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
});
