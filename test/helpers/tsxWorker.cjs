// Runs a TypeScript file named by workerData.file in a worker thread (a worker does not inherit `--import tsx`).
require('tsx/cjs');
require(require('node:worker_threads').workerData.file);
