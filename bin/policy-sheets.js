#!/usr/bin/env node
// Entry point of `npx policy-sheets`: the bundled CLI (built by `npm run build`).
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const cli = join(__dirname, '..', 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('policy-sheets: dist/cli.js がありません。先に `npm run build` を実行してください。\n');
  process.exit(2);
}
require(cli).run();
