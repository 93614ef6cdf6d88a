/**
 * Years and dates written inside free text (実績, 課題, 次年度以降の取組内容 …), in every form the
 * sheets use: 令和6年度, 令和元年, 平成32年度, R6, H26.3.15, R6.12.1, R6.12末, 26年3月末,
 * 令和５年４月３１日 (full-width digits), 次年度（令和8年度）.
 *
 * Source: ../shared/domain.md "Rules of the domain" (eras, fiscal years, abbreviations: R6,
 * R6.12末, R7年4月25日現在, H26, 26年3月末; a bare year takes its era from the document).
 *
 * Every pattern is linear: each unbounded run of spaces is bounded ({0,2}) and sits between
 * tokens of other characters. Offsets are UTF-16 offsets into the text as given (full-width
 * digits are single code units, so ASCII-fying keeps them).
 */
import { memoByText } from './memo';
import { type Era, eras, kanjiNumber, toAsciiDigits, toAsciiLetters } from './era';
import { daysInMonth, type MonthMention } from './dates';

const letterEra: Record<string, Era> = { R: '令和', H: '平成', S: '昭和' };

function eraOf(written: string | undefined, documentEra: Era): Era {
  if (!written) return documentEra;
  return letterEra[written.toUpperCase()] ?? (written as Era);
}

/** An era year written in text: 令和1年度, 平成32年度, 令和0年, R6年度. */
export interface EraYearMention {
  text: string;
  start: number;
  end: number;
  era: Era;
  /** True when the era was written as a letter (R6, H26). */
  letter: boolean;
  eraYear: number;
  /** True when the year was written 元. */
  gannen: boolean;
  /** 年度 (a fiscal year) or 年 (a calendar year, often followed by a month). */
  unit: '年度' | '年';
}

// An explicit era (kanji, or a letter not preceded by a Latin letter) and a year with 年 or 年度; after
// a kanji era the year may be a kanji numeral (平成三十二年度, 令和二年度), at most three characters.
const eraYearPattern = /(令和|平成|昭和|(?<![A-Za-z])[RHS])[ \u3000]{0,2}([0-9０-９]{1,2}|元|[一二三四五六七八九十]{1,3})(?![0-9０-９一二三四五六七八九十])[ \u3000]{0,2}(年度|年)/g;

/** Every era year with an explicit era (kanji or letter) in `text`, in order; kanji numerals only after a kanji era. */
function readEraYears(written: string): EraYearMention[] {
  const out: EraYearMention[] = [];
  const text = toAsciiLetters(written); // era letters in either width (Ｒ５年度 = R5年度); same offsets
  for (const m of text.matchAll(eraYearPattern)) {
    const letter = /^[A-Za-z]$/.test(m[1]!);
    const kanji = kanjiNumber(m[2]!);
    if (/^[一二三四五六七八九十]/.test(m[2]!) && (letter || kanji === undefined)) continue;
    const yearText = kanji === undefined ? toAsciiDigits(m[2]!) : String(kanji);
    out.push({
      text: written.slice(m.index, m.index + m[0].length),
      start: m.index,
      end: m.index + m[0].length,
      era: eraOf(m[1], '令和'),
      letter,
      eraYear: yearText === '元' ? 1 : Number(yearText),
      gannen: yearText === '元',
      unit: m[3] as '年度' | '年',
    });
  }
  return out;
}

/**
 * No mention, shared: what a text that cannot hold any gets without a cache look-up. Half the
 * strings of a sheet have no digit, and a look-up hashes (and may flatten) the string: the three
 * readers' caches were ≈ 0.1 s of each check thread in a 240-sheet CLI run (issue 11 §2).
 */
const noMentions = Object.freeze([]) as unknown as never[];

const memoEraYears = memoByText(readEraYears);

/**
 * `readEraYears`, memoised per text (./memo.ts): after an edit only changed texts are read again.
 * A text without 年 has none (every mention ends in 年 or 年度). Results are read-only.
 */
export const findEraYears = (written: string): EraYearMention[] => (written.includes('年') ? memoEraYears(written) : noMentions);

/**
 * A calendar date (month, day optional) written inside text: a MonthMention (text as written, e.g.
 * "H26.3.15", "令和５年４月３１日", "26年3月末"; offsets; era or undefined for a bare year; Western
 * year and month) with its day and what surrounds it.
 */
