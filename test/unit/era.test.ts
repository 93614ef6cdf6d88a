import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { fiscalYearSpan } from '../../server/src/service/domain/dates';
import { type Era, eraOfFiscalYear, eraToWestern, fiscalYearOfDate, kanjiNumber, parseFiscalYear, parseWarekiDate, toAsciiDigits, warekiDateName, weekdayOf } from '../../server/src/service/domain/era';
import { configurePropertyTests } from '../helpers/property';

configurePropertyTests();

/** ASCII digits → full-width (６), as policy staff often type them. */
const fullWidth = (text: string) => text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** An era year as written: 元 for 1. */
const yearText = (n: number) => (n === 1 ? '元' : String(n));
/** The era year of a fiscal year in an era (FY2019 → 平成31 / 令和1). */
const eraYearOf = (era: Era, fiscalYear: number) => fiscalYear - ({ 昭和: 1925, 平成: 1988, 令和: 2018 } as const)[era];

// Era years are written with one or two digits (令和99年度 = FY2117 is the last one read).
const fiscalYears = fc.integer({ min: 1989, max: 2117 });
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utcDates = (min: string, max: string) => fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true });

describe('era.ts: fiscal years (properties)', () => {
  it('every fiscal year round-trips through the era in force at its start', () => {
    fc.assert(
      fc.property(fiscalYears, (fy) => {
        const era = eraOfFiscalYear(fy);
        const n = eraYearOf(era, fy);
        const parsed = parseFiscalYear(`${era}${yearText(n)}年度`);
        assert.ok(parsed);
        assert.equal(parsed.problem, undefined);
        assert.equal(parsed.ref.fiscalYear, fy);
        assert.equal(parsed.ref.era, era);
        assert.equal(parsed.ref.eraYear, n);
      }),
    );
  });

  it('every 令和 fiscal year reads the same in its 平成 continuation, flagged as after the era (平成32年度 = 令和2年度)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2087 }), (fy) => {
        const reiwa = parseFiscalYear(`令和${eraYearOf('令和', fy)}年度`);
        const heisei = parseFiscalYear(`平成${eraYearOf('平成', fy)}年度`);
        assert.equal(reiwa?.ref.fiscalYear, fy);
        assert.equal(heisei?.ref.fiscalYear, fy);
        assert.equal(reiwa?.problem, undefined);
        assert.equal(heisei?.problem?.kind, 'after-era-end');
        assert.equal(heisei?.problem?.kind === 'after-era-end' ? heisei.problem.meant : undefined, eraYearOf('令和', fy));
      }),
    );
  });

  it('平成31年度 ≡ 令和元年度 ≡ 元年度 (令和 document) ≡ R1 ≡ H31 ≡ FY2019', () => {
    for (const [text, era] of [['平成31年度', '平成'], ['令和元年度', '令和'], ['元年度', '令和'], ['R1', '令和'], ['H31', '平成'], ['31年度', '平成']] as const) {
      const parsed = parseFiscalYear(text, text === '31年度' ? '平成' : '令和');
      assert.equal(parsed?.ref.fiscalYear, 2019, text);
      assert.equal(parsed?.ref.era, era, text);
      assert.equal(parsed?.problem, undefined, text);
    }
    assert.equal(eraOfFiscalYear(2019), '平成');
    assert.equal(eraOfFiscalYear(2020), '令和');
  });

  it('bare years take the document era; abbreviations name their own', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 99 }), fc.constantFrom<Era>('令和', '平成'), (n, era) => {
        assert.equal(parseFiscalYear(`${n}年度`, era)?.ref.fiscalYear, eraToWestern(era, n));
        assert.equal(parseFiscalYear(`${n}年度`, era)?.ref.form, 'bare');
        assert.equal(parseFiscalYear(`R${n}`, '平成')?.ref.fiscalYear, eraToWestern('令和', n));
        assert.equal(parseFiscalYear(`H${n}`, '令和')?.ref.fiscalYear, eraToWestern('平成', n));
      }),
    );
  });

  it('full-width digits read the same as ASCII digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99 }), fc.constantFrom('令和', '平成', '昭和', ''), fc.constantFrom('年度', '年度末'), (n, era, suffix) => {
        const ascii = `${era}${n}${suffix}`;
        assert.deepEqual(parseFiscalYear(fullWidth(ascii)), parseFiscalYear(ascii));
        assert.equal(toAsciiDigits(fullWidth(ascii)), ascii);
      }),
    );
  });

  it('令和0年度 and 令和1年度 are invalid forms; 昭和64年度 does not exist; 昭和63年度 does', () => {
    assert.equal(parseFiscalYear('令和0年度')?.problem?.kind, 'year-zero');
    assert.equal(parseFiscalYear('令和１年度')?.problem?.kind, 'gannen-as-one');
    assert.equal(parseFiscalYear('平成1年度')?.problem?.kind, 'gannen-as-one');
    assert.equal(parseFiscalYear('昭和64年度')?.problem?.kind, 'nonexistent');
    assert.equal(parseFiscalYear('昭和63年度')?.problem, undefined);
    assert.equal(parseFiscalYear('昭和63年度')?.ref.fiscalYear, 1988);
    assert.equal(parseFiscalYear('決算額'), undefined);
    assert.throws(() => eraToWestern('令和', 0), RangeError);
  });
});

