// The 新旧対照表 (policy-sheets diff) in Debian's Chromium through playwright-core: sample 001 against a
// copy with a changed 実施状況, figure and めざす姿, opened at A4 landscape width (1123 px) and printed
// to PDF — no horizontal overflow, every cell visible, the table's four columns 箇所 / 項目 / 旧 / 新,
// <del>/<ins> marks visible, no script, nothing requested. Page, screenshot and PDF:
// test-results/browser/diff.*. Run by `npm run test:e2e`.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { diffHtml } from '../../server/src/export/diffHtml';
import { diffSheets } from '../../server/src/service/diff';
import { chromiumArgs } from '../e2e/support/workbench';
import { isCI, repoRoot, samplesDir, tools } from '../e2e/support/tools';
import { doc, realService } from '../helpers/service';
import { waitForChromium } from './setup';

const resultsDir = path.join(repoRoot, 'test-results', 'browser');

describe('the 新旧対照表 page in Chromium (A4 landscape)', () => {
  let browser: Browser | undefined;
  before(async () => {
    if (!(await waitForChromium())) {
      if (isCI) throw new Error('Chromium not found (bash scripts/setup-e2e.sh)');
      return;
    }
    mkdirSync(resultsDir, { recursive: true });
    browser = await chromium.launch({ executablePath: tools.chromium.path!, args: chromiumArgs, headless: true });
  });
  after(async () => {
    await browser?.close();
  });

  it('lays out the 旧 / 新 table inside the page, runs and loads nothing, and prints', async (t) => {
    if (!browser) return t.skip('Chromium not installed');
    const service = realService();
    const old = readFileSync(path.join(samplesDir, '001-furikaeri-r6.sheet.yaml'), 'utf8');
    const now = old.replace('実施状況: 実施中', '実施状況: 完了').replace('導入・継続 323 地活協', '導入・継続 324 地活協').replace('毎年度、全区が交流会やラウンドテーブル等を開催', '毎年度、全区が交流会を開催');
    const html = diffHtml(diffSheets(service.render(doc(old)), service.render(doc(now))), { oldLabel: 'old', newLabel: 'new' });
    const file = path.join(resultsDir, 'diff.html');
    writeFileSync(file, html);
    const context = await browser.newContext({ viewport: { width: 1123, height: 794 }, locale: 'ja-JP' });
    const page = await context.newPage();
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      if (route.request().url() === pathToFileURL(file).href) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const layout = await page.evaluate(() => {
      const root = document.scrollingElement!;
      const hidden: string[] = [];
      for (const cell of document.querySelectorAll('th, td')) {
        const box = cell.getBoundingClientRect();
        if (box.width < 8 || box.height < 8 || box.right > root.clientWidth + 0.5) hidden.push(`${cell.tagName} ${(cell.textContent ?? '').slice(0, 20)}`);
      }
      const marks = [...document.querySelectorAll('del, ins')].map((m) => m.getBoundingClientRect()).filter((b) => b.width > 0 && b.height > 0).length;
      const heads = [...document.querySelectorAll('thead th')].map((th) => th.textContent);
      return { clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, hidden, marks, heads, changes: document.querySelectorAll('tr.change').length, scripts: document.scripts.length };
    });
    assert.equal(layout.scripts, 0);
    assert.deepEqual(requests, []);
    assert.ok(layout.scrollWidth <= layout.clientWidth, `no horizontal overflow (${layout.scrollWidth} > ${layout.clientWidth})`);
    assert.deepEqual(layout.hidden, []);
    assert.deepEqual(layout.heads, ['箇所', '項目', '旧', '新']);
    assert.equal(layout.changes, 3);
    // 実施中→完了 and 323→324: a <del> and an <ins> each; the shortened めざす姿: one <del>.
    assert.equal(layout.marks, 5);
    await page.screenshot({ path: path.join(resultsDir, 'diff.png'), fullPage: false });
    const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
    writeFileSync(path.join(resultsDir, 'diff.pdf'), pdf);
    assert.ok(pdf.length > 10_000);
    await context.close();
  });
});
