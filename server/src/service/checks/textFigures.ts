/**
 * Counts and sums written inside free text (../shared/domain.md "Checks the language server must
 * make" 5; issue 9 §1 "stated … totals inside text"), in every kind of sheet:
 * - count/breakdown-sum: a total followed by its parts in parentheses, every figure in the same
 *   unit — 「広告収入 7,684千円（広報紙 5,627千円、ホームページ 145千円、…）」 (004),
 *   「24区（9月：7区、2月：17区）」 — whose parts do not add up to it;
 * - count/wards-over-24: a count of wards above 24 (「26区(数)」).
 * The structured 実績額 / 実績値 are checked by ./amounts.ts; this module reads only text.
 *
 * Not sums: parentheses that name a part only (「16区（うち新規3区）」, 「…など」, 「約…」, 「平均…」),
 * and parts in another unit than the total. Every pattern is linear (bounded runs); parentheses are
 * matched in one pass, and only those up to 400 characters long are read as a breakdown.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { toAsciiDigits } from '../domain/era';
import { formatDecimal, parseWrittenNumber, sumDecimals, type WrittenNumber, compareDecimals } from '../domain/numbers';
import { wardCount } from '../domain/wards';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo } from './itemMemo';
import { problemAt } from './support';
import { textProblems } from './text';

// Per-item memos (./itemMemo.ts): these checks read each string alone, with no document-level input.
const sumMemo = new ItemMemo();
const wardCountMemo = new ItemMemo();

/** Units a total and its parts are counted in. */
const units = '千円|百万円|万円|円|件|人|回|区|団体|世帯|か所|箇所|校|施設';
// A figure with its unit: 7,684千円, ２，９２９千円, 17区. Not after another digit, a dot or a comma.
const figure = new RegExp(`(?<![0-9.,])([0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)[ \\u3000]{0,2}(${units})`, 'g');
// Words in the parentheses that make them something other than a full breakdown.
const notABreakdown = /うち|内数|ほか|他|など|等|約|平均|以上|以下|未満|前年|比|増|減|予定|累計|延べ|のべ/;

/** A figure found in text: its number, unit and offsets (in the text as given). */
interface TextFigure {
  number: WrittenNumber;
  unit: string;
  start: number;
  end: number;
}

// A breakdown in parentheses is short; longer parentheses are not read (bounds the work per figure).
const maxBreakdownLength = 400;

function figuresIn(ascii: string, from: number, to: number): TextFigure[] {
  const out: TextFigure[] = [];
  for (const m of ascii.slice(from, to).matchAll(figure)) {
    const number = parseWrittenNumber(m[1]!);
    if (number) out.push({ number, unit: m[2]!, start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

/** For each opening parenthesis, the offset of the one that closes it (one pass with a stack); unclosed ones are absent. */
function matchParentheses(text: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const open: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '（' || c === '(') open.push(i);
    else if ((c === '）' || c === ')') && open.length > 0) pairs.set(open.pop()!, i);
  }
  return pairs;
}

/** The figures at depth 0 inside a parenthesis (nested parentheses, such as 「自動販売機（飲料・証明写真）」, skipped). */
function partsInside(ascii: string, pairs: Map<number, number>, open: number, close: number): TextFigure[] {
  const parts: TextFigure[] = [];
  let from = open + 1;
  for (let i = open + 1; i < close; i++) {
    const c = ascii[i];
    if (c !== '（' && c !== '(') continue;
    const end = pairs.get(i);
    if (end === undefined || end > close) return [];
    parts.push(...figuresIn(ascii, from, i));
    from = end + 1;
    i = end;
  }
  parts.push(...figuresIn(ascii, from, close));
  return parts;
}

/** count/breakdown-sum (error) on a total in text whose parts, in parentheses right after it, do not add up. Range: the total with its unit. */
function checkTextSums(context: CheckContext): Problem[] {
  return textProblems(context, sumMemo, '', (value) => {
    const problems: Problem[] = [];
    const ascii = toAsciiDigits(value.text).replace(/，/g, ',');
    if (!/[（(]/.test(ascii)) return problems;
    const pairs = matchParentheses(ascii);
    for (const whole of figuresIn(ascii, 0, ascii.length)) {
      let open = whole.end;
      while (open < whole.end + 2 && (ascii[open] === ' ' || ascii[open] === '\u3000')) open++;
      const close = pairs.get(open);
      if (close === undefined || close - open > maxBreakdownLength || notABreakdown.test(ascii.slice(open, close))) continue;
      const parts = partsInside(ascii, pairs, open, close);
      if (parts.length < 2 || parts.some((p) => p.unit !== whole.unit)) continue;
      const sum = sumDecimals(parts.map((p) => p.number.decimal));
      if (compareDecimals(sum, whole.number.decimal) === 0) continue;
      const shownSum = formatDecimal(sum, true);
      problems.push(
        problemAt(context, value.path, DiagnosticCode.countBreakdownSum, `括弧内の内訳の合計は ${shownSum}${whole.unit} です（${parts.map((p) => formatDecimal(p.number.decimal, true)).join(' + ')}）。合計 ${value.text.slice(whole.start, whole.end)} と一致しません。`, {
          severity: 'error',
          data: { expected: formatDecimal(sum) },
          sub: { start: whole.start, end: whole.end, text: value.text.slice(whole.start, whole.end) },
        }),
      );
    }
    return problems;
  });
}

// A count of wards in text: 26区, 26区(数) — not 区長, 区役所, 区民, 区内, 区画, 区分, 区間, 区域, 区政; not 第26区.
const wardsInText = /(?<![0-9.,第])([0-9]{1,3})[ \u3000]{0,2}区(?![長役民内外画分間域政])/g;

/** count/wards-over-24 (error) on a count of wards in text above 24. Range: the count with 区. */
function checkTextWardCounts(context: CheckContext): Problem[] {
  return textProblems(context, wardCountMemo, '', (value) => {
    const problems: Problem[] = [];
    for (const m of toAsciiDigits(value.text).matchAll(wardsInText)) {
      const n = Number(m[1]);
      if (n <= wardCount) continue;
      const written = value.text.slice(m.index, m.index + m[0].length);
      problems.push(
        problemAt(context, value.path, DiagnosticCode.countWardsOver24, `区の数 ${n} は全区（${wardCount}区）を超えています。`, {
          severity: 'error',
          data: { max: wardCount },
          sub: { start: m.index, end: m.index + m[0].length, text: written },
        }),
      );
    }
    return problems;
  });
}

/** The text figure checks; they apply to every kind. */
export const textFigureChecks: readonly CheckRegistration[] = [
  { kinds: 'all', check: checkTextSums },
  { kinds: 'all', check: checkTextWardCounts },
];
