// npm run test:vscode — the extension-host suite (test/vscode/suite/index.cjs) in a real VS Code
// desktop build, through @vscode/test-electron. It downloads VS Code unless VSCODE_EXECUTABLE
// points at an installed one. Machines without access to VS Code's download servers (like the
// project's CI machines, which reach only the npm registry and Debian) cannot run it: it then
// stops with a clear message. The same suite runs there inside code-server instead, as part of
// `npm run test:e2e` (test/e2e/vscode-api.test.ts).
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { prepareWorkspace, repoRoot, suitePath } from './expected.mjs';

const { workspace, expectedFile } = prepareWorkspace();

let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
if (!vscodeExecutablePath) {
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION ?? 'stable', timeout: 30_000 });
  } catch (error) {
    console.error(
      [
        '',
        'test:vscode: cannot download VS Code here.',
        `  ${String(error?.message ?? error).split('\n')[0]}`,
        '  @vscode/test-electron downloads a VS Code desktop build from update.code.visualstudio.com;',
        '  this machine cannot reach it (the project machines reach only the npm registry and Debian).',
        '  Either run this on a machine with that access, or point VSCODE_EXECUTABLE at an installed',
        '  VS Code (e.g. VSCODE_EXECUTABLE=/usr/share/code/code npm run test:vscode).',
        '  Here, the same suite runs inside code-server: npm run test:e2e (test/e2e/vscode-api.test.ts).',
        '',
      ].join('\n'),
    );
    process.exit(1);
  }
}

try {
  await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: suitePath,
    extensionTestsEnv: { POLICY_SHEETS_EXPECTED: expectedFile },
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (error) {
  console.error(`test:vscode: the extension-host suite failed: ${String(error?.message ?? error)}`);
  process.exit(1);
}
