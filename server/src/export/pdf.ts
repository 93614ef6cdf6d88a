/**
 * PDF export: the print HTML (printHtml.ts) printed by a Chromium-family browser that is already
 * installed (Chrome, Edge or Chromium), driven by playwright-core through `executablePath`. No
 * browser is ever downloaded. A4 landscape, `<thead>` rows repeated by the browser's table
 * fragmentation, the title in the page header and 「n / m」 page numbers in the footer.
 *
 * The page runs with JavaScript disabled, offline, and every request aborted: a sheet is untrusted
 * input and the print HTML needs nothing from outside.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { escapeHtml } from '../service/render/html';
import type { SheetModel } from '../service/render/model';
import { ExportError } from './atomicWrite';
import { printHtml, sansFonts } from './printHtml';

/** Where to look for a browser, and how (injectable for tests of other platforms). */
export interface BrowserSearch {
  /** A path given by the user (`--browser`, `policySheets.export.browserPath`); wins when set. */
  browserPath?: string;
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  exists?: (path: string) => boolean;
}

/** The usual install locations of Chrome, Edge and Chromium per OS, most common first. */
export function browserCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    const win = (...parts: string[]) => roots.map((root) => [root, ...parts].join('\\'));
    return [...win('Google', 'Chrome', 'Application', 'chrome.exe'), ...win('Microsoft', 'Edge', 'Application', 'msedge.exe'), ...win('Chromium', 'Application', 'chrome.exe')];
  }
  if (platform === 'darwin') {
    const apps = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Chromium.app/Contents/MacOS/Chromium'];
    return [...apps.map((a) => `/Applications/${a}`), ...(env.HOME ? apps.map((a) => `${env.HOME}/Applications/${a}`) : [])];
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'];
  const fixed = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome', '/usr/bin/microsoft-edge', '/opt/microsoft/msedge/msedge', '/snap/bin/chromium'];
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => names.map((n) => join(dir, n)));
  return [...new Set([...fixed, ...onPath])];
}

/** What to install or set, per OS (Japanese, for the "not found" message). */
function installHint(platform: NodeJS.Platform): string {
  if (platform === 'win32' || platform === 'darwin') return 'Google Chrome か Microsoft Edge をインストールする';
  return 'Chromium か Google Chrome をインストールする（Debian/Ubuntu: sudo apt install chromium）';
}

/**
 * The browser to print with: `browserPath` when given (it must exist), else the first installed
 * candidate. Throws ExportError 'browser-not-found' with a Japanese message saying what to install
 * or which setting / flag to set.
 */
export function findBrowser(search: BrowserSearch = {}): string {
  const platform = search.platform ?? process.platform;
  const env = search.env ?? process.env;
  const exists = search.exists ?? existsSync;
  const given = search.browserPath?.trim() || env.POLICY_SHEETS_BROWSER?.trim();
  if (given) {
    if (exists(given)) return given;
    throw new ExportError('browser-not-found', `指定されたブラウザー「${given}」が見つかりません。設定 policySheets.export.browserPath（CLI では --browser）に Chrome・Edge・Chromium の実行ファイルのパスを指定してください。`);
  }
  const found = browserCandidates(platform, env).find((p) => exists(p));
  if (found) return found;
  throw new ExportError(
    'browser-not-found',
    `PDF の書き出しには Chrome・Edge・Chromium のいずれかが必要ですが、見つかりませんでした。${installHint(platform)}か、設定 policySheets.export.browserPath（CLI では --browser）にブラウザーの実行ファイルのパスを指定してください。HTML に書き出してブラウザーから印刷することもできます。`,
  );
}

/** The page header (title) and footer (page numbers) templates of Chromium's PDF printing. */
export function headerFooter(title: string): { headerTemplate: string; footerTemplate: string } {
  const style = `width:100%;margin:0 10mm;font-size:8pt;font-family:${escapeHtml(sansFonts)};color:#000;text-align:center`;
  return {
    headerTemplate: `<div style="${style}">${escapeHtml(title)}</div>`,
    footerTemplate: `<div style="${style}"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
  };
}

/** A launched browser that prints sheets to PDF; `close` it when done (one browser for many sheets). */
export interface PdfPrinter {
  /** The executable in use. */
  readonly browserPath: string;
  /** Prints one sheet; `signal` cancels (ExportError 'cancelled'). Throws ExportError. */
  print(model: SheetModel, signal?: AbortSignal): Promise<Buffer>;
  close(): Promise<void>;
}

/**
 * Launches the browser (found by `findBrowser`) headless. Throws ExportError 'browser-not-found'
 * or 'browser-failed' (the executable did not start as a Chromium-family browser).
 */
export async function openPdfPrinter(search: BrowserSearch = {}): Promise<PdfPrinter> {
  const browserPath = findBrowser(search);
  // Loaded here, not at the top: playwright-core is only needed for a PDF.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS require: the bundle maps it to dist/vendor/
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: browserPath, headless: true, timeout: 60_000, args: ['--disable-extensions', '--no-first-run'] });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new ExportError('browser-failed', `ブラウザー「${browserPath}」を起動できませんでした（${first}）。Chrome・Edge・Chromium の実行ファイルか確かめてください。`, { cause: error });
  }
  let disconnected = false;
  browser.on('disconnected', () => {
    disconnected = true;
  });
  return {
    browserPath,
    async print(model, signal) {
      if (signal?.aborted) throw new ExportError('cancelled', '書き出しを取り消しました。');
      if (disconnected) throw crashed(browserPath);
      const context = await browser.newContext({ javaScriptEnabled: false, offline: true }).catch((error: unknown) => {
        throw disconnected ? crashed(browserPath, error) : error;
      });
      const abort = () => void context.close().catch(() => undefined);
      signal?.addEventListener('abort', abort, { once: true });
      try {
        const page = await context.newPage();
        await page.route('**/*', (route) => route.abort());
        await page.setContent(printHtml(model, { pageMarginBoxes: false }), { waitUntil: 'load' });
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({
          format: 'A4',
          landscape: true,
          printBackground: true,
          displayHeaderFooter: true,
          ...headerFooter(model.title),
          margin: { top: '14mm', bottom: '14mm', left: '10mm', right: '10mm' },
          outline: true,
          tagged: true,
        });
      } catch (error) {
        if (signal?.aborted) throw new ExportError('cancelled', '書き出しを取り消しました。', { cause: error });
        if (disconnected || /closed|crash/i.test(String(error))) throw crashed(browserPath, error);
        throw new ExportError('browser-failed', `PDF を作れませんでした（${String(error).split('\n')[0]}）。`, { cause: error });
      } finally {
        signal?.removeEventListener('abort', abort);
        await context.close().catch(() => undefined);
      }
    },
    async close() {
      await browser.close().catch(() => undefined);
    },
  };
}

function crashed(browserPath: string, cause?: unknown): ExportError {
  return new ExportError('browser-crashed', `ブラウザー「${browserPath}」が PDF の作成中に終了しました。ファイルは書き出していません。もう一度書き出してください。`, { cause });
}
