// The preview's HTML and CSS in a real browser (Debian's Chromium through playwright-core, no
// download): each sample rendered by the service exactly as the preview shows it (the server's
// fragment + media/preview.css), at 1280 px — every column visible, no horizontal overflow, Japanese
// glyphs drawn by a CJK font — and a hostile sheet that runs nothing. Pages and screenshots:
// test-results/browser/*.html|png. Run by `npm run test:e2e`.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it as nodeIt, type TestContext } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { renderPreview } from '../../server/src/preview';
import { realService } from '../helpers/service';
import { chromiumArgs } from '../e2e/support/workbench';
import { isCI, repoRoot, samplesDir, tools } from '../e2e/support/tools';
import { waitForChromium } from './setup';

const resultsDir = path.join(repoRoot, 'test-results', 'browser');
const css = readFileSync(path.join(repoRoot, 'media', 'preview.css'), 'utf8');
const samples = readdirSync(samplesDir).filter((f) => f.endsWith('.sheet.yaml')).sort();
const hostileFile = path.join(repoRoot, 'test', 'fixtures', 'hostile.sheet.yaml');


/** The page as the webview shows it (without the CSP, so that the escaping alone is under test). */
function page(file: string, text: string): string {
  const result = renderPreview(realService(), TextDocument.create(pathToFileURL(file).href, 'policy-yaml', 1, text));
  // The webview script applies data-width as col widths (CSSOM); a static page does it with a rule per width.
  const widths = [...new Set([...result.html.matchAll(/data-width="([\d.]+)"/g)].map((m) => m[1]!))].map((w) => `col[data-width="${w}"]{width:${w}%}`).join('\n');
  return `<!DOCTYPE html><html lang="ja"><head><meta charset="UTF-8"><title>${path.basename(file)}</title><style>${css}\n${widths}</style></head><body class="vscode-light"><div id="content">${result.html}</div></body></html>`;
}

interface Layout {
  clientWidth: number;
  scrollWidth: number;
  tables: number;
  /** Fields boxes (dl.fields: the 部会's 日時/場所/出席者 and each 議事's 【案件概要】/【要旨】). */
  fields: number;
  /** Cells that are not fully visible: zero-sized, or past the right edge of the page. */
  hidden: string[];
  /** Columns per top-level table (from its widest row). */
  columns: number[];
}

const measure = new Function(String.raw`
  const root = document.scrollingElement;
  const hidden = [];
  const cells = document.querySelectorAll('th, td, dl.fields > dd');
  for (const cell of cells) {
    const box = cell.getBoundingClientRect();
    if (box.width < 8 || box.height < 8 || box.right > root.clientWidth + 0.5 || box.left < -0.5) hidden.push(cell.tagName + ' ' + Math.round(box.left) + '..' + Math.round(box.right) + ' ' + (cell.textContent || '').slice(0, 30));
  }
  const top = [...document.querySelectorAll('table.sheet-table:not(.nested)')];
  const columns = top.map((t) => Math.max(...[...t.rows].map((r) => [...r.cells].reduce((n, c) => n + c.colSpan, 0))));
  return { clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, tables: top.length, fields: document.querySelectorAll('dl.fields').length, hidden, columns };
`) as () => Layout;

