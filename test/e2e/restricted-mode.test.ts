// Restricted Mode: the samples folder opened untrusted (workspace trust on, never trusted). This
// records what a user gets there. The extension's package.json decides it through
// `capabilities.untrustedWorkspaces`: without that declaration VS Code disables the extension in
// Restricted Mode. The manifest declares untrusted-workspace support; the test asserts that the
// extension then works as in a trusted folder. Screenshots: test-results/e2e/restricted-mode/*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';
import { cliFindings, sampleSheets } from './support/cli';
import { expectedProblemKeys, problemKey } from './support/sheets';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, repoRoot, suiteSkip, tools } from './support/tools';
import { waitFor, type Workbench } from './support/workbench';
import { commandLabel } from '../helpers/manifest';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited' } };
};
const untrustedSupport = manifest.capabilities?.untrustedWorkspaces?.supported ?? false;

describe('Restricted Mode (untrusted folder)', () => {
  let wb: Workbench;
  const sample = sampleSheets().find((s) => cliFindings(path.join('samples', s)).length > 0) ?? sampleSheets()[0]!;

  workbenchSuite('restricted-mode', { trusted: false }, skip, missing, (started) => (wb = started.wb));

  it('the workbench is in Restricted Mode', async () => {
    await wb.openFile(sample);
    await waitFor(() => wb.restrictedMode(), (r) => r, { message: 'Restricted Mode indicator' });
    await wb.screenshot('restricted-mode');
  });

  it('the manifest declares support for untrusted workspaces (the server only reads open documents and bundled schemas)', () => {
    assert.equal(untrustedSupport, true);
  });

  it("the extension runs: language status, and Problems equal the CLI's findings", async () => {
    await wb.openFile(sample);
    assert.match(await wb.languageMode(), /Policy Sheet/);
    await waitFor(() => wb.languageStatus(), (s) => /Policy Sheets: 稼働中/.test(s), { message: 'server running' });
    const expected = expectedProblemKeys(cliFindings(path.join('samples', sample)));
    const problems = await wb.waitForProblems(sample, (ps) => ps.map(problemKey).sort().join('\n') === expected.join('\n'));
    assert.deepEqual(problems.map(problemKey).sort(), expected);
    const banners = await wb.page.locator('.editor-banner').allInnerTexts();
    assert.deepEqual(banners.filter((b) => /non-basic ASCII/i.test(b)), [], 'the extension\'s editor defaults apply: no banner');
    await wb.screenshot('extension-running');
  });

  it('the 様式 preview opens and renders the sheet as in a trusted folder', async () => {
    await wb.openFile(sample);
    await wb.runCommand(commandLabel('policySheets.showPreviewToSide'));
    const frame = wb.page.frameLocator('iframe.webview.ready:visible').last().frameLocator('#active-frame');
    // Any 様式: the sample is the first with findings (000's 部会 layout prints field lists, not a sheet table).
    await frame.locator('#content main.sheet-body').first().waitFor({ timeout: 60_000 });
    assert.ok((await frame.locator('#content main.sheet-body :is(td, dd)').count()) > 0, 'the sheet\'s cells or fields are rendered');
    await wb.screenshot('preview');
  });
});
