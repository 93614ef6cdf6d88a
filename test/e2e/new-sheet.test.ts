// 「新しいシートを作成」 (policySheets.newSheet) in the packaged extension in code-server, driven
// through its QuickPicks by keyboard as a member of staff would: 様式, 区, 年度 (typed, with a
// wrong year rejected first), 保存先 = untitled. Screenshots: test-results/e2e/new-sheet/*.png.
import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, suiteSkip, tools } from './support/tools';
import { waitFor, type Workbench } from './support/workbench';
import { commandLabel } from '../helpers/manifest';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);

/** Waits for the quick input whose title contains `title`, types `typed`, waits for the focused row to be accepted, presses Enter. */
async function pick(wb: Workbench, title: string, typed: string, accept: (label: string) => boolean): Promise<void> {
  const widget = wb.page.locator('.quick-input-widget');
  await waitFor(() => widget.locator('.quick-input-title').innerText().catch(() => ''), (t) => t.includes(title), { timeout: 60_000, message: `quick input "${title}"` });
  await widget.locator('.quick-input-box input').fill(typed);
  const focused = widget.locator('.quick-input-list .monaco-list-row.focused').first();
  await waitFor(async () => ((await focused.count()) ? ((await focused.getAttribute('aria-label')) ?? '') : ''), accept, { timeout: 60_000, message: `row for "${typed}" focused` });
  await wb.page.keyboard.press('Enter');
}

describe('新しいシートを作成 in code-server', () => {
  let wb: Workbench;

  workbenchSuite('new-sheet', { trusted: true }, skip, missing, (started) => (wb = started.wb));

  it('asks 様式, 区 and 年度, rejects 令和0年度, and opens an untitled 部会議事概要 of 旭区 for 令和7年度 with the first placeholder selected', async () => {
    // From the palette with no editor open. The palette lists contributed commands once the
    // workbench has read the extensions (slow on a loaded machine) and collects them when it
    // opens: reopen it until the command is there.
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    const focusedRow = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first();
    const focusedLabel = async () => ((await focusedRow.count()) ? ((await focusedRow.getAttribute('aria-label')) ?? '') : '');
    // code-server runs in English: the palette shows the English title (package.nls.json).
    const title = commandLabel('policySheets.newSheet');
    const isCommand = (label: string) => label.startsWith(title);
    await waitFor(
      async () => {
        await wb.page.keyboard.press('Escape');
        await wb.page.keyboard.press('F1');
        await input.waitFor();
        await input.fill(`>${title}`);
        return waitFor(focusedLabel, isCommand, { timeout: 5_000 }).catch(() => '');
      },
      isCommand,
      { timeout: 180_000, message: 'the command in the palette' },
    );
    await wb.page.keyboard.press('Enter');
    await pick(wb, '(1/3)', '部会', (l) => l.startsWith('部会議事概要'));
    await pick(wb, '(2/3)', '旭', (l) => l.startsWith('旭区'));
    await pick(wb, '(3/3)', 'その他', (l) => l.startsWith('その他の年度を入力'));
    await waitFor(() => wb.page.locator('.quick-input-widget .quick-input-title').innerText().catch(() => ''), (t) => t.includes('年度') && !t.includes('(3/3)'), { message: 'the year input box' });
    await input.fill('令和0年度');
    const message = wb.page.locator('.quick-input-widget .quick-input-message');
    await waitFor(() => message.innerText().catch(() => ''), (m) => m.includes('令和0年度はありません'), { message: 'validation message for 令和0年度' });
    await wb.screenshot('year-rejected');
    await input.fill('R7');
    await waitFor(() => message.innerText().catch(() => ''), (m) => !m.includes('令和0年度'), { message: 'validation message gone' });
    await wb.page.keyboard.press('Enter');
    await pick(wb, '保存先', '無題', (l) => l.startsWith('無題のシートとして開く'));
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await wb.page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor();
    assert.match(await waitFor(() => wb.languageMode(), (m) => /Policy Sheet/.test(m), { message: 'language mode Policy Sheet' }), /Policy Sheet/);
    // Monaco renders spaces as U+00A0.
    const lines = async () => (await wb.activeEditor().locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
    const text = await waitFor(lines, (t) => t.includes('旭区長'), { message: 'the template in the editor' });
    assert.match(text, /日付: 令和7年4月1日, 曜日: 火/);
    // The first placeholder (〔記入：部会名〕, 8 characters on line 5) is selected: typing replaces it.
    const selection = () => wb.page.locator('#status\\.editor\\.selection').innerText();
    await waitFor(selection, (t) => /Ln 5, Col \d+ \(8 selected\)/.test(t), { timeout: 60_000, message: 'the first placeholder selected' });
    await wb.type('人事・財政部会');
    await waitFor(lines, (t) => /部会名: 人事・財政部会/.test(t), { message: 'the placeholder replaced by typing' });
    await wb.screenshot('new-sheet');
    // No problems on the new sheet — shown to be the server's answer by breaking 様式 and undoing it.
    await wb.goToLine(1);
    await wb.press('End');
    await wb.type('X');
    await wb.waitForDiagnostic('Untitled-1', 'sheet/unknown-kind', 0, { timeout: 60_000 });
    await wb.press('Control+Z');
    await wb.waitForProblems('Untitled-1', (ps) => ps.length === 0, { timeout: 60_000, message: 'no problems on the new sheet' });
  });
});
