// Drives code-server's VS Code workbench in Chromium (playwright-core) the way a user would, and
// reads back what a user sees: Problems panel entries, squiggles in the editor, the language status
// item, notifications and banners. Every wait is on a DOM state (locators / polling), never a
// fixed sleep.
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { resultsDir, slug, tools } from './tools';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
  '--lang=en-US',
];

export interface Problem {
  file: string;
  severity: 'error' | 'warning' | 'info' | 'hint' | string;
  message: string;
  code: string;
  source: string;
  /** 0-based, like LSP (the panel shows 1-based "[Ln 723, Col 17]"). */
  line: number;
  character: number;
}

export interface Squiggle {
  /** 0-based model line. */
  line: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  left: number;
  width: number;
}

// Runs in the page. A string, so that tsx/esbuild's name helpers (__name) are not injected into it.
const READ_SQUIGGLES = new Function('editor', String.raw`
      const topOf = (el) => parseFloat(el.style.top || 'NaN');
      const numbered = [];
      for (const row of editor.querySelectorAll('.margin-view-overlays > div')) {
        const text = row.querySelector('.line-numbers')?.textContent?.trim();
        if (text && /^\d+$/.test(text)) numbered.push({ top: topOf(row), line: Number(text) - 1 });
      }
      numbered.sort((a, b) => a.top - b.top);
      const lineAt = (top) => {
        let line = -1;
        for (const n of numbered) if (n.top <= top + 0.5) line = n.line;
        return line;
      };
      const out = [];
      for (const row of editor.querySelectorAll('.view-overlays > div')) {
        for (const sq of row.querySelectorAll('[class*="squiggly-"]')) {
          const m = /squiggly-(error|warning|info|hint)/.exec(sq.className);
          if (!m || /squiggly-inline-/.test(sq.className)) continue;
          const style = sq.style;
          out.push({ line: lineAt(topOf(row)), severity: m[1], left: parseFloat(style.left), width: parseFloat(style.width) });
        }
      }
      return out;
`) as (editor: Element) => unknown;

export interface WaitOptions { timeout?: number; message?: string }

