import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import fc from 'fast-check';
import { capDiagnostics, DiagnosticCode, maxPublishedDiagnostics, type Problem, type SeverityOverrides } from '../../server/src/service';
import { publishedDiagnostics } from '../../server/src/service/diagnosticCap';
import { toDiagnostic } from '../../server/src/service/problem';
import { configurePropertyTests } from '../helpers/property';
import { doc, realService } from '../helpers/service';
import { sheetOfLines } from '../helpers/sheetGen';

configurePropertyTests();

/**
 * The server publishes `publishedDiagnostics` (only the problems the cap keeps are converted); it
 * must give exactly what converting every problem and then capping gave: same diagnostics, same
 * order, same summary.
 */
/** The cap as it was first written (one sort by severity, then index), the reference. */
function referenceCap(diagnostics: readonly Diagnostic[], max: number): Diagnostic[] {
  if (diagnostics.length <= max) return [...diagnostics];
  const order = diagnostics.map((_d, i) => i).sort((a, b) => (diagnostics[a]!.severity ?? 1) - (diagnostics[b]!.severity ?? 1) || a - b);
  const kept = order.slice(0, max).sort((a, b) => a - b).map((i) => diagnostics[i]!);
  // The summary is the one capDiagnostics writes (its text is not what this test is about).
  kept.unshift(capDiagnostics(diagnostics, max)[0]!);
  return kept;
}

const convertAllThenCap = (text: string, problems: readonly Problem[], extra: readonly Problem[], max: number) => {
  const document = doc(text, 'file:///cap.sheet.yaml', 7);
  return referenceCap([...problems.map((p) => toDiagnostic(document, p, true)), ...extra.map((p) => toDiagnostic(document, p))], max);
};

const text = '様式: 振り返りシート\n一: あいうえお\n二: かきくけこ\n三: さしすせそ\n';
const severities = ['error', 'warning', 'info', 'hint'] as const;
const problem: fc.Arbitrary<Problem> = fc
  .record({ a: fc.nat({ max: text.length }), b: fc.nat({ max: text.length }), severity: fc.constantFrom(...severities), fixed: fc.boolean(), withData: fc.boolean(), n: fc.nat() })
  .map(({ a, b, severity, fixed, withData, n }) => ({
    code: DiagnosticCode.wardUnknownName,
    message: `問題 ${n}`,
    start: Math.min(a, b),
    end: Math.max(a, b),
    severity,
    ...(withData ? { data: { replacement: `値${n}` } } : {}),
    ...(fixed ? { fix: { title: '直す', edits: [{ start: Math.min(a, b), end: Math.max(a, b), newText: 'x' }], safe: n % 2 === 0 } } : {}),
  }));

describe('publishedDiagnostics', () => {
  it('equals converting all then capping, for any problems, extra findings and cap', () => {
    fc.assert(
      fc.property(fc.array(problem, { maxLength: 60 }), fc.array(problem, { maxLength: 30 }), fc.integer({ min: 1, max: 70 }), (problems, extra, max) => {
        const document = doc(text, 'file:///cap.sheet.yaml', 7);
        const expected = convertAllThenCap(text, problems, extra, max);
        assert.deepEqual(publishedDiagnostics(document, problems, true, extra, max), expected);
        assert.deepEqual(capDiagnostics([...problems.map((p) => toDiagnostic(document, p, true)), ...extra.map((p) => toDiagnostic(document, p))], max), expected);
        if (problems.length + extra.length > max) assert.equal(expected[0]!.code, DiagnosticCode.sheetTooManyProblems);
      }),
    );
  });

  it('the service publishes what validate then capDiagnostics gave, on a generated sheet, with overrides and extra findings over the cap', () => {
    const sheet = sheetOfLines('振り返りシート', 9000, 9000);
    const service = realService();
    const document = doc(sheet);
    const workspace = { files: () => [] };
    for (const overrides of [{}, { 'fiscal-year/future-result': 'hint', 'ward/unknown-name': 'off' }] as SeverityOverrides[]) {
      const all = service.validate(document, overrides, { withFixes: true, workspace });
      const expected = referenceCap(all, maxPublishedDiagnostics);
      const published = service.publish(document, service.publishable(document, overrides, { workspace }));
      assert.deepEqual(published, expected);
      // With the writing findings' place taken by extra problems (info, no fix).
      const extra = service.publishable(document, overrides, { workspace }).slice(0, 400).map((p) => ({ ...p, severity: 'info' as const }));
      assert.ok(all.length + extra.length > maxPublishedDiagnostics, `over the cap (${all.length} + ${extra.length})`);
      assert.deepEqual(service.publish(document, service.publishable(document, overrides, { workspace }), extra), referenceCap([...all, ...extra.map((p) => toDiagnostic(document, p))], maxPublishedDiagnostics));
    }
  });
});
