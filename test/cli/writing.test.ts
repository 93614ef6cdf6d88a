import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { reviewSheet } from '../helpers/sheets';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { cliWriting } from '../../server/src/cli/writing';
import { writingRules, type WritingText } from '../../server/src/service/checks/writing';

const root = resolve(__dirname, '../..');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), ...args], { cwd, encoding: 'utf8' });

interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
}

// A folded scalar and a double-quoted one, so the ranges go through the YAML mapping.
const text = reviewSheet(`              - めざす姿: 令和5年度中に、区政会議の開催、区政会議の開催を全区で実施
                主な取組実績:
                  - >-
                    大阪府、大阪府が一体となり、
                    国際交流を展開する。
                  - "来庁\\uff65郵便で受け付けた。"
                実施状況: 実施中
`);

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-writing-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The 0-based line of the document that contains `needle`. */
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

/** The document text under a finding's range (single-line ranges). */
function under(f: JsonFinding): string {
  assert.equal(f.range.start.line, f.range.end.line, JSON.stringify(f.range));
  return text.split('\n')[f.range.start.line]!.slice(f.range.start.character, f.range.end.character);
}

describe('policy-sheets check: writing checks (issue 9 §3)', () => {
  it('reports writing/<rule> findings at severity info with exact ranges (plain, folded, quoted)', () => {
    const dir = dirWith({ 'a.sheet.yaml': text });
    const r = cli(['check', dir, '--format', 'json']);
    const findings = (JSON.parse(r.stdout) as JsonFinding[]).filter((f) => f.code.startsWith('writing/'));
    const byCode = (code: string) => findings.find((f) => f.code === code);
    const phrase = byCode('writing/repeated-phrase');
    assert.ok(phrase, r.stdout);
    assert.equal(phrase.severity, 'info');
    assert.equal(phrase.range.start.line, lineOf('めざす姿'));
    assert.equal(under(phrase), '区政会議の開催');
    const terms = byCode('writing/prh');
    assert.ok(terms, r.stdout);
    assert.equal(terms.range.start.line, lineOf('大阪府、大阪府'));
    assert.equal(under(terms), '大阪府、大阪府');
    const kana = byCode('writing/no-hankaku-kana');
    assert.ok(kana, r.stdout);
    // The escape \uff65 in the double-quoted scalar: the range starts at its backslash.
    assert.equal(kana.range.start.line, lineOf('来庁'));
    assert.equal(text.split('\n')[kana.range.start.line]!.slice(kana.range.start.character).slice(0, 6), '\\uff65');
    // Off by default (noisy on the real samples): no doubled particles unless configured.
    assert.equal(byCode('writing/no-doubled-joshi'), undefined);
  });

  it('follows .policy-sheets.yaml: a code set to off is dropped, a default-off code can be turned on', () => {
    const dir = dirWith({ 'a.sheet.yaml': text, '.policy-sheets.yaml': 'diagnostics:\n  writing/prh: off\n  writing/repeated-phrase: warning\n' });
    const findings = JSON.parse(cli(['check', dir, '--format', 'json']).stdout) as JsonFinding[];
    assert.equal(findings.filter((f) => f.code === 'writing/prh').length, 0);
    assert.equal(findings.find((f) => f.code === 'writing/repeated-phrase')?.severity, 'warning');
  });

  it('--no-writing skips them and keeps the structural findings', () => {
    const dir = dirWith({ 'a.sheet.yaml': text });
    const all = JSON.parse(cli(['check', dir, '--format', 'json']).stdout) as JsonFinding[];
    const r = cli(['check', dir, '--format', 'json', '--no-writing']);
    const without = JSON.parse(r.stdout) as JsonFinding[];
    assert.ok(all.some((f) => f.code.startsWith('writing/')));
    assert.deepEqual(without, all.filter((f) => !f.code.startsWith('writing/')));
  });
});

