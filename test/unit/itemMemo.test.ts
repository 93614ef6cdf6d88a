import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckContext } from '../../server/src/service/checks';
import { ItemMemo, itemMemoStats, itemProblems, walkItems } from '../../server/src/service/checks/itemMemo';
import { problemAt } from '../../server/src/service/checks/support';
import { DiagnosticCode } from '../../server/src/service/diagnosticCodes';
import { reparseSheet } from '../../server/src/service/incrementalParse';
import { parseSheet, type ParsedSheet } from '../../server/src/service/parse';
import type { Problem } from '../../server/src/service/problem';
import { configurePropertyTests } from '../helpers/property';
import { realService } from '../helpers/service';
import { apply, bases, edit, withoutVersions } from '../helpers/editSequences';

configurePropertyTests();

function contextOf(sheet: ParsedSheet): CheckContext {
  const derived = new Map<unknown, unknown>();
  const context: CheckContext = {
    sheet,
    yaml: sheet.yaml!,
    data: sheet.data as Record<string, unknown>,
    kind: '振り返りシート',
    memo: true,
    once<T>(derive: (c: CheckContext) => T): T {
      if (!derived.has(derive)) derived.set(derive, derive(context));
      return derived.get(derive) as T;
    },
  };
  return context;
}

/** A check-like walk: one problem on every 名称 value (its own range), and one on line 1 if `outside`. */
function names(context: CheckContext, memo: ItemMemo<never>, inputs = '', outside = false): Problem[] {
  return walkItems(context, context.data, memo, inputs, ({ value, path, key, entry }, out) => {
    if (!entry || key !== '名称' || typeof value !== 'string') return;
    out.problems.push(problemAt(context, path, DiagnosticCode.referenceDangling, `${inputs}${value}`));
    if (outside && value === 'い') out.problems.push({ code: DiagnosticCode.referenceDangling, message: 'top', start: 0, end: 0, severity: 'warning' });
  }).problems;
}

const base = ['様式: 振り返りシート', '柱:', '  - 名称: あ', '    番号: 1', '  - 名称: い', '    番号: 2', '  - 名称: う', '    番号: 3', ''].join('\n');
/** `base` with `insert` typed after the first 名称 (inside the first item: a splice). */
const typedInFirst = (insert: string) => base.replace('名称: あ', `名称: あ${insert}`);
const at = (text: string, value: string) => text.indexOf(`名称: ${value}`) + '名称: '.length;

