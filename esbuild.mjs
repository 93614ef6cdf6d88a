// One esbuild context per entry point (client, server, CLI); `--watch` rebuilds, `--production`
// minifies for the .vsix. Type checking is separate: `npm run typecheck` (tsc --noEmit).
import * as esbuild from 'esbuild';
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareDictionary } from './scripts/prepare-dictionary.mjs';
import { warmCodeCache } from './scripts/warm-code-cache.mjs';

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

// The schemas' validators are generated at build time (ajv standalone code, server/src/schemaStandalone.ts)
// and replace server/src/precompiledSchemas.ts in every bundle, so the server and the CLI start
// without compiling a schema (tests under tsx get the placeholder and compile at run time).
/** @type {import('esbuild').Plugin} */
const precompiledSchemas = {
  name: 'precompiled-schemas',
  setup(build) {
    let generated;
    build.onStart(() => {
      generated = undefined;
    });
    build.onLoad({ filter: /[\\/]server[\\/]src[\\/]precompiledSchemas\.ts$/ }, async () => {
      generated ??= (async () => {
        const root = new URL('.', import.meta.url).pathname;
        const generator = await esbuild.build({
          stdin: {
            contents: "import { precompiledSchemasModule } from './server/src/schemaStandalone'; import { bundledSchemas } from './server/src/bundledSchemas'; module.exports = precompiledSchemasModule(bundledSchemas);",
            resolveDir: root,
            loader: 'ts',
          },
          bundle: true, platform: 'node', format: 'cjs', packages: 'external', write: false, logLevel: 'warning',
        });
        const module = { exports: {} };
        new Function('module', 'exports', 'require', generator.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
        return { contents: module.exports, loader: 'js', resolveDir: root, watchFiles: ['schemas/common.schema.json', 'schemas/振り返りシート.schema.json', 'schemas/区運営方針.schema.json', 'schemas/市政改革プラン進捗.schema.json', 'schemas/部会議事概要.schema.json'].map((f) => root + f) };
      })();
      return generated;
    });
  },
};

// The CLI's render, report and diff commands are bundles of their own (dist/cliRender.js,
// dist/cliReport.js, dist/cliDiff.js), required by dist/cli.js only when that command runs: `check`
// then neither parses nor initialises exceljs, vega and the rest at start-up.
const cliCommands = { './cliRender': 'cliRender', './cli/report': 'cliReport', './cli/diff': 'cliDiff' };
/** @type {import('esbuild').Plugin} */
const cliCommandBundles = {
  name: 'cli-command-bundles',
  setup(build) {
    build.onResolve({ filter: /^\.\/(cliRender|cli\/report|cli\/diff)$/ }, (args) =>
      args.kind === 'require-call' && /[\\/]server[\\/]src[\\/]cli\.ts$/.test(args.importer) ? { path: `./${cliCommands[args.path]}.js`, external: true } : undefined,
    );
  },
};

// yaml's Parser and Composer read `process.env.LOG_TOKENS` / `LOG_STREAM` (debug logging) once per
// token and per document. process.env is a getter into the C environment, so on a 9,000-line sheet
// those reads are 15–20 % of a parse (measured: 134 → 118 ms median). Our bundles never log yaml's
// tokens: the reads become `undefined` at build time (yaml's source is otherwise unchanged).
/** @type {import('esbuild').Plugin} */
const yamlWithoutDebugEnv = {
  name: 'yaml-without-debug-env',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]yaml[\\/]dist[\\/](parse[\\/]parser|compose[\\/]composer)\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(/\bnode_process\.env\.(LOG_TOKENS|LOG_STREAM)\b/g, 'undefined');
      if (contents === source) throw new Error(`yaml-without-debug-env: no debug read found in ${args.path} (yaml changed?)`);
      return { contents, loader: 'js' };
    });
  },
};

