/**
 * Folding ranges of a sheet: every mapping entry and list item that spans several lines (a 柱, a
 * 戦略, a row, a long 文章 list), multi-line scalars, and runs of two or more comment lines
 * (kind `comment`). Lines are 0-based; a range folds from its first line to its last line of
 * text (blank lines and the next key stay visible). Walks the AST as written (aliases are not
 * followed), so the work is linear.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { ParsedSheet } from './parse';
import { contentEnd } from './symbols';

const maxDepth = 64;

/** The folding ranges of a sheet, sorted by start line, at most one per start line (the largest). */
export function foldingRanges(document: TextDocument, sheet: ParsedSheet): FoldingRange[] {
  const text = sheet.text;
  const byStart = new Map<number, FoldingRange>();
  const add = (start: number, end: number, kind?: FoldingRangeKind) => {
    const startLine = document.positionAt(start).line;
    const endLine = document.positionAt(contentEnd(text, start, end)).line;
    if (endLine <= startLine) return;
    const existing = byStart.get(startLine);
    if (!existing || existing.endLine < endLine) byStart.set(startLine, kind ? { startLine, endLine, kind } : { startLine, endLine });
  };

  const walk = (node: YamlNode | null | undefined, depth: number) => {
    if (!node || depth > maxDepth) return;
    if (isMap(node)) {
      for (const pair of node.items as Pair[]) {
        const value = pair.value as YamlNode | null;
        const keyStart = (pair.key as YamlNode | null)?.range?.[0];
        if (keyStart !== undefined && value?.range) add(keyStart, value.range[1]);
        walk(value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        const child = (isPair(item) ? item.value : item) as YamlNode | null;
        if (child?.range && (isMap(child) || isScalar(child))) add(child.range[0], child.range[1]);
        walk(child, depth + 1);
      }
    }
  };
  walk(sheet.yaml?.contents as YamlNode | null | undefined, 0);

  // Runs of full-line comments.
  let runStart = -1;
  let runEnd = -1;
  let offset = 0;
  while (offset <= text.length) {
    const nl = text.indexOf('\n', offset);
    const lineEnd = nl < 0 ? text.length : nl;
    const isComment = /^[ \t]*#/.test(text.slice(offset, Math.min(lineEnd, offset + 256)));
    if (isComment) {
      if (runStart < 0) runStart = offset;
      runEnd = lineEnd;
    } else if (runStart >= 0) {
      add(runStart, runEnd, FoldingRangeKind.Comment);
      runStart = -1;
    }
    if (nl < 0) break;
    offset = nl + 1;
  }
  if (runStart >= 0) add(runStart, runEnd, FoldingRangeKind.Comment);
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine);
}
