/**
 * Where a completion position sits in a sheet's structure, read from the document's text lines.
 *
 * While staff type, the line under the cursor is almost never valid YAML (`- めざ`, `実施状況: `,
 * a key without its colon), and the parse's error recovery attaches such a line to unpredictable
 * parents. So the position's context is read from the indentation of the lines above it (block
 * mappings and sequences, with block scalars and multi-line flow collections skipped), and from the
 * flow collection the cursor is in, if any. The document itself is not parsed again: values (the
 * 凡例, the year, the 再掲 targets) come from the cached parse.
 *
 * Linear in the length of the text; never throws.
 */

/** A data path segment: a mapping key or a sequence index. */
export type Segment = string | number;

/** A key being written into the mapping at `path`. */
export interface KeyContext {
  kind: 'key';
  /** Path of the mapping that receives the key (ends with an index for a sequence item). */
  path: Segment[];
  /** Keys already present in that mapping (above and below the cursor). */
  present: string[];
  /** Offsets of the text being replaced: the word typed so far (start ≤ cursor = end). */
  start: number;
  end: number;
  typed: string;
  /** Column at which the mapping's keys start (for multi-line snippets). */
  column: number;
  /**
   * 'typed' when the line is `- …` (a new sequence item), 'needed' when the cursor stands where a new
   * item of a sequence starts but no `- ` is written yet, 'none' otherwise.
   */
  dash: 'none' | 'typed' | 'needed';
  /**
   * True when the cursor starts, on a new deeper line, the value of the key `path` ends with; the
   * schema decides whether that value is a mapping (keys) or a sequence (items, `- ` needed).
   */
  nested: boolean;
  /** Inside a flow mapping `{ … }`. */
  flow: boolean;
}

/** A value being written for the key (or sequence item) at `path`. */
export interface ValueContext {
  kind: 'value';
  /** Path of the value (…, key) or of the sequence item (…, index). */
  path: Segment[];
  start: number;
  end: number;
  typed: string;
  /** True when the cursor stands right after `key:` with no space yet. */
  needsSpace: boolean;
  flow: boolean;
}

export type CursorContext = KeyContext | ValueContext | { kind: 'none' };

interface Frame {
  col: number;
  seq: boolean;
  keys: string[];
  lastKey: string | undefined;
  count: number;
}

type Skip = { kind: 'block'; indent: number } | { kind: 'flow'; depth: number } | undefined;

