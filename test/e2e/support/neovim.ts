// Runs test/e2e/nvim/diagnostics.lua (or another script of test/e2e/nvim/) in `nvim --headless`
// against one sheet.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, tools } from './tools';

export interface NvimDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code?: string | number;
  severity?: number;
  message: string;
  source?: string;
}
export interface NvimPhase {
  name: 'open' | 'edit' | 'undo';
  version: number;
  /** The raw publishDiagnostics params' diagnostics (LSP UTF-16 positions). */
  lsp: NvimDiagnostic[];
  /** What vim.diagnostic.get() holds for the buffer (0-based lnum, byte col). */
  shown: { lnum: number; col: number; code?: string; severity: number; message: string }[];
}
export interface NvimResult {
  nvim: { major: number; minor: number; patch: number };
  api: string;
  filetype: string;
  phases: NvimPhase[];
  /** completion.lua: the items received (label, detail, sortText, filterText, insertTextFormat, newText). */
  completion?: { label: string; detail?: string; sortText?: string; filterText?: string; insertTextFormat?: number; newText?: string }[];
  /** completion.lua: the words Neovim's completion would offer for those items. */
  words?: string[];
  /** completion.lua: the hover's Markdown. */
  hover?: string;
  error?: string;
}

export interface NvimRun {
  /** Sheet path (relative to the repo or absolute). */
  sheet: string;
  /** Optional edit after the first diagnostics: replace 0-based line `line` with `text` (undefined: delete it), then restore it. */
  edit?: { line: number; text?: string };
  timeoutMs?: number;
  /**
   * How many diagnostics the open phase waits for (the CLI's count): the writing checks publish
   * after the structural ones, seconds later while the dictionary loads, so "the first publish then
   * quiet" is not yet everything. The phase still ends after TIMEOUT_MS with what arrived.
   */
  openCount?: number;
  /** Script in test/e2e/nvim/ (default diagnostics.lua) and extra environment for it. */
  script?: string;
  env?: Record<string, string>;
}

export async function runNvim(run: NvimRun): Promise<NvimResult & { stdout: string; stderr: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'policy-sheets-nvim-'));
  const out = path.join(dir, 'out.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SHEET: run.sheet,
    SERVER: path.join(repoRoot, 'dist', 'server.js'),
    NODE: process.execPath,
    OUT: out,
    TIMEOUT_MS: String(run.timeoutMs ?? 20_000),
    XDG_STATE_HOME: dir, // LSP log and shada stay in the temp folder
    XDG_DATA_HOME: dir,
    XDG_CACHE_HOME: dir,
  };
  if (run.openCount !== undefined) env.OPEN_COUNT = String(run.openCount);
  Object.assign(env, run.env);
  if (run.edit) {
    env.EDIT_LINE = String(run.edit.line);
    if (run.edit.text !== undefined) env.EDIT_TEXT = run.edit.text;
  }
  const script = path.join(repoRoot, 'test', 'e2e', 'nvim', run.script ?? 'diagnostics.lua');
  const child = spawn(tools.nvim.path!, ['--headless', '--clean', '-u', 'NONE', '-c', `luafile ${script}`], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const hardLimit = (run.timeoutMs ?? 20_000) * 4;
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), hardLimit);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  let result: NvimResult;
  try {
    result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
  } catch {
    throw new Error(`nvim wrote no result (exit ${code}).\nstdout: ${stdout}\nstderr: ${stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (code !== 0 || result.error) throw new Error(`nvim script failed (exit ${code}): ${result.error ?? ''}\nstderr: ${stderr}`);
  return { ...result, stdout, stderr };
}
