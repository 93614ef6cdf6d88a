/**
 * Japanese eras (元号) and fiscal years (年度). Pure functions over strings as policy sheets write
 * them: 令和6年度, 6年度, 元年度, R6, H26, 令和５年12月14日 (full-width digits and letters allowed: Ｒ６).
 *
 * Rules (../shared/domain.md "Rules of the domain"):
 * - a fiscal year (年度) runs 1 April – 31 March; FY N's months 1–3 fall in calendar year N+1;
 * - 平成 = 1989-01-08 … 2019-04-30, FY = 1988 + N; 令和 from 2019-05-01, FY = 2018 + N;
 *   昭和 = 1926-12-25 … 1989-01-07, year = 1925 + N;
 * - 平成31年度 ≡ 令和元年度 ≡ FY2019; 令和1 is written 令和元; 昭和64年度 does not exist
 *   (昭和64 lasted 7 days of FY1988, which is 昭和63年度).
 */

export type Era = '令和' | '平成' | '昭和';

/** First Western year of each era (its 元年) and its last era year, if it has ended. */
export const eras: Record<Era, { first: number; lastYear?: number; start: string; end?: string }> = {
  昭和: { first: 1926, lastYear: 64, start: '1926-12-25', end: '1989-01-07' },
  平成: { first: 1989, lastYear: 31, start: '1989-01-08', end: '2019-04-30' },
  令和: { first: 2019, start: '2019-05-01' },
};

/** Turns ASCII digits into full-width ones (5 → ５), as staff often type them; leaves everything else (same length). */
export function toFullWidthDigits(text: string): string {
  return text.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}

/**
 * Turns full-width digits (０–９) into ASCII digits, and the full-width decimal point and thousands
 * comma written between digits (８０．５, ４，９００) into `.` and `,`, so that a figure reads the same
 * in either width; leaves everything else. Same length as the input (offsets carry over).
 */
export function toAsciiDigits(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(?<=[0-9])[．，](?=[0-9])/g, (c) => (c === '．' ? '.' : ','));
}

/**
 * Turns full-width Latin letters (Ａ–Ｚ, ａ–ｚ) into ASCII letters and leaves everything else, so that
 * an era letter reads the same in either width, as digits do (Ｒ５ = R5, Ｈ２６．３ = H26.3). Same length
 * as the input (offsets carry over).
 */
export function toAsciiLetters(text: string): string {
  return text.replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

const kanjiDigits = '〇一二三四五六七八九';

/**
 * A kanji numeral from 1 to 99 as era years are written in prose: 二 → 2, 十 → 10, 三十二 → 32,
 * 二十 → 20. Undefined for anything else (an empty string, 十十, 〇, positional 三二).
 */
export function kanjiNumber(text: string): number | undefined {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!m || text === '') return undefined;
  const digit = (c: string | undefined) => (c === undefined ? undefined : kanjiDigits.indexOf(c));
  if (!m[2]) return m[1] !== undefined && m[3] !== undefined ? undefined : digit(m[1] ?? m[3]);
  return (digit(m[1]) ?? 1) * 10 + (digit(m[3]) ?? 0);
}

/**
 * Western year of an era year (calendar year, not fiscal): 令和6 → 2024, 平成31 → 2019.
 * Throws RangeError for year 0 or below (令和0) and for an unknown era.
 */
export function eraToWestern(era: Era, eraYear: number): number {
  if (!Number.isInteger(eraYear) || eraYear < 1) throw new RangeError(`${era}${eraYear}年はありません`);
  const info = eras[era];
  if (!info) throw new RangeError(`unknown era ${String(era)}`);
  return info.first + eraYear - 1;
}

/** A fiscal year as written in a sheet, resolved to its Western number. */
export interface FiscalYearRef {
  /** Fiscal year as a Western number (April of this year to March of the next). */
  fiscalYear: number;
  /** The era written or implied (bare 6年度 takes the document's era). */
  era: Era;
  /** The era year (1 for 元). */
  eraYear: number;
  /** How it was written: 'full' 令和6年度, 'bare' 6年度 / 元年度, 'abbrev' R6 / H26. */
  form: 'full' | 'bare' | 'abbrev';
  /** True when the era year was written 元. */
  gannen: boolean;
}

/** Why a written fiscal year is invalid. */
export type EraProblem =
  | { kind: 'year-zero'; message: string } // 令和0年度
  | { kind: 'gannen-as-one'; message: string } // 令和1年度 should be 令和元年度
  | { kind: 'nonexistent'; message: string } // 昭和64年度
  | { kind: 'after-era-end'; message: string; meant: number }; // 平成32年度 = FY2020 = 令和2年度

const fiscalYearPattern = /^(令和|平成|昭和)?([0-9]{1,2}|元)年度(末|中)?$/;
const abbrevPattern = /^([RrHhSs])([0-9]{1,2}|元)(年度)?$/;

/**
 * Parses a written fiscal year: 令和6年度, 6年度 (era from `documentEra`), 元年度, R6, H26, also with
 * 末/中 suffix (令和6年度末). Full-width digits are accepted. Returns undefined when the text is not
 * a fiscal year at all; returns `problem` alongside the resolved year when the form is invalid.
 */