/** Polls `probe` until `accept` holds (DOM reads only, every 100 ms), else throws with the last value. */
export async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeout ?? 30_000);
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`${options.message ?? 'condition'} not met within ${options.timeout ?? 30_000} ms; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100)); // polling interval, not a wait for a state
  }
}

export class Workbench {
  private constructor(readonly browser: Browser, readonly page: Page, readonly artifactsDir: string) {}

  /** Launches Debian's Chromium on a fresh profile and opens the workbench at `url`. */
  static async open(url: string, artifactsName: string): Promise<Workbench> {
    const browser = await chromium.launch({ executablePath: tools.chromium.path!, args: chromiumArgs, headless: true });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    const artifactsDir = path.join(resultsDir, slug(artifactsName));
    mkdirSync(artifactsDir, { recursive: true });
    const workbench = new Workbench(browser, page, artifactsDir);
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The explorer lists the workspace once the remote file system answers.
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
    return workbench;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Saves a full-page screenshot as test-results/e2e/<suite>/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(this.artifactsDir, `${slug(name)}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ---- commands and editors -------------------------------------------------------------------

  /** Runs a command from the palette (F1) by its title, e.g. 'View: Toggle Problems'. */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    // Enter runs the focused row: wait until the filtered list has put the command there.
    await this.waitForFocusedPick((label) => label === title || label.startsWith(`${title},`) || label.startsWith(`${title} `), title);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  /** Waits until the focused row of the open quick input has an accessible label that `accept`s. */
  private async waitForFocusedPick(accept: (label: string) => boolean, what: string): Promise<void> {
    const focused = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused').first();
    await waitFor(async () => ((await focused.count()) ? ((await focused.getAttribute('aria-label')) ?? '') : ''), accept, {
      timeout: 15_000,
      message: `quick input row "${what}" focused`,
    });
  }

  /** Opens a workspace file by name through Quick Open (Ctrl+P), and waits for its editor. */
  async openFile(name: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const search = async () => {
      await this.page.keyboard.press('Control+P');
      await input.waitFor();
      await input.fill(name);
      await this.waitForFocusedPick((label) => label.includes(path.basename(name)), name);
    };
    try {
      await search();
    } catch {
      // Right after start-up on a busy machine, Quick Open may list nothing until the file search
      // is ready: close it and search once more.
      await this.page.keyboard.press('Escape');
      await search();
    }
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    // By the tab's resource name: a preview's tab title (「プレビュー 001-….sheet.yaml」) contains the
    // file name too, and the same file may be active in two editor groups.
    await this.page.locator(`.tabs-container .tab.active[data-resource-name="${path.basename(name)}"]`).first().waitFor();
    await this.activeEditor().locator('.view-lines .view-line').first().waitFor();
    // Quick Open leaves the keyboard focus in the editor it opened.
    await this.page.locator('.part.editor .editor-group-container.active .monaco-editor.focused').first().waitFor({ timeout: 10_000 }).catch(() => this.focusEditor());
  }

  /** Reverts the active editor if it has unsaved changes, then closes all editors. */
  async closeAllEditors(): Promise<void> {
    await this.page.keyboard.press('Escape');
    if ((await this.page.locator('.tabs-container .tab.active.dirty').count()) > 0) await this.runCommand('File: Revert File');
    if ((await this.page.locator('.tabs-container .tab').count()) > 0) {
      await this.runCommand('View: Close All Editors');
      await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
    }
  }

  /** The Monaco editor of the active editor group. */
  activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .editor-instance .monaco-editor').first();
  }

  /** Gives the keyboard focus to the active editor (command, not a click: banners may cover it). */
  async focusEditor(): Promise<void> {
    await this.runCommand('View: Focus Active Editor Group');
    await this.page.locator('.part.editor .editor-group-container.active .monaco-editor.focused').first().waitFor();
  }

  /** Language id shown in the status bar (e.g. 'Policy Sheet'). */
  async languageMode(): Promise<string> {
    return (await this.page.locator('#status\\.editor\\.mode').getAttribute('aria-label')) ?? '';
  }

  /** Moves the cursor to a 1-based line (Ctrl+G) and waits until the status bar says so. */
  async goToLine(line1: number, column1 = 1): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.page.keyboard.press('Control+G');
    await input.waitFor();
    await input.fill(`:${line1}:${column1}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await waitFor(() => this.cursor(), (c) => c.line === line1, { message: `cursor on line ${line1}` });
  }

  /** Cursor position from the status bar ("Ln 12, Col 3"), 1-based. */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = (await this.page.locator('#status\\.editor\\.selection').innerText()).trim();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`no cursor position in "${text}"`);
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** Types text at the cursor, like a user (non-ASCII goes through insertText, as an IME would). */
  async type(text: string): Promise<void> {
    for (const ch of text) {
      if (/[\x20-\x7e]/.test(ch)) await this.page.keyboard.type(ch);
      else await this.page.keyboard.insertText(ch);
    }
  }

  async press(keys: string): Promise<void> {
    await this.page.keyboard.press(keys);
  }

  // ---- Problems panel ------------------------------------------------------------------------

  /** Shows the Problems panel (Ctrl+Shift+M when it is not already visible). */
  async showProblems(): Promise<void> {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible())) await this.runCommand('Problems: Focus on Problems View');
    await panel.waitFor();
  }

  /**
   * Every entry of the Problems panel (the tree is virtual: it is scrolled to read all rows), grouped
   * under their file rows. `file` filters to one file's entries (by base name).
   */
  async readProblems(file?: string): Promise<Problem[]> {
    await this.showProblems();
    const rows = new Map<number, { level: number; label: string; severity: string; message: string; code: string; source: string; pos: string }>();
    const list = this.page.locator('.markers-panel .monaco-list').first();
    const readVisible = () =>
      list.evaluate((el) =>
        // Only the list's own rows: a scrolled tree also shows its file row again in the sticky-scroll
        // container, with the same data-index but not the file's aria-level/label.
        [...el.querySelectorAll('.monaco-list-rows > .monaco-list-row')].map((row) => ({
          index: Number(row.getAttribute('data-index')),
          level: Number(row.getAttribute('aria-level')),
          label: row.getAttribute('aria-label') ?? '',
          // A marker with a code action gets the class quickFix (its icon turns into a light bulb on hover).
          severity: (row.querySelector('.marker-icon')?.className ?? '').replace('marker-icon', '').replace(/\bquickFix\b/, '').trim(),
          message: row.querySelector('.marker-message')?.textContent ?? '',
          code: row.querySelector('.marker-code')?.textContent ?? '',
          source: row.querySelector('.marker-source')?.textContent ?? '',
          pos: row.querySelector('.marker-line')?.textContent ?? '',
        })),
      );
    // With no problems the tree is hidden (its old rows stay in the DOM) behind a message.
    if (!(await list.isVisible())) return [];
    // The tree renders only the rows in view: when its content is taller than the view, scroll it.
    const geometry = () =>
      list.evaluate((el) => ({
        content: parseFloat((el.querySelector('.monaco-list-rows') as HTMLElement | null)?.style.height ?? '0'),
        view: el.clientHeight,
      }));
    const { content, view } = await geometry();
    for (const r of await readVisible()) rows.set(r.index, r);
    // Back to the top in steps of a view: one wheel event of -100000 px left the tree where it was
    // (seen on 001 once the writing checks made its list taller than the panel: the file row never
    // came back, and every entry read as belonging to no file).
    const atTop = (v: { index: number; level: number }[]) => v.some((r) => r.index === 0 && r.level === 1);
    const toTop = async () => {
      for (let step = 0; step < Math.ceil(content / Math.max(view, 22)) + 2 && !atTop(await readVisible()); step++) {
        await this.page.mouse.wheel(0, -Math.max(view, 22));
        await waitFor(readVisible, atTop, { timeout: 300 }).catch(() => undefined);
      }
    };
    if (content > view + 1) {
      await list.hover();
      await toTop();
      for (let step = 0; step < Math.ceil(content / Math.max(view / 2, 22)) + 2; step++) {
        for (const r of await readVisible()) rows.set(r.index, r);
        await this.page.mouse.wheel(0, Math.max(view / 2, 22));
        await waitFor(readVisible, (v) => v.some((r) => !rows.has(r.index)), { timeout: 500 }).catch(() => undefined);
      }
      for (const r of await readVisible()) rows.set(r.index, r);
      await toTop();
    }
    const problems: Problem[] = [];
    let currentFile = '';
    for (const [, r] of [...rows.entries()].sort((a, b) => a[0] - b[0])) {
      if (r.level === 1) {
        const m = /problems? in file (.+?) of folder/.exec(r.label);
        currentFile = m ? m[1]! : r.label;
        continue;
      }
      const pos = /Ln (\d+), Col (\d+)/.exec(r.pos);
      problems.push({
        file: currentFile,
        severity: r.severity,
        message: r.message,
        code: r.code,
        source: r.source,
        line: pos ? Number(pos[1]) - 1 : -1,
        character: pos ? Number(pos[2]) - 1 : -1,
      });
    }
    return file ? problems.filter((p) => p.file === path.basename(file)) : problems;
  }

  /** Waits until the Problems panel's entries for `file` satisfy `accept`, and returns them. */
  async waitForProblems(file: string, accept: (problems: Problem[]) => boolean, options: WaitOptions = {}): Promise<Problem[]> {
    return waitFor(() => this.readProblems(file), accept, { message: `Problems for ${file}`, ...options });
  }

  /** Waits for a Problems entry with this code (and 0-based line, if given) for `file`. */
  async waitForDiagnostic(file: string, code: string, line?: number, options: WaitOptions = {}): Promise<Problem> {
    const match = (p: Problem) => p.code === code && (line === undefined || p.line === line);
    const problems = await this.waitForProblems(file, (ps) => ps.some(match), { message: `diagnostic ${code}${line === undefined ? '' : `@${line}`} in ${file}`, ...options });
    return problems.find(match)!;
  }

  /** Waits until no Problems entry with this code (and line) remains for `file`. */
  async waitForNoDiagnostic(file: string, code: string, line?: number, options: WaitOptions = {}): Promise<void> {
    const match = (p: Problem) => p.code === code && (line === undefined || p.line === line);
    await this.waitForProblems(file, (ps) => !ps.some(match), { message: `no diagnostic ${code}${line === undefined ? '' : `@${line}`} in ${file}`, ...options });
  }

  /** Totals in the status bar's problems item ("Errors: 1, Warnings: 0" / "No Problems"). */
  async problemCounts(): Promise<{ errors: number; warnings: number; infos: number }> {
    const label = (await this.page.locator('#status\\.problems').getAttribute('aria-label')) ?? '';
    const n = (re: RegExp) => Number(re.exec(label)?.[1] ?? 0);
    return { errors: n(/Errors?: (\d+)/i), warnings: n(/Warnings?: (\d+)/i), infos: n(/Infos?: (\d+)/i) };
  }

  // ---- squiggles -----------------------------------------------------------------------------

  /**
   * Squiggles rendered in the active editor's viewport, mapped to model lines through the line
   * numbers in the gutter (a wrapped line's continuation rows belong to the line above them).
   */
  async readSquiggles(): Promise<Squiggle[]> {
    return this.activeEditor().evaluate(READ_SQUIGGLES) as Promise<Squiggle[]>;
  }

  /** Brings a 0-based line into view (cursor there) and returns the squiggles on it. */
  async squigglesOnLine(line: number): Promise<Squiggle[]> {
    await this.goToLine(line + 1);
    return (await this.readSquiggles()).filter((s) => s.line === line);
  }

  /** Waits until the squiggles in view satisfy `accept`. */
  async waitForSquiggles(accept: (squiggles: Squiggle[]) => boolean, options: WaitOptions = {}): Promise<Squiggle[]> {
    return waitFor(() => this.readSquiggles(), accept, { message: 'squiggles', ...options });
  }

  // ---- status bar, notifications, banners -----------------------------------------------------

  /** The language status item's accessible text ("Editor Language Status: …"), '' when absent. */
  async languageStatus(): Promise<string> {
    const item = this.page.locator('#status\\.languageStatus');
    if ((await item.count()) === 0) return '';
    return (await item.getAttribute('aria-label')) ?? '';
  }

  /** Opens the language status hover (click on "{ }") and returns the text of its entries. */
  async openLanguageStatusHover(): Promise<string> {
    await this.page.locator('#status\\.languageStatus').click();
    const hover = this.page.locator('.hover-language-status').first();
    await hover.waitFor();
    return (await this.page.locator('.monaco-hover, .workbench-hover').first().innerText()).trim();
  }

  /** Visible texts of notification toasts and editor banners. */
  async notices(): Promise<string[]> {
    const texts = await this.page.locator('.notification-toast, .notifications-center .notification-list-item, .editor-banner, .editor-widget.unicode-highlight').allInnerTexts();
    return texts.map((t) => t.trim()).filter(Boolean);
  }

  /** Waits for the notification whose text contains `text` and clicks its button `action` (e.g. 「開く」). */
  async clickNotificationAction(text: string, action: string): Promise<void> {
    const toast = this.page.locator('.notification-toast', { hasText: text });
    await toast.waitFor({ timeout: 120_000 });
    await toast.locator('.monaco-button', { hasText: action }).click();
  }

  /** Waits for an active tab named `name` showing a page (webview) whose first h1 contains `heading`. */
  async waitForPageTab(name: string, heading: string): Promise<void> {
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 90_000 });
    const frame = this.page.frameLocator('iframe.webview.ready:visible').last().frameLocator('#active-frame');
    await waitFor(() => frame.locator('h1').first().innerText(), (t) => t.includes(heading), { message: `the opened page's heading ${heading}`, timeout: 30_000 });
  }

  /** Whether the workbench shows Restricted Mode (status bar entry / banner). */
  async restrictedMode(): Promise<boolean> {
    return (await this.page.locator('#status\\.workspaceTrust, .monaco-workbench .banner', { hasText: /Restricted Mode/ }).count()) > 0;
  }
}
