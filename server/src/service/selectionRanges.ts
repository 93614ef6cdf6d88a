/**
 * Selection ranges (Expand / Shrink Selection): from the scalar under the cursor to its key–value
 * entry, the mapping or list item holding it, the entry that holds that, … up to the whole
 * document. Walks down the AST as written (aliases are not followed).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, SelectionRange } from 'vscode-languageserver-types';
import { isMap, isPair, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { ParsedSheet } from './parse';
import { contentEnd } from './symbols';

const maxDepth = 64;

/** One SelectionRange chain per position (innermost first, each with its `parent`), as LSP asks. */
export function selectionRanges(document: TextDocument, sheet: ParsedSheet, positions: readonly Position[]): SelectionRange[] {
  const text = sheet.text;
  return positions.map((position) => {
    const offset = document.offsetAt(position);
    // Outermost first: the document, then each containing entry or node.
    const spans: [number, number][] = [[0, text.length]];
    const push = (start: number, end: number) => {
      const e = contentEnd(text, start, end);
      const last = spans[spans.length - 1]!;
      if (start < last[0] || e > last[1] || (start === last[0] && e === last[1]) || e < start) return;
      spans.push([start, e]);
    };
    let node = sheet.yaml?.contents as YamlNode | null | undefined;
    for (let depth = 0; node?.range && depth < maxDepth; depth++) {
      push(node.range[0], node.range[1]);
      let next: YamlNode | null | undefined;
      if (isMap(node)) {
        for (const pair of node.items as Pair[]) {
          const key = pair.key as YamlNode | null;
          const value = pair.value as YamlNode | null;
          const start = key?.range?.[0] ?? value?.range?.[0];
          const end = value?.range?.[1] ?? key?.range?.[1];
          if (start === undefined || end === undefined || offset < start || offset > contentEnd(text, start, end)) continue;
          push(start, end);
          next = key?.range && offset <= key.range[1] ? key : value;
          break;
        }
      } else if (isSeq(node)) {
        for (const item of node.items) {
          const child = (isPair(item) ? item.value : item) as YamlNode | null;
          if (child?.range && offset >= child.range[0] && offset <= contentEnd(text, child.range[0], child.range[1])) {
            next = child;
            break;
          }
        }
      }
      node = next;
    }
    let result: SelectionRange | undefined;
    for (const [start, end] of spans) result = { range: { start: document.positionAt(start), end: document.positionAt(end) }, ...(result ? { parent: result } : {}) };
    return result ?? { range: { start: position, end: position } };
  });
}
