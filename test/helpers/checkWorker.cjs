// Runs the TypeScript check worker in tests (a worker thread does not inherit `--import tsx`, and
// `execArgv: ['--import', 'tsx']` does not load .ts in a worker on Node 20: the thread fails at once).
require('tsx/cjs');
require('../../server/src/cli/checkWorker.ts');
