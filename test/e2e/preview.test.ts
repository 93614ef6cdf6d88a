// The 様式 preview in a real VS Code workbench (code-server + Debian's Chromium): open the preview of
// each sample and see its table; type in the YAML and see the cell change; double-click a cell and
// land on its line; a diagnostic's cell is marked; a YAML syntax error keeps the last rendering
// under its banner; the preview comes back after a window reload. Screenshots:
// test-results/e2e/preview/*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { renderPreview } from '../../server/src/preview';
import { realService } from '../helpers/service';
import { sampleSheets } from './support/cli';
import { cliFindingsForText, lineMatching, sampleText } from './support/sheets';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, samplesDir, suiteSkip, tools } from './support/tools';
import { waitFor, type Workbench } from './support/workbench';
import { commandLabel, localized, manifest } from '../helpers/manifest';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);

/** What the server renders for a sample (in-process, the same code): the reference for the webview. */
function expected(sample: string): { title: string; cells: number } {
  const text = readFileSync(path.join(samplesDir, sample), 'utf8');
  const result = renderPreview(realService(), TextDocument.create(`file:///${sample}`, 'policy-yaml', 1, text));
  // Table cells and fields (the 部会議事概要 様式, 000, is fields boxes without a table).
  return { title: result.title, cells: (result.html.match(/<(t[dh]|dd)[ >]/g) ?? []).length };
}

