/**
 * Ids and labels of a 市政改革プラン進捗 (../shared/domain.md, 003: 柱, 事項 id 2-③, sub-keys ア,
 * ア(ア); "Checks the language server must make" 6 — ids unique and hierarchical) and the label
 * sequence of every labelled list (ア, イ, ウ …; (ア), (イ) …; ア(ア), ア(イ) …).
 * - id/hierarchy: a 事項 番号 whose 柱 part is not its 柱 (2-② under 柱 3); the same 事項 twice.
 * - id/label-sequence: labels out of sequence (ア(イ) with no ア(ア); ア, ウ with no イ).
 * Lists that cite labels (評価, 課題, 方向性: 「ア・イ」「ア(ア)・ア(イ)・イ」) are not sequences.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { toAsciiDigits } from '../domain/era';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo, walkItems } from './itemMemo';
import { type DataPath, indexedRecords, isRecord, problemAt } from './support';

/** The order of each kind of label. */
const katakana = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';
const circled = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** A label read as (family, position) at one or two levels: ア(イ) → [{kana,0},{paren-kana,1}]. */
interface LabelPart {
  family: string;
  index: number;
  text: string;
}

const partPattern = /([ア-ン])|[(（]([ア-ン])[)）]|([①-⑳])|[(（]([0-9]{1,2})[)）]|([0-9]{1,2})(?=[.．)）]?$)/g;

/**
 * Reads a label: ア, (ア), ア(イ), ①, (1), 1. Undefined for labels that cite several items
 * (ア・イ) or are not labels at all.
 */
export function readLabel(text: string): LabelPart[] | undefined {
  const t = toAsciiDigits(text.replace(/[\s\u3000]/g, ''));
  if (t === '' || /[・、,]/.test(t)) return undefined;
  const parts: LabelPart[] = [];
  let consumed = 0;
  for (const m of t.matchAll(partPattern)) {
    if (m.index !== consumed) return undefined;
    consumed = m.index + m[0].length;
    if (m[1]) parts.push({ family: 'kana', index: katakana.indexOf(m[1]), text: m[1] });
    else if (m[2]) parts.push({ family: '(kana)', index: katakana.indexOf(m[2]), text: `(${m[2]})` });
    else if (m[3]) parts.push({ family: 'circled', index: circled.indexOf(m[3]), text: m[3] });
    else if (m[4]) parts.push({ family: '(n)', index: Number(m[4]) - 1, text: `(${m[4]})` });
    else if (m[5]) parts.push({ family: 'n', index: Number(m[5]) - 1, text: m[5] });
  }
  if (consumed !== t.length || parts.length === 0 || parts.length > 2 || parts.some((p) => p.index < 0)) return undefined;
  return parts;
}

function labelAt(family: string, index: number): string {
  switch (family) {
    case 'kana':
      return katakana[index] ?? '?';
    case '(kana)':
      return `(${katakana[index] ?? '?'})`;
    case 'circled':
      return circled[index] ?? '?';
    case '(n)':
      return `(${index + 1})`;
    default:
      return String(index + 1);
  }
}

/** Keys whose lists are sequences of labelled items (not citations of labels). */
const sequenceKeys = new Set(['取組の考え方', '成果目標', '業績目標', '取組内容', '主な取組', '子項目']);

/**
 * id/label-sequence on one list of {記号, …} items: the first labels of the items must run
 * ア, イ, ウ … from the first of their family; the second labels under one first label (ア(ア),
 * ア(イ) …) likewise. Reports the first break of each list only (one slip, one finding).
 */
