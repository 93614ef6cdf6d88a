/**
 * Suppression comments in a sheet:
 * - `# policy-sheets-disable-next-line <code> [<code> …]` drops those problems that start on the
 *   line right after the comment (without a code: every problem there);
 * - `# policy-sheets-disable <code> [<code> …]` on a line of its own drops them in the whole file.
 * Codes are separated by spaces or commas; text after ` -- ` is a free reason
 * (`# policy-sheets-disable-next-line count/rate -- 原文どおり`).
 * A directive (or one code of it) that suppressed nothing is reported as `suppression/unused`,
 * with a quick fix that removes it.
 */
import { DiagnosticCode, allDiagnosticCodes } from './diagnosticCodes';
import { indexScalars, scalarAt, type ScalarIndex } from './fixes';
import type { ParsedSheet } from './parse';
import type { OffsetEdit, Problem } from './problem';

/** A suppression comment found in the text. */
export interface Directive {
  kind: 'file' | 'next-line';
  /** 0-based line of the comment. */
  line: number;
  /** Offsets of the whole line, from its first character to after its line break. */
  lineStart: number;
  lineEnd: number;
  /** The codes named, with their offsets (empty: every code). */
  codes: { code: string; start: number; end: number }[];
  /** Offsets of the directive's text (`policy-sheets-disable…` up to the reason). */
  start: number;
  end: number;
}

const marker = 'policy-sheets-disable';
// Linear: one anchored pass, no nested quantifiers over the same characters.
const directivePattern = /^([ \t]*#[ \t]*)(policy-sheets-disable(?:-next-line)?)(?=[ \t,]|$)([^\n\r]*)$/;

/** Offsets where each line starts (line 0 at 0). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The 0-based line of an offset, by binary search in `starts`. */
function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Every suppression directive written as a full-line comment. A `#` line inside a block scalar or
 * a multi-line quoted string is text, not a comment, and is skipped.
 */
export function findDirectives(sheet: ParsedSheet, index?: ScalarIndex): Directive[] {
  const text = sheet.text;
  if (!text.includes(marker)) return [];
  const scalars = index ?? (sheet.yaml ? indexScalars(sheet.yaml) : undefined);
  const starts = lineStarts(text);
  const directives: Directive[] = [];
  for (let line = 0; line < starts.length; line++) {
    const lineStart = starts[line]!;
    const next = starts[line + 1] ?? text.length;
    const lineText = text.slice(lineStart, next).replace(/\r?\n$/, '');
    if (!lineText.includes(marker)) continue;
    const m = directivePattern.exec(lineText);
    if (!m) continue;
    const hash = lineStart + m[1]!.indexOf('#');
    if (scalars && scalarAt(scalars, hash, hash + 1)) continue;
    const start = lineStart + m[1]!.length;
    const rest = m[3]!;
    const reasonAt = rest.indexOf(' --');
    const list = reasonAt >= 0 ? rest.slice(0, reasonAt) : rest;
    const codes: Directive['codes'] = [];
    const listStart = start + m[2]!.length;
    for (const token of list.matchAll(/[^\s,]+/g)) codes.push({ code: token[0], start: listStart + token.index, end: listStart + token.index + token[0].length });
    directives.push({
      kind: m[2] === marker ? 'file' : 'next-line',
      line,
      lineStart,
      lineEnd: next,
      codes,
      start,
      end: listStart + list.trimEnd().length,
    });
  }
  return directives;
}

/**
 * `problems` without those a directive suppresses, plus one `suppression/unused` (warning) for
 * every directive code that suppressed nothing (for a directive without codes: the directive).
 * Each unused report carries a fix that removes the code, or the whole comment line when nothing
 * of it is used (not safe: fix-all never deletes comments).
 */
export function applySuppressions(sheet: ParsedSheet, problems: readonly Problem[], index?: ScalarIndex): Problem[] {
  const directives = findDirectives(sheet, index);
  if (directives.length === 0) return [...problems];
  const starts = lineStarts(sheet.text);
  const used = new Set<string>(); // `${directive index}:${code or *}`
  const kept: Problem[] = [];
  const known = new Set<string>(allDiagnosticCodes);
  for (const problem of problems) {
    const line = lineOf(starts, problem.start);
    let suppressed = false;
    directives.forEach((d, i) => {
      if (d.kind === 'next-line' && d.line + 1 !== line) return;
      if (d.codes.length === 0) {
        // Without codes only the next-line form suppresses (everything on that line).
        if (d.kind === 'next-line') {
          suppressed = true;
          used.add(`${i}:*`);
        }
        return;
      }
      for (const c of d.codes) {
        if (c.code === problem.code) {
          suppressed = true;
          used.add(`${i}:${c.code}`);
        }
      }
    });
    if (!suppressed) kept.push(problem);
  }
  directives.forEach((d, i) => {
    const removeLine: OffsetEdit = { start: d.lineStart, end: d.lineEnd, newText: '' };
    if (d.codes.length === 0) {
      if (used.has(`${i}:*`)) return;
      const what = d.kind === 'file' ? 'ファイル全体の抑制にはコードが必要です（例: # policy-sheets-disable count/rate）。' : '次の行に問題はありません。';
      kept.push({
        code: DiagnosticCode.suppressionUnused,
        message: `この抑制コメントは何も抑制していません。${what}`,
        start: d.start,
        end: d.end,
        severity: 'warning',
        data: { codes: [] },
        fix: { title: '使われていない抑制コメントを削除する', edits: [removeLine], safe: false },
      });
      return;
    }
    const unused = d.codes.filter((c) => !used.has(`${i}:${c.code}`));
    for (const c of unused) {
      const where = d.kind === 'file' ? 'このファイル' : '次の行';
      const message = known.has(c.code)
        ? `${where}に ${c.code} の問題はありません。この抑制は不要です。`
        : `「${c.code}」は Policy Sheets の診断コードではありません（docs/diagnostics.md を参照）。`;
      const all = unused.length === d.codes.length;
      // Remove the code with the separator before it; the first code takes the separator after it.
      const at = d.codes.indexOf(c);
      const edit: OffsetEdit = all ? removeLine : at > 0 ? { start: d.codes[at - 1]!.end, end: c.end, newText: '' } : { start: c.start, end: d.codes[1]!.start, newText: '' };
      kept.push({
        code: DiagnosticCode.suppressionUnused,
        message,
        start: c.start,
        end: c.end,
        severity: 'warning',
        data: { code: c.code },
        fix: { title: all ? '使われていない抑制コメントを削除する' : `抑制コメントから ${c.code} を削除する`, edits: [edit], safe: false },
      });
    }
  });
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The edit that suppresses `code` on the line of `offset`: a `# policy-sheets-disable-next-line`
 * comment inserted above it at the same indentation, or the code added to such a comment already
 * there. Undefined when the line lies inside a multi-line scalar (a comment there would be text).
 */
export function disableNextLineEdit(sheet: ParsedSheet, offset: number, code: string): OffsetEdit | undefined {
  const text = sheet.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  if (sheet.yaml) {
    const scalar = scalarAt(indexScalars(sheet.yaml), lineStart, lineStart);
    if (scalar && scalar.range![0] < lineStart) return undefined;
  }
  const previous = findDirectives({ ...sheet, yaml: undefined }).find((d) => d.kind === 'next-line' && d.lineEnd === lineStart && d.codes.length > 0);
  if (previous) return { start: previous.end, end: previous.end, newText: ` ${code}` };
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { start: lineStart, end: lineStart, newText: `${indent}# policy-sheets-disable-next-line ${code}${eol}` };
}
