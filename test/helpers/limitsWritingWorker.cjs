// A writing worker that answers every request with one message holding its own V8 resource limits
// (worker_threads.resourceLimits), so a test can see what createWritingChecker starts workers with.
const { parentPort, resourceLimits } = require('node:worker_threads');
parentPort.on('message', (request) => {
  parentPort.postMessage({ id: request.id, messages: [{ index: 0, ruleId: 'limits', message: JSON.stringify(resourceLimits), start: 0, end: 0 }] });
});
