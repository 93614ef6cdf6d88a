/**
 * Points in time, months and clock times as policy sheets write them, on top of ./era.ts:
 * 時点 values (令和6年度末時点, R5年度実績, R7年4月25日現在, R6.12末, 26年３月末現在), 和暦 year+month
 * mentions inside sentences (平成 27年３月に…), clock times (9:30) and weekdays (木, 木曜日, （木）).
 *
 * Source: ../shared/domain.md "Rules of the domain" (fiscal year = 1 April – 31 March, 年度末 =
 * 31 March, abbreviations R6 / R6.12末 / R7年4月25日現在 / H26 / 26年3月末, a bare year takes its
 * era from the document).
 */
import { type Era, eras, toAsciiDigits, toAsciiLetters } from './era';

/** An interval of calendar days, both ends inclusive, as ISO dates (YYYY-MM-DD). */
export interface DaySpan {
  start: string;
  end: string;
}

const eraLetters: Record<string, Era> = { R: '令和', H: '平成', S: '昭和' };

/** The era named by a kanji era or its one-letter abbreviation (R/H/S, either case); undefined if none. */
function eraOf(written: string | undefined, documentEra: Era): Era {
  if (!written) return documentEra;
  return (eraLetters[written.toUpperCase()] ?? written) as Era;
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Number of days in a month (month 1–12) of a Western year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The day span of a fiscal year (Western number N): N-04-01 … (N+1)-03-31. */
export function fiscalYearSpan(fiscalYear: number): DaySpan {
  return { start: iso(fiscalYear, 4, 1), end: iso(fiscalYear + 1, 3, 31) };
}

// A 時点 starts with a year (era optional), then 年度 | 年 M 月 [D 日] | .M[.D], then anything
// (末, 現在, 時点, 実績 …). Whitespace between the parts is allowed: PDF extraction inserts it.
const pointPattern =
  /^(令和|平成|昭和|[RHSrhs])?\s*([0-9]{1,2}|元)\s*(?:(年度)(\s*末)?|年\s*([0-9]{1,2})\s*月(?:\s*([0-9]{1,2})\s*日)?(\s*末)?|\.([0-9]{1,2})(?:\.([0-9]{1,2}))?(末)?)?/;

/**
 * The day span a written 時点 stands for, or undefined when the text does not start with a year
 * or names a day that does not exist.
 * - 令和6年度 / R6 / R5年度実績 → the whole fiscal year; 令和6年度末(時点) → its 31 March;
 * - R7年4月25日現在 → that day; 26年３月末 / R6.12末 / 令和7年3月 → that month (末 → its last day);
 * - a bare year (26年３月末) takes `documentEra`. Full-width digits are accepted.
 * A bare number without 年/年度/a month ("6") is not a 時点 (undefined). Era ranges are not checked
 * here (see era.ts for invalid era forms).
 */
export function parsePointInTime(text: string, documentEra: Era = '令和'): DaySpan | undefined {
  const m = pointPattern.exec(toAsciiLetters(toAsciiDigits(text.trim())));
  if (!m) return undefined;
  const [, eraText, yearText, nendo, nendoEnd, month, day, monthEnd, dotMonth, dotDay, dotEnd] = m;
  const abbreviated = eraText !== undefined && /^[A-Za-z]$/.test(eraText);
  // "R5" alone is a fiscal year (001: "9区 (R5: 7区)"); a bare "5" alone is not a 時点 at all.
  const yearOnly = !nendo && !month && !dotMonth;
  if (yearOnly && !abbreviated) return undefined;
  const eraYear = yearText === '元' ? 1 : Number(yearText);
  if (eraYear < 1) return undefined;
  const year = eras[eraOf(eraText, documentEra)].first + eraYear - 1;
  if (nendo || yearOnly) {
    const span = fiscalYearSpan(year);
    return nendoEnd ? { start: span.end, end: span.end } : span;
  }
  const monthNumber = Number(month ?? dotMonth);
  const dayText = day ?? dotDay;
  if (monthNumber < 1 || monthNumber > 12) return undefined;
  const last = daysInMonth(year, monthNumber);
  if (dayText !== undefined) {
    const d = Number(dayText);
    if (d < 1 || d > last) return undefined;
    return { start: iso(year, monthNumber, d), end: iso(year, monthNumber, d) };
  }
  if (monthEnd || dotEnd) return { start: iso(year, monthNumber, last), end: iso(year, monthNumber, last) };
  return { start: iso(year, monthNumber, 1), end: iso(year, monthNumber, last) };
}

/** A 和暦 year+month written inside a sentence: 平成 27年３月, 26年３月末現在, R7年4月. */
export interface MonthMention {
  /** The text as written (original digits and spaces), e.g. "平成 27年３月". */
  text: string;
  /** UTF-16 offsets of `text` in the searched string. */
  start: number;
  end: number;
  /** Era written, or undefined when the year is bare (26年３月). */
  era: Era | undefined;
  eraYear: number;
  /** Western calendar year and month (1–12); the year uses the document era when none is written. */
  year: number;
  month: number;
  /** What follows the mention, up to 8 characters (to tell 末現在 / 時点 baselines from activities). */
  after: string;
}

// Year and month with an explicit year: an era (kanji or R/H/S) is optional, the year is not.
// Not preceded by a digit (so "126年" is not read as 26年) nor followed by 度 (年度 is not a date).
// Without an era, a match never starts inside a run of spaces (same matches; linear, not quadratic).
const monthMentionPattern = /(?:(令和|平成|昭和|(?<![A-Za-z])[RHS])|(?<![ \u3000]))[ \u3000]*(?<![0-9０-９])([0-9０-９]{1,2}|元)[ \u3000]*年[ \u3000]*([0-9０-９]{1,2})[ \u3000]*月/g;

/**
 * Every explicit year+month in `text` (era optional, year required), in order. Month-only dates
 * (（4月 15日）) are not mentions: their year is the fiscal year they are reported under.
 * Mentions with a month outside 1–12 or year 0 are skipped.
 */
export function findMonthMentions(written: string, documentEra: Era = '令和'): MonthMention[] {
  const out: MonthMention[] = [];
  const text = toAsciiLetters(written); // Ｒ５年 = R5年; same offsets
  for (const m of text.matchAll(monthMentionPattern)) {
    const eraText = m[1];
    const yearText = toAsciiDigits(m[2]!);
    const month = Number(toAsciiDigits(m[3]!));
    const eraYear = yearText === '元' ? 1 : Number(yearText);
    if (eraYear < 1 || month < 1 || month > 12) continue;
    const era = eraText ? eraOf(eraText, documentEra) : undefined;
    const start = m.index;
    const end = start + m[0].length;
    out.push({ text: written.slice(start, end), start, end, era, eraYear, year: eras[era ?? documentEra].first + eraYear - 1, month, after: text.slice(end, end + 8) });
  }
  return out;
}

/** A clock time of day. */
export interface ClockTime {
  hours: number;
  minutes: number;
}

/**
 * Parses a clock time written "9:30", "09:30" or "９：３０" (full-width digits and colon allowed).
 * Returns undefined when the text is not of that form; hours above 23 or minutes above 59 are
 * returned as written (the caller reports them).
 */
export function parseClockTime(text: string): ClockTime | undefined {
  const m = /^([0-9]{1,2})[:：]([0-9]{2})$/.exec(toAsciiDigits(text.trim()));
  return m ? { hours: Number(m[1]), minutes: Number(m[2]) } : undefined;
}

/**
 * The one-kanji weekday (日 月 火 水 木 金 土) of a written weekday: 木, 木曜, 木曜日, （木）, (木).
 * Undefined when the text names no weekday.
 */
export function normalizeWeekday(text: string): string | undefined {
  const m = /^[（(]?\s*([日月火水木金土])(?:曜日?)?\s*[）)]?$/.exec(text.trim());
  return m ? m[1] : undefined;
}
