// Completion and hover in a real VS Code workbench (code-server + Chromium, the packaged .vsix):
// typing a new row in 001 shows the row's keys in the 様式's order, a romaji query finds めざす姿
// and accepting it inserts the key; hovering 基準時点 shows the year in the other calendar.
// Screenshots: test-results/e2e/completion/*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe } from 'node:test';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, samplesDir, suiteSkip, tools } from './support/tools';
import { waitFor, type Workbench } from './support/workbench';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);

const file = '001-furikaeri-r6.sheet.yaml';
const original = readFileSync(path.join(samplesDir, file), 'utf8');
const lines = original.split('\n');
// An empty line after the first row of the first 取組項目, where the user starts a new row.
const anchor = lines.findIndex((l) => l.includes('- すでに利用している地域の事例等を紹介し導入を促す。'));
const withBlank = [...lines.slice(0, anchor + 1), '', ...lines.slice(anchor + 1)].join('\n');
const blankLine1 = anchor + 2;
const basisLine1 = lines.findIndex((l) => l.startsWith('基準時点:')) + 1;

/** The labels of the suggest widget's rows, in the order shown. */
async function suggestions(wb: Workbench): Promise<string[]> {
  const widget = wb.page.locator('.editor-widget.suggest-widget.visible');
  if ((await widget.count()) === 0) return [];
  const rows = widget.locator('.monaco-list-row');
  const out: { index: number; label: string }[] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    out.push({ index: Number(await row.getAttribute('data-index')), label: (await row.locator('.label-name').first().innerText()).trim() });
  }
  return out.sort((a, b) => a.index - b.index).map((r) => r.label);
}

describe('completion and hover in VS Code (code-server) with the packaged .vsix', () => {
  const suite = workbenchSuite('completion', { trusted: true, workspaceFiles: { [file]: withBlank } }, skip, missing);

  it('typing "- " on a new row in 001 suggests the row\'s keys in the 様式\'s order; "mezasu" finds めざす姿', async () => {
    const { wb } = suite;
    await wb.openFile(file);
    await waitFor(() => wb.languageStatus(), (v) => /稼働中/.test(v), { message: 'server running' });
    await wb.goToLine(blankLine1, 1);
    await wb.type('              - ');
    const shown = await waitFor(() => suggestions(wb), (labels) => labels.length >= 6, { timeout: 30_000, message: 'suggest widget with the row keys' });
    await wb.screenshot('new-row-keys');
    assert.deepEqual(shown.slice(0, 6), ['めざす姿', '具体的取組', '主な取組実績', '実績値', '区別実績', '実施状況']);
    await wb.type('mezasu');
    const filtered = await waitFor(() => suggestions(wb), (labels) => labels[0] === 'めざす姿', { message: 'めざす姿 first for "mezasu"' });
    await wb.screenshot('romaji-mezasu');
    assert.equal(filtered[0], 'めざす姿');
    await wb.press('Enter');
    // The snippet "めざす姿: " replaced "mezasu": the cursor stands after it.
    const cursor = await waitFor(() => wb.cursor(), (c) => c.column === 17 + 'めざす姿: '.length, { message: 'cursor after the inserted key' });
    assert.equal(cursor.line, blankLine1);
    await wb.screenshot('mezasu-accepted');
  });

  it('hovering 基準時点 shows the fiscal year in the other calendar with its span', async () => {
    const { wb } = suite;
    await wb.openFile(file);
    // End, then two characters left: the cursor on 度 of "基準時点: 令和6年度末" (Go to Line counts
    // display columns, which differ for the wide characters of the key).
    await wb.goToLine(basisLine1, 1);
    await wb.press('End');
    await wb.press('ArrowLeft');
    await wb.press('ArrowLeft');
    await wb.runCommand('Show or Focus Hover');
    const hover = wb.page.locator('.monaco-hover:not(.hidden) .monaco-hover-content');
    const text = await waitFor(async () => ((await hover.count()) ? await hover.first().innerText() : ''), (t) => /2024年度/.test(t), { timeout: 20_000, message: 'hover with the year' });
    await wb.screenshot('hover-year');
    assert.match(text, /令和6年度 = 2024年度：2024年4月1日〜2025年3月31日/);
    assert.match(text, /令和6年度末 = 2025年3月31日/);
  });
});
