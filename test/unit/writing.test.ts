import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { alignScalar, enabledWritingRules, writingMessage, writingProblems, writingTexts } from '../../server/src/service/checks/writing';
import { morphologicalRules } from '../../server/src/writing/precheck';
import { parseSheet } from '../../server/src/service/parse';
import { createWritingChecker } from '../../server/src/writing';
import { reviewSheet } from '../helpers/sheets';

/** The document text under each problem of the writing checks of `yaml`. */
async function findings(yaml: string, checker: ReturnType<typeof createWritingChecker>): Promise<string[]> {
  const sheet = parseSheet(yaml);
  const texts = writingTexts(sheet);
  const messages = await checker.check(texts.map((t) => t.text));
  return writingProblems(texts, messages).map((p) => `${p.code} ${yaml.slice(p.start, p.end)}`);
}

describe('writingMessage: what staff read is Japanese', () => {
  it('rewrites the rules that report in English or as a bare rewrite, from the parts of their text', () => {
    assert.equal(writingMessage('no-hankaku-kana', 'Disallow to use 半角カタカナ: "ｶﾅ"'), '半角カタカナ「ｶﾅ」が使われています。全角で書いてください。');
    assert.equal(writingMessage('prh', '取り組み => 取組'), '「取り組み」は「取組」と書きます（公用文の表記）。');
    assert.equal(
      writingMessage('date-weekday-mismatch', '2024年5月1日(木) mismatch weekday.\n2024年5月1日(木) => 2024年5月1日(水)'),
      '「2024年5月1日(木)」の曜日が日付と合いません。正しくは「2024年5月1日(水)」です。',
    );
  });

  it('keeps a Japanese message, and any text of an unexpected shape, as written (first line)', () => {
    assert.equal(writingMessage('no-dropping-the-ra', 'ら抜き言葉を使用しています。'), 'ら抜き言葉を使用しています。');
    assert.equal(writingMessage('prh', 'something else\nmore'), 'something else');
  });
});

describe('alignScalar: value characters back to the document', () => {
  const align = (source: string, value: string, type: Parameters<typeof alignScalar>[3]) => alignScalar(value, source, 10, type)!.map((o) => o - 10);

  it('plain and single-quoted scalars', () => {
    assert.deepEqual(align('あいう', 'あいう', 'PLAIN'), [0, 1, 2, 3]);
    assert.deepEqual(align("'a''b'", "a'b", 'QUOTE_SINGLE'), [1, 2, 4, 5]);
  });

  it('double-quoted escapes and folded lines', () => {
    assert.deepEqual(align('"a\\u3000b\\"c"', 'a\u3000b"c', 'QUOTE_DOUBLE'), [1, 2, 8, 9, 11, 12]);
    assert.deepEqual(align('"あ\n  い"', 'あ い', 'QUOTE_DOUBLE'), [1, 2, 5, 6]);
  });

  it('literal and folded blocks', () => {
    assert.deepEqual(align('|\n  あい\n  う\n', 'あい\nう\n', 'BLOCK_LITERAL'), [4, 5, 6, 9, 10, 11]);
    assert.deepEqual(align('>-\n  あい\n  う', 'あい う', 'BLOCK_FOLDED'), [5, 6, 7, 10, 11]);
  });

  it('gives up (undefined) when the source does not produce the value', () => {
    assert.equal(alignScalar('xyz', 'abc', 0, 'PLAIN'), undefined);
  });
});

describe('writing checks in a worker thread (textlint kernel)', () => {
  const checker = createWritingChecker({ workerFile: resolve(__dirname, '../helpers/writingWorker.cjs') });
  after(() => checker.dispose());

  it('finds a doubled phrase, ら抜き, half-width kana and 大阪府、大阪府, mapped back exactly (plain, quoted, folded)', async () => {
    const yaml = reviewSheet(`              - めざす姿: 令和5年度中に、Web会議方式による区政会議の開催、区政会議の開催、区政会議のYouTube掲載
                主な取組実績:
                  - "地域の方が\\u3000ｲﾍﾞﾝﾄを見れる場を設けた。"
                  - >-
                    大阪府、大阪府が一体となり、
                    国際交流を展開する。
                実施状況: 実施中
`);
    const found = await findings(yaml, checker);
    assert.ok(found.includes('writing/repeated-phrase 区政会議の開催'), found.join(' | '));
    assert.ok(found.includes('writing/no-hankaku-kana ｲﾍﾞﾝﾄ'), found.join(' | '));
    assert.ok(found.some((f) => f.startsWith('writing/no-dropping-the-ra ')), found.join(' | '));
    assert.ok(found.some((f) => f === 'writing/prh 大阪府、大阪府'), found.join(' | '));
  });

  it('raises nothing on clean prose, and reads no ids, years or marks', async () => {
    const yaml = reviewSheet(`              - めざす姿: 令和8年度末までに全区で地域活動協議会の会計説明会を実施
                主な取組実績:
                  - 全区で説明会を開催し、会計事務の手引きを配布した。
                実施状況: 実施中
`);
    assert.deepEqual(await findings(yaml, checker), []);
  });
});