// The bundles whose text stays in memory while the server runs are written in ASCII: V8 holds a
// script with any other character as UTF-16, two bytes a character (dist/serverMain.js: 4.6 MB of
// heap instead of 2.3, and as much again while it loads). esbuild escapes strings and identifiers
// but keeps comments and regular-expression literals as written; there `\uXXXX` means the same
// character (a character after a backslash, the one place it would not, fails the build).
/** @type {import('esbuild').Plugin} */
const asciiOutput = {
  name: 'ascii-output',
  setup(build) {
    build.onEnd(async (result) => {
      if (result.errors.length > 0) return;
      const file = build.initialOptions.outfile;
      const text = await readFile(file, 'utf8');
      if (/\\[^\x00-\x7f]/.test(text)) return { errors: [{ text: `ascii-output: a non-ASCII character after a backslash in ${file}` }] };
      const ascii = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      if (ascii !== text) await writeFile(file, ascii);
      return undefined;
    });
  },
};

const entries = [
  // The client runs in VS Code's extension host; `vscode` is provided there.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // The server: dist/server.js is a small loader (server/src/serverStart.ts) that runs dist/serverMain.js
  // with V8's code cache (server/src/codeCache.ts).
  { entryPoints: ['server/src/serverStart.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/serverMain.js', plugins: [asciiOutput] },
  // The CLI: dist/cli.js is a small loader (server/src/cliStart.ts) that runs dist/cliMain.js with
  // V8's code cache, and dist/workerStart.js the same for its check and writing threads (codeCache.ts).
  { entryPoints: ['server/src/cliStart.ts'], outfile: 'dist/cli.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cliMain.js', plugins: [cliCommandBundles] },
  { entryPoints: ['server/src/workerStart.ts'], outfile: 'dist/workerStart.js' },
  { entryPoints: ['server/src/cliRender.ts'], outfile: 'dist/cliRender.js', plugins: [vendorPlaywright, vegaWithoutCanvas] },
  { entryPoints: ['server/src/cli/report.ts'], outfile: 'dist/cliReport.js', plugins: [vendorPlaywright, vegaWithoutCanvas] },
  { entryPoints: ['server/src/cli/diff.ts'], outfile: 'dist/cliDiff.js', plugins: [vendorPlaywright, vegaWithoutCanvas] },
  // Export (exceljs bundled; playwright-core vendored): loaded by the client only when an export runs.
  { entryPoints: ['server/src/export/index.ts'], outfile: 'dist/export.js', plugins: [vendorPlaywright] },
  // The preview webview's one script: a browser page, loaded from media/ by nonce (client/src/preview).
  { entryPoints: ['client/src/preview/webview/main.ts'], outfile: 'media/preview.js', platform: 'browser', format: 'iife', target: 'es2022' },
  // The writing-check worker thread (textlint + Japanese rules); kuromoji's dictionary is read
  // from dist/dict (copied above) or node_modules/kuromoji/dict at run time, not bundled.
  { entryPoints: ['server/src/writing/worker.ts'], outfile: 'dist/writingWorker.js', keepNames: true, logOverride: { 'require-resolve-not-external': 'silent' }, plugins: [asciiOutput] },
  // The workspace index's facts worker threads (issue 10): parse sheets on disk off the main thread.
  { entryPoints: ['server/src/workspace/factsWorker.ts'], outfile: 'dist/factsWorker.js', plugins: [asciiOutput] },
  // `policy-sheets check`'s worker threads (issue 11 §2): many sheets are parsed and checked on every core.
  { entryPoints: ['server/src/cli/checkWorker.ts'], outfile: 'dist/cliCheckWorker.js' },
];

// kuromoji's dictionary (read by the writing worker at run time) ships as dist/dict, the
// first place the worker looks (server/src/writing/index.ts), so the .vsix works without node_modules.
// It is written un-gzipped and trimmed of trailing zeros, the form the worker loads with no copy
// (scripts/prepare-dictionary.mjs, server/src/writing/dictionary.ts); skipped when up to date.
prepareDictionary('node_modules/kuromoji/dict', 'dist/dict');

const contexts = await Promise.all(entries.map((e) => esbuild.context({ ...common, ...e, ...(e.platform === 'browser' ? {} : { plugins: [precompiledSchemas, yamlWithoutDebugEnv, ...(e.plugins ?? [])] }) })));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  // The server's first run (scripts/warm-code-cache.mjs): V8's code cache of dist/serverMain.js for
  // this Node version, beside it (the caches of the previous bundle go first).
  for (const file of readdirSync('dist')) if (file.endsWith('.cache')) rmSync(`dist/${file}`);
  const warmUp = await warmCodeCache('dist/server.js');
  if (warmUp) console.warn(warmUp);
}
