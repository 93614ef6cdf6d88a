import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { doc, realService } from '../helpers/service';
import { configurePropertyTests, splicedSheets } from '../helpers/property';

configurePropertyTests();

const samplesDir = resolve(__dirname, '../../samples');
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.sheet.yaml'))
  .map((f) => readFileSync(resolve(samplesDir, f), 'utf8'));

/** Every diagnostic range lies inside the document and is ordered. */
function assertRangesInside(text: string, diagnostics: ReturnType<ReturnType<typeof realService>['validate']>): void {
  // Line breaks as LSP counts them: \r\n, \r and \n.
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    const { start, end } = d.range;
    assert.ok(start.line >= 0 && start.line < Math.max(1, lines.length), `start line ${start.line} outside`);
    assert.ok(end.line < Math.max(1, lines.length) + 1, `end line ${end.line} outside`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), 'start after end');
  }
}

describe('the service never throws and keeps ranges inside the document', () => {
  const service = realService();

  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const full = `様式: 区運営方針\n${text}`;
        assertRangesInside(full, service.validate(doc(full)));
      }),
      { numRuns: 300 },
    );
  });

  it('on real sheets cut, duplicated and spliced mid-edit', () => {
    fc.assert(
      fc.property(splicedSheets(samples, ['', '-', ':', ' ', '\t', '[', '{', '"', "'", '&a', '*a', '- x', '\n  ', '〇', '令和0年度', '5決算額: 1', '---', '|'], 200), (text) => {
        assertRangesInside(text, service.validate(doc(text)));
      }),
      { numRuns: 120 },
    );
  });
});
