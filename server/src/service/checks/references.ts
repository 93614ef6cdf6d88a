/**
 * Names and references: 【再掲】 references of a 振り返りシート, quoted 取組項目 titles in its text,
 * and the numbering (ids) of 振り返りシート and 区運営方針.
 *
 * Source: ../shared/domain.md "Checks the language server must make" 6 — "【再掲】 references
 * resolve, within the document or across the workspace; ids are unique and hierarchical (5-1-1
 * under 5-1 under 5)". Only references within the document are resolved here: the service sees
 * one document at a time (a workspace index is not part of the pure service yet).
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { toAsciiDigits } from '../domain/era';
import { normalizeWardName as withoutSpaces } from '../domain/wards';
import { editDistance } from '../text';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { reviewRows } from './review';
import { type DataPath, indexedRecords, problemAt } from './support';

/** A 柱 (中項目) address: 柱 番号 and 中項目 番号, as in 再掲 "1 (2)". */
export interface SectionAddress {
  pillar: number;
  section: number;
}

/**
 * Reads a 再掲 value "1 (2)" (also "1(2)", "１（２）") as 柱 1, 中項目 2; undefined for any other
 * text (the schema's pattern reports those).
 */
export function parseSectionAddress(text: string): SectionAddress | undefined {
  const m = /^\s*([0-9]+)\s*[(（]\s*([0-9]+)\s*[)）]\s*$/.exec(toAsciiDigits(text));
  return m ? { pillar: Number(m[1]), section: Number(m[2]) } : undefined;
}

/** A 番号 written as an integer or a numeric string, as a number; undefined otherwise. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[0-9０-９]+\s*$/.test(value)) return Number(toAsciiDigits(value.trim()));
  return undefined;
}

/** The 柱 and 中項目 of a 振り返りシート by number (the first of each number, if duplicated). */
function sectionIndex(data: Record<string, unknown>): Map<number, Map<number, Record<string, unknown>>> {
  const index = new Map<number, Map<number, Record<string, unknown>>>();
  for (const [, pillar] of indexedRecords(data['柱'])) {
    const p = numberOf(pillar['番号']);
    if (p === undefined || index.has(p)) continue;
    const sections = new Map<number, Record<string, unknown>>();
    for (const [, section] of indexedRecords(pillar['中項目'])) {
      const s = numberOf(section['番号']);
      if (s !== undefined && !sections.has(s)) sections.set(s, section);
    }
    index.set(p, sections);
  }
  return index;
}

/**
 * reference/dangling on a 振り返りシート:
 * - a row's 再掲 "1 (2)" must name an existing 柱 1 with a 中項目 (2) in the same document
 *   (range: the 再掲 value; warning; data `{candidates}` = every address of the document);
 * - a text that cites "1 (1) …の「title」" must quote a 取組項目 of that 中項目 by its exact
 *   title. Reported only when the quote is not any title (nor a めざす姿) of that 中項目 and one
 *   title is close to it (≥ 80% alike), so that a quote of something else is never flagged
 *   (range: the quoted title; warning; data `{replacement}` = the real title).
 * Workspace-wide resolution (a 再掲 of another document) is not done.
 */
export function checkReviewReferences(context: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const index = sectionIndex(context.data);
  const candidates = [...index].flatMap(([p, sections]) => [...sections.keys()].map((s) => `${p} (${s})`));
  for (const { path, row } of reviewRows(context.data)) {
    const repeat = row['再掲'];
    if (typeof repeat === 'string') {
      const address = parseSectionAddress(repeat);
      if (address) {
        const sections = index.get(address.pillar);
        if (!sections || !sections.has(address.section)) {
          const message = !sections
            ? `【再掲】の元「${repeat.trim()}」が見つかりません。この文書に柱${address.pillar}はありません（${[...index.keys()].map((p) => `柱${p}`).join('、')}があります）。`
            : `【再掲】の元「${repeat.trim()}」が見つかりません。柱${address.pillar}に中項目(${address.section})はありません（${[...sections.keys()].map((s) => `(${s})`).join('、')}があります）。`;
          problems.push(problemAt(context, [...path, '再掲'], DiagnosticCode.referenceDangling, message, { severity: 'warning', data: { candidates } }));
        }
      }
    }
    for (const field of textFields) problems.push(...quotedTitleProblems(context, index, [...path, field], row[field]));
  }
  return problems;
}

/** Row fields whose text may cite another item. */
const textFields = ['めざす姿', '具体的取組', '主な取組実績', '課題', '次年度以降の取組内容', '参考'] as const;

// "1 (1) 地域社会における…(…)の「NPO・企業・人材等、地域資源の発掘と連携強化」": an address, up to 80
// characters of 中項目 name, then の「…」. Digits are matched on the ASCII form (same offsets).
const citation = /(?<![0-9])([0-9]+)\s*[(（]\s*([0-9]+)\s*[)）]([^「」\n]{0,80}?)の「([^「」\n]+)」/g;