export interface DateMention extends MonthMention {
  /** Day of month when written. */
  day?: number;
  /** True when 末 follows the month (月末 / .12末). */
  monthEnd: boolean;
  /** Up to 48 characters after the mention (現在, 時点, 付, から, に始めた取組, a relative clause …). */
  after: string;
  /** Up to 4 characters before the mention (「…」( marks a citation). */
  before: string;
  /** How the year is written: 和暦 (era or bare era year), Western (2024年), or not at all (4月15日). */
  form: 'wareki' | 'western' | 'month-day';
  /** Why the date cannot exist (4月31日, 13月, 平成31年5月1日, 令和0年), if it cannot. */
  problem?: string;
}

// 和暦 with 年/月(/日): era optional; or a dotted date, which needs an era (R6.12.1, H26.3.15).
const datePattern =
  /(令和|平成|昭和|(?<![A-Za-z])[RHS])?[ \u3000]{0,2}(?<![0-9０-９.．])([0-9０-９]{1,2}|元)[ \u3000]{0,2}(?:年[ \u3000]{0,2}([0-9０-９]{1,2})[ \u3000]{0,2}月(?:[ \u3000]{0,2}([0-9０-９]{1,2})[ \u3000]{0,2}日)?(末)?|[.．]([0-9０-９]{1,2})(?:[.．]([0-9０-９]{1,2}))?(?![0-9０-９.．])(末)?)/g;

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// A Western year: 2024年3月(15日)(末), 2024/3/15, 2024.3.15.
const westernPattern =
  /(?<![0-9０-９])((?:19|20)[0-9]{2})[ \u3000]{0,2}(?:年[ \u3000]{0,2}([0-9]{1,2})[ \u3000]{0,2}月(?:[ \u3000]{0,2}([0-9]{1,2})[ \u3000]{0,2}日)?(末)?|[/／.．]([0-9]{1,2})(?:[/／.．]([0-9]{1,2}))?(?![0-9]))/g;
// A month and day without a year: （4月15日）. Not after a year, a dot or a slash (those are dates above).
const monthDayPattern = /(?<![0-9０-９年.．/／])(?<!年[ \u3000]{1,2})([0-9０-９]{1,2})[ \u3000]{0,2}月[ \u3000]{0,2}([0-9０-９]{1,2})[ \u3000]{0,2}日/g;

function mentionOf(text: string, m: RegExpMatchArray, fields: { era: Era | undefined; eraYear: number; year: number; month: number; day: number | undefined; monthEnd: boolean; form: DateMention['form'] }): DateMention {
  const trimmed = m[0].replace(/^[ \u3000]+/, '');
  const start = m.index! + (m[0].length - trimmed.length);
  const end = m.index! + m[0].length;
  const mention: DateMention = {
    text: trimmed,
    start,
    end,
    era: fields.era,
    eraYear: fields.eraYear,
    year: fields.year,
    month: fields.month,
    monthEnd: fields.monthEnd,
    form: fields.form,
    after: text.slice(end, end + 48),
    before: text.slice(Math.max(0, m.index! - 4), m.index!),
  };
  if (fields.day !== undefined) mention.day = fields.day;
  return mention;
}

/** Sets `problem` on a mention whose month or day does not exist (also 2月29日 of a common year). */
function checkDay(mention: DateMention, label: string): boolean {
  if (mention.month < 1 || mention.month > 12) {
    mention.problem = `${mention.month}月はありません。`;
    return false;
  }
  const last = daysInMonth(mention.year, mention.month);
  if (mention.day !== undefined && (mention.day < 1 || mention.day > last)) {
    mention.problem = `${label}${mention.month}月${mention.day}日はありません（${mention.month}月は${last}日までです）。`;
    return false;
  }
  return true;
}

/**
 * Every date written in `text`, in order: 和暦 令和5年4月31日, 平成 27年３月, 26年3月末 (bare year:
 * `documentEra`), H26.3.15, R6.12.1, R6.12末; Western 2024年3月15日, 2024/3/15; and month-day
 * dates without a year （4月31日）, whose year is that of `fiscalYear` (April–March; when not given,
 * 2月29日 is accepted). A dotted date needs an era letter or kanji (a bare "6.12" is a number).
 * Mentions with year 0, month outside 1–12 or a day that does not exist carry a `problem`; so does
 * a 和暦 date outside its era (平成31年5月1日, 令和元年4月1日).
 */
