// code-server (VS Code's workbench and Node extension host, served to a browser) for the e2e tests:
// package the extension, install the .vsix into a fresh extensions folder, start a server on a free
// loopback port with a copy of the samples as its workspace, stop it again.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot, samplesDir, tools } from './tools';

export const vsixPath = path.join(repoRoot, 'policy-sheets.vsix');
let packaged: string | undefined;

/** What `npm run package` needs to pass on its own (see the packaging test). */
export const publicRepository = 'https://github.com/policy-sheets/policy-sheets';

/**
 * `npm run package` (esbuild --production + vsce), once per test process. vsce asks before
 * packaging without a LICENSE (and, older vsce, a repository field); such questions are answered
 * "y" here (the packaging test asserts on the manifest instead). When package.json has no
 * `repository`, vsce cannot resolve README's relative links and refuses: then base URLs are passed
 * (the packaging test fails on the missing field). Afterwards dist/ is rebuilt in development
 * mode so the other tests (and the CLI) use the same sources with source maps.
 */
export function packageExtension(): string {
  if (packaged) return packaged;
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { repository?: unknown };
  const extra = manifest.repository
    ? []
    : ['--', '--baseContentUrl', `${publicRepository}/blob/main/`, '--baseImagesUrl', `${publicRepository}/raw/main/`];
  rmSync(vsixPath, { force: true });
  let output: string;
  try {
    output = execFileSync('npm', ['run', '--silent', 'package', ...extra], {
      cwd: repoRoot,
      input: 'y\ny\ny\ny\n',
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; status?: number };
    throw new Error(`npm run package failed (exit ${e.status}):\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  } finally {
    execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  }
  if (!existsSync(vsixPath)) throw new Error(`npm run package made no ${vsixPath}:\n${output}`);
  packaged = output;
  return output;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServerOptions {
  /** Workspace trust: true = trusted (trust prompt disabled), false = Restricted Mode. */
  trusted?: boolean;
  /** Files to copy into the workspace (default: every file in samples/). */
  workspaceFiles?: Record<string, string>;
  /** Extra user settings (merged over the harness defaults). */
  settings?: Record<string, unknown>;
  /** Install the packaged .vsix (default true). */
  installExtension?: boolean;
  /** Extra code-server arguments, e.g. ['--extensionTestsPath=…']. */
  extraArgs?: string[];
  /** Extra environment for code-server and its extension host. */
  env?: NodeJS.ProcessEnv;
}

export interface CodeServer {
  url: string;
  port: number;
  workspace: string;
  userDataDir: string;
  extensionsDir: string;
  /** Everything code-server printed so far. */
  log(): string;
  /** Resolves with code-server's exit code. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** The harness' user settings: quiet workbench, nothing that opens by itself. */
export function defaultSettings(trusted: boolean): Record<string, unknown> {
  return {
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'always',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'files.autoSave': 'off',
    'window.dialogStyle': 'custom',
  };
}

function codeServerCommand(args: string[], env?: NodeJS.ProcessEnv) {
  const node = tools.node24.path!;
  return {
    command: node,
    args: [tools.codeServer.path!, ...args],
    env: {
      ...process.env,
      // The extension gallery (open-vsx by default) is pointed at a closed loopback port: the tests
      // never install from a gallery, and nothing leaves the machine.
      EXTENSIONS_GALLERY: JSON.stringify({
        serviceUrl: 'http://127.0.0.1:9/gallery',
        itemUrl: 'http://127.0.0.1:9/item',
        resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}',
      }),
      ...env,
      PATH: `${path.dirname(node)}:${process.env.PATH ?? ''}`,
    },
  };
}

/** `code-server --install-extension <vsix>` into `extensionsDir`. */
export function installVsix(vsix: string, extensionsDir: string, userDataDir: string): string {
  const { command, args, env } = codeServerCommand([
    '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix,
  ]);
  const out = execFileSync(command, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('policy-sheets.'));
  if (installed.length === 0) throw new Error(`--install-extension installed nothing:\n${out}`);
  return out;
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  const trusted = options.trusted ?? true;
  const base = mkdtempSync(path.join(tmpdir(), 'policy-sheets-cs-'));
  const userDataDir = path.join(base, 'user-data');
  const extensionsDir = path.join(base, 'extensions');
  const workspace = path.join(base, 'workspace');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  writeFileSync(
    path.join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...defaultSettings(trusted), ...options.settings }, null, 2),
  );
  if (options.workspaceFiles) {
    for (const [name, text] of Object.entries(options.workspaceFiles)) {
      mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
      writeFileSync(path.join(workspace, name), text);
    }
  } else {
    cpSync(samplesDir, workspace, { recursive: true });
  }
  if (options.installExtension ?? true) installVsix(vsixPath, extensionsDir, userDataDir);

  const port = await freePort();
  const { command, args, env } = codeServerCommand(
    [
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      ...(options.extraArgs ?? []),
      workspace,
    ],
    options.env,
  );
  const child: ChildProcess = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (d: Buffer) => (output += d.toString());
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    if (/HTTP server listening on/.test(output)) {
      try {
        const response = await fetch(`${url}healthz`);
        if (response.ok) break;
      } catch {
        /* not yet */
      }
    }
    if (Date.now() > deadline) throw new Error(`code-server did not start within 60 s:\n${output}`);
    await new Promise<void>((resolve) => {
      const done = () => {
        child.stdout!.off('data', done);
        child.stderr!.off('data', done);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, 200); // poll interval while waiting for the listening line
      child.stdout!.on('data', done);
      child.stderr!.on('data', done);
    });
  }

  return {
    url,
    port,
    workspace,
    userDataDir,
    extensionsDir,
    log: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGTERM'); // the process group this harness started
        } catch {
          /* gone */
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
