// The 新旧対照表 (policy-sheets diff) in Debian's Chromium through playwright-core: sample 001 against a
// copy with a changed 実施状況, figure and めざす姿, opened at A4 landscape width (1123 px) and printed
// to PDF — no horizontal overflow, every cell visible, the table's four columns 箇所 / 項目 / 旧 / 新,
// <del>/<ins> marks visible, no script, nothing requested. Page, screenshot and PDF:
// test-results/browser/diff.*. Run by `npm run test:e2e`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { diffHtml } from '../../server/src/export/diffHtml';
import { diffSheets } from '../../server/src/service/diff';
import { samplesDir } from '../e2e/support/tools';
import { doc, realService } from '../helpers/service';
import { browserResultsDir as resultsDir, chromiumSuite, openA4Landscape, pageLayout } from './setup';

describe('the 新旧対照表 page in Chromium (A4 landscape)', () => {
  const { browser: launched } = chromiumSuite();

  it('lays out the 旧 / 新 table inside the page, runs and loads nothing, and prints', async (t) => {
    const browser = launched();
    if (!browser) return t.skip('Chromium not installed');
    const service = realService();
    const old = readFileSync(path.join(samplesDir, '001-furikaeri-r6.sheet.yaml'), 'utf8');
    const now = old.replace('実施状況: 実施中', '実施状況: 完了').replace('導入・継続 323 地活協', '導入・継続 324 地活協').replace('毎年度、全区が交流会やラウンドテーブル等を開催', '毎年度、全区が交流会を開催');
    const html = diffHtml(diffSheets(service.render(doc(old)), service.render(doc(now))), { oldLabel: 'old', newLabel: 'new' });
    const file = path.join(resultsDir, 'diff.html');
    writeFileSync(file, html);
    const { context, page, requests } = await openA4Landscape(browser, file);
    const layout = { ...(await pageLayout(page)), ...(await page.evaluate(() => {
      const marks = [...document.querySelectorAll('del, ins')].map((m) => m.getBoundingClientRect()).filter((b) => b.width > 0 && b.height > 0).length;
      const heads = [...document.querySelectorAll('thead th')].map((th) => th.textContent);
      return { marks, heads, changes: document.querySelectorAll('tr.change').length, scripts: document.scripts.length };
    })) };
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