// Linear: the plain key's lazy run is followed by one fixed character (":"), and its trailing
// spaces are trimmed afterwards rather than matched by a second unbounded quantifier.
const keyPattern = /^(?:"((?:[^"\\]|\\.)*)"[ \t]*|'((?:[^']|'')*)'[ \t]*|([^\s#'"{}[\],&*!|>%@`][^#]*?)):(?=[ \t]|$)/;

/** A block mapping key at the start of `text`: its name and the length up to and including the colon. */
export function matchKey(text: string): { name: string; length: number } | undefined {
  const m = keyPattern.exec(text);
  if (!m) return undefined;
  const name = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3]!.trimEnd();
  if (m[3] !== undefined && name.startsWith('- ')) return undefined;
  return { name, length: m[0].length };
}

/** Net depth of flow brackets on a line fragment (outside quotes and comments). */
function flowDepth(text: string, start = 0): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || text[i - 1] === ' ')) break;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return depth;
}

function isDash(text: string, at: number): boolean {
  return text[at] === '-' && (at + 1 === text.length || text[at + 1] === ' ');
}

/** The structure stack while reading block lines top to bottom. */
class BlockReader {
  stack: Frame[] = [];
  skip: Skip;
  /** The sequence frame popped last by `popFor` at the popping column, if any. */
  poppedSeq: Frame | undefined;

  /** Path of the collection `stack[upTo - 1]`. */
  path(upTo = this.stack.length): Segment[] {
    const out: Segment[] = [];
    for (let i = 0; i < upTo - 1; i++) {
      const f = this.stack[i]!;
      out.push(f.seq ? f.count : (f.lastKey ?? ''));
    }
    return out;
  }

  popFor(indent: number, dash: boolean): void {
    this.poppedSeq = undefined;
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (!top) return;
      if (top.col > indent || (top.col === indent && top.seq && !dash)) {
        this.stack.pop();
        if (top.seq && top.col === indent) this.poppedSeq = top;
      } else return;
    }
  }

  /** Records the dashes at `p` of `line`; returns the column after them and whether any was read. */
  dashes(line: string, p: number): { p: number; read: boolean } {
    let read = false;
    while (isDash(line, p)) {
      const top = this.stack[this.stack.length - 1];
      if (top && top.seq && top.col === p) top.count++;
      else this.stack.push({ col: p, seq: true, keys: [], lastKey: undefined, count: 0 });
      read = true;
      p++;
      while (line[p] === ' ') p++;
    }
    return { p, read };
  }

  key(name: string, col: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top && !top.seq && top.col === col) {
      top.keys.push(name);
      top.lastKey = name;
    } else this.stack.push({ col, seq: false, keys: [name], lastKey: name, count: 0 });
  }

  /** Reads one whole line above the cursor. */
  line(line: string): void {
    let indent = 0;
    while (line[indent] === ' ') indent++;
    const content = line.slice(indent);
    if (this.skip?.kind === 'block') {
      if (content === '' || indent > this.skip.indent) return;
      this.skip = undefined;
    }
    if (this.skip?.kind === 'flow') {
      this.skip.depth += flowDepth(line);
      if (this.skip.depth <= 0) this.skip = undefined;
      return;
    }
    if (content === '' || content.startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(content) || content.startsWith('%')) return;
    this.popFor(indent, isDash(line, indent));
    const { p } = this.dashes(line, indent);
    const rest = line.slice(p);
    if (rest === '' || rest.startsWith('#')) return;
    const key = matchKey(rest);
    if (key) {
      this.key(key.name, p);
      let q = p + key.length;
      while (line[q] === ' ' || line[q] === '\t') q++;
      const value = line.slice(q);
      if (/^[|>]/.test(value)) this.skip = { kind: 'block', indent: p };
      else if (/^[[{]/.test(value)) {
        const depth = flowDepth(value);
        if (depth > 0) this.skip = { kind: 'flow', depth };
      }
      return;
    }
    if (/^[[{]/.test(rest)) {
      const depth = flowDepth(rest);
      if (depth > 0) this.skip = { kind: 'flow', depth };
    }
  }
}

/** Lines of `text` as [start, end) offsets without the line break. */
function* lines(text: string, from: number, to: number): Generator<[number, number]> {
  let start = from;
  while (start < to) {
    let nl = text.indexOf('\n', start);
    if (nl < 0 || nl > to) nl = to;
    const end = nl > start && text[nl - 1] === '\r' ? nl - 1 : nl;
    yield [start, end];
    start = nl + 1;
  }
}

/** The keys written at `column` below the cursor line, until the mapping ends. */
function keysBelow(text: string, from: number, column: number): string[] {
  const out: string[] = [];
  let blockIndent: number | undefined;
  for (const [start, end] of lines(text, from, text.length)) {
    const line = text.slice(start, end);
    let indent = 0;
    while (line[indent] === ' ') indent++;
    const content = line.slice(indent);
    if (blockIndent !== undefined && (content === '' || indent > blockIndent)) continue;
    blockIndent = undefined;
    if (content === '' || content.startsWith('#')) continue;
    if (indent < column || (indent === column && isDash(line, indent))) break;
    if (indent > column) continue;
    const key = matchKey(content);
    if (key) {
      out.push(key.name);
      if (/^\s*[|>]/.test(content.slice(key.length))) blockIndent = indent;
    }
  }
  return out;
}

interface FlowFrame {
  seq: boolean;
  keys: string[];
  lastKey: string | undefined;
  count: number;
  /** Offset (in the line) where the current entry starts. */
  entryStart: number;
}

/**
 * The context inside a flow collection on the cursor line. `open` is the offset in `line` of the
 * first `{`/`[`, `base` the path of that collection, `prefixEnd` the cursor's offset in `line`.
 */
function flowContext(line: string, lineStart: number, open: number, cursor: number, base: Segment[]): CursorContext {
  const stack: FlowFrame[] = [];
  let quote: string | undefined;
  for (let i = open; i < cursor; i++) {
    const c = line[i]!;
    if (quote) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') {
      if (top && !top.seq) top.lastKey = currentKey(line, top.entryStart, i) ?? top.lastKey;
      stack.push({ seq: c === '[', keys: [], lastKey: undefined, count: 0, entryStart: i + 1 });
    } else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length === 0) return { kind: 'none' };
    } else if (c === ',' && top) {
      if (top.seq) top.count++;
      top.entryStart = i + 1;
    } else if (c === ':' && top && !top.seq && (line[i + 1] === ' ' || i + 1 === cursor)) {
      const key = line.slice(top.entryStart, i).trim();
      top.keys.push(key);
      top.lastKey = key;
    }
  }
  const top = stack[stack.length - 1];
  if (!top || quote) return { kind: 'none' };
  const path = [...base];
  for (let i = 0; i < stack.length - 1; i++) {
    const f = stack[i]!;
    path.push(f.seq ? f.count : (f.lastKey ?? ''));
  }
  const entry = line.slice(top.entryStart, cursor);
  const colon = top.seq ? -1 : entry.search(/:( |$)/);
  if (top.seq || colon >= 0) {
    const valueText = colon >= 0 ? entry.slice(colon + 1) : entry;
    const typed = valueText.trimStart();
    const key = colon >= 0 ? entry.slice(0, colon).trim() : undefined;
    return {
      kind: 'value',
      path: key !== undefined ? [...path, key] : [...path, top.count],
      start: lineStart + cursor - typed.length,
      end: lineStart + cursor,
      typed,
      needsSpace: colon >= 0 && valueText === '',
      flow: true,
    };
  }
  const typed = entry.trimStart();
  // Keys after the cursor in the same flow mapping (depth 1 from here).
  const after = line.slice(cursor);
  const present = [...top.keys.filter((k) => k !== ''), ...flowKeysAfter(after)];
  return { kind: 'key', path, present, start: lineStart + cursor - typed.length, end: lineStart + cursor, typed, column: 0, dash: 'none', nested: false, flow: true };
}

function currentKey(line: string, from: number, to: number): string | undefined {
  const m = /^\s*([^:,]+?)\s*:\s*$/.exec(line.slice(from, to));
  return m ? m[1] : undefined;
}

function flowKeysAfter(after: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let entryStart = 0;
  for (let i = 0; i < after.length; i++) {
    const c = after[i]!;
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) entryStart = i + 1;
    else if (c === ':' && depth === 0 && i > entryStart) {
      const key = after.slice(entryStart, i).trim();
      if (key !== '') out.push(key);
      entryStart = after.length; // until the next comma
    }
  }
  return out;
}

/** The first `{` or `[` of `text` from `at` that opens a flow collection (a value start), or -1. */
function flowOpen(text: string, at: number): number {
  let i = at;
  while (text[i] === ' ') i++;
  return text[i] === '{' || text[i] === '[' ? i : -1;
}

/**
 * The context of a completion at `offset` in `text`: a key of which mapping, or the value of which
 * key, with the range of what was typed. `{ kind: 'none' }` inside comments, block scalars and
 * multi-line flow collections.
 */
export function cursorContext(text: string, offset: number): CursorContext {
  const at = Math.max(0, Math.min(offset, text.length));
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const reader = new BlockReader();
  for (const [start, end] of lines(text, 0, lineStart)) reader.line(text.slice(start, end));
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const cursor = at - lineStart;
  const prefix = line.slice(0, cursor);
  let indent = 0;
  while (prefix[indent] === ' ') indent++;
  const content = prefix.slice(indent);
  if (reader.skip?.kind === 'flow') return { kind: 'none' };
  if (reader.skip?.kind === 'block') {
    if (indent > reader.skip.indent) return { kind: 'none' };
    reader.skip = undefined;
  }
  if (content.startsWith('#') || /(^|\s)#/.test(content)) return { kind: 'none' };
  reader.popFor(indent, isDash(line, indent));
  const popped = reader.poppedSeq;
  const { p, read: dashTyped } = reader.dashes(line, indent);
  const column = Math.min(p, cursor);
  const tail = prefix.slice(column);

  // `key: value…` on the cursor line: a value, or a flow collection that starts there.
  const key = matchKey(tail);
  if (key) {
    reader.key(key.name, column);
    const keyPath = [...reader.path(), key.name];
    const valueAt = column + key.length;
    const open = flowOpen(prefix, valueAt);
    if (open >= 0) return flowContext(line, lineStart, open, cursor, keyPath);
    const valueText = prefix.slice(valueAt);
    const typed = valueText.trimStart();
    return { kind: 'value', path: keyPath, start: at - typed.length, end: at, typed, needsSpace: valueText === '', flow: false };
  }
  const open = flowOpen(prefix, column);
  if (open >= 0) {
    const top = reader.stack[reader.stack.length - 1];
    const base = top?.seq ? [...reader.path(), top.count] : reader.path();
    return flowContext(line, lineStart, open, cursor, base);
  }

  const typed = tail;
  const start = lineStart + column;
  const common = { kind: 'key' as const, start, end: at, typed, column, flow: false };
  const top = reader.stack[reader.stack.length - 1];
  if (dashTyped) {
    return { ...common, path: [...reader.path(), top!.count], present: keysBelow(text, lineEnd + 1, column), dash: 'typed', nested: false };
  }
  if (popped && popped.col === column) {
    // On the dash column of a sequence, without a dash: a new item of that sequence.
    return { ...common, path: [...reader.path(reader.stack.length + 1), popped.count + 1], present: [], dash: 'needed', nested: false };
  }
  if (!top) return { ...common, path: [], present: column === 0 ? [...keysBelow(text, 0, 0)] : [], dash: 'none', nested: false };
  if (!top.seq && top.col === column) {
    return { ...common, path: reader.path(), present: [...top.keys, ...keysBelow(text, lineEnd + 1, column)], dash: 'none', nested: false };
  }
  if (top.seq) {
    // "-" alone on a line, the item's content on the next, deeper line.
    return { ...common, path: [...reader.path(), top.count], present: keysBelow(text, lineEnd + 1, column), dash: 'none', nested: false };
  }
  // Deeper than the last key: the start of that key's value on a new line.
  return { ...common, path: [...reader.path(), top.lastKey ?? ''], present: keysBelow(text, lineEnd + 1, column), dash: 'none', nested: true };
}
