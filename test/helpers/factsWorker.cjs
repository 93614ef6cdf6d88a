// Runs the TypeScript facts worker in tests (a worker thread does not inherit `--import tsx`).
require('tsx/cjs');
require('../../server/src/workspace/factsWorker.ts');