describe('cliWriting: the writing checks of a CLI run, batched across sheets', () => {
  // A writing worker that records every batch it gets and finds 「開催」 in each text (ruleId prh).
  const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-writing-worker-'));
  const log = join(dir, 'batches.log');
  const recording = join(dir, 'recording.mjs');
  writeFileSync(
    recording,
    `import { appendFileSync } from 'node:fs';
import { parentPort, threadId } from 'node:worker_threads';
parentPort.on('message', ({ id, texts, rules }) => {
  appendFileSync(${JSON.stringify(log)}, JSON.stringify({ texts, rules, threadId }) + '\\n');
  const messages = texts.flatMap((text, index) => (text.includes('開催') ? [{ index, ruleId: 'prh', message: '開催 => 開催\\nx', start: text.indexOf('開催'), end: text.indexOf('開催') + 2 }] : []));
  parentPort.postMessage({ id, messages });
});
`,
  );
  const exiting = join(dir, 'exiting.mjs');
  writeFileSync(exiting, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(4));\n");
  const withWorker = async <T>(file: string, run: () => Promise<T>): Promise<T> => {
    const saved = process.env.POLICY_SHEETS_WRITING_WORKER;
    process.env.POLICY_SHEETS_WRITING_WORKER = file;
    try {
      return await run();
    } finally {
      if (saved === undefined) delete process.env.POLICY_SHEETS_WRITING_WORKER;
      else process.env.POLICY_SHEETS_WRITING_WORKER = saved;
    }
  };
  // Two sheets sharing two of their three texts; the texts' offsets are their place in the document.
  const sheet = (uri: string, texts: string[]) => {
    const document = TextDocument.create(uri, 'policy-yaml', 1, texts.join('\n'));
    let at = 0;
    const prose: WritingText[] = texts.map((text) => {
      const start = at;
      at += text.length + 1;
      return { text, offsets: Array.from({ length: text.length + 1 }, (_, i) => start + i), node: [start, start + text.length] };
    });
    return { document, prose };
  };
  // Texts ending in 「のの」 pass the pre-check of ja-no-successive-word (a string written twice);
  // 「全区で実施した」 passes no enabled rule's (../../server/src/writing/precheck.ts): never sent.
  const a = sheet('file:///a.sheet.yaml', ['説明会を開催したのの', '全区で実施した', '地域で開催するのの']);
  const b = sheet('file:///b.sheet.yaml', ['全区で実施した', '地域で開催するのの', '研修を開催したのの']);
  const sendable = (prose: WritingText[]) => prose.map((p) => p.text).filter((t) => t !== '全区で実施した');

  it('sends each distinct text once per rule set, and gives each sheet its findings at its own ranges', async () => {
    writeFileSync(log, '');
    const found = await withWorker(recording, async () => {
      const writing = cliWriting(() => assert.fail('no warning'), { workers: 2, batchSize: 10 });
      try {
        return await Promise.all([
          writing.check(a.document, a.prose, {}),
          writing.check(b.document, b.prose, {}),
          writing.check(b.document, b.prose, { 'writing/repeated-phrase': 'off' }),
        ]);
      } finally {
        await writing.dispose();
      }
    });
    const batches = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { texts: string[]; rules: string[] });
    const sent = batches.flatMap((batch) => batch.texts.map((t) => `${batch.rules.includes('repeated-phrase')} ${t}`)).sort();
    assert.deepEqual(sent, [...new Set(sent)], 'no text twice under one rule set');
    // Default rules: a's two, b's one more; b's two again without repeated-phrase. 「全区で実施した」: none.
    assert.equal(sent.length, 3 + 2);
    assert.ok(!sent.some((t) => t.endsWith('全区で実施した')));
    assert.ok(batches.length >= 2, 'batches of at most about 10 characters');
    const ranges = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.code}`);
    assert.deepEqual(ranges(found[0]!), ['0:4-6 writing/prh', '2:3-5 writing/prh']);
    assert.deepEqual(ranges(found[1]!), ['1:3-5 writing/prh', '2:3-5 writing/prh']);
    assert.deepEqual(ranges(found[2]!), ranges(found[1]!));
  });

  it('warmUp starts the first worker on a text of its own, the sheets\' batches then go to it, and their findings are unchanged', async () => {
    writeFileSync(log, '');
    const found = await withWorker(recording, async () => {
      const writing = cliWriting(() => assert.fail('no warning'), { workers: 2 });
      try {
        writing.warmUp({});
        writing.warmUp({}); // once only
        return await Promise.all([writing.check(a.document, a.prose, {}), writing.check(b.document, b.prose, {})]);
      } finally {
        await writing.dispose();
      }
    });
    const batches = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { texts: string[]; threadId: number });
    assert.equal(batches[0]!.texts.length, 1, 'the warm-up text first, alone');
    assert.ok(batches.slice(1).flatMap((batch) => batch.texts).every((t) => sendable(a.prose).includes(t) || sendable(b.prose).includes(t)));
    assert.equal(new Set(batches.map((batch) => batch.threadId)).size, 1, 'no second worker for the first batch');
    const ranges = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.code}`);
    assert.deepEqual(ranges(found[0]!), ['0:4-6 writing/prh', '2:3-5 writing/prh']);
    assert.deepEqual(ranges(found[1]!), ['1:3-5 writing/prh', '2:3-5 writing/prh']);
  });

  it('warmUp sends nothing when every writing rule is off', async () => {
    writeFileSync(log, '');
    await withWorker(recording, async () => {
      const writing = cliWriting(() => assert.fail('no warning'));
      try {
        writing.warmUp(Object.fromEntries(Object.values(writingRules).map((code) => [code, 'off' as const])));
        await writing.check(a.document, a.prose, {}); // the worker answers in order: a warm-up text would come first
      } finally {
        await writing.dispose();
      }
    });
    const batches = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { texts: string[] });
    assert.deepEqual(batches.flatMap((batch) => batch.texts), sendable(a.prose));
  });

  it('reports a failing worker once per sheet and gives those sheets no writing findings', async () => {
    const warnings: string[] = [];
    const found = await withWorker(exiting, async () => {
      const writing = cliWriting((m) => warnings.push(m), { workers: 2 });
      try {
        return await Promise.all([writing.check(a.document, a.prose, {}), writing.check(b.document, b.prose, {})]);
      } finally {
        await writing.dispose();
      }
    });
    assert.deepEqual(found, [[], []]);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0]!, /a\.sheet\.yaml: 文章の検査/);
  });
});