function quotedTitleProblems(context: CheckContext, index: Map<number, Map<number, Record<string, unknown>>>, path: DataPath, value: unknown): Problem[] {
  const list: [DataPath, string][] = typeof value === 'string' ? [[path, value]] : Array.isArray(value) ? value.flatMap((v, i): [DataPath, string][] => (typeof v === 'string' ? [[[...path, i], v]] : [])) : [];
  const problems: Problem[] = [];
  for (const [itemPath, text] of list) {
    for (const m of toAsciiDigits(text).matchAll(citation)) {
      const section = index.get(Number(m[1]))?.get(Number(m[2]));
      if (!section) continue; // perhaps another document: not resolved here
      const quote = text.slice(m.index + m[0].length - m[4]!.length - 1, m.index + m[0].length - 1);
      const { titles, others } = namesIn(section);
      const wanted = withoutSpaces(quote);
      if ([...titles, ...others].some((t) => withoutSpaces(t) === wanted)) continue;
      let nearest: string | undefined;
      let likeness = 0;
      for (const title of titles) {
        const t = withoutSpaces(title);
        const l = 1 - editDistance(wanted, t) / Math.max(wanted.length, t.length, 1);
        if (l > likeness) [nearest, likeness] = [title, l];
      }
      if (!nearest || likeness < 0.8) continue;
      const start = m.index + m[0].length - 1 - quote.length;
      problems.push(
        problemAt(context, itemPath, DiagnosticCode.referenceDangling, `${m[1]} (${m[2]}) に取組項目「${quote}」はありません。「${nearest}」のことなら、題名をそのとおりに書いてください。`, {
          severity: 'warning',
          data: { replacement: nearest },
          sub: { start, end: start + quote.length, text: quote },
        }),
      );
    }
  }
  return problems;
}

/** The 取組項目 titles of a 中項目 (direct and under 小項目), and the other names a text may quote. */
function namesIn(section: Record<string, unknown>): { titles: string[]; others: string[] } {
  const titles: string[] = [];
  const others: string[] = [];
  const items = [...indexedRecords(section['取組項目'])];
  for (const [, sub] of indexedRecords(section['小項目'])) {
    if (typeof sub['名称'] === 'string') others.push(sub['名称']);
    items.push(...indexedRecords(sub['取組項目']));
  }
  for (const [, item] of items) {
    if (typeof item['名称'] === 'string') titles.push(item['名称']);
    for (const [, row] of indexedRecords(item['行'])) {
      const goal = row['めざす姿'];
      if (typeof goal === 'string') others.push(goal);
      else if (Array.isArray(goal)) others.push(...goal.filter((g): g is string => typeof g === 'string'));
    }
  }
  if (typeof section['名称'] === 'string') others.push(section['名称']);
  return { titles, others };
}

/**
 * id/hierarchy on a 振り返りシート: 柱 番号 unique in the document, 中項目 番号 unique within its 柱,
 * 小項目 記号 unique within its 中項目. Range: the second occurrence (error; data `{id}`).
 */
export function checkReviewIds(context: CheckContext): Problem[] {
  const problems: Problem[] = [];
  problems.push(...duplicates(context, ['柱'], '番号', '柱の番号'));
  for (const [i, pillar] of indexedRecords(context.data['柱'])) {
    problems.push(...duplicates(context, ['柱', i, '中項目'], '番号', `柱${String(pillar['番号'] ?? '')}の中項目の番号`));
    for (const [j] of indexedRecords(pillar['中項目'])) problems.push(...duplicates(context, ['柱', i, '中項目', j, '小項目'], '記号', '小項目の記号'));
  }
  return problems;
}

/** Problems for entries of the list at `listPath` whose `key` repeats an earlier sibling's. */
function duplicates(context: CheckContext, listPath: DataPath, key: string, what: string): Problem[] {
  const list = listPath.reduce<unknown>((v, segment) => (v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[segment] : undefined), context.data);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const [i, entry] of indexedRecords(list)) {
    const id = idText(entry[key]);
    if (id === undefined) continue;
    if (seen.has(id)) problems.push(problemAt(context, [...listPath, i, key], DiagnosticCode.idHierarchy, `${what}「${id}」が重複しています。番号は1つずつ違うものにしてください。`, { severity: 'error', data: { id } }));
    seen.add(id);
  }
  return problems;
}

/**
 * An id as comparable text: integers and numeric strings with ASCII digits and "-" (full-width
 * digits and dashes －−‐ normalised, spaces removed); 記号 strings as written without spaces.
 */
function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = withoutSpaces(toAsciiDigits(value)).replace(/[－−‐–]/g, '-');
  return text === '' ? undefined : text;
}

/** The numeric parts of a hierarchical id "5-1-1" → [5, 1, 1]; undefined if it is not one. */
function idParts(value: unknown): number[] | undefined {
  const text = idText(value);
  return text !== undefined && /^[0-9]+(-[0-9]+)*$/.test(text) ? text.split('-').map(Number) : undefined;
}

