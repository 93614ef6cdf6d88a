import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WritingMessage, WritingRuleId, WritingText } from '../../server/src/service/checks/writing';
import type { WritingChecker } from '../../server/src/writing';
import { WritingRuns } from '../../server/src/writing/runs';

/** A checker that records each call and reports every text containing 「重複」 under each rule asked. */
function recordingChecker() {
  const calls: { texts: string[]; rules: string[] }[] = [];
  const checker: WritingChecker = {
    running: true,
    async check(texts, rules = []) {
      calls.push({ texts, rules: [...rules] });
      return texts.flatMap((t, index) => (t.includes('重複') ? rules.map((ruleId) => ({ index, ruleId, message: ruleId, start: 0, end: 1 })) : []));
    },
    async dispose() {},
  };
  return { checker, calls };
}

/** Texts laid out one per 100 characters of document. */
function textsOf(values: string[]): WritingText[] {
  return values.map((text, i) => ({ text, offsets: undefined, node: [i * 100, i * 100 + text.length] }));
}

const rules: WritingRuleId[] = ['prh', 'no-dropping-the-ra'];

/** Resolves once the document's run (and any waiting one) is over. */
function settled(runs: WritingRuns, uri: string): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => ((runs as unknown as { documents: Map<string, { busy: boolean }> }).documents.get(uri)?.busy ? setImmediate(poll) : resolve());
    setImmediate(poll);
  });
}

/** Runs one job to its end; resolves with every publication. */
async function runJob(runs: WritingRuns, uri: string, document: string, texts: WritingText[], current = () => true): Promise<WritingMessage[][]> {
  const published: WritingMessage[][] = [];
  runs.request({ uri, text: document, texts, rules, isCurrent: current, publish: (m) => published.push(m) });
  await settled(runs, uri);
  return published;
}

describe('WritingRuns: scheduling the writing checks of a document', () => {
  it('asks for the rules without the dictionary first, then the morphological ones, publishing after each', async () => {
    const { checker, calls } = recordingChecker();
    const runs = new WritingRuns(checker);
    const published = await runJob(runs, 'u', 'doc', textsOf(['重複あり', 'なし']));
    assert.deepEqual(calls.map((c) => c.rules), [['prh'], ['no-dropping-the-ra']]);
    assert.deepEqual(published.map((p) => p.map((m) => `${m.index}:${m.ruleId}`)), [['0:prh'], ['0:prh', '0:no-dropping-the-ra']]);
  });

  it('after an edit sends only the changed text, and knows the others at once', async () => {
    const { checker, calls } = recordingChecker();
    const runs = new WritingRuns(checker);
    await runJob(runs, 'u', 'v1', textsOf(['重複あり', 'なし']));
    calls.length = 0;
    const edited = textsOf(['重複あり', 'なし重複']);
    assert.deepEqual(runs.known('u', edited, rules).map((m) => `${m.index}:${m.ruleId}`), ['0:prh', '0:no-dropping-the-ra']);
    const published = await runJob(runs, 'u', 'v2', edited);
    assert.deepEqual(calls.map((c) => c.texts), [['なし重複'], ['なし重複']]);
    assert.equal(published.at(-1)!.length, 4);
  });

  it('sends at most the budget per step, the texts nearest the edit first', async () => {
    const { checker, calls } = recordingChecker();
    const runs = new WritingRuns(checker, { budget: 5 });
    const document = 'x'.repeat(1000);
    await runJob(runs, 'u', document, textsOf(['aaaa', 'bbbb', 'cccc']));
    // Opened: from the top. Then an edit inside the third text's node: that text goes first.
    assert.deepEqual(calls.filter((c) => c.rules[0] === 'prh').map((c) => c.texts), [['aaaa'], ['bbbb'], ['cccc']]);
    calls.length = 0;
    const edited = textsOf(['aaaA', 'bbbB', 'ccCc']);
    await runJob(runs, 'u', `${document.slice(0, 202)}y${document.slice(203)}`, edited);
    assert.deepEqual(calls.filter((c) => c.rules[0] === 'prh').map((c) => c.texts), [['ccCc'], ['bbbB'], ['aaaA']]);
  });

  it('stops a version that is no longer current without publishing, and keeps what it found for the next', async () => {
    const { checker, calls } = recordingChecker();
    const runs = new WritingRuns(checker);
    // A newer version arrives while the worker checks the first rule group.
    const published = await runJob(runs, 'u', 'v1', textsOf(['重複あり']), () => calls.length === 0);
    assert.deepEqual(published, []);
    calls.length = 0;
    const next = await runJob(runs, 'u', 'v2', textsOf(['重複あり']));
    assert.deepEqual(calls, [{ texts: ['重複あり'], rules: ['no-dropping-the-ra'] }], 'only the step the stopped run did not do');
    assert.equal(next.at(-1)!.length, 2, 'the known findings are published');
  });
});

