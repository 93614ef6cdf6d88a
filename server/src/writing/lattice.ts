/**
 * kuromoji's lattice builder in linear time (issue 11 §2: the writing checks of the CLI).
 *
 * kuromoji 0.1.2's `ViterbiBuilder.build` looks up the dictionary words starting at each
 * character of a sentence by handing the trie the whole rest of the sentence: at every position it
 * slices the tail, wraps it in a `SurrogateAwareString` (a scan of the tail) and encodes all of it
 * to UTF-8 (a buffer of 4 bytes a character), though the trie walk stops after the longest word (26
 * characters in IPADIC). kuromojin tokenises each textlint `Str` node whole (a paragraph, not a
 * sentence), so a text of n characters cost O(n²) time and garbage: on the 240-sheet CLI run that
 * was most of the morphological rules' time (`ViterbiBuilder.build`, `stringToUtf8Bytes`,
 * `SurrogateAwareString` and the garbage collector at the top of the writing worker's profile).
 *
 * `useLinearLatticeBuilder` replaces `build` with one that encodes the sentence once and walks the
 * trie from each character's byte offset, with the same trie steps, the same nodes in the same
 * order and the same keys (a dictionary key ends at a character boundary, so it is the substring of
 * the sentence between the two offsets). A sentence with any UTF-16 surrogate (where kuromoji's
 * code-point indexing, its UTF-8 encoder's handling of malformed pairs and its `charAt` interact)
 * goes to kuromoji's own `build`, as does any key that would not end at a character boundary.
 * test/unit/writingLattice.test.ts compares the lattices and tokens of both on every free text of
 * samples/ and on crafted text, and checks the time is linear.
 */

import { compactTargetRecords } from './dictionary';

/** kuromoji's trie (doublearray 0.0.2): the walk `commonPrefixSearch` does, one byte at a time. */
interface DoubleArrayTrie {
  traverse(parent: number, code: number): number;
  bc: { getBase(index: number): number };
}
interface CharacterClass {
  class_id: number;
  class_name: string;
  is_always_invoke: number;
  is_grouping: number;
}
interface LatticeBuilder {
  trie: DoubleArrayTrie;
  token_info_dictionary: { target_map: Record<number, ArrayLike<number>>; dictionary: { getShort(offset: number): number } };
  unknown_dictionary: { lookup(ch: string): CharacterClass; target_map: Record<number, ArrayLike<number>>; dictionary: { getShort(offset: number): number } };
}
type ViterbiNodeClass = new (id: number, cost: number, startPos: number, length: number, type: 'KNOWN' | 'UNKNOWN', leftId: number, rightId: number, surface: string) => unknown;
interface Lattice {
  append(node: unknown): void;
  appendEos(): void;
}
interface ViterbiBuilderClass {
  prototype: { build(this: LatticeBuilder, sentence: string): Lattice; linear?: true };
}

/** doublearray's constants: the root node, the terminal code after a key, a failed step. */
const rootId = 0;
const termCode = 0;
const notFound = -1;

/** Whether `text` has a UTF-16 surrogate code unit (U+D800–U+DFFF). */
const surrogate = /[\ud800-\udfff]/;

/**
 * The UTF-8 bytes of `text` (no surrogates: 1–3 bytes a unit, as doublearray's encoder writes them)
 * and, for each byte offset, the UTF-16 index of the character starting there (−1 inside a character;
 * the text's length at the end).
 */
function encode(text: string): { bytes: Uint8Array; unitAt: Int32Array } {
  const bytes = new Uint8Array(text.length * 3);
  const unitAt = new Int32Array(text.length * 3 + 1).fill(-1);
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    unitAt[j] = i;
    if (c < 0x80) bytes[j++] = c;
    else if (c < 0x800) {
      bytes[j++] = (c >>> 6) | 0xc0;
      bytes[j++] = (c & 0x3f) | 0x80;
    } else {
      bytes[j++] = (c >>> 12) | 0xe0;
      bytes[j++] = ((c >>> 6) & 0x3f) | 0x80;
      bytes[j++] = (c & 0x3f) | 0x80;
    }
  }
  unitAt[j] = text.length;
  return { bytes: bytes.subarray(0, j), unitAt: unitAt.subarray(0, j + 1) };
}

/** Thrown inside the linear build when kuromoji's own must decide (a key not at a character boundary). */
class NotLinear extends Error {}

