// Preloaded (`-r`) into a server process by test/protocol/lazyModules.test.ts: on exit, writes the
// files of every CommonJS module the process loaded (require.cache) to $LOADED_MODULES_FILE as JSON.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache)));
});