describe('per-item memo (checks/itemMemo.ts)', () => {
  it('reuses the results of unchanged items, rebased on their moved nodes', () => {
    const memo = new ItemMemo();
    const first = parseSheet(base);
    names(contextOf(first), memo);
    // Three items and the 柱 list.
    assert.deepEqual(memo.stats, { reused: 0, computed: 4 });
    const text = typedInFirst('ああ');
    const spliced = reparseSheet(first, text);
    const got = names(contextOf(spliced), memo);
    // Only the edited item (and the 柱 list, copied by the splice) were computed again; the other two moved by two characters.
    assert.deepEqual(memo.stats, { reused: 2, computed: 6 });
    assert.deepEqual(
      got.map((p) => [p.message, p.start, p.end]),
      [
        ['あああ', at(text, 'あああ'), at(text, 'あああ') + 3],
        ['い', at(text, 'い'), at(text, 'い') + 1],
        ['う', at(text, 'う'), at(text, 'う') + 1],
      ],
    );
    assert.deepEqual(got, names(contextOf(parseSheet(text)), new ItemMemo()));
  });

  it('computes again when the inputs change, and after a full parse (new objects)', () => {
    const memo = new ItemMemo();
    const sheet = parseSheet(base);
    names(contextOf(sheet), memo, 'A');
    names(contextOf(sheet), memo, 'B');
    assert.deepEqual(memo.stats, { reused: 0, computed: 8 });
    assert.deepEqual(
      names(contextOf(sheet), memo, 'B').map((p) => p.message),
      ['Bあ', 'Bい', 'Bう'],
    );
    // The 柱 list, unchanged, is reused whole.
    assert.deepEqual(memo.stats, { reused: 1, computed: 8 });
    names(contextOf(parseSheet(base)), memo, 'B');
    assert.deepEqual(memo.stats, { reused: 1, computed: 12 });
  });

  it('does not keep an item whose problems lie outside it', () => {
    const memo = new ItemMemo();
    const sheet = parseSheet(base);
    names(contextOf(sheet), memo, '', true);
    const again = names(contextOf(sheet), memo, '', true);
    // あ and う reused; い (with a problem on line 1) and the 柱 list around it computed again, its problem still reported.
    assert.deepEqual(memo.stats, { reused: 2, computed: 6 });
    assert.deepEqual(
      again.map((p) => [p.message, p.start]),
      [
        ['あ', at(base, 'あ')],
        ['い', at(base, 'い')],
        ['top', 0],
        ['う', at(base, 'う')],
      ],
    );
  });

  it('shares a reused problem while its item has not moved, and moves a copy once it has (the earlier validation keeps its offsets)', () => {
    const memo = new ItemMemo();
    const sheet = parseSheet(base);
    const first = names(contextOf(sheet), memo);
    const reused = names(contextOf(sheet), memo);
    assert.equal(reused[0], first[0]);
    // One character more in the first item: the two after it move (reused, as moved copies).
    const reusedBefore = memo.stats.reused;
    const moved = reparseSheet(sheet, base.replace('名称: あ', '名称: ああ'));
    const after = names(contextOf(moved), memo);
    assert.equal(memo.stats.reused - reusedBefore, 2);
    assert.notEqual(after[1], first[1]);
    assert.equal(after[1]!.start, first[1]!.start + 1);
    assert.equal(first[1]!.start, at(base, 'い'));
    // Moved once, then unmoved: the moved copies are shared from then on.
    const again = names(contextOf(moved), memo);
    assert.equal(again[2], after[2]);
  });

  it('neither stores nor reuses problems in a text that may hold anchors or aliases', () => {
    const memo = new ItemMemo();
    const sheet = parseSheet(`${base}別: &x {名称: え}\n参照: *x\n`);
    names(contextOf(sheet), memo);
    const again = names(contextOf(sheet), memo);
    assert.equal(memo.stats.reused, 0);
    // The aliased mapping is read once, at its first place (as findKeyed and textValues do).
    assert.deepEqual(
      again.map((p) => p.message),
      ['あ', 'い', 'う', 'え'],
    );
  });

  it('memoises facts without a parse (scope undefined), and not problems there', () => {
    const memo = new ItemMemo<string>();
    const data = parseSheet(base).data;
    const read = () => walkItems(undefined, data, memo, '', ({ value, key }, out) => (key === '名称' && typeof value === 'string' ? out.facts.push(value) : undefined)).facts;
    assert.deepEqual(read(), ['あ', 'い', 'う']);
    assert.deepEqual(read(), ['あ', 'い', 'う']);
    assert.deepEqual(memo.stats, { reused: 1, computed: 4 });
  });
});

/** Two 柱 with three rows each, one problem per row's 名称 (an itemProblems check, as the row checks are). */
const grouped = ['様式: 振り返りシート', '柱:', ...[1, 2].flatMap((p) => ['  - 番号: ' + p, '    行:', ...[1, 2, 3].map((r) => `      - 名称: 行${p}${r}`)]), ''].join('\n');
type Row = { path: (string | number)[]; row: Record<string, unknown> };
const rowsOf = (context: CheckContext): Row[] =>
  (context.data['柱'] as { 行: Record<string, unknown>[] }[]).flatMap((pillar, p) => pillar['行'].map((row, r) => ({ path: ['柱', p, '行', r], row })));
function rowNames(context: CheckContext, memo: ItemMemo<never>, rows: Row[] = rowsOf(context), inputs = ''): Problem[] {
  return itemProblems(context, memo, inputs, rows, (r) => r.row, ({ path, row }) => [problemAt(context, [...path, '名称'], DiagnosticCode.referenceDangling, `${inputs}${String(row['名称'])}`)]);
}

