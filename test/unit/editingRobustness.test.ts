import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { doc, realService } from '../helpers/service';
import { configurePropertyTests } from '../helpers/property';

configurePropertyTests();

const samplesDir = resolve(__dirname, '../../samples');
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.sheet.yaml'))
  .map((f) => readFileSync(resolve(samplesDir, f), 'utf8'));
const service = realService();
const syntaxErrors = (text: string) => service.validate(doc(text)).filter((d) => d.code === 'yaml/syntax' || d.code === 'yaml/duplicate-key').length;

describe('outline, folding, selection and fixes on sheets mid-edit', () => {
  it('never throw, and fix-all never breaks the YAML and settles within 10 passes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: samples.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('', '○', '"-"', "'-'", '- ', '令和1年度', '平成32年度', '"４２．５"', '７０', '名前: x', '# policy-sheets-disable-next-line', '&a', '*a', '{', '"', '\n  ', '金曜日', '北 区'),
        (which, a, b, insert) => {
          const base = samples[which]!;
          const from = a % (base.length + 1);
          const to = Math.min(base.length, from + (b % 120));
          let text = base.slice(0, from) + insert + base.slice(to);
          const document = doc(text);
          service.documentSymbols(document);
          service.foldingRanges(document);
          const position = document.positionAt(from);
          assert.ok(service.selectionRanges(document, [position]).length === 1);
          const range = { start: position, end: position };
          const diagnostics = service.validate(document, {}, { withFixes: true });
          service.codeActions(document, { range, diagnostics });
          const before = syntaxErrors(text);
          for (let pass = 0; pass < 10; pass++) {
            const { text: fixed, fixed: problems } = service.fixAll(doc(text));
            if (problems.length === 0) break;
            assert.ok(pass < 9, 'fix-all did not settle');
            text = fixed;
          }
          assert.ok(syntaxErrors(text) <= before, `fix-all added a syntax error:\n${text}`);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('stay linear on a megabyte sheet (outline, folding, fix-all)', () => {
    const row = '  - 番号: 1\n    件名: 報告\n    区分: 報告\n    要旨: "説明があった。 # 本文"\n';
    const text = `様式: 部会議事概要\n日時: {日付: 令和５年12月14日, 曜日: 金}\n議事:\n${row.repeat(14000)}`;
    const document = doc(text);
    const started = performance.now();
    assert.equal(service.documentSymbols(document).filter((s) => s.detail === '議事').length, 14000);
    assert.ok(service.foldingRanges(document).length >= 14000);
    const { fixed } = service.fixAll(document);
    assert.deepEqual(fixed.map((p) => p.code), ['minutes/weekday-mismatch']);
    // Generous for a loaded CI machine; a quadratic walk over 56,000 lines would take minutes.
    assert.ok(performance.now() - started < 60000, `took ${Math.round(performance.now() - started)} ms`);
  });
});
