// A writing worker that takes every request and never answers (a dictionary that takes forever to
// load): the protocol tests start the server with it to show that nothing structural waits for it.
const { parentPort } = require('node:worker_threads');
parentPort.on('message', () => undefined);