describe('preview HTML + CSS in Chromium at 1280 px', () => {
  let browser: Browser | undefined;
  before(async () => {
    if (!(await waitForChromium())) {
      const message = `Chromium not found (install with: bash scripts/setup-e2e.sh, or apt-get install chromium)`;
      if (isCI) throw new Error(message);
      process.stderr.write(`\n${'!'.repeat(78)}\n!! SKIPPED: ${message}\n${'!'.repeat(78)}\n\n`);
      return;
    }
    mkdirSync(resultsDir, { recursive: true });
    browser = await chromium.launch({ executablePath: tools.chromium.path!, args: chromiumArgs, headless: true });
  });
  /** A test that needs the browser: skipped (with the banner above) when there is none. */
  const it = (name: string, fn: (t: TestContext) => Promise<void>) =>
    nodeIt(name, async (t) => {
      if (!browser) return t.skip('Chromium not installed');
      await fn(t);
    });
  after(async () => {
    await browser?.close();
  });

  async function open(name: string, html: string): Promise<{ page: Page; requests: string[]; dialogs: string[]; console: string[] }> {
    const file = path.join(resultsDir, `${name}.html`);
    writeFileSync(file, html);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', javaScriptEnabled: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const console: string[] = [];
    page.on('request', (r) => {
      if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
    });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => console.push(m.text()));
    await context.route('**/*', (route) => (route.request().url() === pathToFileURL(file).href ? route.continue() : route.abort()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return { page, requests, dialogs, console };
  }

  for (const sample of samples) {
    it(`${sample}: every column visible, no horizontal overflow, Japanese glyphs from a CJK font`, async (t) => {
      const { page } = await open(sample.replace(/\.sheet\.yaml$/, ''), page_(sample));
      const layout = (await page.evaluate(measure)) as Layout;
      // The 部会議事概要 様式 (000) is fields boxes and numbered items, without a table.
      if (sample.startsWith('000-')) assert.ok(layout.tables === 0 && layout.fields > 0, 'fields boxes, no table');
      else assert.ok(layout.tables > 0, 'at least one table');
      assert.ok(layout.scrollWidth <= layout.clientWidth, `no horizontal overflow (scrollWidth ${layout.scrollWidth} > ${layout.clientWidth})`);
      assert.deepEqual(layout.hidden, [], 'every cell has a size and lies inside the page');
      // Japanese text is drawn by a font that has its glyphs (not tofu): ask Chromium which fonts rendered the title.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const fonts: { familyName: string; glyphCount: number }[] = [];
      for (const selector of ['h1', 'th']) {
        const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
        if (!nodeId) continue;
        const text = await page.locator(selector).first().innerText();
        assert.match(text, /[\u3040-\u30ff\u4e00-\u9fff]/, `${selector} holds Japanese text`);
        const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
        fonts.push(...used);
      }
      assert.ok(fonts.some((f) => /CJK|Noto Sans JP|Noto Serif JP|IPA|Takao|VL Gothic|Droid Sans Fallback/i.test(f.familyName) && f.glyphCount > 0), `a CJK font drew the Japanese text (fonts: ${JSON.stringify(fonts)})`);
      await page.screenshot({ path: path.join(resultsDir, `${sample.replace(/\.sheet\.yaml$/, '')}.png`), fullPage: true });
      t.diagnostic(`tables ${layout.tables}, columns ${layout.columns.join('/')}, fonts ${[...new Set(fonts.map((f) => f.familyName))].join(', ')}`);
      await page.context().close();
    });
  }

  it('a hostile sheet shows its markup as text and runs nothing (no script, no dialog, no request)', async () => {
    const text = readFileSync(hostileFile, 'utf8');
    const { page, requests, dialogs } = await open('hostile', page_(hostileFile, text));
    const state = await page.evaluate(() => ({ title: document.title, pwned: (window as unknown as { __pwned?: number }).__pwned, scripts: document.scripts.length, images: document.images.length, iframes: document.querySelectorAll('iframe, svg, a, link, style:not(head style)').length, body: document.body.innerText }));
    assert.equal(state.title, 'hostile.sheet.yaml', 'document.title untouched');
    assert.equal(state.pwned, undefined, 'no script from the sheet ran');
    assert.equal(state.scripts, 0);
    assert.equal(state.images, 0);
    assert.equal(state.iframes, 0, 'no iframe, svg, link, a or extra style element');
    assert.deepEqual(dialogs, [], 'no alert()');
    assert.deepEqual(requests, [], 'no network request');
    for (const literal of ['<img src=x onerror=alert(1)>', "</td><script>document.title='pwned';window.__pwned=1</script>", 'javascript:alert(document.cookie)', '<svg onload=alert(3)>件名', '〔U+202E〕スキップ〔U+202C〕 区長']) {
      assert.ok(state.body.includes(literal), `shows ${literal} literally`);
    }
    // Hovering and double-clicking the hostile text runs nothing either (the 部会 layout: 案件概要 in a
    // field, 部会名 in the title).
    await page.locator('dd', { hasText: 'onmouseover' }).first().hover();
    await page.locator('h1', { hasText: '<img' }).first().dblclick();
    assert.deepEqual(dialogs, []);
    await page.screenshot({ path: path.join(resultsDir, 'hostile.png'), fullPage: true });
    await page.context().close();
  });
});

function page_(fileOrSample: string, text?: string): string {
  const file = text === undefined ? path.join(samplesDir, fileOrSample) : fileOrSample;
  return page(file, text ?? readFileSync(file, 'utf8'));
}
