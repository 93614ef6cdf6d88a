/**
 * Reading a めざす姿 (取組目標) text of a 振り返りシート: when it is due and how much it asks for.
 *
 * Source: ../shared/domain.md, 振り返りシート fields — "めざす姿(取組目標) (text, usually with a
 * deadline like 令和8年度末までに / 令和5年度中に and a quantity like 全区 or 50%増)", and check 4
 * "Deadlines vs status". The forms below are the ones the real sheet (001) uses:
 *
 * | written                       | meaning                                                  |
 * |-------------------------------|----------------------------------------------------------|
 * | 令和8年度末までに / 末には / 末目標 | deadline: end of FY (31 March)                        |
 * | 令和5年度中に / 令和6年度に      | deadline: end of that FY (令和6年度に = by 31 March 2025) |
 * | 令和10年度まで(に)              | deadline: end of that FY (also "以降令和10年度まで")      |
 * | 令和5年秋までに                 | deadline: end of the season of that calendar year        |
 * | 令和5年度から / 令和6年度以降     | a start, not a deadline                                  |
 * | 毎年度 / 毎年                   | recurring: no deadline                                   |
 * | 令和4年度全区平均 48.7%          | a mention (a base year), neither                         |
 *
 * Quantities: 全区 (= 24 wards, not 全区平均), 全地域活動協議会 / 全地活協, N%増 (also N割増, and 倍増 /
 * 1.5倍に増加 read as 100% / 50%増), Nポイント増加, N区.
 */
import { type Era, eras, toAsciiDigits, toAsciiLetters } from './era';
import { wardCount } from './wards';

/** A deadline found in a goal text. */
export interface Deadline {
  /** The text that states it, as written (令和5年度中に, 令和8年度末までに, 令和5年秋までに). */
  text: string;
  /** UTF-16 offset of `text` in the goal text. */
  index: number;
  /** Fiscal year (Western number) the deadline falls in. */
  fiscalYear: number;
  /** Last day the goal may be met, ISO yyyy-mm-dd (end of the FY, or of a season/month). */
  due: string;
  /** A short label for messages: 令和5年度中, 令和8年度末, 令和5年秋. */
  label: string;
}

/** A start year (令和5年度から, 令和6年度以降): the goal begins then; not a deadline. */
export interface Start {
  text: string;
  index: number;
  fiscalYear: number;
}

/** A quantity a goal asks for. */
export type Quantity =
  | { kind: 'all-wards'; count: number; text: string; index: number } // 全区 (count = 24)
  | { kind: 'wards'; count: number; text: string; index: number } // 10区
  | { kind: 'all-associations'; text: string; index: number } // 全地域活動協議会, 全地活協
  | { kind: 'percent-increase'; value: number; text: string; index: number } // 50%増 (倍増 = 100, 1.5倍 = 50)
  | { kind: 'point-increase'; value: number; text: string; index: number }; // 10ポイント以上増加

/** What one goal text says about time and quantity. */
export interface Goal {
  text: string;
  deadlines: Deadline[];
  starts: Start[];
  /** Where the goal says it recurs every year (毎年度, 毎年, 各年度), if it does. */
  recurring: { text: string; index: number } | undefined;
  quantities: Quantity[];
}

// A fiscal-year token: 令和5年度, 平成26年度, R8年度, bare 8年度 / 元年度 (era from the document).
// The look-behind keeps "2024年度" from being read as 24年度.
// 西暦 2023年度 too (the look-behind then keeps 2023 whole).
const fiscalYearToken = /(令和|平成|昭和|[RH])?(?<![0-9])([0-9]{1,2}|元|(?:19|20)[0-9]{2})年度/g;
// A calendar point: 令和5年秋, 令和5年12月 (not 令和5年度), abbreviated R6年9月 / R6.9末 / H30年12月.
const calendarToken = /(令和|平成|(?<![A-Za-z])[RH]|(?<![0-9])(?=(?:19|20)[0-9]{2}年))([0-9]{1,2}|元|(?:19|20)[0-9]{2})(?:年(?!度)|\.(?=[0-9]{1,2}(?:月|末)))(?:(春|夏|秋|冬)|([0-9]{1,2})(?:月|(?=末)))/g;

/**
 * Reads one goal text. Full-width digits are accepted; offsets refer to the text as given. A bare
 * 8年度 takes `documentEra` (the era of the sheet's 基準時点). Never throws; a text with no time or
 * quantity gives empty lists.
 */