/**
 * id/hierarchy on a 区運営方針: ids unique among siblings (経営課題, 戦略, 具体的取組, 行財政 取組);
 * a hierarchical 戦略 番号 "5-1" starts with its 経営課題 番号 "5" and has two parts; a
 * hierarchical 具体的取組 番号 "5-1-1" starts with its 戦略 "5-1" and has three parts. The 平成
 * 概要版 (004) numbers 戦略 1 and 具体的取組 1), 2) … as plain integers restarting in each 戦略:
 * plain numbers are only checked for uniqueness among siblings. Range: the 番号 value (error;
 * data `{expected}` for a wrong prefix, `{id}` for a duplicate).
 */
export function checkPolicyIds(context: CheckContext): Problem[] {
  const problems: Problem[] = [];
  problems.push(...duplicates(context, ['経営課題'], '番号', '経営課題の番号'));
  for (const [i, issue] of indexedRecords(context.data['経営課題'])) {
    const issueParts = idParts(issue['番号']);
    if (issueParts && issueParts.length > 1) {
      problems.push(problemAt(context, ['経営課題', i, '番号'], DiagnosticCode.idHierarchy, `経営課題の番号は「${issueParts[0]}」のように1つの数で書きます。`, { severity: 'error', data: { expected: String(issueParts[0]) } }));
    }
    const issueId = issueParts?.length === 1 ? issueParts : undefined;
    problems.push(...duplicates(context, ['経営課題', i, '戦略'], '番号', '戦略の番号'));
    for (const [j, strategy] of indexedRecords(issue['戦略'])) {
      const strategyPath: DataPath = ['経営課題', i, '戦略', j];
      const parts = idParts(strategy['番号']);
      // The full id of this 戦略 ("5-1"), used as the prefix of its 具体的取組.
      let strategyId: number[] | undefined;
      if (parts && parts.length === 1) strategyId = issueId ? [...issueId, ...parts] : undefined;
      else if (parts) {
        const expected = issueId ? [...issueId, parts[parts.length - 1]!] : undefined;
        if (parts.length !== 2 || (expected && parts[0] !== expected[0])) {
          const shown = expected?.join('-');
          problems.push(
            problemAt(
              context,
              [...strategyPath, '番号'],
              DiagnosticCode.idHierarchy,
              parts.length !== 2
                ? `戦略の番号は「${shown ?? '5-1'}」のように経営課題の番号と戦略の番号の2つで書きます。`
                : `戦略の番号「${parts.join('-')}」が経営課題${issueId!.join('')}の下の番号になっていません。「${shown}」のように${issueId!.join('')}で始めてください。`,
              { severity: 'error', ...(shown ? { data: { expected: shown } } : {}) },
            ),
          );
        }
        // Children are judged against the id the 戦略 should have, so one slip is reported once.
        strategyId = expected ?? (parts.length === 2 ? parts : undefined);
      }
      problems.push(...duplicates(context, [...strategyPath, '具体的取組'], '番号', '具体的取組の番号'));
      for (const [k, action] of indexedRecords(strategy['具体的取組'])) {
        const actionParts = idParts(action['番号']);
        if (!actionParts || actionParts.length === 1) continue; // 1), 2) … of the 概要版: siblings only
        const expected = strategyId ? [...strategyId, actionParts[actionParts.length - 1]!] : undefined;
        const wrongDepth = actionParts.length !== 3;
        const wrongPrefix = !wrongDepth && strategyId !== undefined && (actionParts[0] !== strategyId[0] || actionParts[1] !== strategyId[1]);
        if (!wrongDepth && !wrongPrefix) continue;
        const shown = expected?.join('-');
        problems.push(
          problemAt(
            context,
            [...strategyPath, '具体的取組', k, '番号'],
            DiagnosticCode.idHierarchy,
            wrongDepth
              ? `具体的取組の番号は「${shown ?? '5-1-1'}」のように戦略の番号に続けて3つの数で書きます。`
              : `具体的取組の番号「${actionParts.join('-')}」が戦略${strategyId!.join('-')}の下の番号になっていません。「${shown}」のように${strategyId!.join('-')}で始めてください。`,
            { severity: 'error', ...(shown ? { data: { expected: shown } } : {}) },
          ),
        );
      }
    }
  }
  const finance = context.data['行財政'];
  if (finance !== null && typeof finance === 'object' && !Array.isArray(finance)) problems.push(...duplicates(context, ['行財政', '取組'], '番号', '行財政の取組の番号'));
  return problems;
}

/** The checks of this module, for the registry in ./index.ts. */
export const referenceChecks: readonly CheckRegistration[] = [
  { kinds: ['振り返りシート'], check: checkReviewReferences },
  { kinds: ['振り返りシート'], check: checkReviewIds },
  { kinds: ['区運営方針'], check: checkPolicyIds },
];
