// 「すべての検査を実行」 (policySheets.checkFully) in a real VS Code workbench (code-server + Chromium,
// the packaged .vsix): a sheet above the size where the domain checks run on each edit (sample 001
// followed by comment lines, 2,000,000+ characters) gets syntax and schema checks only, and the
// language status says so; the command from the palette brings the domain findings — the CLI's, which
// always checks fully — and the status turns to 「すべての検査」.
// Screenshots: test-results/e2e/check-fully/*.png.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe } from 'node:test';
import { commandLabel } from '../helpers/manifest';
import { cliFindings } from './support/cli';
import { expectedProblemKeys, problemKey, sampleText } from './support/sheets';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, suiteSkip, tools } from './support/tools';
import { type Problem, waitFor, type Workbench } from './support/workbench';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);

/** The server's default domainCheckLimit (server/src/service/index.ts), in characters. */
const domainCheckLimit = 2_000_000;
const name = 'large.sheet.yaml';
/** Sample 001 and, after it, comment lines of ~1,000 characters until the text passes the limit. */
const large = (() => {
  const pad = `# ${'余白の注釈。'.repeat(166)}\n`;
  const text = sampleText('001-furikaeri-r6.sheet.yaml');
  return text + pad.repeat(Math.ceil((domainCheckLimit + 1 - text.length) / pad.length));
})();

/** The CLI's findings for the large sheet (the CLI runs every check whatever the size). */
function cliExpected(): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'policy-sheets-large-'));
  try {
    writeFileSync(path.join(dir, name), large);
    return expectedProblemKeys(cliFindings(path.join(dir, name)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('すべての検査を実行 on a large sheet in VS Code (code-server)', () => {
  let wb: Workbench;
  workbenchSuite('check-fully', { trusted: true, workspaceFiles: { [name]: large } }, skip, missing, (started) => (wb = started.wb));

  it('a sheet above 2,000,000 characters: syntax and schema only, said in the language status; the command adds the domain findings and the status changes', async () => {
    assert.ok(large.length > domainCheckLimit);
    const expected = cliExpected();
    // The CLI finds the domain mistakes of 001 (e.g. the overdue row on line 315), not only the schema error.
    assert.ok(expected.some((k) => k.includes('deadline/overdue')), expected.join('\n'));
    await wb.openFile(name);
    const codes = (ps: Problem[]) => new Set(ps.map((p) => p.code));
    const partial = await wb.waitForProblems(name, (ps) => codes(ps).has('sheet/partial-check'), { timeout: 120_000, message: 'sheet/partial-check on the large sheet' });
    assert.ok(!codes(partial).has('deadline/overdue'), 'no domain finding before the command');
    assert.ok(codes(partial).has('schema/required'), 'the schema checks ran');
    const before = await waitFor(() => wb.openLanguageStatusHover(), (t) => t.includes('大きい文書: 構文と様式のみ検査'), { message: 'the language status says partial', timeout: 30_000 });
    assert.match(before, /すべての検査を実行/, 'the status offers the command');
    await wb.screenshot('partial');
    await wb.press('Escape');

    await wb.runCommand(commandLabel('policySheets.checkFully'));
    const full = await wb.waitForProblems(name, (ps) => ps.map(problemKey).sort().join('\n') === expected.join('\n'), { timeout: 120_000, message: 'the CLI\'s findings after すべての検査を実行' });
    assert.deepEqual(full.map(problemKey).sort(), expected);
    const after = await waitFor(() => wb.openLanguageStatusHover(), (t) => t.includes('すべての検査') && !t.includes('大きい文書'), { message: 'the language status says every check ran', timeout: 30_000 });
    assert.doesNotMatch(after, /構文と様式のみ/);
    await wb.screenshot('full');
    await wb.press('Escape');
  });
});
