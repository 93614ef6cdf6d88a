import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allDiagnosticCodes, diagnosticHref } from '../../server/src/service/diagnosticCodes';

describe('diagnostic codes', () => {
  const docs = readFileSync(resolve(__dirname, '../../docs/diagnostics.md'), 'utf8');
  it('every code has a section in docs/diagnostics.md that its href points to', () => {
    for (const code of allDiagnosticCodes) {
      assert.ok(docs.includes(`\n### ${code}\n`), `docs/diagnostics.md lacks "### ${code}"`);
      // GitHub's anchor for "### yaml/syntax" is "#yamlsyntax": lowercase, punctuation other than - removed.
      assert.ok(diagnosticHref(code).endsWith(`#${code.replace(/[^a-z0-9-]/g, '')}`));
    }
  });
  it('codes are unique and shaped area/name', () => {
    assert.equal(new Set(allDiagnosticCodes).size, allDiagnosticCodes.length);
    for (const code of allDiagnosticCodes) assert.match(code, /^[a-z-]+\/[a-z0-9-]+$/);
  });
});