export function readGoal(text: string, documentEra: Era = '令和'): Goal {
  // Full-width digits are single UTF-16 units, so ASCII-fying keeps every offset.
  const ascii = toAsciiLetters(toAsciiDigits(text));
  const deadlines: Deadline[] = [];
  const starts: Start[] = [];
  for (const m of ascii.matchAll(fiscalYearToken)) {
    const era = eraOf(m[1], documentEra);
    const eraYear = m[2] === '元' ? 1 : Number(m[2]);
    if (eraYear < 1) continue;
    const fiscalYear = m[2]!.length === 4 ? eraYear : eras[era].first + eraYear - 1;
    const after = ascii.slice(m.index + m[0].length);
    const yearText = text.slice(m.index, m.index + m[0].length);
    const role = roleAfterFiscalYear(after);
    if (role.kind === 'start') {
      starts.push({ text: yearText + role.suffix, index: m.index, fiscalYear });
    } else if (role.kind === 'deadline') {
      deadlines.push({
        text: yearText + role.suffix,
        index: m.index,
        fiscalYear,
        due: `${fiscalYear + 1}-03-31`,
        label: yearText + (role.suffix.startsWith('末') ? '末' : role.suffix.startsWith('中') ? '中' : ''),
      });
    }
  }
  for (const m of ascii.matchAll(calendarToken)) {
    const era = eraOf(m[1] || undefined, documentEra);
    const eraYear = m[2] === '元' ? 1 : Number(m[2]);
    if (eraYear < 1) continue;
    const year = m[2]!.length === 4 ? eraYear : eras[era].first + eraYear - 1;
    const after = ascii.slice(m.index + m[0].length);
    const suffix = /^(末までに|末まで|末に|までに|まで|中に|中|に(?!お))/.exec(after)?.[0];
    if (suffix === undefined) continue;
    const due = m[3] ? seasonEnd(year, m[3]) : monthEnd(year, Number(m[4]));
    if (!due) continue;
    const written = text.slice(m.index, m.index + m[0].length);
    deadlines.push({ text: written + suffix, index: m.index, fiscalYear: fiscalYearOfIso(due), due, label: written });
  }
  deadlines.sort((a, b) => a.index - b.index);
  const every = /毎年度|毎年|各年度|年度ごと/.exec(ascii);
  const recurring = every ? { text: every[0], index: every.index } : undefined;
  return { text, deadlines, starts, recurring, quantities: readQuantities(text, ascii) };
}

/**
 * Reads a 文章 value (one string, or a list of strings as in multi-goal rows) as one Goal per
 * string; anything that is not a string is skipped.
 */
export function readGoals(value: unknown, documentEra: Era = '令和'): Goal[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list.filter((v): v is string => typeof v === 'string').map((t) => readGoal(t, documentEra));
}

/**
 * True when the goal has no end from some point on: it recurs (毎年度 …) or starts (令和5年度から …)
 * and no deadline is written after that word. "毎年増加（令和8年度末目標 50%増）" is not open-ended
 * (its deadline follows); "令和5年度中に設置し、毎年度開催" and "令和5年度から…増員" are.
 */
export function isOpenEnded(goal: Goal): boolean {
  const markers = [...(goal.recurring ? [goal.recurring.index] : []), ...goal.starts.map((s) => s.index)];
  return markers.some((at) => !goal.deadlines.some((d) => d.index > at));
}

/**
 * The fiscal year of a written time point (the 時点 of a 実績値): 令和6年度中, 令和6年度末時点,
 * R5年度実績, R5 (a column label), R6.12末, R7年4月25日現在 (a date: FY of that month),
 * 平成30年度. Undefined when the text names no year. Bare years take `documentEra`.
 */
export function fiscalYearOfTimePoint(text: string, documentEra: Era = '令和'): number | undefined {
  const ascii = toAsciiLetters(toAsciiDigits(text));
  const era = (written: string | undefined) => eraOf(written, documentEra);
  const year = (era_: Era, y: string) => eras[era_].first + (y === '元' ? 1 : Number(y)) - 1;
  const fy = /(令和|平成|昭和|[RH])?(?<![0-9])([0-9]{1,2}|元)\s*年度/.exec(ascii);
  if (fy) return year(era(fy[1]), fy[2]!);
  const date = /(令和|平成|昭和|[RH])\s*([0-9]{1,2}|元)\s*(?:年|\.)\s*([0-9]{1,2})(?![0-9])/.exec(ascii);
  if (date) {
    const calendarYear = year(era(date[1]), date[2]!);
    const month = Number(date[3]);
    return month >= 4 ? calendarYear : calendarYear - 1;
  }
  const label = /^\s*(令和|平成|昭和|[RH])\s*([0-9]{1,2}|元)\s*$/.exec(ascii);
  if (label) return year(era(label[1]), label[2]!);
  return undefined;
}

