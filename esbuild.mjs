// One esbuild context per entry point (client, server, CLI); `--watch` rebuilds, `--production`
// minifies for the .vsix. Type checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  loader: { '.json': 'json' },
};

const entries = [
  // The client runs in VS Code's extension host; `vscode` is provided there.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
  // The writing-check worker thread (textlint + Japanese rules); kuromoji's dictionary is read
  // from node_modules/kuromoji/dict or dist/dict at run time, not bundled.
  { entryPoints: ['server/src/writing/worker.ts'], outfile: 'dist/writingWorker.js', keepNames: true, logOverride: { 'require-resolve-not-external': 'silent' } },
];

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
