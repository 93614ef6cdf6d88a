// Writes the CLI's findings for every sample (the suite's expectations) and a workspace copy of
// samples/ for the extension-host tests. Shared by runTest.mjs and the code-server harness.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suitePath = path.join(repoRoot, 'test', 'vscode', 'suite', 'index.cjs');

export function cliFindings(file) {
  try {
    return JSON.parse(execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', file, '--format', 'json'], { cwd: repoRoot, encoding: 'utf8' }));
  } catch (error) {
    if (error.status === 1 && error.stdout) return JSON.parse(error.stdout);
    throw error;
  }
}

/** { workspace, expectedFile }: a temp copy of samples/ and the JSON expectations beside it. */
export function prepareWorkspace() {
  const base = mkdtempSync(path.join(tmpdir(), 'policy-sheets-vscode-'));
  const workspace = path.join(base, 'workspace');
  cpSync(path.join(repoRoot, 'samples'), workspace, { recursive: true });
  const expected = {};
  for (const name of readdirSync(workspace).filter((f) => /\.sheet\.ya?ml$/.test(f)).sort()) {
    expected[name] = cliFindings(path.join(workspace, name));
  }
  const expectedFile = path.join(base, 'expected.json');
  writeFileSync(expectedFile, JSON.stringify(expected, null, 2));
  return { base, workspace, expectedFile };
}
