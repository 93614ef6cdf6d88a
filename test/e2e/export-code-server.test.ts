// The export commands in a real VS Code workbench (code-server + Debian's Chromium, the packaged
// .vsix): 「HTML に書き出す」「Excel に書き出す」「PDF に書き出す」 from the command palette, through the
// save dialog (code-server's simple file dialog, prefilled beside the sheet), produce the files and
// a notification with 「開く」 / 「フォルダーに表示」. Screenshots: test-results/e2e/export-code-server/.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';
import type { CodeServer } from './support/codeServer';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, suiteSkip, tools } from './support/tools';
import { waitFor, type Workbench } from './support/workbench';
import { commandLabel } from '../helpers/manifest';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);
const sheet = '000-jinji-zaisei-bukai-254.sheet.yaml';

describe('export commands in VS Code (code-server)', () => {
  let server: CodeServer;
  let wb: Workbench;

  workbenchSuite('export-code-server', { trusted: true, settings: { 'policySheets.export.browserPath': tools.chromium.path } }, skip, missing, (started) => ({ server, wb } = started));

  /** Opens the sheet by Quick Open; right after start-up (on a loaded machine) the file index may not have it yet: retry. */
  async function openSheet(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await wb.openFile(sheet);
        return;
      } catch (error) {
        if (attempt === 3) throw error;
        await wb.page.keyboard.press('Escape');
      }
    }
  }

  /** Runs the command from the palette and accepts the save dialog's proposed path; returns that path. */
  async function exportThrough(title: string, extension: string): Promise<string> {
    const page = wb.page;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    const focused = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first();
    await waitFor(async () => ((await focused.count()) ? ((await focused.getAttribute('aria-label')) ?? '') : ''), (label) => label.includes(title), { message: `${title} in the palette` });
    await page.keyboard.press('Enter');
    // The save dialog reuses the quick input, prefilled with the sheet's folder and name.
    const proposed = await waitFor(() => input.inputValue(), (value) => value.endsWith(extension), { message: `save dialog proposes a *${extension} path`, timeout: 30_000 });
    await wb.screenshot(`save-dialog-${extension.slice(1)}`);
    await page.keyboard.press('Enter');
    return proposed;
  }

  for (const [title, extension, check] of [
    [commandLabel('policySheets.exportHtml'), '.html', (bytes: Buffer) => assert.match(bytes.toString('utf8'), /^<!DOCTYPE html>[\s\S]*人事・財政部会/)],
    [commandLabel('policySheets.exportXlsx'), '.xlsx', (bytes: Buffer) => assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK')],
    [commandLabel('policySheets.exportPdf'), '.pdf', (bytes: Buffer) => assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-')],
  ] as const) {
    it(`「${title}」 writes ${extension} beside the sheet, offers 開く / フォルダーに表示, and 開く shows it`, async () => {
      await openSheet();
      const proposed = await exportThrough(title, extension);
      const file = path.join(server.workspace, sheet.replace('.sheet.yaml', extension));
      assert.equal(path.basename(proposed), path.basename(file), 'the proposed name is the sheet\'s, with the new extension');
      await waitFor(async () => existsSync(file), (v) => v, { message: `${file} written`, timeout: 90_000 });
      check(readFileSync(file));
      const toast = await waitFor(() => wb.notices(), (texts) => texts.some((t) => t.includes(`${path.basename(file)} に書き出しました`)), { message: 'the saved notification', timeout: 30_000 });
      const notice = toast.find((t) => t.includes('に書き出しました'))!;
      assert.match(notice, /開く/);
      assert.match(notice, /フォルダーに表示/);
      await wb.screenshot(`saved-${extension.slice(1)}`);
      // 「開く」 in a web workbench: the HTML page in a tab of its own; PDF/Excel shown in the Explorer.
      await wb.clickNotificationAction(`${path.basename(file)} に書き出しました`, '開く');
      if (extension === '.html') await wb.waitForPageTab(path.basename(file), '人事・財政部会');
      else await waitFor(() => wb.notices(), (texts) => texts.some((t) => t.includes(`${path.basename(file)} をエクスプローラーに表示しました`)), { message: 'the Explorer notice', timeout: 30_000 });
    });
  }
});
