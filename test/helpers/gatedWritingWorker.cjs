// A writing worker whose answers wait for the test: each request is answered once the file named by
// POLICY_SHEETS_TEST_WRITING_RELEASE exists, with one ja-no-successive-word message on the first
// character of every text; on a request it writes `<release>.asked`, after posting an answer `<release>.answered`. Protocol tests
// use it to make a writing result arrive at a moment of their choosing.
const { existsSync, writeFileSync } = require('node:fs');
const { parentPort } = require('node:worker_threads');
const release = process.env.POLICY_SHEETS_TEST_WRITING_RELEASE;
let answered = 0;
let asked = 0;
parentPort.on('message', (request) => {
  if (release) writeFileSync(`${release}.asked`, String(++asked));
  const answer = () => {
    if (!release || !existsSync(release)) return void setTimeout(answer, 10);
    parentPort.postMessage({ id: request.id, messages: request.texts.map((_text, index) => ({ index, ruleId: 'ja-no-successive-word', message: 'test', start: 0, end: 1 })) });
    writeFileSync(`${release}.answered`, String(++answered));
  };
  answer();
});