describe('WritingRuns: no publication that repeats the last one', () => {
  it('publishes nothing at the end of a run with nothing new when the caller already published what is known', async () => {
    const { checker } = recordingChecker();
    const runs = new WritingRuns(checker);
    const texts = textsOf(['重複あり']);
    await runJob(runs, 'u', 'v1', texts);
    const published: WritingMessage[][] = [];
    const known = runs.known('u', texts, rules);
    runs.request({ uri: 'u', text: 'v1', texts, rules, isCurrent: () => true, publish: (m) => published.push(m), knownRevision: runs.revision('u') });
    await settled(runs, 'u');
    assert.equal(known.length, 2);
    assert.deepEqual(published, []);
  });
  it('with knownRevision: publishes nothing when no result came in since `known`, and publishes when one did', async () => {
    const { checker } = recordingChecker();
    const runs = new WritingRuns(checker);
    const texts = textsOf(['重複あり', 'なし']);
    await runJob(runs, 'u', 'v1', texts);
    // Same texts, no result since: nothing to add.
    const published: WritingMessage[][] = [];
    runs.request({ uri: 'u', text: 'v1', texts, rules, isCurrent: () => true, publish: (m) => published.push(m), knownRevision: runs.revision('u') });
    await settled(runs, 'u');
    assert.deepEqual(published, []);
    // A revision taken before results came in (a superseded run stored them): what is known now is published.
    const stale = runs.revision('u') - 1;
    const later: WritingMessage[][] = [];
    runs.request({ uri: 'u', text: 'v1', texts, rules, isCurrent: () => true, publish: (m) => later.push(m), knownRevision: stale });
    await settled(runs, 'u');
    assert.deepEqual(later.map((p) => p.map((m) => `${m.index}:${m.ruleId}`)), [['0:prh', '0:no-dropping-the-ra']]);
  });
});

/** A promise with its resolve, to hold a checker's answer or the host's quiet until the test says. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Resolves once `condition()` holds (checked after each turn of the event loop). */
function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : setImmediate(poll));
    poll();
  });
}