function readDates(written: string, documentEra: Era = '令和', fiscalYear?: number): DateMention[] {
  const out: DateMention[] = [];
  const text = toAsciiLetters(written); // era letters in either width (Ｒ５．４ = R５．４); same offsets
  for (const m of text.matchAll(datePattern)) {
    const [, eraText, yearText, kMonth, kDay, kEnd, dMonth, dDay, dEnd] = m;
    if (dMonth !== undefined && !eraText) continue;
    const era = eraText ? eraOf(eraText, documentEra) : undefined;
    const ascii = toAsciiDigits(yearText!);
    const eraYear = ascii === '元' ? 1 : Number(ascii);
    const dayText = kDay ?? dDay;
    const mention = mentionOf(text, m, {
      era,
      eraYear,
      year: eras[era ?? documentEra].first + eraYear - 1,
      month: Number(toAsciiDigits((kMonth ?? dMonth)!)),
      day: dayText === undefined ? undefined : Number(toAsciiDigits(dayText)),
      monthEnd: Boolean(kEnd ?? dEnd),
      form: 'wareki',
    });
    mention.text = written.slice(mention.start, mention.end);
    const eraName = era ?? documentEra;
    if (eraYear < 1) mention.problem = `${eraName}0年はありません（${eraName}は元年から）。`;
    else if (checkDay(mention, `${eraName}${eraYear === 1 ? '元' : eraYear}年`) && era !== undefined) {
      const info = eras[era];
      const first = iso(mention.year, mention.month, mention.day ?? daysInMonth(mention.year, mention.month));
      const last = iso(mention.year, mention.month, mention.day ?? 1);
      if (first < info.start || (info.end !== undefined && last > info.end)) {
        mention.problem = `${mention.text}は${era}の期間（${info.start.replace(/-/g, '/')}〜${info.end?.replace(/-/g, '/') ?? ''}）の外です。`;
      }
    }
    out.push(mention);
  }
  const ascii = toAsciiDigits(text);
  for (const m of ascii.matchAll(westernPattern)) {
    const [, yearText, kMonth, kDay, kEnd, dMonth, dDay] = m;
    const dayText = kDay ?? dDay;
    const mention = mentionOf(text, m, {
      era: undefined,
      eraYear: 0,
      year: Number(yearText),
      month: Number(kMonth ?? dMonth),
      day: dayText === undefined ? undefined : Number(dayText),
      monthEnd: Boolean(kEnd),
      form: 'western',
    });
    mention.text = written.slice(mention.start, mention.end);
    checkDay(mention, `${yearText}年`);
    out.push(mention);
  }
  for (const m of ascii.matchAll(monthDayPattern)) {
    const month = Number(m[1]);
    const year = fiscalYear === undefined ? 2024 : month >= 4 ? fiscalYear : fiscalYear + 1;
    const mention = mentionOf(text, m, { era: undefined, eraYear: 0, year, month, day: Number(m[2]), monthEnd: false, form: 'month-day' });
    mention.text = written.slice(mention.start, mention.end);
    checkDay(mention, fiscalYear === undefined ? '' : `${year}年`);
    out.push(mention);
  }
  return out.sort((a, b) => a.start - b.start);
}

const memoDates = memoByText(readDates);
const anyDigit = /[0-9０-９]/;

/**
 * `readDates`, memoised per text (./memo.ts): after an edit only changed texts are read again. A
 * text without a digit (ASCII or full-width) has none: every form has its month in digits.
 * Results are read-only.
 */
export const findDates = (written: string, documentEra?: Era, fiscalYear?: number): DateMention[] =>
  anyDigit.test(written) ? memoDates(written, documentEra, fiscalYear) : noMentions;

/** The first and last day (ISO) a date mention can stand for: the day, or its whole month. */
export function dateSpan(mention: DateMention): { start: string; end: string } {
  const last = daysInMonth(mention.year, mention.month);
  if (mention.day !== undefined) return { start: iso(mention.year, mention.month, mention.day), end: iso(mention.year, mention.month, mention.day) };
  if (mention.monthEnd) return { start: iso(mention.year, mention.month, last), end: iso(mention.year, mention.month, last) };
  return { start: iso(mention.year, mention.month, 1), end: iso(mention.year, mention.month, last) };
}

/** 次年度 / 翌年度 / 来年度 written with a year: 次年度（令和8年度）, 令和8年度（次年度）, 次年度は令和8年度であり. */
export interface NextYearMention {
  /** The whole phrase as written. */
  text: string;
  start: number;
  end: number;
  /** The year part as written (令和8年度, 8年度, R8) and its offsets. */
  yearText: string;
  yearStart: number;
  era: Era;
  eraYear: number;
}

