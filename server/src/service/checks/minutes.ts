/**
 * 部会議事概要 checks (../shared/domain.md, "Checks the language server must make" 7 and the last
 * point of 6): the date exists, the weekday matches it, the meeting starts before it ends, 議事 are
 * numbered 1..n, and every ward chief named in a 担当 is among the 出席者.
 *
 * The data may not match the schema (half-typed documents): every value is type-checked here and
 * skipped when it is not of the expected shape; the schema diagnostics report the shape itself.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { normalizeWeekday, parseClockTime } from '../domain/dates';
import { parseWarekiDate, toAsciiDigits, warekiDateName, weekdayOf } from '../domain/era';
import { formerWards, normalizeChiefTitle, unknownChiefWard, wardByName } from '../domain/wards';
import type { Problem } from '../problem';
import { withoutTrailingNote } from '../text';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo, itemProblems, signatureOf } from './itemMemo';
import { indexedRecords, problemAt, isRecord } from './support';


/** 日時.日付 must exist and lie in its era; 日時.曜日 must be that date's weekday. */
function checkDate(context: CheckContext): Problem[] {
  const when = context.data['日時'];
  if (!isRecord(when) || typeof when['日付'] !== 'string') return [];
  const written = when['日付'];
  const parsed = parseWarekiDate(written);
  if (!parsed) return []; // not a 和暦 date at all: schema/pattern reports it
  if (parsed.problem) {
    // A real day named in the wrong era (令和1年4月25日, 平成31年5月10日): its name is the fix.
    const { year, month, day, eraYear } = parsed.date;
    const name = eraYear >= 1 ? warekiDateName(year, month, day) : undefined;
    const problem = name ? `${parsed.problem}この日は${name}です。` : parsed.problem;
    return [problemAt(context, ['日時', '日付'], DiagnosticCode.dateInvalid, `${written.trim()}: ${problem}`, { severity: 'error', ...(name ? { data: { replacement: name } } : {}) })];
  }
  const weekdayText = when['曜日'];
  if (typeof weekdayText !== 'string') return [];
  const weekday = normalizeWeekday(weekdayText);
  if (weekday === undefined) return []; // not a weekday: schema/enum reports it
  const { year, month, day } = parsed.date;
  const expected = weekdayOf(year, month, day);
  if (weekday === expected) return [];
  return [
    problemAt(context, ['日時', '曜日'], DiagnosticCode.minutesWeekdayMismatch, `${weekday}曜日ではありません。${written.trim()}は${expected}曜日です。`, {
      severity: 'error',
      data: { expected },
    }),
  ];
}

/** 日時.開始 and 日時.終了 must be times of day (0:00–23:59) and 開始 must be before 終了. */
function checkTimeRange(context: CheckContext): Problem[] {
  const when = context.data['日時'];
  if (!isRecord(when)) return [];
  const problems: Problem[] = [];
  const minutesOf: Partial<Record<'開始' | '終了', number>> = {};
  for (const key of ['開始', '終了'] as const) {
    const value = when[key];
    if (typeof value !== 'string') continue;
    const time = parseClockTime(value);
    if (!time) continue; // not h:mm: schema/pattern reports it
    if (time.hours > 23 || time.minutes > 59) {
      const what = time.hours > 23 ? `${time.hours}時` : `${time.minutes}分`;
      problems.push(problemAt(context, ['日時', key], DiagnosticCode.minutesTimeRange, `${key}の時刻 ${value.trim()} の${what}はありません（0:00〜23:59 で書いてください）。`, { severity: 'error' }));
      continue;
    }
    minutesOf[key] = time.hours * 60 + time.minutes;
  }
  const start = minutesOf.開始;
  const end = minutesOf.終了;
  if (start !== undefined && end !== undefined && start >= end) {
    problems.push(
      problemAt(context, ['日時', '終了'], DiagnosticCode.minutesTimeRange, `終了（${String(when['終了']).trim()}）が開始（${String(when['開始']).trim()}）より後になっていません。`, { severity: 'error' }),
    );
  }
  return problems;
}

/** 議事[i].番号 must be i + 1; the first item out of order is reported (later ones follow from it). */
function checkNumbering(context: CheckContext): Problem[] {
  for (const [i, item] of indexedRecords(context.data['議事'])) {
    const raw = item['番号'];
    // A number written as text ("２") is still read, so the numbering is checked, not the type.
    const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[0-9]+$/.test(toAsciiDigits(raw.trim())) ? Number(toAsciiDigits(raw.trim())) : undefined;
    if (number === undefined) continue; // missing or not a number: the schema reports it
    if (number !== i + 1) {
      return [
        problemAt(context, ['議事', i, '番号'], DiagnosticCode.minutesNumbering, `議事の番号は 1 から順に付けます。${i + 1} 番目の議事なので ${i + 1} です（いまは ${String(raw)}）。`, {
          severity: 'error',
          data: { expected: i + 1 },
        }),
      ];
    }
  }
  return [];
}

