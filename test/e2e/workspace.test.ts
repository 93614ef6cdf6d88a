// The workspace features in a real VS Code workbench (code-server + Debian's Chromium, the packaged
// .vsix), driven as a member of staff would: a 区運営方針 of 北区 令和6年度, a 振り返りシート that cites
// its 具体的取組 1-1-1 by id, another that its 【再掲】 points to, minutes that quote a title, and last
// year's plan. F12 on a cited id lands on the plan at the id's line; Shift+F12 on a title lists the
// quotes in every file and Enter on one opens it at its line; F2 on the id renames it in both
// files (editor text, then on disk after Save All, and no other line); 「取りまとめを作成」 and
// 「新旧対照表を作成」 from the palette, through their dialogs, write and open the pages.
// Screenshots: test-results/e2e/workspace/*.png.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';
import { minutes, plan, review, review2 } from '../helpers/workspaceSheets';
import { commandLabel } from '../helpers/manifest';
import type { CodeServer } from './support/codeServer';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, suiteSkip, tools } from './support/tools';
import { waitFor, type Workbench } from './support/workbench';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);

/** Last year's plan: the old version the 新旧対照表 compares the current plan with. */
const lastYear = plan.replace('年度: 令和6年度', '年度: 令和5年度').replace('窓口サービスの向上と待ち時間の短縮', '窓口サービスの向上');
const files: Record<string, string> = {
  'plan.sheet.yaml': plan,
  'review.sheet.yaml': review,
  'review-2.sheet.yaml': review2(1),
  'notes/minutes.yaml': minutes,
  'old/plan-r5.sheet.yaml': lastYear,
};

/**
 * 1-based line and column of `needle` in `text` (+ `offset` characters), as the status bar shows
 * them (characters), and the visible column Go to Line (Ctrl+G) takes, where a full-width
 * character is two columns wide (Monaco's CursorColumns).
 */
