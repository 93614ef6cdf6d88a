// The hooks every workbench suite needs: package the extension, start code-server with it and open
// the workbench in Chromium before the tests; after each test, a screenshot of the state it ended
// in (also for failures: test-results/e2e/<suite>/end-*.png) and all editors closed; at the end,
// everything stopped.
import { after, afterEach, before } from 'node:test';
import { type CodeServer, type CodeServerOptions, packageExtension, startCodeServer } from './codeServer';
import { failOnCI } from './tools';
import { Workbench } from './workbench';

/** The running code-server and workbench of a suite (set once its `before` hook has run). */
export interface WorkbenchSuite {
  server: CodeServer;
  wb: Workbench;
}

/**
 * Registers the suite's hooks (call inside `describe`). `skip` and `missing` come from
 * `suiteSkip(missingTools(…))`: a skipped suite starts nothing; on CI a missing tool fails.
 * `onReady` receives the suite once started (for suites that keep `server` / `wb` variables, or
 * warm the workbench up before the tests); the `before` hook awaits it.
 */
export function workbenchSuite(
  artifactsName: string,
  options: CodeServerOptions,
  skip: string | false,
  missing: string | undefined,
  onReady?: (suite: WorkbenchSuite) => unknown,
): WorkbenchSuite {
  const suite = {} as WorkbenchSuite;
  before(async () => {
    if (skip) return;
    failOnCI(missing);
    packageExtension();
    suite.server = await startCodeServer(options);
    suite.wb = await Workbench.open(suite.server.url, artifactsName);
    await onReady?.(suite);
  });
  afterEach(async (t) => {
    await suite.wb?.screenshot(`end-${t.name}`).catch(() => undefined);
    await suite.wb?.closeAllEditors().catch(() => undefined);
  });
  after(async () => {
    await suite.wb?.close();
    await suite.server?.stop();
  });
  return suite;
}