/**
 * Makes kuromoji's `ViterbiBuilder` (the one its `Tokenizer`, and so kuromojin and the textlint
 * rules, uses) build lattices in linear time, as described above. Idempotent.
 */
export function useLinearLatticeBuilder(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const ViterbiBuilder = require('kuromoji/src/viterbi/ViterbiBuilder') as ViterbiBuilderClass;
  const ViterbiLattice = require('kuromoji/src/viterbi/ViterbiLattice') as new () => Lattice;
  const ViterbiNode = require('kuromoji/src/viterbi/ViterbiNode') as ViterbiNodeClass;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const prototype = ViterbiBuilder.prototype;
  if (prototype.linear) return;
  prototype.linear = true;
  const kuromojiBuild = prototype.build;
  prototype.build = function build(sentence) {
    if (surrogate.test(sentence)) return kuromojiBuild.call(this, sentence);
    try {
      return linearBuild(this, sentence, ViterbiLattice, ViterbiNode);
    } catch (error) {
      if (error instanceof NotLinear) return kuromojiBuild.call(this, sentence);
      throw error;
    }
  };
}

/** Appends the node of dictionary word `id` (token-info offset) for `key` starting at `pos`, as kuromoji's `build` does. */
function appendKnown(lattice: Lattice, ViterbiNode: ViterbiNodeClass, dictionary: { getShort(offset: number): number }, id: number, pos: number, key: string): void {
  lattice.append(new ViterbiNode(id, dictionary.getShort(id + 4), pos + 1, key.length, 'KNOWN', dictionary.getShort(id), dictionary.getShort(id + 2), key));
}

/** kuromoji's `build` for a sentence without surrogates (character index = UTF-16 index), in O(n · longest word). */
function linearBuild(builder: LatticeBuilder, sentence: string, ViterbiLattice: new () => Lattice, ViterbiNode: ViterbiNodeClass): Lattice {
  const lattice = new ViterbiLattice();
  const { bytes, unitAt } = encode(sentence);
  const words = builder.token_info_dictionary;
  const unknown = builder.unknown_dictionary;
  // The compact word map's records, read directly (./dictionary.ts); kuromoji's own map otherwise.
  const compact = compactTargetRecords(words.target_map);
  let byte = 0;
  for (let pos = 0; pos < sentence.length; pos++) {
    while (unitAt[byte] !== pos) byte++;
    // The dictionary words that start here: commonPrefixSearch's walk, from this byte on.
    let found = 0;
    let parent = rootId;
    for (let i = byte; i < bytes.length; i++) {
      const child = builder.trie.traverse(parent, bytes[i]!);
      if (child === notFound) break;
      parent = child;
      const terminal = builder.trie.traverse(child, termCode);
      if (terminal === notFound) continue;
      const end = unitAt[i + 1]!;
      if (end < 0) throw new NotLinear();
      const base = builder.trie.bc.getBase(terminal);
      const trieId = base <= 0 ? -base - 1 : (undefined as unknown as number);
      const key = sentence.slice(pos, end);
      const at = compact && trieId !== undefined ? compact.find(trieId) : -1;
      if (at >= 0) {
        const { ints } = compact!;
        for (let k = 0, n = ints[at + 1]!; k < n; k++) appendKnown(lattice, ViterbiNode, words.dictionary, ints[at + 2 + k]!, pos, key);
      } else {
        const ids = words.target_map[trieId]!;
        for (let k = 0; k < ids.length; k++) appendKnown(lattice, ViterbiNode, words.dictionary, parseInt(ids[k] as unknown as string), pos, key);
      }
      found++;
    }
    // Unknown words, as kuromoji adds them: when no word starts here or the class always invokes.
    const head = sentence[pos]!;
    const headClass = unknown.lookup(head);
    if (found === 0 || headClass.is_always_invoke === 1) {
      let length = 1;
      if (headClass.is_grouping === 1) {
        while (pos + length < sentence.length && unknown.lookup(sentence[pos + length]!).class_name === headClass.class_name) length++;
      }
      const key = sentence.slice(pos, pos + length);
      const ids = unknown.target_map[headClass.class_id]!;
      for (let k = 0; k < ids.length; k++) {
        const id = parseInt(ids[k] as unknown as string);
        lattice.append(new ViterbiNode(id, unknown.dictionary.getShort(id + 4), pos + 1, key.length, 'UNKNOWN', unknown.dictionary.getShort(id), unknown.dictionary.getShort(id + 2), key));
      }
    }
  }
  lattice.appendEos();
  return lattice;
}
