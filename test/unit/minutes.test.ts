import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { doc, marked, only, realService, summary } from '../helpers/service';

// Only this module's codes: other checks may report other things on the same documents.
const codes = new Set(['minutes/weekday-mismatch', 'minutes/time-range', 'minutes/numbering', 'minutes/owner-absent', 'date/invalid']);
const mine = (diagnostics: Diagnostic[]) => summary(diagnostics.filter((d) => codes.has(String(d.code))));
const service = realService();
const check = (text: string) => service.validate(doc(text));

/** A valid 部会議事概要 (from sample 000) with replaceable parts. */
function minutes(parts: { date?: string; weekday?: string; start?: string; end?: string; attendees?: string; items?: string } = {}): string {
  return `様式: 部会議事概要
回: 254
部会名: 人事・財政部会
公開区分: 非公開
日時:
  日付: ${parts.date ?? '令和５年12月14日'}
  曜日: ${parts.weekday ?? '木'}
  開始: "${parts.start ?? '9:30'}"
  終了: "${parts.end ?? '10:50'}"
場所: web会議
出席者:
${parts.attendees ?? '  - 旭区長\n  - 福島区長\n  - 天王寺区長'}
議事:
${
  parts.items ??
  `  - 番号: 1
    件名: 報告一
    担当:
      - 旭区長
      - 市民局区政支援室区行政制度担当
  - 番号: 2
    件名: 報告二
    担当:
      - 天王寺区長
  - 番号: 3
    件名: その他
`
}`;
}

describe('minutes checks: the real sample and a correct sheet', () => {
  it('reports nothing on sample 000 (木曜日, 9:30 < 10:50, items 1..8, all 担当 chiefs attend)', () => {
    const text = readFileSync(resolve(__dirname, '../../samples/000-jinji-zaisei-bukai-254.sheet.yaml'), 'utf8');
    assert.deepEqual(mine(check(text)), []);
  });

  it('reports nothing on a correct sheet', () => {
    assert.deepEqual(mine(check(minutes())), []);
  });
});

describe('minutes/weekday-mismatch', () => {
  it('marks the weekday and offers the right one', () => {
    const { text, range } = marked(minutes({ weekday: '⟦金⟧' }));
    const d = only(check(text), 'minutes/weekday-mismatch');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 1);
    assert.deepEqual(d.data, { expected: '木' });
  });

  it('reads full-width digits and spaces in the date (令和５年 12月 14日 is 木)', () => {
    assert.deepEqual(mine(check(minutes({ date: '令和５年 12月 14日' }))), []);
    const { text, range } = marked(minutes({ date: '令和５年 12月 15日', weekday: '⟦木⟧' }));
    assert.deepEqual(only(check(text), 'minutes/weekday-mismatch').data, { expected: '金' });
    assert.deepEqual(only(check(text), 'minutes/weekday-mismatch').range, range);
  });

  it('accepts 木曜日 and （木） as 木 (the schema reports the form, not this check)', () => {
    assert.deepEqual(mine(check(minutes({ weekday: '木曜日' }))), []);
    assert.deepEqual(mine(check(minutes({ weekday: '（木）' }))), []);
  });

  it('checks 平成 dates too (平成31年4月30日 was a Tuesday)', () => {
    assert.deepEqual(mine(check(minutes({ date: '平成31年4月30日', weekday: '火' }))), []);
    assert.deepEqual(
      mine(check(minutes({ date: '平成31年4月30日', weekday: '水' }))).map((s) => s.split('@')[0]),
      ['minutes/weekday-mismatch'],
    );
  });
});

describe('date/invalid', () => {
  for (const [name, date] of [
    ['a day that does not exist', '令和５年2月30日'],
    ['令和0年', '令和0年5月1日'],
    ['a 令和 date before the era began', '令和元年4月1日'],
    ['a 平成 date after the era ended', '平成31年5月1日'],
  ] as const) {
    it(`marks ${name} (${date}) and does not compare the weekday`, () => {
      const { text, range } = marked(minutes({ date: `⟦${date}⟧`, weekday: '月' }));
      const diagnostics = check(text);
      const d = only(diagnostics, 'date/invalid');
      assert.deepEqual(d.range, range);
      assert.deepEqual(mine(diagnostics).length, 1);
    });
  }

  it('accepts the first day of 令和 (令和元年5月1日, 水)', () => {
    assert.deepEqual(mine(check(minutes({ date: '令和元年5月1日', weekday: '水' }))), []);
  });
});

describe('minutes/time-range', () => {
  it('marks 終了 when the meeting ends before it starts', () => {
    const { text, range } = marked(minutes({ start: '10:50', end: '⟦9:30⟧' }).replace('"⟦9:30⟧"', '⟦"9:30"⟧'));
    const d = only(check(text), 'minutes/time-range');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 1);
  });

  it('marks 終了 when it equals 開始', () => {
    assert.equal(mine(check(minutes({ start: '9:30', end: '9:30' }))).length, 1);
  });

  it('compares times as times, not text (9:30 is before 10:05)', () => {
    assert.deepEqual(mine(check(minutes({ start: '9:30', end: '10:05' }))), []);
  });

  it('marks an hour above 23 or a minute above 59 on that value', () => {
    const hour = marked(minutes({ start: '9:30', end: '⟦24:10⟧' }).replace('"⟦24:10⟧"', '⟦"24:10"⟧'));
    assert.deepEqual(only(check(hour.text), 'minutes/time-range').range, hour.range);
    const minute = marked(minutes({ start: '⟦9:60⟧', end: '10:50' }).replace('"⟦9:60⟧"', '⟦"9:60"⟧'));
    assert.deepEqual(only(check(minute.text), 'minutes/time-range').range, minute.range);
  });
});

