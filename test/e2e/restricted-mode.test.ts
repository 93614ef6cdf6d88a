// Restricted Mode: the samples folder opened untrusted (workspace trust on, never trusted). This
// records what a user gets there. The extension's package.json decides it through
// `capabilities.untrustedWorkspaces`: without that declaration VS Code disables the extension in
// Restricted Mode. The test asserts whichever behaviour the manifest declares, as observed in the
// workbench. Screenshots: test-results/e2e/restricted-mode/*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, describe } from 'node:test';
import { cliFindings, sampleSheets } from './support/cli';
import { type CodeServer, packageExtension, startCodeServer } from './support/codeServer';
import { expectedProblemKeys, problemKey } from './support/sheets';
import { failOnCI, itUnless, missingTools, repoRoot, suiteSkip, tools } from './support/tools';
import { waitFor, Workbench } from './support/workbench';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited' } };
};
const untrustedSupport = manifest.capabilities?.untrustedWorkspaces?.supported ?? false;

describe(`Restricted Mode (untrusted folder; manifest: untrustedWorkspaces.supported = ${String(untrustedSupport)})`, () => {
  let server: CodeServer;
  let wb: Workbench;
  const sample = sampleSheets().find((s) => cliFindings(path.join('samples', s)).length > 0) ?? sampleSheets()[0]!;

  before(async () => {
    if (skip) return;
    failOnCI(missing);
    packageExtension();
    server = await startCodeServer({ trusted: false });
    wb = await Workbench.open(server.url, 'restricted-mode');
  });
  afterEach(async (t) => {
    await wb?.screenshot(`end-${t.name}`).catch(() => undefined);
  });
  after(async () => {
    await wb?.close();
    await server?.stop();
  });

  it('the workbench is in Restricted Mode', async () => {
    await wb.openFile(sample);
    await waitFor(() => wb.restrictedMode(), (r) => r, { message: 'Restricted Mode indicator' });
    await wb.screenshot('restricted-mode');
  });

  if (untrustedSupport === false) {
    it('the extension is disabled: a sheet opens as plain YAML, no language status, no diagnostics', async (t) => {
      await wb.openFile(sample);
      // The language contribution is what names the mode: with the extension disabled it is YAML.
      const mode = await waitFor(() => wb.languageMode(), (m) => m !== '', { message: 'language mode' });
      assert.equal(mode, 'YAML');
      assert.equal(await wb.languageStatus(), '', 'no Policy Sheets language status item');
      // The Extensions view says why.
      await wb.runCommand('Extensions: Show Installed Extensions');
      const entry = wb.page.locator('.extensions-viewlet .monaco-list-row', { hasText: 'Policy Sheets' }).first();
      await entry.waitFor();
      const text = await entry.innerText();
      // Greyed out, with the Restricted Mode shield: the row's classes / icons / labels say so.
      const html = await entry.evaluate((el) => el.outerHTML);
      const marks = [...new Set(html.match(/\b(disabled|workspace-untrusted|shield|Restricted Mode[^"]*)/gi) ?? [])];
      t.diagnostic(`Extensions view: ${text.replace(/\s+/g, ' ')} — marks: ${marks.join(', ')}`);
      assert.ok(marks.length > 0, `the extension's row shows it disabled in Restricted Mode: ${html.slice(0, 500)}`);
      await wb.screenshot('extension-disabled');
      const problems = await wb.readProblems(sample);
      assert.deepEqual(problems.filter((p) => p.source === 'policy-sheets'), [], 'no policy-sheets diagnostics');
    });

    it('without the extension\'s editor defaults, VS Code shows its "non-basic ASCII" banner on a Japanese sheet', async () => {
      await wb.openFile(sample);
      // VS Code's own default editor.unicodeHighlight.nonBasicASCII is "inUntrustedWorkspace".
      const banner = wb.page.locator('.editor-banner', { hasText: /non-basic ASCII/i }).first();
      await banner.waitFor();
      await wb.screenshot('unicode-banner');
    });
  } else {
    it(`the extension runs (${String(untrustedSupport)}): language status, and Problems equal the CLI's findings`, async () => {
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
  }
});