describe('WritingRuns: the backlog waits for quiet, new prose does not', () => {
  it('at open sends nothing until the host is quiet, then the whole first pass', { timeout: 10_000 }, async () => {
    const { checker, calls } = recordingChecker();
    const runs = new WritingRuns(checker, { budget: 5 });
    let asked = 0;
    const quiet = deferred();
    runs.request({ uri: 'u', text: 'x'.repeat(1000), texts: textsOf(['aaaa', 'bbbb', 'cccc']), rules, isCurrent: () => true, publish: () => undefined, quiet: () => (asked++, quiet.promise) });
    await until(() => asked === 1);
    assert.equal(calls.length, 0, 'nothing before quiet: the first edits after an open do not run beside the first pass');
    quiet.resolve();
    await settled(runs, 'u');
    assert.deepEqual(calls.filter((c) => c.rules[0] === 'prh').map((c) => c.texts), [['aaaa'], ['bbbb'], ['cccc']]);
  });

  it('after an edit sends the text it brought at once, and the backlog of the first pass only when quiet', { timeout: 10_000 }, async () => {
    const { checker, calls } = recordingChecker();
    const runs = new WritingRuns(checker, { budget: 5 });
    const document = 'x'.repeat(1000);
    let asked = 0;
    const never = new Promise<void>(() => undefined);
    let current = 1;
    runs.request({ uri: 'u', text: document, texts: textsOf(['aaaa', 'bbbb', 'cccc']), rules, isCurrent: () => current === 1, publish: () => undefined, quiet: () => (asked++, never) });
    await until(() => asked === 1);
    calls.length = 0;
    // The edit rewrites the third text while the first pass waits: the waiting run gives way at once.
    current = 2;
    const quiet = deferred();
    const edited = textsOf(['aaaa', 'bbbb', 'ccCc']);
    runs.request({ uri: 'u', text: `${document.slice(0, 202)}y${document.slice(203)}`, texts: edited, rules, isCurrent: () => current === 2, publish: () => undefined, quiet: () => (asked++, quiet.promise) });
    await until(() => asked === 2);
    assert.deepEqual(calls.map((c) => c.texts), [['ccCc'], ['ccCc']], 'the new text at once; bbbb, left by the first pass, waits');
    quiet.resolve();
    await settled(runs, 'u');
    // The first pass (waiting for quiet when the edit came) had checked nothing: the rest, nearest the edit first.
    assert.deepEqual(calls.filter((c) => c.rules[0] === 'prh').map((c) => c.texts), [['ccCc'], ['bbbb'], ['aaaa']]);
    assert.equal(runs.known('u', edited, rules).length, 0, 'no text has 重複: every text checked, nothing found');
  });

  it('a result that comes in while the job is not current (a validation pending) is not published, and is known to the next', async () => {
    const answer = deferred<WritingMessage[]>();
    const checker: WritingChecker = { running: true, check: () => answer.promise, async dispose() {} };
    const runs = new WritingRuns(checker);
    const texts = textsOf(['重複あり']);
    let pendingValidation = false;
    const published: WritingMessage[][] = [];
    runs.request({ uri: 'u', text: 'v1', texts, rules: ['prh'], isCurrent: () => !pendingValidation, publish: (m) => published.push(m) });
    // An edit arrives (its validation pending), then the worker answers.
    pendingValidation = true;
    answer.resolve([{ index: 0, ruleId: 'prh', message: 'prh', start: 0, end: 1 }]);
    await settled(runs, 'u');
    assert.deepEqual(published, [], 'nothing published before the pending validation');
    // The validation takes what is known into its own publication.
    assert.deepEqual(runs.known('u', texts, ['prh']).map((m) => `${m.index}:${m.ruleId}`), ['0:prh']);
  });
});

describe('WritingRuns: results stored by a replaced run', () => {
  it('are published when the next job starts, not after its backlog waits for quiet', { timeout: 10_000 }, async () => {
    const answer = deferred<WritingMessage[]>();
    const checker: WritingChecker = { running: true, check: () => answer.promise, async dispose() {} };
    const runs = new WritingRuns(checker, { budget: 5 });
    const document = 'x'.repeat(1000);
    const texts = textsOf(['重複あり', 'bbbb']);
    let version = 1;
    runs.request({ uri: 'u', text: document, texts, rules: ['prh'], isCurrent: () => version === 1, publish: () => undefined });
    // An edit elsewhere: its validation took `known` (nothing yet), then the open's batch answers.
    version = 2;
    const knownRevision = runs.revision('u');
    const published: WritingMessage[][] = [];
    let asked = 0;
    runs.request({ uri: 'u', text: document, texts, rules: ['prh'], isCurrent: () => version === 2, publish: (m) => published.push(m), knownRevision, quiet: () => (asked++, new Promise<void>(() => undefined)) });
    answer.resolve([{ index: 0, ruleId: 'prh', message: 'prh', start: 0, end: 1 }]);
    await until(() => asked === 1);
    assert.deepEqual(published.map((p) => p.map((m) => `${m.index}:${m.ruleId}`)), [['0:prh']], 'published before the backlog (bbbb) waits');
  });
});
