// The ward-wide summary (policy-sheets report) in Debian's Chromium through playwright-core: the page
// built from the samples and one generated 区運営方針 per ward, opened at A4 landscape width (1123 px)
// and printed to PDF — no horizontal overflow, every cell and chart visible, the charts are inline
// SVG whose bars are links, no script at all, and nothing is requested from outside. Page, screenshot
// and PDF: test-results/browser/report.*. Run by `npm run test:e2e`.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { collectReport, renderReportHtml } from '../../server/src/report';
import { wardNames } from '../../server/src/service/domain/wards';
import { samplesDir } from '../e2e/support/tools';
import { realService } from '../helpers/service';
import { browserResultsDir as resultsDir, chromiumSuite, openA4Landscape, pageLayout } from './setup';

/** The samples and, per ward, a copy of the 阿倍野区 plan under that ward's name (as if in samples/wards/). */
function inputs(): { path: string; text: string }[] {
  const files = readdirSync(samplesDir).filter((f) => f.endsWith('.sheet.yaml')).sort().map((f) => ({ path: path.join(samplesDir, f), text: readFileSync(path.join(samplesDir, f), 'utf8') }));
  const plan = files.find((f) => f.path.includes('abeno'))!.text;
  for (const [i, ward] of wardNames.entries()) {
    // Vary the marks so that the wards' rates differ: 〇 where the sample wrote "-" for every i-th.
    let n = 0;
    const text = plan.replace(/^区名: .*$/m, `区名: ${ward}`).replace(/達成状況: "-"/g, (m) => (n++ % (i % 4 + 1) === 0 ? '達成状況: "〇"' : m));
    files.push({ path: path.join(samplesDir, 'wards', `${String(i).padStart(2, '0')}.sheet.yaml`), text });
  }
  return files;
}

describe('the report page in Chromium (A4 landscape)', () => {
  const { browser: launched } = chromiumSuite();

  it('lays out every table and chart inside the page, runs and loads nothing, and prints', async (t) => {
    const browser = launched();
    if (!browser) return t.skip('Chromium not installed');
    const html = await renderReportHtml(collectReport(realService(), inputs()), { baseDir: samplesDir });
    const file = path.join(resultsDir, 'report.html');
    writeFileSync(file, html);
    const { context, page, requests } = await openA4Landscape(browser, file);
    const layout = { ...(await pageLayout(page)), ...(await page.evaluate(() => {
      const charts = [...document.querySelectorAll('figure.chart svg')].map((svg) => {
        const box = svg.getBoundingClientRect();
        return { width: box.width, height: box.height, right: box.right, links: svg.querySelectorAll('a').length };
      });
      return { charts, scripts: document.scripts.length, sections: document.querySelectorAll('section.ward').length };
    })) };
    assert.equal(layout.scripts, 0);
    assert.deepEqual(requests, []);
    assert.ok(layout.scrollWidth <= layout.clientWidth, `no horizontal overflow (${layout.scrollWidth} > ${layout.clientWidth})`);
    assert.deepEqual(layout.hidden, []);
    assert.equal(layout.sections, 24 + 1); // the 24 wards (港区 and 阿倍野区 also from the samples) and 区名なし
    assert.equal(layout.charts.length, 1 + 24);
    for (const chart of layout.charts) {
      assert.ok(chart.width > 200 && chart.height > 20 && chart.right <= layout.clientWidth + 0.5, JSON.stringify(chart));
      assert.ok(chart.links > 0, 'bars are links');
    }
    await page.screenshot({ path: path.join(resultsDir, 'report.png'), fullPage: false });
    const pdf = await page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
    writeFileSync(path.join(resultsDir, 'report.pdf'), pdf);
    assert.ok(pdf.length > 10_000);
    await context.close();
  });
});
