/**
 * Metamorphic relations over sheets (issue 9): transformations of a sheet's text that must not
 * change its findings beyond a change each relation states exactly. Written independently of the
 * checks (no import from server/src/service/domain), so a mistake in the checks' reading of years,
 * dates or wards is not repeated here.
 *
 * A relation turns a sheet's text into a variant and says:
 * - `lineMap`: where each 0-based line of the original went (rows reordered), identity if absent;
 * - `expected`: the findings that must appear (`added`) or may disappear (`mayVanish`) on given
 *   lines of the variant, beyond which any difference in (code, line) is a suspect.
 * `null` means the relation does not apply to that sheet (nothing to transform, or a fact the
 * relation cannot keep, such as 29 February under a one-year shift).
 */

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';

/** A finding reduced to what relations compare: the code and the 0-based line. */
export interface MetaFinding {
  code: string;
  line: number;
  /** The text under the range (for reports only; never compared: the forms change it). */
  text: string;
}

/** What a relation produced for one sheet. */
export interface Variant {
  text: string;
  /** How many places were transformed. */
  changes: number;
  /** New line of each original line (same length as the original's lines), identity if absent. */
  lineMap?: number[];
  /** Findings that must be added to the original's (code at a 0-based line of the variant). */
  added?: { code: string; line: number }[];
  /** Findings that may be absent from the variant (code at a 0-based line of the variant). */
  mayVanish?: { code: string; line: number }[];
  /** Findings that may be present in the variant only (code at a 0-based line of the variant). */
  mayAppear?: { code: string; line: number }[];
}

/** A metamorphic relation: a name, what it keeps, and the transformation. */
export interface Relation {
  name: string;
  /** What the relation changes and which findings may change (for the report). */
  rule: string;
  apply(text: string): Variant | null;
}

// ---------------------------------------------------------------------------------------------
// Digits and free-text lines

const FULL = '０１２３４５６７８９';
const toHalf = (s: string) => s.replace(/[０-９]/g, (c) => String(FULL.indexOf(c)));
const toFull = (s: string) => s.replace(/[0-9]/g, (c) => FULL[Number(c)]!);
const isFull = (s: string) => /[０-９]/.test(s);
const num = (s: string) => Number(toHalf(s));
const KANJI = '〇一二三四五六七八九';