/** A name without spaces (北 区長 → 北区長), the city's name (大阪市北区長 → 北区長) and a trailing （…） note. */
function normalizeName(text: string): string {
  return withoutTrailingNote(normalizeChiefTitle(text));
}

/**
 * The ward of a ward chief's title ("天王寺区長" → 天王寺区), or undefined for anyone else: 局 staff,
 * 副区長, 担当区長, or a ward that is not one of the 24 (ward/unknown-name is another check's job).
 */
function chiefWard(name: string): string | undefined {
  const m = /^(.+区)長$/.exec(name);
  return m ? wardByName(m[1]!)?.name : undefined;
}

/** Every ward chief (XX区長) named in a 担当 must be among the 出席者. 局 staff are not checked. */
function checkOwnersAttend(context: CheckContext): Problem[] {
  const attendees = context.data['出席者'];
  if (!Array.isArray(attendees)) return [];
  const present = new Set(attendees.filter((a): a is string => typeof a === 'string').map(normalizeName));
  // Memoised per 議事 item (./itemMemo.ts) while the 出席者 are the same.
  return itemProblems(context, ownerMemo, signatureOf([...present]), agendaItems(context), agendaObject, ({ path: [, i], item }) => {
    const problems: Problem[] = [];
    const owners = item['担当'];
    if (!Array.isArray(owners)) return problems;
    owners.forEach((owner, k) => {
      if (typeof owner !== 'string') return;
      const name = normalizeName(owner);
      if (chiefWard(name) === undefined || present.has(name)) return;
      problems.push(
        problemAt(context, ['議事', i, '担当', k], DiagnosticCode.minutesOwnerAbsent, `担当の${name}が出席者にいません。出席者に加えるか、担当を確かめてください。`, {
          data: { attendee: name },
        }),
      );
    });
    return problems;
  });
}

/** The 議事 items with their paths, for the per-item memos. */
function agendaItems(context: CheckContext): { path: ['議事', number]; item: Record<string, unknown> }[] {
  return indexedRecords(context.data['議事']).map(([i, item]) => ({ path: ['議事', i], item }));
}

const agendaObject = (entry: { item: object }): object => entry.item;
const ownerMemo = new ItemMemo();
const chiefMemo = new ItemMemo();

/**
 * ward/unknown-name on the 出席者 and 担当 of the minutes: a ward chief of a ward that is not one
 * of the 24 (東区長, 阿部野区長). Range: the name; data `{suggestion, replacement}` when a ward is
 * meant (the successor of a former ward, or a name one or two characters away).
 */
function checkChiefWards(context: CheckContext): Problem[] {
  const report = (problems: Problem[], path: (string | number)[], name: unknown) => {
    if (typeof name !== 'string') return;
    const unknown = unknownChiefWard(name);
    if (!unknown) return;
    const former = formerWards.get(unknown.written);
    const hint = former ? `${unknown.written}は1989年に${former}などに再編された旧区です。` : '';
    // The title as written with the ward replaced (a deputy stays a deputy: 東区副区長 → 中央区副区長).
    const replacement = unknown.suggestion ? name.replace(unknown.written, unknown.suggestion) : undefined;
    problems.push(
      problemAt(context, path, DiagnosticCode.wardUnknownName, `「${unknown.written}」は大阪市の24区のいずれでもありません。${hint}${replacement ? `「${replacement}」ではありませんか。` : ''}`, {
        severity: 'error',
        ...(unknown.suggestion ? { data: { suggestion: unknown.suggestion, replacement } } : {}),
      }),
    );
  };
  // Memoised per list (./itemMemo.ts): the 出席者 list, and each 議事 item.
  const attendees = context.data['出席者'];
  const lists: { path: (string | number)[]; item: object }[] = Array.isArray(attendees) ? [{ path: ['出席者'], item: attendees }] : [];
  const fromAttendees = itemProblems(context, chiefMemo, '', lists, agendaObject, ({ item }) => {
    const problems: Problem[] = [];
    (item as unknown[]).forEach((a, i) => report(problems, ['出席者', i], a));
    return problems;
  });
  const fromAgenda = itemProblems(context, chiefMemo, '', agendaItems(context), agendaObject, ({ path: [, i], item }) => {
    const problems: Problem[] = [];
    const owners = item['担当'];
    if (Array.isArray(owners)) owners.forEach((o, k) => report(problems, ['議事', i, '担当', k], o));
    else report(problems, ['議事', i, '担当'], owners);
    return problems;
  });
  return [...fromAttendees, ...fromAgenda];
}

/** The minutes checks, registered in checks/index.ts. */
export const minutesChecks: readonly CheckRegistration[] = [
  { kinds: ['部会議事概要'], check: checkDate },
  { kinds: ['部会議事概要'], check: checkTimeRange },
  { kinds: ['部会議事概要'], check: checkNumbering },
  { kinds: ['部会議事概要'], check: checkOwnersAttend },
  { kinds: ['部会議事概要'], check: checkChiefWards },
];
