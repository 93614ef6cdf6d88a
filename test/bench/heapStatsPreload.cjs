// Preloaded (`-r`) into the server by test/bench/serverMemory.ts: on SIGUSR2, writes V8's heap
// statistics of the server process to $SERVER_MEMORY_STATS as JSON. Sets no V8 flag (the server's
// code cache stays valid).
const v8 = require('node:v8');
const { writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  writeFileSync(
    process.env.SERVER_MEMORY_STATS,
    JSON.stringify({ heap: v8.getHeapStatistics(), spaces: v8.getHeapSpaceStatistics(), code: v8.getHeapCodeStatistics() }),
  );
});
