/**
 * DocumentSymbols (outline, breadcrumbs, "Go to Symbol") of a sheet, in the 様式's own hierarchy:
 * 柱 › 中項目 › 小項目 › 取組項目 › 行 (振り返りシート); 経営課題 › 戦略 › 具体的取組 › 指標 and
 * 行財政 › 取組 (区運営方針); 柱 › 事項 (市政改革プラン進捗); 議事 (部会議事概要). Each item is named by
 * its 番号 (or 記号) and 名称 (or 件名, 指標, めざす姿); the sheet's other top-level keys are listed too.
 *
 * Walks the YAML AST as written: an alias is not followed (it is the anchor's symbol already), so
 * cyclic data cannot loop, and the work is linear in the size of the document.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { type DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { ParsedSheet } from './parse';

/** The keys whose items are the 様式's structure, with the symbol kind of their items. */
export const structuralKeys: ReadonlyMap<string, SymbolKind> = new Map([
  ['柱', SymbolKind.Namespace],
  ['中項目', SymbolKind.Module],
  ['小項目', SymbolKind.Package],
  ['取組項目', SymbolKind.Class],
  ['行', SymbolKind.Field],
  ['経営課題', SymbolKind.Namespace],
  ['戦略', SymbolKind.Module],
  ['具体的取組', SymbolKind.Class],
  ['アウトカム指標', SymbolKind.Number],
  ['プロセス指標', SymbolKind.Number],
  ['行財政', SymbolKind.Namespace],
  ['取組', SymbolKind.Class],
  ['事項', SymbolKind.Module],
  ['議事', SymbolKind.Event],
]);

const idKeys = ['番号', '記号'];
const nameKeys = ['名称', '件名', '指標', 'めざす姿', '項目'];
/** Longest name shown; longer texts (a めざす姿 sentence) are cut with …. */
const maxNameLength = 40;
// The parser refuses deeper documents; this bound only guards against a future change there.
const maxDepth = 64;

/** The end of a node's text without the blank lines and line break after it. */
export function contentEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return (map.items as Pair[]).find((p) => isScalar(p.key) && String(p.key.value) === key);
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > maxNameLength ? `${oneLine.slice(0, maxNameLength - 1)}…` : oneLine;
}

/**
 * The DocumentSymbols of a sheet: a tree of the 様式's items under the top-level keys. Empty for a
 * document that could not be parsed or whose top level is not a mapping.
 */
export function documentSymbols(document: TextDocument, sheet: ParsedSheet): DocumentSymbol[] {
  const root = sheet.yaml?.contents;
  if (!isMap(root)) return [];
  const text = sheet.text;
  const range = (start: number, end: number) => ({ start: document.positionAt(start), end: document.positionAt(contentEnd(text, start, end)) });

  /** Symbols for the structural items found inside `node` (through non-structural containers). */
  function within(node: YamlNode | null | undefined, depth: number, parentKey?: string): DocumentSymbol[] {
    if (depth > maxDepth) return [];
    const out: DocumentSymbol[] = [];
    if (isMap(node)) {
      for (const pair of node.items as Pair[]) {
        const key = scalarText(pair.key);
        // The 行 of a 24-ward table (区別実績) are table rows, not review rows.
        const kind = key === undefined || (key === '行' && parentKey === '区別実績') ? undefined : structuralKeys.get(key);
        if (key !== undefined && kind !== undefined) out.push(...items(key, kind, pair.value as YamlNode | null, depth + 1));
        else out.push(...within(pair.value as YamlNode | null, depth + 1, key));
      }
    } else if (isSeq(node)) {
      for (const item of node.items) out.push(...within(isPair(item) ? (item.value as YamlNode | null) : (item as YamlNode | null), depth + 1, parentKey));
    }
    return out;
  }

  /** One symbol per mapping under a structural key (the mapping itself, or each item of a list). */
  function items(key: string, kind: SymbolKind, value: YamlNode | null, depth: number): DocumentSymbol[] {
    const maps = isMap(value) ? [value] : isSeq(value) ? value.items.filter((i): i is YAMLMap => isMap(i)) : [];
    return maps.flatMap((map, i) => {
      if (!map.range) return [];
      const idPair = idKeys.map((k) => pairOf(map, k)).find((p) => p && scalarText(p.value) !== undefined);
      const namePair = nameKeys.map((k) => pairOf(map, k)).find((p) => p && scalarText(p.value) !== undefined);
      const id = idPair ? scalarText(idPair.value) : undefined;
      const title = namePair ? scalarText(namePair.value) : undefined;
      const reprint = pairOf(map, '再掲') ? '【再掲】' : '';
      const name = [id, title ? shorten(title) : undefined].filter(Boolean).join(' ') || `${key} ${i + 1}`;
      const selectionNode = (namePair?.value ?? idPair?.value ?? (map.items[0] as Pair | undefined)?.key) as YamlNode | undefined;
      const full = range(map.range[0], map.range[1]);
      const selection = selectionNode?.range ? range(selectionNode.range[0], selectionNode.range[1]) : full;
      const status = scalarText(pairOf(map, '実施状況')?.value);
      const symbol: DocumentSymbol = {
        name: `${reprint}${name}`,
        detail: [key, status].filter(Boolean).join(' · '),
        kind,
        range: full,
        selectionRange: selection,
        children: within(map, depth),
      };
      return [symbol];
    });
  }

  const symbols: DocumentSymbol[] = [];
  for (const pair of root.items as Pair[]) {
    const key = scalarText(pair.key);
    if (key === undefined || !isScalar(pair.key) || !pair.key.range) continue;
    const value = pair.value as YamlNode | null;
    const kind = structuralKeys.get(key);
    if (kind !== undefined) {
      symbols.push(...items(key, kind, value, 1));
      continue;
    }
    const end = value?.range?.[1] ?? pair.key.range[1];
    const children = within(value, 1);
    symbols.push({
      name: key,
      detail: scalarText(value) !== undefined ? shorten(scalarText(value)!) : '',
      kind: isMap(value) ? SymbolKind.Object : isSeq(value) ? SymbolKind.Array : SymbolKind.Property,
      range: range(pair.key.range[0], end),
      selectionRange: range(pair.key.range[0], pair.key.range[1]),
      ...(children.length > 0 ? { children } : {}),
    });
  }
  return symbols;
}
