import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Node as YamlNode, type Pair, type Scalar, type YAMLMap } from 'yaml';

/** Where a data path lands in the YAML AST: the value node and, if it is a mapping value, its key. */
export interface NodeLocation {
  node: YamlNode | null | undefined;
  /** The key scalar of the pair holding `node`; undefined for sequence items and the root. */
  key: Scalar | undefined;
  /** How many segments of the path were found (equals the path length when fully resolved). */
  depth: number;
}

/**
 * Follows a data path (map keys and sequence indexes, as in a JSON Pointer split into segments)
 * through the YAML AST, resolving aliases. Stops at the deepest node it can reach.
 */
export function locate(doc: Document.Parsed, path: readonly (string | number)[]): NodeLocation {
  let node: YamlNode | null | undefined = doc.contents;
  let key: Scalar | undefined;
  let depth = 0;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc) as YamlNode | undefined;
    if (isMap(node)) {
      const pair = findPair(node, String(segment));
      if (!pair) break;
      key = isScalar(pair.key) ? pair.key : undefined;
      node = pair.value as YamlNode | null;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      if (item === undefined) break;
      key = undefined;
      node = isPair(item) ? (item.value as YamlNode | null) : (item as YamlNode | null);
    } else break;
    depth++;
  }
  return { node, key, depth };
}

/** Key index of each mapping node, built on first look-up: O(1) per look-up instead of a scan. */
const pairIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

/** The first pair of a mapping whose scalar key reads `name`. */
function findPair(map: YAMLMap, name: string): Pair | undefined {
  const items = map.items as Pair[];
  if (items.length <= 8) {
    for (const pair of items) if (isScalar(pair.key) && String(pair.key.value) === name) return pair;
    return undefined;
  }
  let index = pairIndex.get(map);
  if (!index) {
    index = new Map();
    for (const pair of items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      if (!index.has(key)) index.set(key, pair);
    }
    pairIndex.set(map, index);
  }
  return index.get(name);
}

/** Splits an ajv `instancePath` ("/柱/0/名称") into segments, decoding ~1 and ~0. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The key scalar of a mapping entry by name, if the node is a mapping that has it. */
export function keyOf(node: YamlNode | null | undefined, name: string): Scalar | undefined {
  if (!isMap(node)) return undefined;
  const pair = findPair(node, name);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}

/** The first key scalar of a mapping node. */
export function firstKey(node: YamlNode | null | undefined): Scalar | undefined {
  if (!isMap(node)) return undefined;
  const first = node.items[0];
  return first && isScalar(first.key) ? first.key : undefined;
}

/** Offsets [start, end) of a node's value (without trailing comment), if it has a source range. */
export function offsetsOf(node: YamlNode | null | undefined): [number, number] | undefined {
  return node?.range ? [node.range[0], node.range[1]] : undefined;
}
