// The @vscode/test-electron suite (test/vscode/suite/index.cjs, `vscode` API) run inside
// code-server's extension host: the workbench is opened with the repository as the extension
// under development and the suite as extensionTestsPath (VS Code's web "payload" parameters),
// the way VS Code opens an Extension Development Host window in the browser (a built workbench
// accepts that payload only with the server option enable-smoke-test-driver).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { type CodeServer, startCodeServer } from './support/codeServer';
import { failOnCI, itUnless, missingTools, repoRoot, suiteSkip, tools } from './support/tools';
import { waitFor, Workbench } from './support/workbench';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium);
const skip = suiteSkip(missing);
const it = itUnless(skip);

interface SuiteResult { passed: number; failed: number; results: { name: string; ok: boolean; note?: string; error?: string }[] }

describe('extension-host suite (test/vscode) inside code-server', () => {
  let server: CodeServer;
  let wb: Workbench | undefined;
  let resultFile: string;
  let workspace: string;

  before(async () => {
    if (skip) return;
    failOnCI(missing);
    const { prepareWorkspace, suitePath } = (await import(path.join(repoRoot, 'test', 'vscode', 'expected.mjs'))) as {
      prepareWorkspace(): { base: string; workspace: string; expectedFile: string };
      suitePath: string;
    };
    const prepared = prepareWorkspace();
    workspace = prepared.workspace;
    resultFile = path.join(prepared.base, 'result.json');
    server = await startCodeServer({
      trusted: true,
      installExtension: false, // the repository itself is the extension under development (dist/ built by npm run test:e2e)
      workspaceFiles: {},
      env: { POLICY_SHEETS_EXPECTED: prepared.expectedFile, POLICY_SHEETS_TEST_RESULT: resultFile },
      // A built workbench honours the development payload (extensionDevelopmentPath,
      // extensionTestsPath) only with the smoke-test driver enabled.
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    });
    const authority = `127.0.0.1:${server.port}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${authority}${repoRoot}`],
      ['extensionTestsPath', `vscode-remote://${authority}${suitePath}`],
    ]);
    const url = `${server.url}?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`;
    wb = await Workbench.open(url, 'vscode-api');
  });
  after(async () => {
    await wb?.screenshot('end').catch(() => undefined);
    await wb?.close();
    await server?.stop();
  });

  it('runs and passes every extension-host test', async (t) => {
    const result = await waitFor(
      async () => (existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, 'utf8')) as SuiteResult) : undefined),
      (r) => r !== undefined,
      { timeout: 180_000, message: `the suite's result file (code-server log:\n${server.log().slice(-3000)})` },
    );
    for (const r of result!.results) t.diagnostic(`${r.ok ? '✔' : '✖'} ${r.name}${r.note ? ` (${r.note})` : ''}${r.error ? `\n${r.error}` : ''}`);
    assert.equal(result!.failed, 0, result!.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error}`).join('\n'));
    assert.ok(result!.passed >= 4, `ran the suite (${result!.passed} passed)`);
  });
});