describe('the worker loads the morphological dictionary only for the rules that need it', () => {
  // A dictionary folder that does not exist: any rule that tokenises fails, the others cannot notice.
  const checker = createWritingChecker({ workerFile: resolve(__dirname, '../helpers/writingWorker.cjs'), dicPath: resolve(__dirname, 'no-such-dictionary') });
  after(() => checker.dispose());
  const text = '地域の方がｲﾍﾞﾝﾄを見れる場を設けた。大阪府、大阪府が一体となり、取組を進める。';

  it('runs prh, half-width kana, weekday and repeated phrase without it', async () => {
    const plain = enabledWritingRules({}).filter((r) => !morphologicalRules.has(r));
    const messages = await checker.check([text], plain);
    assert.deepEqual([...new Set(messages.map((m) => m.ruleId))].sort(), ['no-hankaku-kana', 'prh']);
  });

  it('needs it for ら抜き (the load fails here), and skips a text that cannot match without loading it', async () => {
    await assert.rejects(checker.check([text], ['no-dropping-the-ra']));
    assert.deepEqual(await checker.check(['全区で説明会を開催した。'], ['no-dropping-the-ra']), []);
  });
});

describe('the worker thread ends after an idle period', () => {
  it('is running while a request is answered, ends idleMs later, and starts again on the next request', async () => {
    const checker = createWritingChecker({ workerFile: resolve(__dirname, '../helpers/writingWorker.cjs'), idleMs: 50 });
    try {
      const texts = ['大阪府、大阪府が一体となり'];
      assert.equal((await checker.check(texts, ['prh'])).length, 1);
      assert.equal(checker.running, true);
      await waitUntil(() => !checker.running);
      assert.equal((await checker.check(texts, ['prh'])).length, 1, 'a new worker answers');
    } finally {
      await checker.dispose();
    }
  });
});

describe('a failing worker is not started again on every request', () => {
  const failing = resolve(__dirname, '../helpers/failingWritingWorker.cjs');
  it('rejects at once while the restart delay runs, saying when it starts again', async () => {
    const checker = createWritingChecker({ workerFile: failing, restartDelayMs: 60_000 });
    try {
      await assert.rejects(checker.check(['大阪府、大阪府'], ['prh']), /no dictionary/);
      assert.equal(checker.running, false);
      await assert.rejects(checker.check(['大阪府、大阪府'], ['prh']), /no dictionary \(the writing worker starts again in (59|60) s\)/);
      assert.equal(checker.running, false, 'no thread was started');
    } finally {
      await checker.dispose();
    }
  });
  it('starts a new worker once the delay is over', async () => {
    const checker = createWritingChecker({ workerFile: failing, restartDelayMs: 0 });
    try {
      await assert.rejects(checker.check(['大阪府'], ['prh']), /no dictionary/);
      const again = checker.check(['大阪府'], ['prh']);
      assert.equal(checker.running, true, 'a new thread started');
      await assert.rejects(again, /^Error: writing worker: no dictionary$/);
    } finally {
      await checker.dispose();
    }
  });
});

/** Polls `condition` every 10 ms for up to 10 s. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (const deadline = Date.now() + 10_000; !condition(); ) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the worker thread yields the CPU to the server', () => {
  it('runs at nice 10 while the rest of the process keeps its priority (Linux)', { skip: !existsSync('/proc/thread-self') }, async () => {
    const checker = createWritingChecker({ workerFile: resolve(__dirname, '../helpers/writingWorker.cjs') });
    try {
      await checker.check(['大阪府、大阪府'], ['prh']);
      const nice = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]);
      const tasks = readdirSync('/proc/self/task');
      const base = nice(String(process.pid));
      if (base >= 10) return; // already as low: nothing to observe
      assert.equal(tasks.filter((t) => nice(t) === 10).length, 1, 'one thread (the worker) at nice 10');
      assert.equal(tasks.filter((t) => nice(t) !== base && nice(t) !== 10).length, 0, 'every other thread keeps the process priority');
    } finally {
      await checker.dispose();
    }
  });
});
