import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DiagnosticCode, type SheetFacts, type WorkspaceView } from '../../server/src/service';
import { crossDocumentProblems, resolveReference } from '../../server/src/service/workspace';
import { doc, realService } from '../helpers/service';
import { sheetOfLines } from '../helpers/sheetGen';

/**
 * crossDocumentProblems drops a sheet's reference/dangling on a 再掲 that resolves in the workspace
 * (`resolveReference`), looking the 中項目 ids up once per call: the result must be what resolving
 * each 再掲 gives, with other sheets of the same scope, of another scope, and none.
 */
describe('crossDocumentProblems: 再掲 resolved across sheets', () => {
  it('drops exactly the dangling 再掲 that resolveReference resolves', () => {
    const service = realService();
    // The generator quotes 再掲 addresses; staff write them plain (the facts' range is then the problem's).
    const document = doc(sheetOfLines('振り返りシート', 2500, 2500).replace(/再掲: "(\d+ \(\d+\))"/g, '再掲: $1'), 'file:///a.sheet.yaml');
    const facts = service.facts(document);
    const problems = service.getProblems(document);
    const sheet = service.getSheet(document).sheet;
    const repeatAt = new Map(facts.references.filter((r) => r.type === 'repeat').map((r) => [`${document.offsetAt(r.range.start)}:${document.offsetAt(r.range.end)}`, r]));
    const danglingRepeats = problems.filter((p) => p.code === DiagnosticCode.referenceDangling && repeatAt.has(`${p.start}:${p.end}`));
    assert.ok(danglingRepeats.length > 20, `dangling 再掲 in the sheet (${danglingRepeats.length})`);
    // Another sheet whose 中項目 include every `seed`-th address the 再掲 look for.
    const other = (seed: number, sameScope: boolean): SheetFacts => {
      const f = service.factsOfText(`file:///o${seed}.sheet.yaml`, sheetOfLines('振り返りシート', 600, seed));
      const section = f.items.find((i) => i.label === '中項目')!;
      const wanted = danglingRepeats.filter((_p, i) => i % seed === 0).map((p) => repeatAt.get(`${p.start}:${p.end}`)!.key);
      const items = [...f.items, ...wanted.map((id) => ({ ...section, id }))];
      return sameScope ? { ...f, items, ward: facts.ward, fiscalYear: facts.fiscalYear } : { ...f, items, ward: '存在しない区', fiscalYear: 1900 };
    };
    let resolvedSomewhere = 0;
    for (const files of [[], [other(5, true)], [other(5, false), other(6, true), other(7, true)]]) {
      const view: WorkspaceView = { files: () => files };
      const kept = new Set(crossDocumentProblems(document, facts, problems, view, sheet).filter((p) => p.code === DiagnosticCode.referenceDangling).map((p) => `${p.start}:${p.end}`));
      for (const p of danglingRepeats) {
        const resolves = resolveReference(repeatAt.get(`${p.start}:${p.end}`)!, facts, view).length > 0;
        if (resolves) resolvedSomewhere++;
        assert.equal(kept.has(`${p.start}:${p.end}`), !resolves, `${p.start}:${p.end} with ${files.length} other sheets`);
      }
    }
    assert.ok(resolvedSomewhere > 0, 'some 再掲 resolve in another sheet of the same scope');
  });
  it('resolves a quoted 再掲 ("2 (2)") like a plain one: the problem covers the quotes, the reference its text', () => {
    const service = realService();
    const text = sheetOfLines('振り返りシート', 1200, 1200);
    const document = doc(text, 'file:///q.sheet.yaml');
    const facts = service.facts(document);
    const problems = service.getProblems(document);
    const quoted = problems.filter((p) => p.code === DiagnosticCode.referenceDangling && text[p.start] === '"' && /^"\d+ \(\d+\)"$/.test(text.slice(p.start, p.end)));
    assert.ok(quoted.length > 3, `quoted dangling 再掲 in the sheet (${quoted.length})`);
    // Another sheet of the same ward and year that has every address they name.
    const f = service.factsOfText('file:///o.sheet.yaml', sheetOfLines('振り返りシート', 600, 3));
    const section = f.items.find((i) => i.label === '中項目')!;
    const ids = quoted.map((p) => text.slice(p.start + 1, p.end - 1));
    const other: SheetFacts = { ...f, items: [...f.items, ...ids.map((id) => ({ ...section, id }))], ward: facts.ward, fiscalYear: facts.fiscalYear };
    const kept = crossDocumentProblems(document, facts, problems, { files: () => [other] }, service.getSheet(document).sheet);
    for (const p of quoted) assert.ok(!kept.some((k) => k.code === DiagnosticCode.referenceDangling && k.start === p.start), `${text.slice(p.start, p.end)} resolves in the other sheet`);
    // Without the other sheet they stay.
    const alone = crossDocumentProblems(document, facts, problems, { files: () => [] }, service.getSheet(document).sheet);
    for (const p of quoted) assert.ok(alone.some((k) => k.code === DiagnosticCode.referenceDangling && k.start === p.start));
  });
});
