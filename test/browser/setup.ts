// Waiting for the end-to-end tools while scripts/setup-e2e.sh is still installing them (apt can take
// minutes): the tests wait for the install to end, then run, or skip (fail on CI) if a tool is still missing.
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { isCI, repoRoot, type Tool, tools } from '../e2e/support/tools';
import { chromiumArgs } from '../e2e/support/workbench';

/** Where the browser tests leave their pages, screenshots and PDFs. */
export const browserResultsDir = path.join(repoRoot, 'test-results', 'browser');

/** Where scripts/setup-e2e.sh logs when started in the background (its last line is "exit N" when done). */
const setupLog = process.env.E2E_SETUP_LOG ?? '/tmp/setup-e2e.log';

function setupRunning(): boolean {
  if (!existsSync(setupLog)) return false;
  const tail = readFileSync(setupLog, 'utf8').trimEnd().split('\n').pop() ?? '';
  // A log untouched for 30 minutes belongs to a setup that died.
  return !/^exit \d+$/.test(tail) && Date.now() - statSync(setupLog).mtimeMs < 30 * 60_000;
}

/**
 * Resolves once `tool` is installed, or once no setup is running (then the caller skips or fails).
 * Polls the file system once a second, at most `timeoutMs` (default 20 minutes).
 */
export async function waitForTool(tool: Tool, find: () => string | undefined, timeoutMs = 20 * 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    const found = tool.path ?? find();
    if (found) {
      tool.path = found;
      return true;
    }
    if (!setupRunning() || Date.now() > deadline) return false;
    if (!announced) process.stderr.write(`waiting for ${tool.name}: scripts/setup-e2e.sh is still installing (${setupLog})\n`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // polling the install, not a wait for a page state
  }
}

/** Waits for Debian's Chromium (see waitForTool). */
export function waitForChromium(): Promise<boolean> {
  return waitForTool(tools.chromium, () => (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined));
}

/**
 * The Chromium of a browser suite (call inside `describe`): waits for it, launches it headless before
 * the tests (with test-results/browser/ made) and closes it after. `browser()` is undefined when
 * Chromium is missing locally (the tests then skip); on CI a missing Chromium fails the suite.
 */
export function chromiumSuite(): { browser: () => Browser | undefined } {
  let browser: Browser | undefined;
  before(async () => {
    if (!(await waitForChromium())) {
      if (isCI) throw new Error('Chromium not found (bash scripts/setup-e2e.sh)');
      return;
    }
    mkdirSync(browserResultsDir, { recursive: true });
    browser = await chromium.launch({ executablePath: tools.chromium.path!, args: chromiumArgs, headless: true });
  });
  after(async () => {
    await browser?.close();
  });
  return { browser: () => browser };
}

/**
 * Opens a page written to `file` at A4 landscape width (1123 × 794 px, ja-JP) in a new context
 * where every other request is aborted and recorded in `requests` (expected: none).
 */
export async function openA4Landscape(browser: Browser, file: string): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1123, height: 794 }, locale: 'ja-JP' });
  const page = await context.newPage();
  const requests: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url() === pathToFileURL(file).href) return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { context, page, requests };
}

/**
 * The page's layout as a print reviewer checks it: its width against the viewport, and every
 * th/td that is squeezed under 8 px or sticks out to the right (tag and first 20 characters).
 */
export function pageLayout(page: Page): Promise<{ clientWidth: number; scrollWidth: number; hidden: string[] }> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    const hidden: string[] = [];
    for (const cell of document.querySelectorAll('th, td')) {
      const box = cell.getBoundingClientRect();
      if (box.width < 8 || box.height < 8 || box.right > root.clientWidth + 0.5) hidden.push(`${cell.tagName} ${(cell.textContent ?? '').slice(0, 20)}`);
    }
    return { clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, hidden };
  });
}
