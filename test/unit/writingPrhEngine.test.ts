/**
 * The writing worker's prh engine (server/src/writing/worker.ts, `shareTermsEngine`): textlint-rule-prh
 * runs on many texts with one engine built from the terms dictionary, with the findings of an
 * engine built for each text. Run in a child process: importing the worker module lowers the
 * importing thread's priority.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '../..');

/** Texts with and without findings of the terms dictionary (two on one line, one over two paragraphs). */
const texts = ['地域の取り組みを進め、とりまとめを行う。', '特になし。', '大阪府、大阪府が一体となり取り組みを進める。\n\nとりまとめ及びならびに報告または公表。', '地域の取り組みを進め、とりまとめを行う。'];

/** In a fresh process: prh's engine builds, and the prh rule's messages per text, before and after `shareTermsEngine`. */
function lintTwice(): { before: { builds: number; messages: unknown[] }; after: { builds: number; messages: unknown[] } } {
  const script = `
    const prh = require('prh');
    const { TextlintKernel } = require('@textlint/kernel');
    const { termsDictionary } = require(${JSON.stringify(join(root, 'server/src/writing/terms.ts'))});
    const { shareTermsEngine } = require(${JSON.stringify(join(root, 'server/src/writing/worker.ts'))});
    let builds = 0;
    const build = prh.fromYAML;
    prh.fromYAML = (...args) => { builds++; return build(...args); };
    const rule = require('textlint-rule-prh');
    const plugin = require('@textlint/textlint-plugin-text');
    const kernel = new TextlintKernel();
    const lintAll = async () => {
      builds = 0;
      const messages = [];
      for (const text of ${JSON.stringify(texts)}) {
        const result = await kernel.lintText(text, { ext: '.txt', filePath: 'sheet.txt', plugins: [{ pluginId: 'text', plugin: plugin.default ?? plugin }], rules: [{ ruleId: 'prh', rule: rule.default ?? rule, options: { ruleContents: [termsDictionary] } }] });
        messages.push(result.messages.map((m) => [m.message, m.range, m.fix && m.fix.range, m.fix && m.fix.text]));
      }
      return { builds, messages };
    };
    (async () => {
      const before = await lintAll();
      shareTermsEngine();
      const after = await lintAll();
      process.stdout.write(JSON.stringify({ before, after }));
    })();
  `;
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' }));
}

describe('the writing worker\'s prh engine', () => {
  it('is built once for every text, with the findings of an engine built per text', () => {
    const { before, after } = lintTwice();
    assert.equal(before.builds, texts.length);
    assert.equal(after.builds, 1);
    assert.deepEqual(after.messages, before.messages);
    assert.ok((before.messages as unknown[][]).filter((m) => m.length > 0).length >= 3, 'the texts have findings');
  });
});