describe('itemProblems: entries grouped by top-level item', () => {
  it('an unchanged 柱 gives its rows\' problems at once, moved; the edited 柱 reads its rows through their own memo', () => {
    const memo = new ItemMemo();
    const first = parseSheet(grouped);
    rowNames(contextOf(first), memo);
    assert.deepEqual(memo.stats, { reused: 0, computed: 6 });
    const text = grouped.replace('名称: 行11', '名称: 行11あああ');
    const spliced = reparseSheet(first, text);
    const got = rowNames(contextOf(spliced), memo);
    // 柱 1: row 1 read again, rows 2 and 3 reused one by one; 柱 2: its three rows reused as a group.
    assert.deepEqual(memo.stats, { reused: 5, computed: 7 });
    assert.deepEqual(got, rowNames(contextOf(parseSheet(text)), new ItemMemo()));
    assert.equal(got[3]!.start, text.indexOf('行21'));
  });

  it('a group is not reused when its entries differ (a row left out), nor under other inputs', () => {
    const memo = new ItemMemo();
    const sheet = parseSheet(grouped);
    const context = contextOf(sheet);
    rowNames(context, memo);
    const fewer = rowsOf(context).filter((r) => r.row['名称'] !== '行22');
    assert.deepEqual(
      rowNames(context, memo, fewer).map((p) => p.message),
      ['行11', '行12', '行13', '行21', '行23'],
    );
    assert.deepEqual(
      rowNames(context, memo, undefined, 'B').map((p) => p.message),
      ['B行11', 'B行12', 'B行13', 'B行21', 'B行22', 'B行23'],
    );
  });
});

/**
 * The property the memo must keep: a document edited step by step in one service (incremental parse,
 * per-item memos of every check, index generations) gets exactly the diagnostics that a fresh service
 * gives its final text — on generated sheets of every kind and on the five samples.
 */

describe('incremental validation equals a fresh validation', () => {
  it('after random edit sequences, on generated sheets of every kind and on the samples', () => {
    const edited = realService();
    let steps = 0;
    let withReuse = 0;
    let documents = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        const uri = `file:///memo/${++documents}.sheet.yaml`;
        let text = bases[which]!;
        let version = 1;
        edited.validate(TextDocument.create(uri, 'policy-yaml', version, text), {}, { withFixes: true });
        for (const e of edits) {
          text = apply(text, e);
          const before = { ...itemMemoStats };
          const got = edited.validate(TextDocument.create(uri, 'policy-yaml', ++version, text), {}, { withFixes: true });
          steps++;
          if (itemMemoStats.reused > before.reused) withReuse++;
          const fresh = realService().validate(TextDocument.create(uri, 'policy-yaml', 1, text), {}, { withFixes: true });
          assert.deepEqual(withoutVersions(got), withoutVersions(fresh), `base ${which}, after ${JSON.stringify(e)}`);
        }
        edited.forget(uri);
      }),
      { numRuns: 35 },
    );
    // The property must exercise reuse, not only fresh computation (an edit the parse cannot splice
    // makes new objects everywhere, and a changed year or title new inputs).
    assert.ok(withReuse > steps / 3, `item results reused after only ${withReuse} of ${steps} edits`);
  });
});

describe('itemMemos: false (a service that checks each document once, as the CLI does)', () => {
  it('a scope with memo false computes every time and stores nothing', () => {
    const sheet = parseSheet('様式: 振り返りシート\n柱:\n  - 番号: 1\n');
    const memo = new ItemMemo<string>();
    const item = {};
    let computed = 0;
    const compute = () => (computed++, { problems: [], facts: ['x'] });
    for (let i = 0; i < 3; i++) memo.result({ sheet, yaml: sheet.yaml!, memo: false }, item, [0], '', compute);
    assert.equal(computed, 3);
    // The same item with memoising on is computed once more, then reused: nothing was stored before.
    for (let i = 0; i < 2; i++) memo.result({ sheet, yaml: sheet.yaml!, memo: true }, item, [0], '', compute);
    assert.equal(computed, 4);
  });

  it('finds what a memoising service finds, reusing only the offset-free fact walks (figures, indicators, years)', () => {
    const once = realService({ itemMemos: false });
    const memoising = realService();
    let reusedOnce = 0;
    let reusedMemoising = 0;
    for (const [which, base] of bases.entries()) {
      const uri = `file:///once/${which}.sheet.yaml`;
      const edited = base.replace(/実施中/, '実施X');
      for (const service of [once, memoising]) service.validate(TextDocument.create(uri, 'policy-yaml', 1, base));
      let before = itemMemoStats.reused;
      const facts = itemMemoStats.reusedFacts;
      const got = once.validate(TextDocument.create(uri, 'policy-yaml', 2, edited));
      reusedOnce += itemMemoStats.reused - before - (itemMemoStats.reusedFacts - facts);
      before = itemMemoStats.reused;
      assert.deepEqual(got, memoising.validate(TextDocument.create(uri, 'policy-yaml', 2, edited)), `base ${which}`);
      reusedMemoising += itemMemoStats.reused - before;
    }
    assert.equal(reusedOnce, 0, 'no check result reused without memos');
    assert.ok(reusedMemoising > 0, 'the memoising service reused results on the same edits');
  });
});
