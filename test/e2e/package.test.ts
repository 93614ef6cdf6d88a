// `npm run package` builds an installable .vsix: bundled (no node_modules), with the icon, README,
// CHANGELOG and manifest fields the Marketplace shows, and code-server installs it.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe } from 'node:test';
import { installVsix, packageExtension, vsixPath } from './support/codeServer';
import { failOnCI, itUnless, missingTools, repoRoot, suiteSkip, tools } from './support/tools';

const missing = missingTools(tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Record<string, unknown> & {
  engines: { vscode: string };
  devDependencies: Record<string, string>;
};

/** Entry names of a zip file (the .vsix), from its central directory. */
function zipEntries(file: string): string[] {
  const buf = readFileSync(file);
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

describe('packaging: npm run package → policy-sheets.vsix', () => {
  it('builds a bundled .vsix with the extension\'s files and nothing else', () => {
    failOnCI(missing);
    packageExtension();
    const entries = zipEntries(vsixPath);
    const files = entries.filter((e) => e.startsWith('extension/')).map((e) => e.slice('extension/'.length));
    // (vsce stores README.md and CHANGELOG.md as readme.md / changelog.md)
    const lower = files.map((f) => f.toLowerCase());
    for (const required of ['package.json', 'dist/client.js', 'dist/server.js', 'dist/serverMain.js', 'dist/export.js', 'dist/vendor/playwright-core/index.js', 'dist/writingWorker.js', 'dist/dict/dictionary.json', 'dist/dict/base.dat', 'dist/dict/tid_pos.dat', 'images/icon.png', 'changelog.md', 'readme.md']) {
      assert.ok(lower.includes(required.toLowerCase()), `${required} is in the .vsix (has: ${files.join(', ')})`);
    }
    const forbidden = files.filter((f) => /^(node_modules|client|server|test|samples|scripts|\.e2e|\.ci)\//.test(f) || /\.(ts|map|cache)$/.test(f));
    assert.deepEqual(forbidden, [], 'no sources, tests, samples or node_modules');
    assert.ok(files.some((f) => f.startsWith('schemas/')), 'the JSON Schemas ship');
  });

  it('the manifest has what the Marketplace and `vsce` ask for', () => {
    for (const field of ['icon', 'categories', 'keywords', 'repository', 'license', 'publisher', 'displayName', 'description']) {
      assert.ok(manifest[field] !== undefined, `package.json has "${field}"`);
    }
    assert.equal(manifest.icon, 'images/icon.png');
    // engines.vscode is honest: not newer than what @types/vscode compiles against allows, and its
    // floor is the @types/vscode version the client is typed with.
    const typesFloor = /(\d+\.\d+)/.exec(manifest.devDependencies['@types/vscode'] ?? '')?.[1];
    const enginesFloor = /(\d+\.\d+)/.exec(manifest.engines.vscode)?.[1];
    assert.equal(enginesFloor, typesFloor, `engines.vscode (${manifest.engines.vscode}) matches @types/vscode (${manifest.devDependencies['@types/vscode']})`);
  });

  it('code-server installs the .vsix (code-server --install-extension)', (t) => {
    const more = missingTools(tools.node24, tools.codeServer);
    if (more && !process.env.CI) return t.skip(more);
    failOnCI(more);
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-sheets-install-'));
    try {
      const out = installVsix(vsixPath, path.join(dir, 'extensions'), path.join(dir, 'user-data'));
      const installed = readdirSync(path.join(dir, 'extensions')).filter((d) => d.startsWith('policy-sheets.'));
      assert.equal(installed.length, 1, out);
      const shipped = JSON.parse(readFileSync(path.join(dir, 'extensions', installed[0]!, 'package.json'), 'utf8')) as { version: string };
      assert.equal(shipped.version, manifest.version);
      t.diagnostic(`installed ${installed[0]} (vsce ${execFileSync(tools.vsce.path!, ['--version'], { encoding: 'utf8' }).trim()})`);
      // The installed extension exports on its own: exceljs bundled in dist/export.js, playwright-core vendored in dist/vendor/.
      const cli = path.join(dir, 'extensions', installed[0]!, 'dist', 'cli.js');
      const sample = path.join(repoRoot, 'samples', '000-jinji-zaisei-bukai-254.sheet.yaml');
      for (const format of ['html', 'xlsx', ...(tools.chromium.path ? ['pdf'] : [])]) {
        const target = path.join(dir, `out.${format}`);
        const browser = format === 'pdf' ? ['--browser', tools.chromium.path!] : [];
        const r = spawnSync(process.execPath, [cli, 'render', sample, '--format', format, '-o', target, ...browser], { encoding: 'utf8' });
        assert.ok((r.status === 0 || r.status === 1) && existsSync(target), `render --format ${format} from the installed extension: exit ${r.status} ${r.stderr}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