describe('minutes/numbering', () => {
  const items = (numbers: (number | string)[], mark?: number) =>
    numbers.map((n, i) => `  - 番号: ${i === mark ? `⟦${n}⟧` : n}\n    件名: 件名${i}\n`).join('');

  it('marks the first number out of order (1, 2, 4 → the 4) with the expected number', () => {
    const { text, range } = marked(minutes({ items: items([1, 2, 4, 5], 2) }));
    const d = only(check(text), 'minutes/numbering');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: 3 });
  });

  it('marks a list that does not start at 1', () => {
    const { text, range } = marked(minutes({ items: items([2, 3], 0) }));
    assert.deepEqual(only(check(text), 'minutes/numbering').range, range);
  });

  it('marks a repeated number', () => {
    const { text, range } = marked(minutes({ items: items([1, 1, 2], 1) }));
    assert.deepEqual(only(check(text), 'minutes/numbering').range, range);
  });

  it('accepts 1..n', () => {
    assert.deepEqual(mine(check(minutes({ items: items([1, 2, 3, 4, 5, 6, 7, 8]) }))), []);
  });
});

describe('minutes/owner-absent', () => {
  it('marks a 担当 ward chief who is not among the attendees', () => {
    const { text, range } = marked(
      minutes({
        items: `  - 番号: 1
    件名: 報告
    担当:
      - 旭区長
      - ⟦北区長⟧
`,
      }),
    );
    const d = only(check(text), 'minutes/owner-absent');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 2);
  });

  it('tolerates padding spaces (北　区長 / 北 区長) on either side', () => {
    const items = `  - 番号: 1
    件名: 報告
    担当:
      - 北　区長
`;
    assert.deepEqual(mine(check(minutes({ attendees: '  - 北 区長', items }))), []);
    assert.equal(mine(check(minutes({ attendees: '  - 旭区長', items }))).length, 1);
  });

  it('does not check 局 staff, 副区長 or names that are not ward chiefs', () => {
    const items = `  - 番号: 1
    件名: 報告
    担当:
      - 市民局区政支援室区行政制度担当
      - 政策企画室市民情報部広報担当
      - 副区長
      - 部会長
`;
    assert.deepEqual(mine(check(minutes({ items }))), []);
  });
});

describe('minutes checks: any data shape', () => {
  it('never throws on half-typed data and reports nothing of its own', () => {
    const texts = [
      '様式: 部会議事概要\n日時: 令和５年12月14日\n議事: なし\n出席者: 旭区長\n',
      '様式: 部会議事概要\n日時:\n  日付: 12\n  曜日: 1\n  開始: 930\n  終了: null\n議事:\n  - 1\n  - 番号: x\n    担当: 北区長\n',
      '様式: 部会議事概要\n日時: []\n議事: {}\n',
      '様式: 部会議事概要\n',
    ];
    for (const text of texts) {
      const diagnostics = check(text);
      assert.deepEqual(mine(diagnostics), [], text);
      assert.ok(!diagnostics.some((d) => d.code === 'sheet/check-failed'), text);
    }
  });
});

describe('ward/unknown-name in 出席者 and 担当', () => {
  const minutes = (attendee: string, owner: string) => `様式: 部会議事概要
回: 1
部会名: 人事・財政部会
公開区分: 非公開
日時: { 日付: 令和５年12月14日, 曜日: 木, 開始: "9:30", 終了: "10:50" }
場所: web会議
出席者:
  - 旭区長
  - ${attendee}
議事:
  - 番号: 1
    件名: 報告
    区分: 報告
    担当:
      - ${owner}
`;

  it('marks 東区長 (a former ward) with 中央区長 as fix, and a typo 阿部野区長', () => {
    const a = marked(minutes('⟦東区長⟧', '旭区長'));
    const d = only(check(a.text), 'ward/unknown-name');
    assert.deepEqual(d.range, a.range);
    assert.deepEqual(d.data, { suggestion: '中央区', replacement: '中央区長' });
    const b = marked(minutes('北区長', '⟦阿部野区長⟧'));
    assert.deepEqual(only(check(b.text), 'ward/unknown-name').range, b.range);
  });

  it('leaves 副区長, 担当区長, padded 北 区長 and 局 staff alone', () => {
    assert.deepEqual(check(minutes('北 区長（部会長）', '副区長')).filter((d) => d.code === 'ward/unknown-name'), []);
    assert.deepEqual(check(minutes('担当区長', '市民局区政支援室')).filter((d) => d.code === 'ward/unknown-name'), []);
  });

  it('judges a deputy or 担当区長 of a named ward by its ward: 港区副区長 is right, 東区副区長 names no ward (held-out batch 4)', () => {
    assert.deepEqual(check(minutes('港区副区長', '旭区長')).filter((d) => d.code === 'ward/unknown-name'), []);
    assert.deepEqual(check(minutes('北区担当区長', '旭区長')).filter((d) => d.code === 'ward/unknown-name'), []);
    const a = marked(minutes('⟦東区副区長⟧', '旭区長'));
    const d = only(check(a.text), 'ward/unknown-name');
    assert.deepEqual(d.range, a.range);
    assert.deepEqual(d.data, { suggestion: '中央区', replacement: '中央区副区長' });
  });

  it('reads the full form 大阪市北区長 as 北区長, among the attendees and as 担当', () => {
    const codes = new Set(['ward/unknown-name', 'minutes/owner-absent']);
    assert.deepEqual(check(minutes('大阪市北区長', '北区長')).filter((d) => codes.has(String(d.code))), []);
    assert.deepEqual(check(minutes('北区長', '大阪市北区長')).filter((d) => codes.has(String(d.code))), []);
    only(check(marked(minutes('⟦大阪市東区長⟧', '旭区長')).text), 'ward/unknown-name');
  });
});