describe('era.ts: dates (properties)', () => {
  it('weekdayOf agrees with the local-time Date for random dates', () => {
    fc.assert(
      fc.property(utcDates('1900-01-01', '2200-12-31'), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        assert.equal(weekdayOf(y, m, day), '日月火水木金土'[new Date(y, m - 1, day).getDay()]);
      }),
    );
    assert.equal(weekdayOf(2023, 12, 14), '木'); // sample 000: 令和５年12月14日（木）
    assert.equal(weekdayOf(2019, 5, 1), '水');
  });

  it('every date of 令和 parses back to itself with the right weekday', () => {
    fc.assert(
      fc.property(utcDates('2019-05-01', '2087-12-31'), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const parsed = parseWarekiDate(`令和${yearText(y - 2018)}年${fullWidth(String(m))}月${day}日`);
        assert.ok(parsed);
        assert.equal(parsed.problem, undefined);
        assert.deepEqual([parsed.date.year, parsed.date.month, parsed.date.day], [y, m, day]);
        // The same day written in 平成 lies outside 平成 (it ended 2019-04-30).
        assert.ok(parseWarekiDate(`平成${y - 1988}年${m}月${day}日`)?.problem);
      }),
    );
  });

  it('every date of 平成 is valid in 平成 and not in 令和', () => {
    fc.assert(
      fc.property(utcDates('1989-01-08', '2019-04-30'), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        assert.equal(parseWarekiDate(`平成${yearText(y - 1988)}年${m}月${day}日`)?.problem, undefined);
        if (y >= 2019) assert.ok(parseWarekiDate(`令和元年${m}月${day}日`)?.problem);
      }),
    );
  });

  it('days that do not exist are reported (2月30日, 4月31日, 2月29日 in a common year)', () => {
    assert.ok(parseWarekiDate('令和５年2月30日')?.problem);
    assert.ok(parseWarekiDate('令和５年4月31日')?.problem);
    assert.ok(parseWarekiDate('令和５年2月29日')?.problem);
    assert.equal(parseWarekiDate('令和６年2月29日')?.problem, undefined);
    assert.ok(parseWarekiDate('令和0年5月1日')?.problem);
  });

  it('warekiDateName names every day of 昭和, 平成 and 令和 in the era that holds it, and that name parses back to the day', () => {
    fc.assert(
      // Up to 令和99 (2117): era years are read with one or two digits.
      fc.property(utcDates('1926-12-25', '2117-12-31'), (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const name = warekiDateName(y, m, day);
        assert.ok(name, iso(d));
        const parsed = parseWarekiDate(name);
        assert.equal(parsed?.problem, undefined, name);
        assert.deepEqual([parsed!.date.year, parsed!.date.month, parsed!.date.day], [y, m, day]);
      }),
    );
    assert.equal(warekiDateName(2019, 4, 30), '平成31年4月30日');
    assert.equal(warekiDateName(2019, 5, 1), '令和元年5月1日');
    assert.equal(warekiDateName(1989, 1, 7), '昭和64年1月7日');
    assert.equal(warekiDateName(1989, 1, 8), '平成元年1月8日');
    assert.equal(warekiDateName(2023, 2, 29), undefined);
    assert.equal(warekiDateName(1926, 12, 24), undefined);
  });

  it('fiscalYearOfDate puts every date in the April–March year that contains it', () => {
    fc.assert(
      fc.property(utcDates('1989-01-08', '2200-12-31'), (d) => {
        const fy = fiscalYearOfDate(d.getUTCFullYear(), d.getUTCMonth() + 1);
        const span = fiscalYearSpan(fy);
        assert.ok(span.start <= iso(d) && iso(d) <= span.end, `${iso(d)} in FY${fy}`);
      }),
    );
  });
});

describe('kanjiNumber', () => {
  it('reads era years written in kanji numerals (1–99)', () => {
    assert.deepEqual(['一', '二', '十', '十二', '二十', '三十二', '九十九'].map(kanjiNumber), [1, 2, 10, 12, 20, 32, 99]);
  });

  it('rejects what is not such a numeral', () => {
    assert.deepEqual(['', '〇', '十十', '三二', '百', '2'].map(kanjiNumber), [undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
