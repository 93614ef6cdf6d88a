// Runs the TypeScript writing worker in tests (a worker thread does not inherit `--import tsx`).
require('tsx/cjs');
require('../../server/src/writing/worker.ts');
