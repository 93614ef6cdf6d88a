import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixReuseStats } from '../../server/src/service/fixes';
import { realService } from '../helpers/service';
import { sheetOfLines } from '../helpers/sheetGen';

/**
 * attachFixes keeps each fix with its problem's data object (fixes.ts, `fixReusing`): after an edit
 * elsewhere the fixes of unchanged items are the earlier ones moved, and they must be exactly what a
 * fresh service finds on the same text.
 */
describe('fix reuse across versions', () => {
  it('an edit before fixable problems moves their fixes; the result equals a fresh service', () => {
    const text = sheetOfLines('振り返りシート', 4000, 4000);
    const service = realService();
    const uri = 'file:///fixReuse.sheet.yaml';
    const document = TextDocument.create(uri, 'policy-yaml', 1, text);
    const first = service.validate(document, {}, { withFixes: true });
    const fixed = first.filter((d) => (d.data as { fix?: unknown } | undefined)?.fix !== undefined);
    assert.ok(fixed.length > 10, `fixable problems in the sheet (${fixed.length})`);
    // One value early in the sheet gets longer: every later problem and fix moves by 2 characters.
    const at = text.indexOf('実施状況: 実施中') + '実施状況: '.length;
    assert.ok(at > 0 && at < document.offsetAt(fixed[Math.floor(fixed.length / 2)]!.range.start));
    const edited = TextDocument.update(document, [{ range: { start: document.positionAt(at), end: document.positionAt(at + 3) }, text: '実施中です' }], 2);
    const before = { ...fixReuseStats };
    const after = service.validate(edited, {}, { withFixes: true });
    assert.ok(fixReuseStats.reused - before.reused > fixed.length / 2, `fixes reused (${fixReuseStats.reused - before.reused} of ${fixed.length})`);
    const fresh = realService().validate(TextDocument.create(uri, 'policy-yaml', 2, edited.getText()), {}, { withFixes: true });
    assert.deepEqual(after, fresh);
  });
});
