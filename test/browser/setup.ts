// Waiting for the end-to-end tools while scripts/setup-e2e.sh is still installing them (apt can take
// minutes): the tests wait for the install to end, then run, or skip (fail on CI) if a tool is still missing.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { type Tool, tools } from '../e2e/support/tools';

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
