import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  comparatorHolds,
  defaultLegend,
  isEmptyCellDash,
  isLookalikeOf,
  legendFrom,
  markFamily,
  markFor,
  meaningOutcome,
  parseComparator,
  readMark,
  trimMark,
} from '../../server/src/service/domain/marks';

describe('domain/marks: look-alikes', () => {
  it('puts ○ ◯ O o 0 (and full-width forms) in the family of 〇 U+3007', () => {
    for (const c of ['○', '◯', 'O', 'o', '0', 'Ｏ', '０']) {
      assert.equal(markFamily(c), '〇', c);
      assert.ok(isLookalikeOf(c, '〇'), c);
    }
  });

  it('puts - − — ‐ ー ｰ in the family of － U+FF0D', () => {
    for (const c of ['-', '−', '—', '‐', 'ー', 'ｰ', '–', '―']) {
      assert.equal(markFamily(c), '－', `U+${c.codePointAt(0)!.toString(16)}`);
      assert.ok(isLookalikeOf(c, '－'), c);
    }
  });

  it('a mark is not a look-alike of itself, and 〇 is not a look-alike of －', () => {
    assert.equal(isLookalikeOf('〇', '〇'), false);
    assert.equal(isLookalikeOf('－', '－'), false);
    assert.equal(isLookalikeOf('〇', '－'), false);
    assert.equal(isLookalikeOf('○', '－'), false);
    assert.equal(isLookalikeOf('①', '②'), false);
  });

  it('keeps circled digits apart from digits (no NFKC) but knows 1, ➀, ⑴ stand for ①', () => {
    assert.equal(markFamily('①'), '①');
    assert.equal(markFamily('②'), '②');
    assert.ok(isLookalikeOf('1', '①'));
    assert.ok(isLookalikeOf('➀', '①'));
    assert.ok(isLookalikeOf('⑴', '①'));
    assert.ok(isLookalikeOf('２', '②'));
    assert.notEqual(trimMark(' ① '), '1');
    assert.equal(trimMark('\u3000①\u3000'), '①');
  });

  it('treats full-width and ASCII letters as one family (A/B/C scales)', () => {
    assert.ok(isLookalikeOf('Ａ', 'A'));
    assert.ok(isLookalikeOf('b', 'B'));
    assert.equal(isLookalikeOf('A', 'B'), false);
  });

  it('knows — and ― as empty-cell dashes, not － itself', () => {
    assert.ok(isEmptyCellDash('—'));
    assert.ok(isEmptyCellDash(' ― '));
    assert.equal(isEmptyCellDash('－'), false);
    assert.equal(isEmptyCellDash('-'), false);
  });
});

describe('domain/marks: legends', () => {
  it('reads meanings: 未達成 before 達成, 概ね順調 / 必ずしも順調ではない, partial → undefined', () => {
    assert.equal(meaningOutcome('目標達成'), 'achieved');
    assert.equal(meaningOutcome('目標未達成'), 'unachieved');
    assert.equal(meaningOutcome('達成'), 'achieved');
    assert.equal(meaningOutcome('未達成'), 'unachieved');
    assert.equal(meaningOutcome('概ね順調'), 'achieved');
    assert.equal(meaningOutcome('必ずしも順調ではない'), 'unachieved');
    assert.equal(meaningOutcome('一部達成'), undefined);
    assert.equal(meaningOutcome('評価対象外'), undefined);
  });

  it('reads a mapping legend and a one-line legend', () => {
    const fromMap = legendFrom({ '〇': '目標達成', '－': '目標未達成' });
    assert.deepEqual(
      fromMap?.entries.map((e) => [e.mark, e.outcome]),
      [
        ['〇', 'achieved'],
        ['－', 'unachieved'],
      ],
    );
    assert.equal(fromMap?.declared, true);
    const fromLine = legendFrom('〇：目標達成　－：目標未達成');
    assert.deepEqual(
      fromLine?.entries.map((e) => [e.mark, e.meaning]),
      [
        ['〇', '目標達成'],
        ['－', '目標未達成'],
      ],
    );
  });

  it('returns undefined for no legend, an empty one, or a non-legend value', () => {
    assert.equal(legendFrom(undefined), undefined);
    assert.equal(legendFrom({}), undefined);
    assert.equal(legendFrom([1, 2]), undefined);
    assert.equal(legendFrom(''), undefined);
  });

  it('reads marks against a legend: exact, look-alike (as the legend mark), unknown', () => {
    const legend = legendFrom({ '〇': '目標達成', '－': '目標未達成' })!;
    assert.equal(readMark('〇', legend).kind, 'legend');
    const lookalike = readMark('-', legend);
    assert.equal(lookalike.kind, 'lookalike');
    assert.equal(lookalike.kind === 'lookalike' && lookalike.entry.mark, '－');
    assert.equal(lookalike.kind === 'lookalike' && lookalike.entry.outcome, 'unachieved');
    assert.equal(readMark('×', legend).kind, 'unknown');
    assert.equal(readMark('①', legend).kind, 'unknown');
  });

  it('takes the legend’s own character: with ○ in the legend, 〇 is the look-alike', () => {
    const legend = legendFrom({ '○': '目標達成', '×': '目標未達成' })!;
    assert.equal(readMark('○', legend).kind, 'legend');
    const r = readMark('〇', legend);
    assert.equal(r.kind === 'lookalike' && r.entry.mark, '○');
  });

  it('gives the legend mark for an outcome', () => {
    assert.equal(markFor(defaultLegend, 'achieved'), '〇');
    assert.equal(markFor(defaultLegend, 'unachieved'), '－');
    assert.equal(markFor(legendFrom({ 'A': '一部達成' })!, 'achieved'), undefined);
  });
});

describe('domain/marks: comparators', () => {
  it('以上 ≥, 以下 ≤, 未満 <, 超 >', () => {
    assert.equal(comparatorHolds(80, '以上', 80), true);
    assert.equal(comparatorHolds(79.9, '以上', 80), false);
    assert.equal(comparatorHolds(3, '以下', 3), true);
    assert.equal(comparatorHolds(3.1, '以下', 3), false);
    assert.equal(comparatorHolds(3, '未満', 3), false);
    assert.equal(comparatorHolds(2.9, '未満', 3), true);
    assert.equal(comparatorHolds(3, '超', 3), false);
    assert.equal(comparatorHolds(3.1, '超', 3), true);
  });

  it('parses only the four comparators', () => {
    assert.equal(parseComparator(' 以上 '), '以上');
    assert.equal(parseComparator('超'), '超');
    assert.equal(parseComparator('以内'), undefined);
    assert.equal(parseComparator(1), undefined);
  });
});