function sequenceProblems(context: CheckContext, listPath: DataPath, list: unknown): Problem[] {
  const items = indexedRecords(list);
  const expectedNext = new Map<string, number>(); // key: parent label + family → next index
  for (const [i, item] of items) {
    const written = item['記号'];
    if (typeof written !== 'string') continue;
    const parts = readLabel(written);
    if (!parts) continue;
    const levels: [string, LabelPart][] = parts.map((p, depth) => [depth === 0 ? `|${p.family}` : `${parts[0]!.text}|${p.family}`, p]);
    for (const [depth, [key, part]] of levels.entries()) {
      const next = expectedNext.get(key) ?? 0;
      // A first label repeated for its sub-items (ア(ア), ア(イ)) is the same item, not the next.
      const repeat = depth === 0 && parts.length === 2 && next === part.index + 1;
      if (!repeat && part.index !== next) {
        const expected = labelAt(part.family, next);
        const prefix = depth === 1 ? parts[0]!.text : '';
        return [
          problemAt(
            context,
            [...listPath, i, '記号'],
            DiagnosticCode.idLabelSequence,
            next === 0 || part.index > next
              ? `記号「${written.trim()}」の前に「${prefix}${expected}」がありません。記号は${labelAt(part.family, 0)}から順に付けます（抜けている項目があれば書き、なければ「${prefix}${expected}」にしてください）。`
              : `記号「${written.trim()}」が順番どおりではありません（ここは「${prefix}${expected}」のはずです）。`,
            { severity: 'warning', data: { expected: `${prefix}${expected}` } },
          ),
        ];
      }
      if (!repeat) expectedNext.set(key, part.index + 1);
    }
  }
  return [];
}

/** Walks every sequence list (and their 子項目) of the sheet; cycle-safe; memoised per item (./itemMemo.ts). */
function checkLabelSequences(context: CheckContext): Problem[] {
  return walkItems(context, context.data, sequenceMemo, '', ({ value, path, key, entry }, out) => {
    if (entry && sequenceKeys.has(key) && Array.isArray(value)) out.problems.push(...sequenceProblems(context, path, value));
  }).problems;
}

const sequenceMemo = new ItemMemo();

/** A 事項 id "2-③" as [柱, item]: the 柱 number and the item mark as written. */
function itemId(value: unknown): { pillar: number; item: string; text: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const text = toAsciiDigits(value.replace(/[\s\u3000]/g, '')).replace(/[－−‐–ー]/g, '-');
  const m = /^([0-9]+)-(.+)$/.exec(text);
  return m ? { pillar: Number(m[1]), item: m[2]!, text } : undefined;
}

/**
 * id/hierarchy on a 市政改革プラン進捗: each 事項 番号 (2-③) starts with the 番号 of its 柱 (the
 * top-level 柱, or the 柱 list item the 事項 is under); no 事項 番号 twice. Range: the 番号.
 */
function checkItemIds(context: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const groups: { pillar: unknown; items: unknown; path: DataPath }[] = [];
  const top = context.data['柱'];
  if (isRecord(top)) groups.push({ pillar: top['番号'], items: context.data['事項'], path: ['事項'] });
  for (const [i, pillar] of indexedRecords(top)) groups.push({ pillar: pillar['番号'], items: pillar['事項'], path: ['柱', i, '事項'] });
  const seen = new Set<string>();
  for (const group of groups) {
    const pillar = typeof group.pillar === 'number' ? group.pillar : typeof group.pillar === 'string' && /^[0-9０-９]+$/.test(group.pillar.trim()) ? Number(toAsciiDigits(group.pillar.trim())) : undefined;
    for (const [j, item] of indexedRecords(group.items)) {
      const id = itemId(item['番号']);
      if (!id) continue;
      const path: DataPath = [...group.path, j, '番号'];
      if (seen.has(id.text)) {
        problems.push(problemAt(context, path, DiagnosticCode.idHierarchy, `事項「${id.text}」が2回あります。事項の番号は1つずつ違うものにしてください。`, { severity: 'error', data: { id: id.text } }));
        continue;
      }
      seen.add(id.text);
      if (pillar !== undefined && id.pillar !== pillar) {
        problems.push(
          problemAt(context, path, DiagnosticCode.idHierarchy, `事項「${id.text}」は柱${id.pillar}の番号ですが、柱${pillar}の下にあります。「${pillar}-${id.item}」にするか、柱${id.pillar}の下に移してください。`, {
            severity: 'error',
            data: { expected: `${pillar}-${id.item}` },
          }),
        );
      }
    }
  }
  return problems;
}

/** The checks of this module, for the registry in ./index.ts. */
export const progressChecks: readonly CheckRegistration[] = [
  { kinds: ['市政改革プラン進捗'], check: checkItemIds },
  { kinds: ['市政改革プラン進捗', '区運営方針'], check: checkLabelSequences },
];