function at(text: string, needle: string, offset = 0): { line: number; column: number; visibleColumn: number } {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} in the text`);
  const before = lines[line]!.slice(0, lines[line]!.indexOf(needle) + offset);
  const fullWidth = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;
  const visible = [...before].reduce((n, ch) => n + (fullWidth.test(ch) ? 2 : 1), 0);
  return { line: line + 1, column: before.length + 1, visibleColumn: visible + 1 };
}

describe('workspace features in VS Code (code-server): cross-file navigation, rename, 取りまとめ, 新旧対照表', () => {
  let server: CodeServer;
  let wb: Workbench;

  workbenchSuite('workspace', { trusted: true, workspaceFiles: files }, skip, missing, async (started) => {
    ({ server, wb } = started);
    // The server indexes the folder on start: once review.sheet.yaml's 【再掲】 and id resolve, it has.
    // Through the explorer: Quick Open's file search can lag behind right after start.
    await wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'review.sheet.yaml' }).first().dblclick();
    await wb.page.locator('.tabs-container .tab.active[data-resource-name="review.sheet.yaml"]').first().waitFor();
    await waitFor(() => wb.languageStatus(), (s) => /Policy Sheets: 稼働中/.test(s), { timeout: 120_000, message: 'server running' });
    await wb.waitForProblems('review.sheet.yaml', (ps) => !ps.some((p) => p.code === 'reference/dangling'), { timeout: 60_000 });
  });

  /** Waits until the active tab is `name` and the status bar's selection is `selection` ("Ln 11, Col 17", "… (17 selected)"). */
  async function landedOn(name: string, selection: string): Promise<void> {
    await wb.page.locator(`.tabs-container .tab.active[data-resource-name="${name}"]`).first().waitFor({ timeout: 30_000 });
    await waitFor(() => wb.page.locator('#status\\.editor\\.selection').innerText(), (t) => t.trim() === selection, { message: `${selection} in ${name}` });
  }

  /** The text of the active editor as Monaco renders it (the files here fit in the view). */
  async function editorText(): Promise<string> {
    const rows = await wb.activeEditor().locator('.view-lines .view-line').evaluateAll((els) =>
      els.map((el) => ({ top: parseFloat((el as HTMLElement).style.top || '0'), text: el.textContent ?? '' })),
    );
    return rows.sort((a, b) => a.top - b.top).map((r) => r.text.replace(/\u00a0/g, ' ')).join('\n');
  }

  /** Opens `file` (whose text is `text`), puts the cursor `offset` characters into `needle` and presses `key`. */
  async function pressOn(file: string, text: string, needle: string, offset: number, key: string): Promise<void> {
    await wb.openFile(file);
    const position = at(text, needle, offset);
    await wb.goToLine(position.line, position.visibleColumn);
    await waitFor(() => wb.cursor(), (c) => c.line === position.line && c.column === position.column, { message: `cursor ${offset} into ${needle}` });
    await wb.press(key);
  }

  it('F12 on an id cited in another sheet opens the plan at the id', async () => {
    await pressOn('review.sheet.yaml', review, '1-1-1', 2, 'F12');
    // The cursor at the start of the id.
    const id = at(plan, '1-1-1');
    await landedOn('plan.sheet.yaml', `Ln ${id.line}, Col ${id.column}`);
    await wb.screenshot('definition');
  });

  it('Shift+F12 on a title lists its quotes in every file; Enter on the one in the minutes opens them at its line', async () => {
    await pressOn('plan.sheet.yaml', plan, '窓口サービス', 2, 'Shift+F12');
    const peek = wb.page.locator('.peekview-widget.reference-zone-widget');
    await peek.waitFor({ timeout: 30_000 });
    const tree = peek.locator('.ref-tree .monaco-list');
    const fileRows = tree.locator('.monaco-list-row[aria-level="1"]');
    // One group per file: the plan (the title itself), the minutes and the review sheet.
    const groups = await waitFor(
      () => fileRows.evaluateAll((rows) => rows.map((r) => r.querySelector('.label-name')?.textContent ?? '').sort()),
      (labels) => labels.length === 3,
      { message: 'three files in the references peek' },
    );
    assert.deepEqual(groups, ['minutes.yaml', 'plan.sheet.yaml', 'review.sheet.yaml']);
    await wb.screenshot('references');
    // The minutes' quote (the only line with 北区の): its row in the tree (the group expanded if it
    // is not), focused by a click, opened with Enter.
    const quote = at(minutes, '窓口サービス');
    const row = tree.locator('.monaco-list-row[aria-level="2"]', { hasText: '北区の' });
    if ((await row.count()) === 0) await fileRows.filter({ hasText: 'minutes.yaml' }).click();
    await row.click();
    await wb.press('Enter');
    // The quoted title selected (the cursor at its end).
    const length = '窓口サービスの向上と待ち時間の短縮'.length;
    await landedOn('minutes.yaml', `Ln ${quote.line}, Col ${quote.column + length} (${length} selected)`);
    await peek.waitFor({ state: 'hidden' });
  });

  it('F2 on the plan\'s id renames it in the plan and in the sheet that cites it; Save All writes just those lines', async () => {
    await pressOn('plan.sheet.yaml', plan, '1-1-1', 1, 'F2');
    const box = wb.activeEditor().locator('.rename-box .rename-input');
    await box.waitFor({ timeout: 30_000 });
    // The server's prepareRename answer fills the box with the id; typing goes there once it has the focus.
    await waitFor(() => box.inputValue(), (v) => v === '1-1-1', { message: 'the rename box shows 1-1-1' });
    await waitFor(() => box.evaluate((el) => el === document.activeElement), (focused) => focused, { message: 'the rename box focused' });
    await wb.press('Control+A');
    await wb.type('1-1-2');
    await wb.screenshot('rename-box');
    await wb.press('Enter');
    await box.waitFor({ state: 'hidden' });
    // Editor text: the plan in front, then the review sheet (changed without being opened).
    await waitFor(editorText, (t) => t.includes('番号: 1-1-2'), { message: 'the plan shows 1-1-2' });
    // (A file that was not open is saved by the refactoring itself: files.refactoring.autoSave.)
    await wb.openFile('review.sheet.yaml');
    await waitFor(editorText, (t) => t.includes('具体的取組1-1-2「窓口'), { message: 'the review sheet shows 1-1-2' });
    await wb.screenshot('renamed');
    await wb.runCommand('File: Save All');
    await wb.page.locator('.tabs-container .tab.dirty').first().waitFor({ state: 'detached' });
    const onDisk = (name: string) => readFileSync(path.join(server.workspace, name), 'utf8');
    // Exactly one line changed in each of the two files, and nothing in the others.
    assert.equal(onDisk('plan.sheet.yaml'), plan.replace('番号: 1-1-1', '番号: 1-1-2'));
    assert.equal(onDisk('review.sheet.yaml'), review.replace('具体的取組1-1-1', '具体的取組1-1-2'));
    for (const name of ['review-2.sheet.yaml', 'notes/minutes.yaml', 'old/plan-r5.sheet.yaml']) assert.equal(onDisk(name), files[name], `${name} unchanged`);
  });

  /** Runs a command from the palette by its English title, without waiting for the palette to close (a dialog may reuse it). */
  async function fromPalette(title: string): Promise<void> {
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    const focused = wb.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first();
    await wb.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    await waitFor(async () => ((await focused.count()) ? ((await focused.getAttribute('aria-label')) ?? '') : ''), (label) => label.startsWith(title), { message: `${title} in the palette` });
    await wb.press('Enter');
  }

  /** Waits for the simple file dialog (a quick input) to propose a value that `accept`s; returns it. */
  async function dialogProposes(accept: (value: string) => boolean, what: string): Promise<string> {
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    return waitFor(() => input.inputValue(), accept, { message: what, timeout: 30_000 });
  }


  it('「取りまとめを作成」 from the palette: the save dialog proposes 取りまとめ.html in the folder; the page is written and opened', async () => {
    await fromPalette(commandLabel('policySheets.showReport'));
    const proposed = await dialogProposes((v) => v.endsWith('取りまとめ.html'), 'the save dialog proposes 取りまとめ.html');
    assert.equal(proposed, path.join(server.workspace, '取りまとめ.html'));
    await wb.screenshot('report-save-dialog');
    await wb.press('Enter');
    const file = path.join(server.workspace, '取りまとめ.html');
    const html = await waitFor(async () => (existsSync(file) ? readFileSync(file, 'utf8') : ''), (t) => t.includes('</html>'), { message: `${file} written`, timeout: 120_000 });
    const headings = [...html.matchAll(/<h([12])[^>]*>([^<]*)/g)].map((m) => `h${m[1]} ${m[2]}`);
    assert.deepEqual(headings.slice(0, 3), ['h1 取りまとめ：区別・シート別の点検結果', 'h2 区別のまとめ', 'h2 北区']);
    await wb.clickNotificationAction('取りまとめ.html に', '開く');
    await wb.waitForPageTab('取りまとめ.html', '取りまとめ：区別・シート別の点検結果');
    await wb.screenshot('report-opened');
  });

  it('「新旧対照表を作成」 on the plan: pick last year\'s plan in the open dialog, accept the proposed name; the page is written and opened', async () => {
    await wb.openFile('plan.sheet.yaml');
    await fromPalette(commandLabel('policySheets.showDiff'));
    const folder = await dialogProposes((v) => v.startsWith(server.workspace), 'the open dialog starts in the sheet\'s folder');
    assert.equal(folder.replace(/\/$/, ''), server.workspace);
    const input = wb.page.locator('.quick-input-widget .quick-input-box input');
    const old = path.join(server.workspace, 'old', 'plan-r5.sheet.yaml');
    await input.fill(old);
    await wb.screenshot('diff-open-dialog');
    await wb.press('Enter');
    const proposed = await dialogProposes((v) => v.endsWith('.html'), 'the save dialog proposes a .html name');
    assert.equal(proposed, path.join(server.workspace, 'plan_新旧対照表.html'));
    await wb.press('Enter');
    const file = path.join(server.workspace, 'plan_新旧対照表.html');
    const html = await waitFor(async () => (existsSync(file) ? readFileSync(file, 'utf8') : ''), (t) => t.includes('</html>'), { message: `${file} written`, timeout: 120_000 });
    assert.match(html, /<h1[^>]*>[^<]*新旧対照表/);
    assert.deepEqual([...html.matchAll(/<thead>[\s\S]*?<\/thead>/g)].slice(0, 1).flatMap((m) => [...m[0].matchAll(/<th(?:\s[^>]*)?>([^<]*)/g)].map((t) => t[1])), ['箇所', '項目', '旧', '新']);
    // Which versions: last year's plan as 旧, the open one as 新; the title's added words marked.
    assert.match(html, /旧: 北区 令和5年度 区運営方針（plan-r5\.sheet\.yaml）/);
    assert.match(html, /新: 北区 令和6年度 区運営方針（plan\.sheet\.yaml）/);
    assert.match(html, /<ins>と待ち時間の短縮<\/ins>/);
    await wb.clickNotificationAction('plan_新旧対照表.html に', '開く');
    await wb.waitForPageTab('plan_新旧対照表.html', '新旧対照表');
    await wb.screenshot('diff-opened');
  });
});
