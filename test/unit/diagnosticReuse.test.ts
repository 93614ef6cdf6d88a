import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { DiagnosticCode, type Problem } from '../../server/src/service';
import { publishedDiagnostics } from '../../server/src/service/diagnosticCap';
import { DiagnosticReuse } from '../../server/src/service/diagnosticReuse';
import { apply, bases, edit } from '../helpers/editSequences';
import { configurePropertyTests } from '../helpers/property';
import { realService } from '../helpers/service';

configurePropertyTests();

describe('published Diagnostics are reused for unchanged problems (diagnosticReuse.ts)', () => {
  it('after random edit sequences, publish gives what a fresh service converts, reusing the Diagnostics of unchanged findings', () => {
    const edited = realService();
    const fresh = realService();
    let steps = 0;
    let withReuse = 0;
    let documents = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        const uri = `file:///reuse/${++documents}.sheet.yaml`;
        let document = TextDocument.create(uri, 'policy-yaml', 1, bases[which]!);
        let previous = new Set<Diagnostic>(edited.publish(document, edited.publishable(document)));
        for (const e of edits) {
          // As the server's documents: one TextDocument updated in place, a new version per edit.
          document = TextDocument.update(document, [{ text: apply(document.getText(), e) }], document.version + 1);
          const got = edited.publish(document, edited.publishable(document));
          steps++;
          if (got.some((d) => previous.has(d))) withReuse++;
          // From scratch: a full parse under another uri (no parse, item result or Diagnostic to reuse), converted by toDiagnostic.
          const scratch = TextDocument.create(`file:///fresh/${++documents}.sheet.yaml`, 'policy-yaml', document.version, document.getText());
          const expected = publishedDiagnostics(document, fresh.publishable(scratch), true);
          fresh.forget(scratch.uri);
          assert.deepEqual(got, expected, `base ${which}, after ${JSON.stringify(e)}`);
          previous = new Set(got);
        }
        edited.forget(uri);
      }),
      { numRuns: 30 },
    );
    // The property must exercise reuse (many random edits change the line count, break the syntax or
    // touch a sheet without findings before the edit: then nothing is reused).
    assert.ok(withReuse > steps / 6, `Diagnostics reused after only ${withReuse} of ${steps} edits`);
  });

  const problem = (start: number, end: number, fix = false): Problem => ({
    code: DiagnosticCode.wardUnknownName,
    message: '区名ではありません',
    start,
    end,
    severity: 'warning',
    data: { suggestion: '北区' },
    ...(fix ? { fix: { title: '「北区」に直す', edits: [{ start, end, newText: '北区' }], safe: true } } : {}),
  });

  it('reuses a frozen Diagnostic while the range is the same, makes a new one when the problem moves to another line', () => {
    const reuse = new DiagnosticReuse();
    const p = problem(10, 12);
    const v1 = TextDocument.create('file:///r.sheet.yaml', 'policy-yaml', 1, '様式: 振り返り\n区: 北区北区\n');
    const first = reuse.convert(v1, p, true);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.range) && Object.isFrozen(first.range.start));
    // A later version with the same text before the problem: the same object.
    const v2 = TextDocument.update(v1, [{ text: '様式: 振り返り\n区: 北区北区\n追記: あ\n' }], 2);
    assert.equal(reuse.convert(v2, p, true), first);
    // A line break inserted before the offset: same offsets, another position, a new Diagnostic.
    const v3 = TextDocument.update(v2, [{ text: '様式:\n振り返り\n区: 北区北区\n追記: あ\n' }], 3);
    const moved = reuse.convert(v3, p, true);
    assert.notEqual(moved, first);
    assert.deepEqual(moved.range, { start: v3.positionAt(10), end: v3.positionAt(12) });
    assert.deepEqual(reuse.stats, { reused: 1, made: 2 });
  });

  it('reuses the Diagnostic of an equal problem made afresh (same code, severity, message, data and range), never of one that differs', () => {
    const reuse = new DiagnosticReuse();
    const document = TextDocument.create('file:///e.sheet.yaml', 'policy-yaml', 1, '様式: 振り返り\n区: 北区北区\n');
    const first = reuse.convert(document, problem(10, 12), true);
    assert.equal(reuse.convert(document, problem(10, 12), true), first);
    assert.notEqual(reuse.convert(document, { ...problem(10, 12), message: '別の文' }, true), first);
    assert.notEqual(reuse.convert(document, { ...problem(10, 12), data: { suggestion: '南区' } }, true), first);
    assert.notEqual(reuse.convert(document, { ...problem(10, 12), severity: 'error' }, true), first);
    assert.notEqual(reuse.convert(document, problem(10, 13), true), first);
    const { data: _data, ...withoutData } = problem(10, 12);
    const bare = reuse.convert(document, withoutData, true);
    assert.equal(bare.data, undefined);
    assert.equal(reuse.convert(document, { ...withoutData }, true), bare);
  });

  it('never keeps a Diagnostic that carries a fix (its data.fix names the version)', () => {
    const reuse = new DiagnosticReuse();
    const p = problem(10, 12, true);
    const v1 = TextDocument.create('file:///f.sheet.yaml', 'policy-yaml', 1, '様式: 振り返り\n区: 北区北区\n');
    const v2 = TextDocument.update(v1, [{ text: '様式: 振り返り\n区: 北区北区\n#\n' }], 2);
    const first = reuse.convert(v1, p, true);
    const second = reuse.convert(v2, p, true);
    assert.notEqual(second, first);
    assert.equal((second.data as { fix: { version: number } }).fix.version, 2);
    assert.equal(Object.isFrozen(second), false);
    // Without fixes asked for, the same problem's Diagnostic is kept.
    assert.equal(reuse.convert(v2, p, false), reuse.convert(v2, p, false));
  });
});
