// One esbuild context per entry point (client, server, CLI); `--watch` rebuilds, `--production`
// minifies for the .vsix. Type checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

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

// playwright-core cannot be bundled (it loads its own files by path), so it is copied as is into
// dist/vendor/ (shipped in the .vsix, which has no node_modules) and required from there.
/** @type {import('esbuild').Plugin} */
const vendorPlaywright = {
  name: 'vendor-playwright-core',
  setup(build) {
    build.onResolve({ filter: /^playwright-core$/ }, () => ({ path: './vendor/playwright-core/index.js', external: true }));
  },
};
const vendorDir = 'dist/vendor/playwright-core';
rmSync(vendorDir, { recursive: true, force: true });
cpSync('node_modules/playwright-core', vendorDir, {
  recursive: true,
  // Type definitions, the CLI and the trace viewer's web app are not needed to print a PDF.
  filter: (src) => !/[\\/](types|bin|lib[\\/]vite)$|\.d\.ts$/.test(src),
});

// vega-canvas's node build loads the optional `canvas` package with a top-level await, which a CJS
// bundle cannot hold: the report's charts are rendered to SVG (no canvas), so its browser build is used.
/** @type {import('esbuild').Plugin} */
const vegaWithoutCanvas = {
  name: 'vega-without-canvas',
  setup(build) {
    build.onResolve({ filter: /^vega-canvas$/ }, () => ({ path: new URL('./node_modules/vega-canvas/build/vega-canvas.browser.js', import.meta.url).pathname }));
  },
};

const entries = [
  // The client runs in VS Code's extension host; `vscode` is provided there.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', plugins: [vendorPlaywright, vegaWithoutCanvas] },
  // Export (exceljs bundled; playwright-core vendored): loaded by the client only when an export runs.
  { entryPoints: ['server/src/export/index.ts'], outfile: 'dist/export.js', plugins: [vendorPlaywright] },
  // The preview webview's one script: a browser page, loaded from media/ by nonce (client/src/preview).
  { entryPoints: ['client/src/preview/webview/main.ts'], outfile: 'media/preview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The writing-check worker thread (textlint + Japanese rules); kuromoji's dictionary is read
  // from dist/dict (copied above) or node_modules/kuromoji/dict at run time, not bundled.
  { entryPoints: ['server/src/writing/worker.ts'], outfile: 'dist/writingWorker.js', keepNames: true, logOverride: { 'require-resolve-not-external': 'silent' } },
];

// kuromoji's dictionary (≈18 MB, read by the writing worker at run time) ships as dist/dict, the
// first place the worker looks (server/src/writing/index.ts), so the .vsix works without node_modules.
cpSync('node_modules/kuromoji/dict', 'dist/dict', { recursive: true });

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