export function parseFiscalYear(text: string, documentEra: Era = '令和'): { ref: FiscalYearRef; problem?: EraProblem } | undefined {
  const ascii = toAsciiLetters(toAsciiDigits(text.trim()));
  let era: Era;
  let yearText: string;
  let form: FiscalYearRef['form'];
  const full = fiscalYearPattern.exec(ascii);
  const abbrev = full ? null : abbrevPattern.exec(ascii);
  if (full) {
    era = (full[1] as Era | undefined) ?? documentEra;
    yearText = full[2]!;
    form = full[1] ? 'full' : 'bare';
  } else if (abbrev) {
    era = ({ R: '令和', H: '平成', S: '昭和' } as const)[abbrev[1]!.toUpperCase() as 'R' | 'H' | 'S'];
    yearText = abbrev[2]!;
    form = 'abbrev';
  } else return undefined;
  return resolveEraYear(era, yearText, form, 'fiscal');
}

function resolveEraYear(era: Era, yearText: string, form: FiscalYearRef['form'], unit: 'fiscal' | 'calendar'): { ref: FiscalYearRef; problem?: EraProblem } {
  const gannen = yearText === '元';
  const eraYear = gannen ? 1 : Number(yearText);
  const label = unit === 'fiscal' ? '年度' : '年';
  const ref: FiscalYearRef = { fiscalYear: eras[era].first + eraYear - 1, era, eraYear, form, gannen };
  if (eraYear < 1) return { ref, problem: { kind: 'year-zero', message: `${era}0${label}はありません（${era}は元${label}から）。` } };
  if (eraYear === 1 && !gannen && form !== 'abbrev') return { ref, problem: { kind: 'gannen-as-one', message: `${era}1${label}は「${era}元${label}」と書きます。` } };
  const last = eras[era].lastYear;
  if (last !== undefined && unit === 'fiscal' && era === '昭和' && eraYear >= last) {
    return { ref, problem: { kind: 'nonexistent', message: `昭和${eraYear}年度はありません（1989年1月8日から平成。平成元年度は1989年度）。` } };
  }
  if (last !== undefined && eraYear > last) {
    const next: Era = era === '昭和' ? '平成' : '令和';
    const meant = ref.fiscalYear - eras[next].first + 1;
    return {
      ref,
      problem: { kind: 'after-era-end', meant, message: `${era}${eraYear}${label}は${era}の終わった後です（${next}${meant === 1 ? '元' : meant}${label}のことなら、そう書いてください）。` },
    };
  }
  return { ref };
}

/** A calendar date written in 和暦: 令和５年12月14日, 令和5年 12月 14日, 平成27年3月31日. */
export interface WarekiDate {
  era: Era;
  eraYear: number;
  /** Western calendar year, month 1–12, day 1–31. */
  year: number;
  month: number;
  day: number;
}

/**
 * Parses a 和暦 date. Returns undefined if the text is not such a date; `problem` when the date does
 * not exist (2月30日), falls outside its era (令和元年4月1日, 平成31年5月1日) or is 令和0年.
 */
export function parseWarekiDate(text: string): { date: WarekiDate; problem?: string } | undefined {
  const m = /^(令和|平成|昭和)\s*([0-9]{1,2}|元)\s*年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日$/.exec(toAsciiDigits(text.trim()));
  if (!m) return undefined;
  const era = m[1] as Era;
  const eraYear = m[2] === '元' ? 1 : Number(m[2]);
  const month = Number(m[3]);
  const day = Number(m[4]);
  const year = eras[era].first + eraYear - 1;
  const date: WarekiDate = { era, eraYear, year, month, day };
  if (eraYear < 1) return { date, problem: `${era}0年はありません。` };
  const js = new Date(Date.UTC(year, month - 1, day));
  if (js.getUTCFullYear() !== year || js.getUTCMonth() !== month - 1 || js.getUTCDate() !== day) return { date, problem: `${month}月${day}日はありません。` };
  const iso = js.toISOString().slice(0, 10);
  const info = eras[era];
  if (iso < info.start || (info.end !== undefined && iso > info.end)) return { date, problem: `${text.trim()}は${era}の期間（${info.start}〜${info.end ?? ''}）の外です。` };
  return { date };
}

/**
 * The 和暦 name of a Western calendar date (year, month 1–12, day 1–31): the era whose period holds
 * it, its first year written 元 (2019-04-30 → 平成31年4月30日, 2019-05-01 → 令和元年5月1日,
 * 1989-01-07 → 昭和64年1月7日). Undefined for a date that does not exist or lies before 昭和
 * (1926-12-25). Rule: the eras' periods of domain.md "Rules of the domain".
 */
export function warekiDateName(year: number, month: number, day: number): string | undefined {
  const js = new Date(Date.UTC(year, month - 1, day));
  if (js.getUTCFullYear() !== year || js.getUTCMonth() !== month - 1 || js.getUTCDate() !== day) return undefined;
  const iso = js.toISOString().slice(0, 10);
  const era = (Object.keys(eras) as Era[]).find((e) => iso >= eras[e].start && (eras[e].end === undefined || iso <= eras[e].end!));
  if (!era) return undefined;
  const eraYear = year - eras[era].first + 1;
  return `${era}${eraYear === 1 ? '元' : eraYear}年${month}月${day}日`;
}

/** Weekday of a Western date as one kanji (日 月 火 水 木 金 土). */
export function weekdayOf(year: number, month: number, day: number): string {
  return '日月火水木金土'[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
}

/** Fiscal year (Western number) that a calendar date falls in: April–March. */
export function fiscalYearOfDate(year: number, month: number): number {
  return month >= 4 ? year : year - 1;
}

/** The era in force at the start (1 April) of a fiscal year; FY2019 starts in 平成 (平成31年度). */
export function eraOfFiscalYear(fiscalYear: number): Era {
  if (fiscalYear >= 2019) return fiscalYear === 2019 ? '平成' : '令和';
  if (fiscalYear >= 1989) return '平成';
  return '昭和';
}