describe('様式 preview in the VS Code workbench (code-server)', () => {
  let wb: Workbench;

  /** The preview's document: VS Code puts a webview in an iframe, its content in a nested #active-frame. */
  const preview = (): FrameLocator => wb.page.frameLocator('iframe.webview.ready:visible').last().frameLocator('#active-frame');

  async function openPreview(sample: string): Promise<FrameLocator> {
    await wb.openFile(sample);
    await wb.runCommand(commandLabel('policySheets.showPreviewToSide'));
    const frame = preview();
    await frame.locator('#content main.sheet-body').first().waitFor({ timeout: 60_000 });
    return frame;
  }

  workbenchSuite('preview', { trusted: true }, skip, missing, async (started) => {
    wb = started.wb;
    // Quick Open's file search may not answer yet right after start on a loaded machine: try until it does.
    for (let attempt = 1; ; attempt++) {
      try {
        await wb.openFile(sampleSheets()[0]!);
        break;
      } catch (error) {
        if (attempt >= 4) throw error;
        await wb.press('Escape');
      }
    }
    await wb.closeAllEditors();
  });

  for (const sample of sampleSheets()) {
    it(`${sample}: the preview shows its 様式 (title and every cell and field the server renders)`, async () => {
      const want = expected(sample);
      const frame = await openPreview(sample);
      await waitFor(() => frame.locator('h1').first().innerText(), (t) => t.trim() === want.title, { message: 'preview title' });
      const cells = await waitFor(() => frame.locator('#content th, #content td, #content dd').count(), (n) => n === want.cells, { message: `${want.cells} cells` });
      assert.equal(cells, want.cells);
      assert.equal(await frame.locator('#banner').isVisible(), false, 'no syntax-error banner');
      // The page's CSP holds: the stylesheet from media/ applied (by nonce), nothing inline.
      const border = await frame.locator('#content td, #content dd').first().evaluate((cell) => getComputedStyle(cell).borderBottomStyle);
      assert.equal(border, 'solid', 'media/preview.css is applied');
      await wb.screenshot(`${sample}-preview`);
    });
  }

  /**
   * The innermost element of the preview whose source span contains `offset` and that carries a
   * problem mark: its classes and hover text (layout-independent: found by data-start/data-end).
   */
  async function markAt(frame: FrameLocator, offset: number): Promise<{ classes: string; title: string } | undefined> {
    return frame.locator('#content').evaluate((root, at) => {
      let best: Element | undefined;
      let size = Infinity;
      for (const el of root.querySelectorAll('.problem[data-start][data-end]')) {
        const start = Number(el.getAttribute('data-start'));
        const end = Number(el.getAttribute('data-end'));
        if (start <= at && at <= end && end - start < size) {
          best = el;
          size = end - start;
        }
      }
      return best ? { classes: best.className, title: best.getAttribute('title') ?? '' } : undefined;
    }, offset);
  }

  it('typing in the YAML changes the cell, without a save', async () => {
    const sample = sampleSheets().find((s) => lineMatching(sampleText(s), /^場所:\s*\S/) >= 0)!;
    const line = lineMatching(sampleText(sample), /^場所:/);
    const frame = await openPreview(sample);
    const value = /^場所:\s*(.+)$/.exec(sampleText(sample).split('\n')[line]!)![1]!.trim();
    assert.ok((await frame.locator('#content').innerText()).includes(value));
    await wb.focusEditor();
    await wb.goToLine(line + 1);
    await wb.press('End');
    await wb.type('変更');
    await waitFor(() => frame.locator('#content').innerText(), (t) => t.includes(`${value}変更`), { message: `preview shows ${value}変更` });
    assert.ok((await wb.page.locator('.tabs-container .tab.dirty').count()) > 0, 'the edit is unsaved');
    await wb.screenshot('typed');
  });

  it('a diagnostic’s cell is marked by severity with its message on hover; the mark goes with the diagnostic', async () => {
    // 000's 曜日 (in the 日時 field; 公開区分 is printed only in the title of the 部会 様式).
    const sample = sampleSheets().find((s) => lineMatching(sampleText(s), /^ {2}曜日:\s*\S/) >= 0)!;
    const text = sampleText(sample);
    const line = lineMatching(text, /^ {2}曜日:/);
    const lines = text.split('\n');
    lines[line] = `${lines[line]}X`;
    const edited = lines.join('\n');
    const finding = cliFindingsForText(sample, edited).find((f) => f.code === 'schema/enum' && f.range.start.line === line);
    assert.ok(finding, 'the CLI finds schema/enum on the edited line');
    const offset = TextDocument.create('file:///x', 'policy-yaml', 1, edited).offsetAt(finding.range.start);
    const frame = await openPreview(sample);
    await wb.focusEditor();
    await wb.goToLine(line + 1);
    await wb.press('End');
    await wb.type('X');
    const mark = await waitFor(() => markAt(frame, offset), (m) => m !== undefined && /problem-error/.test(m.classes), { message: 'an error mark on the cell of the diagnostic' });
    assert.ok(mark!.title.includes('schema/enum') && mark!.title.includes(finding.message), `hover shows the message (${mark!.title})`);
    await wb.screenshot('marked');
    await wb.focusEditor();
    await wb.press('Control+Z');
    await waitFor(() => markAt(frame, offset).then((m) => m?.title ?? ''), (t) => !t.includes('schema/enum'), { message: 'the mark goes after undo' });
  });

  it('double-clicking a cell reveals and selects its YAML node', async () => {
    const sample = sampleSheets().find((s) => s.startsWith('000')) ?? sampleSheets()[0]!;
    const text = sampleText(sample);
    const frame = await openPreview(sample);
    await wb.focusEditor();
    await wb.goToLine(1);
    // A leaf data cell (no nested table: a double-click lands on it, not on an inner cell) below line 1.
    const target = frame.locator('#content :is(td, dd)[data-start][data-line]:not([data-line="0"]):not(:has(table))').nth(3);
    const start = Number(await target.getAttribute('data-start'));
    const end = Number(await target.getAttribute('data-end'));
    const document = TextDocument.create('file:///x', 'policy-yaml', 1, text);
    const want = document.positionAt(start);
    await target.dblclick();
    const cursor = await waitFor(() => wb.cursor(), (c) => c.line === document.positionAt(end).line + 1 || c.line === want.line + 1, { message: `cursor in the node at line ${want.line + 1}` });
    assert.ok(cursor.line >= want.line + 1);
    const selection = await wb.page.locator('#status\\.editor\\.selection').innerText();
    assert.match(selection, new RegExp(`\\(${end - start} selected\\)`), `the node is selected (${selection})`);
    await wb.screenshot('double-click-revealed');
  });

  it('a YAML syntax error keeps the last good rendering under the banner naming its line; fixing it updates again', async () => {
    const sample = sampleSheets().find((s) => lineMatching(sampleText(s), /^回:/) >= 0)!;
    const text = sampleText(sample);
    const line = lineMatching(text, /^回:/);
    const lines = text.split('\n');
    lines[line] = `@${lines[line]}`;
    const syntax = cliFindingsForText(sample, lines.join('\n')).filter((f) => f.code === 'yaml/syntax').sort((a, b) => a.range.start.line - b.range.start.line)[0];
    assert.ok(syntax, 'the CLI finds yaml/syntax in the edited text');
    const frame = await openPreview(sample);
    const cellsBefore = await frame.locator('#content td, #content dd').count();
    await wb.focusEditor();
    await wb.goToLine(line + 1);
    await wb.press('Home');
    await wb.type('@');
    const banner = frame.locator('#banner');
    await banner.waitFor({ state: 'visible', timeout: 30_000 });
    const bannerText = await banner.innerText();
    assert.ok(bannerText.startsWith(`構文エラーのため更新を停止中（${syntax.range.start.line + 1} 行目`), bannerText);
    assert.ok(cellsBefore > 0);
    assert.equal(await frame.locator('#content td, #content dd').count(), cellsBefore, 'the last good rendering stays');
    await wb.screenshot('syntax-error-banner');
    await wb.press('Control+Z');
    await banner.waitFor({ state: 'hidden', timeout: 30_000 });
  });

  it('scroll sync: the editor scrolls the preview, and the preview scrolls the editor', async () => {
    const sample = sampleSheets().find((s) => s.startsWith('001')) ?? sampleSheets()[0]!;
    const frame = await openPreview(sample);
    const lineCount = sampleText(sample).split('\n').length;
    // The 0-based data-line of the first code-line element that starts in the preview's viewport
    // (outer rows that began above it, e.g. a whole 柱, are skipped).
    const previewTop = () =>
      frame.locator('body').evaluate(() => {
        for (const el of document.querySelectorAll('.code-line[data-line]')) {
          const box = el.getBoundingClientRect();
          if (box.top >= -1) return { line: Number(el.getAttribute('data-line')), scrollY: window.scrollY };
        }
        return { line: -1, scrollY: window.scrollY };
      });
    const target = Math.floor(lineCount * 0.6);
    await wb.focusEditor();
    await wb.goToLine(target + 1);
    const top = await waitFor(previewTop, (t) => t.scrollY > 0 && t.line > target - 80 && t.line <= target + 40, { message: `preview scrolled near line ${target}` });
    assert.ok(top.line > target - 80);
    await wb.screenshot('scroll-editor-to-preview');
    // Back to the top in the preview: the editor follows (its rendered line numbers include the preview's top line).
    await frame.locator('body').evaluate(() => window.scrollTo(0, 0));
    const renderedLines = () => wb.activeEditor().locator('.margin-view-overlays .line-numbers').allInnerTexts().then((ts) => ts.map((t) => Number(t.trim())).filter((n) => n > 0));
    const lines = await waitFor(renderedLines, (ls) => ls.includes(1), { message: 'editor scrolled back to line 1 by the preview' });
    assert.ok(!lines.includes(target + 1), 'the editor left the line it was on');
    await wb.screenshot('scroll-preview-to-editor');
  });

  it('an unlocked preview follows the active sheet; a locked one stays on its sheet', async () => {
    const [first, second, third] = sampleSheets();
    await openPreview(first!);
    const titleOf = () => wb.page.locator('.tabs-container .tab', { hasText: 'プレビュー' }).allInnerTexts();
    await wb.openFile(second!);
    await waitFor(titleOf, (ts) => ts.length === 1 && ts[0]!.includes(second!), { message: `the preview follows to ${second}` });
    await waitFor(() => preview().locator('h1').first().innerText(), (t) => t.trim() === expected(second!).title, { message: 'preview shows the second sheet' });
    // Lock it with the lock button in the preview's editor title (keys typed in a webview stay in it).
    await wb.page.locator('.tabs-container .tab', { hasText: 'プレビュー' }).first().click();
    // The editor-title button is labelled with the command's title (English in code-server).
    await wb.page.locator(`.editor-actions [aria-label^="${localized(manifest.contributes.commands.find((c) => c.command === 'policySheets.togglePreviewLock')!.title, 'en')}"]`).first().click();
    await waitFor(titleOf, (ts) => ts.some((t) => t.includes('[ロック]') && t.includes(second!)), { message: 'the preview is locked' });
    await wb.openFile(third!);
    await wb.runCommand(commandLabel('policySheets.showPreviewToSide'));
    // A second preview for the third sheet; the locked one still shows the second.
    const titles = await waitFor(titleOf, (ts) => ts.length === 2, { message: 'two previews' });
    assert.ok(titles.some((t) => t.includes('[ロック]') && t.includes(second!)), JSON.stringify(titles));
    assert.ok(titles.some((t) => !t.includes('[ロック]') && t.includes(third!)), JSON.stringify(titles));
    await wb.screenshot('locked-and-following');
  });

  it('the preview comes back after a window reload (WebviewPanelSerializer)', async () => {
    const sample = sampleSheets()[0]!;
    const want = expected(sample);
    await openPreview(sample);
    // Reload as a user does (the command saves the workbench state first; a bare page reload may not).
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForEvent('load', { timeout: 60_000 });
    await wb.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // After a reload the extension host, the server and the webview all start again: allow for a loaded machine.
    const frame = preview();
    await frame.locator('#content main.sheet-body').first().waitFor({ timeout: 120_000 });
    await waitFor(() => frame.locator('h1').first().innerText(), (t) => t.trim() === want.title, { message: 'restored preview title' });
    await wb.screenshot('restored-after-reload');
  });
});