function kanjiToNumber(s: string): number | undefined {
  if (!/^[一二三四五六七八九十]+$/.test(s)) return undefined;
  const t = s.indexOf('十');
  if (t < 0) return s.length === 1 ? KANJI.indexOf(s) : undefined;
  const tens = t === 0 ? 1 : KANJI.indexOf(s[0]!);
  const ones = t === s.length - 1 ? 0 : KANJI.indexOf(s[t + 1]!);
  return tens * 10 + ones;
}
function numberToKanji(n: number): string {
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 0 ? '' : tens === 1 ? '十' : `${KANJI[tens]}十`}${ones === 0 ? '' : KANJI[ones]}`;
}

/** Keys whose values are prose (free text) in every 様式. */
export const FREE_TEXT_KEYS = new Set([
  'めざす姿', '具体的取組', '主な取組実績', '課題', '次年度以降の取組内容', '概要', '要旨', '案件概要',
  '取組内容', '取組実績', '趣旨・目的', '中期的な取組の方向性', '現状', 'めざす状態', '取組の考え方',
  '戦略の自己評価', '改善策', '方向性', '内容',
]);

/** One prose value on one line: [start, end) offsets inside the line. */
interface Span {
  /** The free-text key the value belongs to. */
  key: string;
  line: number;
  start: number;
  end: number;
}

const keyLine = /^(\s*)(?:- )?([^\s#:'"{}[\]][^:#]*?):(?:\s+(.*))?$/;

/**
 * Spans of free text: plain or quoted values of FREE_TEXT_KEYS, list items under them, and the
 * lines of a block scalar under them. Comments and keys are never included.
 */
export function freeTextSpans(lines: string[]): Span[] {
  const spans: Span[] = [];
  let owner: { key: string; indent: number; free: boolean; block: boolean } | undefined;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+#.*$/, '');
    if (/^\s*(#|$)/.test(raw)) return;
    const indent = raw.length - raw.trimStart().length;
    if (owner && indent <= owner.indent && !(raw.trimStart().startsWith('- ') && indent === owner.indent && !owner.block)) owner = undefined;
    if (owner?.block) {
      if (owner.free) spans.push({ key: owner.key, line: i, start: indent, end: line.length });
      return;
    }
    const m = keyLine.exec(line);
    if (m && !line.trimStart().startsWith('- 「')) {
      const key = m[2]!.trim();
      const value = m[3] ?? '';
      const free = FREE_TEXT_KEYS.has(key);
      const keyIndent = m[1]!.length + (line.trimStart().startsWith('- ') ? 2 : 0);
      if (value === '' || /^[|>][-+]?$/.test(value)) {
        owner = { key, indent: keyIndent, free, block: value !== '' };
        return;
      }
      if (free && !/^[|>]/.test(value)) spans.push({ key, line: i, start: line.length - value.length, end: line.length });
      return;
    }
    if (owner?.free) {
      const item = /^(\s*)- (.*)$/.exec(line);
      if (item && !item[2]!.startsWith('{')) spans.push({ key: owner.key, line: i, start: item[1]!.length + 2, end: line.length });
    }
  });
  return spans;
}

function editSpans(text: string, edit: (s: string, key: string) => string): { text: string; changes: number; changedLines: number[] } {
  const lines = text.split('\n');
  let changes = 0;
  const changedLines: number[] = [];
  for (const s of freeTextSpans(lines)) {
    const l = lines[s.line]!;
    const before = l.slice(s.start, s.end);
    const after = edit(before, s.key);
    if (after !== before) {
      changes++;
      changedLines.push(s.line);
      lines[s.line] = l.slice(0, s.start) + after + l.slice(s.end);
    }
  }
  return { text: lines.join('\n'), changes, changedLines };
}

// ---------------------------------------------------------------------------------------------
// Years

type Era = '令和' | '平成' | '昭和';
const ERA_START: Record<Era, number> = { 令和: 2018, 平成: 1988, 昭和: 1925 };
const WEEKDAYS = '日月火水木金土';

/** The era of the document: that of the first era year on a top-level line, else the first anywhere. */
export function documentEra(text: string): Era | undefined {
  const top = /^[^\s#-][^#\n]*?(令和|平成|昭和)/m.exec(text) ?? /^[^#\n]*?(令和|平成|昭和)/m.exec(text);
  return top?.[1] as Era | undefined;
}

function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}
const weekday = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).getUTCDay();

// era year | R/H abbreviation | western year | bare year before 年度/年M月/決算額/予算額
const YEAR = new RegExp(
  [
    '(?<era>令和|平成|昭和)(?<en>元|[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})(?=[年.．]|決算額|予算額|[～〜~][0-9０-９]{1,2}年)',
    '(?<![A-Za-zＡ-Ｚａ-ｚ])(?<ab>[RHＲＨ])(?<an>元|[0-9０-９]{1,2})(?![0-9０-９])(?=[年.．]|[^A-Za-z0-9０-９]|$)',
    '(?<![0-9０-９])(?<west>(?:19|20|１９|２０)[0-9０-９]{2})(?=年|[/／][0-9０-９]{1,2}[/／])',
    '(?<![0-9０-９.．／/第元令和平成昭RHＲＨ])(?<bn>元|[0-9０-９]{1,2})(?=年度|年[0-9０-９]{1,2}月|決算額|予算額)',
  ].join('|'),
  'gu',
);
const AFTER_DATE = /^(?<y>年|[.．/／])\s*(?<m>[0-9０-９]{1,2})(?:\s*(?:月|[.．/／])\s*(?<d>[0-9０-９]{1,2})(?:日)?)?(?<wd>\s*[（(][日月火水木金土](?:曜日?)?[）)])?/u;

interface YearHit {
  start: number;
  end: number;
  replacement: string;
  /** Set when a 令和1 / 令和0-like invalid form or FY2019's second name was written. */
  boundary: boolean;
}

/**
 * Shifts every year of a sheet by `k` years (fiscal years and calendar years alike): era years
 * (元, digits of either width, kanji numerals), R6 / H26, 2024年, bare 6年度 / 26年3月 / 4決算額.
 * Dates keep month and day; a weekday written with a date is recomputed if it was right and kept
 * as wrong by the same offset if it was wrong (the 曜日 field after a 日付 too). Each year keeps its
 * era if the new year is still in it; a valid year that crosses the 平成/令和 boundary (2019-05-01;
 * FY2019 for 年度) is written in the era of its new date, except in a 平成 sheet (written before the
 * change: 平成32年度 is how such a sheet names FY2020). Returns null if a 29 February would move
 * to a year without one.
 */
export function shiftYears(text: string, k: number): { text: string; changes: number; boundaryLines: number[] } | null {
  const docEra = documentEra(text);
  const baseMatch = /^[^\s#-][^#\n]*?(?:令和|平成|昭和)(元|[0-9０-９]{1,2})/m.exec(text);
  const docBase = baseMatch ? (baseMatch[1] === '元' ? 1 : num(baseMatch[1]!)) : undefined;
  const hits: YearHit[] = [];
  let leap = false;
  for (const m of text.matchAll(YEAR)) {
    const g = m.groups!;
    const start = m.index!;
    const end = start + m[0].length;
    const rest = text.slice(end, end + 24);
    const date = AFTER_DATE.exec(rest);
    const month = date?.groups?.m ? num(date.groups.m) : undefined;
    const day = date?.groups?.d ? num(date.groups.d) : undefined;
    const fiscal = rest.startsWith('年度') || rest.startsWith('決算額') || rest.startsWith('予算額');
    let era: Era | undefined;
    let n: number;
    let form: 'digits' | 'kanji' | 'gan' = 'digits';
    let digits = '';
    if (g.era) {
      era = g.era as Era;
      digits = g.en!;
      form = digits === '元' ? 'gan' : /[一-十]/.test(digits) ? 'kanji' : 'digits';
      n = form === 'gan' ? 1 : form === 'kanji' ? (kanjiToNumber(digits) ?? NaN) : num(digits);
    } else if (g.ab) {
      era = /[RＲ]/.test(g.ab) ? '令和' : '平成';
      digits = g.an!;
      form = digits === '元' ? 'gan' : 'digits';
      n = form === 'gan' ? 1 : num(digits);
    } else if (g.west) {
      digits = g.west;
      n = num(digits);
    } else {
      digits = g.bn!;
      form = digits === '元' ? 'gan' : 'digits';
      n = form === 'gan' ? 1 : num(digits);
      era = docEra;
      // a bare 30年度 in a 令和 sheet of a low year is 平成30年度 (a past year written short)
      if (docEra === '令和' && n >= 20 && docBase !== undefined && docBase < 20) era = '平成';
    }
    if (Number.isNaN(n)) continue;
    // the western year of the mention (calendar year of a date, else the fiscal/calendar year)
    const west = g.west ? n : era ? ERA_START[era] + n : n;
    const newWest = west + k;
    if (month === 2 && day === 29) leap = true;
    let newEra = era;
    let boundary = false;
    if (era && !g.west) {
      const wasValid =
        era === '平成'
          ? n >= 1 && (docEra === '平成' || (fiscal ? n <= 31 : month !== undefined ? west < 2019 || (west === 2019 && month <= 4) : n <= 31))
          : era === '令和'
            ? (n >= 2 || (n === 1 && form !== 'digits')) && (month === undefined || fiscal || west > 2019 || month >= 5)
            : n >= 1 && n <= 63;
      if (!wasValid) boundary = true; // an invalid form (令和1, 令和0, 昭和64, 令和元年4月) may become valid or change code
      if (era === '平成' && docEra === '平成' && month !== undefined && !fiscal && (west < 2019 || (west === 2019 && month <= 4)) && (newWest > 2019 || (newWest === 2019 && month >= 5))) return null;
      if ((era === '平成' && n === 31) || (era === '令和' && n === 1)) boundary = true; // FY2019's two names
      if (wasValid && !(era === '平成' && docEra === '平成')) {
        if (era === '平成' && (fiscal ? newWest >= 2019 : month !== undefined ? newWest > 2019 || (newWest === 2019 && month >= 5) : newWest >= 2020)) newEra = '令和';
        if (era === '令和' && (fiscal ? newWest < 2019 : month !== undefined ? newWest < 2019 || (newWest === 2019 && month <= 4) : newWest < 2019)) newEra = '平成';
      }
      if (newEra !== era) boundary = true;
    }
    const newN = g.west || !newEra ? n + k : newWest - ERA_START[newEra];
    if (!g.west && newN < 1) return null;
    let written: string;
    if (g.west) written = isFull(digits) ? toFull(String(newWest)) : String(newWest);
    else if (newN === 1 && newEra === '令和' && boundary && !g.ab && era !== newEra) written = '元';
    else if (newN === 1 && newEra === '令和' && g.ab) written = form === 'gan' || /[RＲ]元/.test(text) ? '元' : '1';
    else if (newN === 1 && newEra === '令和' && !boundary) written = '元';
    else if (form === 'kanji') written = numberToKanji(newN);
    else written = isFull(digits) ? toFull(String(newN)) : String(newN);
    let prefix = '';
    if (g.era) prefix = newEra!;
    else if (g.ab) prefix = newEra === era ? g.ab : newEra === '令和' ? (isFull(g.ab) ? 'Ｒ' : 'R') : isFull(g.ab) ? 'Ｈ' : 'H';
    hits.push({ start, end, replacement: prefix + written, boundary });
    // weekday after a full date
    if (date?.groups?.wd && month !== undefined && day !== undefined && !fiscal) {
      const y = west;
      if (!validDate(y, month, day) || !validDate(newWest, month, day)) continue;
      const wdText = date.groups.wd;
      const at = wdText.search(/[日月火水木金土]/);
      const was = WEEKDAYS.indexOf(wdText[at]!);
      const offset = (was - weekday(y, month, day) + 7) % 7;
      const now = WEEKDAYS[(weekday(newWest, month, day) + offset) % 7]!;
      const wdStart = end + date[0].length - wdText.length + at;
      hits.push({ start: wdStart, end: wdStart + 1, replacement: now, boundary: false });
    }
    // a 曜日 field right after a 日付 field
    if (month !== undefined && day !== undefined && /日付:\s*["']?$/.test(text.slice(text.lastIndexOf('\n', start) + 1, start))) {
      const after = text.slice(end);
      const f = /^[^\n]*\n(\s*曜日:\s*["']?)([日月火水木金土])/.exec(after);
      if (f && validDate(west, month, day) && validDate(newWest, month, day)) {
        const was = WEEKDAYS.indexOf(f[2]!);
        const offset = (was - weekday(west, month, day) + 7) % 7;
        const s = end + f[0].length - 1;
        hits.push({ start: s, end: s + 1, replacement: WEEKDAYS[(weekday(newWest, month, day) + offset) % 7]!, boundary: false });
      }
    }
  }
  if (leap && k % 4 !== 0) return null;
  hits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  const boundaryLines = new Set<number>();
  let changes = 0;
  for (const h of hits) {
    if (h.start < at) continue;
    out += text.slice(at, h.start);
    const line = (out.match(/\n/g) ?? []).length;
    if (h.boundary) boundaryLines.add(line);
    if (text.slice(h.start, h.end) !== h.replacement) changes++;
    out += h.replacement;
    at = h.end;
  }
  out += text.slice(at);
  return { text: out, changes, boundaryLines: [...boundaryLines] };
}

// ---------------------------------------------------------------------------------------------
// Relations

const WARDS = ['北', '都島', '福島', '此花', '中央', '西', '港', '大正', '天王寺', '浪速', '西淀川', '淀川', '東淀川', '東成', '生野', '旭', '城東', '鶴見', '阿倍野', '住之江', '住吉', '東住吉', '平野', '西成'];

/** Codes a year shift may drop or add on a line where FY2019 is named or 令和1 was written. */
const BOUNDARY_CODES = ['fiscal-year/invalid-era', 'fiscal-year/same-year-two-names', 'fiscal-year/mixed-era', 'date/invalid'];

function yearShift(k: number): Relation {
  return {
    name: `year-shift ${k > 0 ? '+' : ''}${k}`,
    rule: `every year shifted by ${k} (eras, R/H, 西暦, bare 6年度, budget keys, weekdays recomputed); same codes on the same lines, except ${BOUNDARY_CODES.join(', ')} (may appear or vanish) on lines where a year crossed the 平成/令和 boundary, named FY2019 (平成31/令和元) or was an invalid form (令和1, 令和0, 昭和64, 令和元年4月)`,
    apply(text) {
      const r = shiftYears(text, k);
      if (!r || r.changes === 0) return null;
      const mayVanish = r.boundaryLines.flatMap((line) => BOUNDARY_CODES.map((code) => ({ code, line })));
      return { text: r.text, changes: r.changes, mayVanish, mayAppear: mayVanish, added: [] };
    },
  };
}

/** The relations run by `npm run accuracy:metamorphic` and the unit test. */
export function relations(): Relation[] {
  return [
    yearShift(1),
    yearShift(-1),
    {
      name: 'digits full-width',
      rule: 'half-width digits (and . , % between or after them) in free text written full-width; no finding changes',
      apply(text) {
        const r = editSpans(text, (s) => toFull(s).replace(/(?<=[０-９])\.(?=[０-９])/g, '．').replace(/(?<=[０-９])%/g, '％').replace(/(?<=[０-９]),(?=[０-９]{3})/g, '，'));
        return r.changes ? { text: r.text, changes: r.changes } : null;
      },
    },
    {
      name: 'digits half-width',
      rule: 'full-width digits (and ．，％) in free text written half-width; no finding changes',
      apply(text) {
        const r = editSpans(text, (s) => toHalf(s).replace(/(?<=[0-9])．(?=[0-9])/g, '.').replace(/(?<=[0-9])％/g, '%').replace(/(?<=[0-9])，(?=[0-9]{3})/g, ','));
        return r.changes ? { text: r.text, changes: r.changes } : null;
      },
    },
    {
      name: 'era 元 → 1',
      rule: '令和元年 written 令和1年 in free text: exactly one more fiscal-year/invalid-era on each changed line per occurrence, nothing else',
      apply(text) {
        const lines = text.split('\n');
        const added: { code: string; line: number }[] = [];
        const mayVanish: { code: string; line: number }[] = [];
        const r = editSpans(text, (s) => s.replace(/令和元(?=年)/g, '令和1'));
        if (!r.changes) return null;
        const out = r.text.split('\n');
        for (const l of r.changedLines) {
          const count = (lines[l]!.replace(/\s+#.*$/, '').match(/令和元(?=年)/g) ?? []).length;
          for (let c = 0; c < count; c++) added.push({ code: 'fiscal-year/invalid-era', line: l });
          // 令和元年4月30日 (before the era began): the form is reported first, its date once the form is fixed
          if (/令和元年[0-9０-９]月/.test(lines[l]!.replace(/\s+#.*$/, ''))) mayVanish.push({ code: 'date/invalid', line: l });
        }
        void out;
        return { text: r.text, changes: r.changes, added, mayVanish };
      },
    },
    {
      name: 'era R → 令和',
      rule: 'R6年 / R6.12末 / R6.12.1 / H26年 in free text written 令和6年 / 令和6年12月末 / 令和6年12月1日 / 平成26年; no finding changes',
      apply(text) {
        const r = editSpans(text, (s) =>
          s.replace(/(?<![A-Za-zＡ-Ｚａ-ｚ])([RHＲＨ])([0-9０-９]{1,2})(?:年|[.．]([0-9０-９]{1,2})(?:[.．]([0-9０-９]{1,2}))?(?![0-9０-９.．]))/gu, (all, e: string, y: string, m?: string, d?: string) => {
            const era = /[RＲ]/.test(e) ? '令和' : '平成';
            if (!m && !all.endsWith('年')) return all;
            return `${era}${era === '令和' && num(y) === 1 ? '元' : y}年${m ? `${m}月` : ''}${d ? `${d}日` : ''}`;
          }),
        );
        return r.changes ? { text: r.text, changes: r.changes } : null;
      },
    },
    {
      name: 'era 令和 → R',
      rule: '令和6年度 / 令和6年4月 in free text written R6年度 / R6年4月 (the form real sheets abbreviate); no finding changes',
      apply(text) {
        const r = editSpans(text, (s) => s.replace(/令和(?![1１](?![0-9０-９]))([0-9０-９]{1,2})(?=年)/g, 'R$1'));
        return r.changes ? { text: r.text, changes: r.changes } : null;
      },
    },
    {
      name: 'date dotted',
      rule: '令和6年12月1日 / 令和6年12月末 in free text written R6.12.1 / R6.12末 (the abbreviations of real sheets); no finding changes',
      apply(text) {
        const r = editSpans(text, (s) =>
          s.replace(/(令和|平成)(元|[0-9０-９]{1,2})年([0-9０-９]{1,2})月(?:([0-9０-９]{1,2})日|(?=末))/g, (_all, era: string, y: string, m: string, d?: string) =>
            `${era === '令和' ? 'R' : 'H'}${y === '元' ? '1' : y}.${m}${d ? `.${d}` : ''}`,
          ),
        );
        return r.changes ? { text: r.text, changes: r.changes } : null;
      },
    },
    {
      name: 'era → 西暦',
      rule: '令和6年度 / 令和6年12月 / 平成26年 in free text written 2024年度 / 2024年12月 / 2014年 (valid era years only; not a date outside its era, nor 令和 in a 平成 sheet); no finding changes',
      apply(text) {
        const docEra = documentEra(text);
        const r = editSpans(text, (s) =>
          s.replace(/(令和|平成)(元|[0-9０-９]{1,2})(?=年)(?:(?=年[0-9０-９]{1,2}月)年([0-9０-９]{1,2})月)?/g, (all, era: string, y: string, m?: string) => {
            const n = y === '元' ? 1 : num(y);
            if ((era === '令和' && (n < 1 || (n === 1 && y !== '元'))) || (era === '平成' && (n < 1 || n > 31))) return all;
            // a date outside its era (平成31年5月, 令和元年4月) or a 令和 year in a 平成 sheet is an error 西暦 would hide
            if (m && ((era === '平成' && n === 31 && num(m) >= 5) || (era === '令和' && n === 1 && num(m) <= 4))) return all;
            if (era === '令和' && docEra === '平成') return all;
            if (m) return `${isFull(y) ? toFull(String(ERA_START[era as Era] + n)) : ERA_START[era as Era] + n}年${m}月`;
            const west = String(ERA_START[era as Era] + n);
            return isFull(y) ? toFull(west) : west;
          }),
        );
        return r.changes ? { text: r.text, changes: r.changes } : null;
      },
    },
    {
      name: 'neutral sentence',
      rule: 'a clean sentence without year, date or figure appended to every free-text value of 8 characters or more but めざす姿 (a 【再掲】 compares it); no finding changes',
      apply(text) {
        const r = editSpans(text, (s, key) => {
          if (/^["']|^[|>]/.test(s.trim()) || s.trim().length < 8 || key === 'めざす姿') return s;
          return `${s}${/[。.]$/.test(s.trimEnd()) ? '' : '。'}引き続き関係機関と連携して取り組む。`;
        });
        return r.changes ? { text: r.text, changes: r.changes } : null;
      },
    },
    {
      name: 'ward swap',
      rule: 'two wards swapped throughout (区名, 出席者, 担当, tables, text; one mentioned, one not when possible); no finding changes',
      apply(text) {
        const present = WARDS.filter((w) => new RegExp(`(?<![東西南北])${w}\\s*区`).test(text));
        if (present.length === 0) return null;
        const a = present[0]!;
        const b = WARDS.find((w) => !present.includes(w) && w.length === a.length) ?? present[1];
        if (!b) return null;
        const re = new RegExp(`(?<![東西南北中央此花阿倍野住之江淀成吉島福都城天王寺浪速平野大正生鶴見旭港])(${a}|${b})(\\s*)(?=区)`, 'g');
        let changes = 0;
        const out = text.replace(re, (_all, w: string, sp: string) => {
          changes++;
          return `${w === a ? b : a}${sp}`;
        });
        return changes ? { text: out, changes } : null;
      },
    },
    {
      name: 'rows reordered',
      rule: 'the first two single-line items of each 主な取組実績 / 課題 / 次年度以降の取組内容 / 取組実績 / 出席者 list swapped; the same findings, moved with their lines',
      apply(text) {
        const lines = text.split('\n');
        const lineMap = lines.map((_, i) => i);
        let changes = 0;
        for (let i = 0; i < lines.length - 2; i++) {
          const m = /^(\s*)(?:- )?(主な取組実績|課題|次年度以降の取組内容|取組実績|出席者):\s*$/.exec(lines[i]!);
          if (!m) continue;
          const a = /^(\s*)- (?!\{)[^:]*$/.exec(lines[i + 1]!);
          const b = /^(\s*)- (?!\{)[^:]*$/.exec(lines[i + 2]!);
          const next = lines[i + 3] ?? '';
          const nextIndent = next.length - next.trimStart().length;
          if (!a || !b || a[1] !== b[1] || (next.trim() !== '' && nextIndent > a[1]!.length)) continue;
          if (/^\s*- ["'|>]/.test(lines[i + 1]!) || /^\s*- ["'|>]/.test(lines[i + 2]!)) continue;
          [lines[i + 1], lines[i + 2]] = [lines[i + 2]!, lines[i + 1]!];
          lineMap[i + 1] = i + 2;
          lineMap[i + 2] = i + 1;
          changes++;
          i += 2;
        }
        return changes ? { text: lines.join('\n'), changes, lineMap } : null;
      },
    },
  ];
}

/** The result of one relation on one sheet. */
export interface RelationResult {
  relation: string;
  changes: number;
  /** Findings the variant has that the relation does not allow (code at a 0-based variant line). */
  extra: MetaFinding[];
  /** Findings of the original (moved by lineMap) that the variant lacks and the relation does not allow. */
  lost: MetaFinding[];
}

/**
 * Applies one relation to a sheet and compares findings as multisets of (code, line): `validate`
 * returns the findings of a text. Returns null when the relation does not apply.
 */
export function checkRelation(relation: Relation, text: string, validate: (text: string) => MetaFinding[]): RelationResult | null {
  const variant = relation.apply(text);
  if (!variant) return null;
  const before = validate(text).map((f) => ({ ...f, line: variant.lineMap?.[f.line] ?? f.line }));
  const after = validate(variant.text);
  const key = (f: { code: string; line: number }) => `${f.code}@${f.line}`;
  const pool = new Map<string, MetaFinding[]>();
  for (const f of before) pool.set(key(f), [...(pool.get(key(f)) ?? []), f]);
  for (const a of variant.added ?? []) pool.set(key(a), [...(pool.get(key(a)) ?? []), { ...a, text: '(added by the relation)' }]);
  const extra: MetaFinding[] = [];
  const appear = new Set((variant.mayAppear ?? []).map(key));
  for (const f of after) {
    const list = pool.get(key(f));
    if (list && list.length) list.shift();
    else if (!appear.has(key(f))) extra.push(f);
  }
  const vanish = new Set((variant.mayVanish ?? []).map(key));
  const lost = [...pool.values()].flat().filter((f) => !vanish.has(key(f)));
  return { relation: relation.name, changes: variant.changes, extra, lost };
}

let uris = 0;
/**
 * The findings of a text as relations compare them, from `validate` (a language service's), each
 * text under a uri of its own and memoised by text (each original is validated once).
 */
export function findingsWith(validate: (document: TextDocument) => Diagnostic[]): (text: string) => MetaFinding[] {
  const memo = new Map<string, MetaFinding[]>();
  return (text) => {
    const known = memo.get(text);
    if (known) return known;
    const document = TextDocument.create(`file:///metamorphic/${++uris}.sheet.yaml`, 'policy-yaml', 1, text);
    const out = validate(document).map((d) => ({
      code: String(d.code),
      line: d.range.start.line,
      text: text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end)),
    }));
    memo.set(text, out);
    return out;
  };
}