/** The last day (ISO) of a fiscal year: 31 March of the next calendar year. */
export function fiscalYearEnd(fiscalYear: number): string {
  return `${fiscalYear + 1}-03-31`;
}

function eraOf(written: string | undefined, documentEra: Era): Era {
  if (written === 'R') return '令和';
  if (written === 'H') return '平成';
  return (written as Era | undefined) ?? documentEra;
}

type Role = { kind: 'deadline' | 'start'; suffix: string } | { kind: 'mention' };

/** What the words right after "…年度" make of it: a deadline, a start, or a plain mention. */
function roleAfterFiscalYear(after: string): Role {
  // 令和5年度末から, 令和5年度から, 令和6年度以降, 令和5年度より: the goal starts then.
  const start = /^(末)?(から|以降|より)/.exec(after);
  if (start) return { kind: 'start', suffix: start[0] };
  // 末までに, 末には, 末目標, 末時点, 末 — the end of the year.
  const end = /^末(までに|までの|まで|には|に|目標|時点|を目途に?)?/.exec(after);
  if (end) return { kind: 'deadline', suffix: end[0] };
  // 中に, 中の, 中 — within the year.
  const within = /^中(に|の|には)?/.exec(after);
  if (within) return { kind: 'deadline', suffix: within[0] };
  const until = /^(までに|までの|まで|を目途に?|目標)/.exec(after);
  if (until) return { kind: 'deadline', suffix: until[0] };
  // 令和6年度に(は) …設置 — by that year; but not 令和6年度における / において (a time frame).
  const inYear = /^に(は)?(?!お)/.exec(after);
  if (inYear) return { kind: 'deadline', suffix: inYear[0] };
  return { kind: 'mention' };
}

/** Last day of a season of a calendar year: 春 May, 夏 August, 秋 November, 冬 February of the next year. */
function seasonEnd(year: number, season: string): string {
  switch (season) {
    case '春':
      return `${year}-05-31`;
    case '夏':
      return `${year}-08-31`;
    case '秋':
      return `${year}-11-30`;
    default:
      return monthEnd(year + 1, 2) ?? `${year + 1}-02-28`;
  }
}

function monthEnd(year: number, month: number): string | undefined {
  if (month < 1 || month > 12) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(last).padStart(2, '0')}`;
}

function fiscalYearOfIso(iso: string): number {
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

function readQuantities(text: string, ascii: string): Quantity[] {
  const out: Quantity[] = [];
  const at = (m: RegExpMatchArray) => ({ text: text.slice(m.index!, m.index! + m[0].length), index: m.index! });
  // 全区 / 全24区 — but 全区平均 is a statistic, and 全区長 people, not a target.
  for (const m of ascii.matchAll(/全\s*(?:24\s*)?区(?!平均|長)/g)) out.push({ kind: 'all-wards', count: wardCount, ...at(m) });
  // 10区 (not part of 全24区, not 区長): an explicit number of wards.
  for (const m of ascii.matchAll(/(?<![全0-9.])([0-9]+)\s*区(?!長)/g)) out.push({ kind: 'wards', count: Number(m[1]), ...at(m) });
  for (const m of ascii.matchAll(/(?:全|すべての|全ての)\s*(?:地域活動協議会|地活協)/g)) out.push({ kind: 'all-associations', ...at(m) });
  for (const m of ascii.matchAll(/(?<![0-9])([0-9]+(?:\.[0-9]+)?)\s*[%％](?:以上)?増/g)) out.push({ kind: 'percent-increase', value: Number(m[1]), ...at(m) });
  // 2割増 = 20%増.
  for (const m of ascii.matchAll(/(?<![0-9])([0-9]+(?:\.[0-9]+)?)\s*割(?:以上)?増/g)) out.push({ kind: 'percent-increase', value: Number(m[1]) * 10, ...at(m) });
  for (const m of ascii.matchAll(/(?<![0-9])([0-9]+(?:\.[0-9]+)?)\s*ポイント(?:以上)?(?:増|向上|上昇)/g)) out.push({ kind: 'point-increase', value: Number(m[1]), ...at(m) });
  // 倍増 = 2倍 = 100%増; 1.5倍に増加 / 1.5倍増 = 50%増 (an increase by a ratio is read as the same percentage).
  for (const m of ascii.matchAll(/(?<![0-9.])([0-9]+(?:\.[0-9]+)?)?\s*倍(?:以上)?(?:に|へ)?(?:増|拡大|引き上げ|向上)/g)) {
    const ratio = m[1] === undefined ? 2 : Number(m[1]);
    if (ratio > 1) out.push({ kind: 'percent-increase', value: Math.round((ratio - 1) * 1000) / 10, ...at(m) });
  }
  return out.sort((a, b) => a.index - b.index);
}