const nextWord = '(?:次年度|翌年度|来年度)';
// A year: 令和8年度, 8年度, R8年度, and R8 alone (a letter era needs no 年度; a bare 8 does); 2026年度
// (西暦: never read as a bare 26年度).
const westernYear = '(?<![0-9０-９])(?:19|20|１９|２０)[0-9０-９]{2}[ \\u3000]{0,2}年度';
const yearWord = `(${westernYear}|(?:令和|平成)?[ \\u3000]{0,2}(?<![0-9０-９])(?:[0-9０-９]{1,2}|元)[ \\u3000]{0,2}年度?|(?<![A-Za-z])[RH][ \\u3000]{0,2}(?:[0-9０-９]{1,2}|元)(?![0-9０-９])(?:[ \\u3000]{0,2}年度?)?)`;
const nextThenYear = new RegExp(`${nextWord}[ \\u3000]{0,2}[（(][ \\u3000]{0,2}${yearWord}[ \\u3000]{0,2}[)）]`, 'g');
const yearThenNext = new RegExp(`${yearWord}[ \\u3000]{0,2}[（(][ \\u3000]{0,2}${nextWord}[ \\u3000]{0,2}[)）]`, 'g');
// 次年度である令和8年度 / 次年度の令和8年度 / 翌年度・令和8年度: the year must end in 年度 here.
const nextIsYear = new RegExp(`${nextWord}[ \\u3000]{0,2}(?:である|となる|にあたる|の|・|＝|=|:|：)[ \\u3000]{0,2}(${westernYear}|(?:令和|平成|(?<![A-Za-z])[RH])?[ \\u3000]{0,2}(?<![0-9０-９])(?:[0-9０-９]{1,2}|元)[ \\u3000]{0,2}年度)`, 'g');
// 次年度は令和8年度であり / 翌年度は令和8年度予算で: 「は」 then a year that the sentence equates with it —
// only before である / となる / です / 予算 / で、, since 「次年度は令和5年度の結果を踏まえ」 names another year.
const nextTopicYear = new RegExp(`${nextWord}[ \\u3000]{0,2}は[ \\u3000]{0,2}(${westernYear}|(?:令和|平成|(?<![A-Za-z])[RH])?[ \\u3000]{0,2}(?<![0-9０-９])(?:[0-9０-９]{1,2}|元)[ \\u3000]{0,2}年度)(?=[ \\u3000]{0,2}(?:であ|とな|です|予算|で[、，,]))`, 'g');

/** Every 次年度 / 翌年度 / 来年度 written together with an explicit year, in order. */
function readNextYears(written: string, documentEra: Era = '令和'): NextYearMention[] {
  const out: NextYearMention[] = [];
  const text = toAsciiLetters(written); // 翌年度（Ｒ８） = 翌年度（R8）; same offsets
  for (const pattern of [nextThenYear, yearThenNext, nextIsYear, nextTopicYear]) {
    for (const m of text.matchAll(pattern)) {
      const yearText = m[1]!;
      const yearStart = m.index + m[0].indexOf(yearText);
      const western = /^[0-9]{4}/.exec(toAsciiDigits(yearText));
      if (western) {
        const year = Number(western[0]);
        const era: Era = year >= 2019 ? '令和' : year >= 1989 ? '平成' : '昭和';
        out.push({ text: written.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, yearText: written.slice(yearStart, yearStart + yearText.length).trim(), yearStart, era, eraYear: year - eras[era].first + 1 });
        continue;
      }
      const parts = /^(令和|平成|[RH])?[ \u3000]{0,2}([0-9０-９]{1,2}|元)/.exec(yearText);
      if (!parts) continue;
      const ascii = toAsciiDigits(parts[2]!);
      out.push({ text: written.slice(m.index, m.index + m[0].length), start: m.index, end: m.index + m[0].length, yearText: written.slice(yearStart, yearStart + yearText.length).trim(), yearStart, era: eraOf(parts[1], documentEra), eraYear: ascii === '元' ? 1 : Number(ascii) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const memoNextYears = memoByText(readNextYears);

/**
 * `readNextYears`, memoised per text (./memo.ts): after an edit only changed texts are read again.
 * A text without 年度 has none (次年度, 翌年度 and 来年度 all end in it). Results are read-only.
 */
export const findNextYears = (written: string, documentEra?: Era): NextYearMention[] => (written.includes('年度') ? memoNextYears(written, documentEra) : noMentions);
