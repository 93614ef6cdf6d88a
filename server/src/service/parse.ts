import * as YAML from 'yaml';
import { Composer, type CST, type Document, Parser, visit, YAMLParseError } from 'yaml';
import { DiagnosticCode } from './diagnosticCodes';
import type { Problem } from './problem';

/** Limits applied before and while a sheet is parsed. */
export interface ParseLimits {
  /** Largest document parsed at all, in UTF-16 code units (default 20,000,000 ≈ 20–60 MB of text). */
  maxLength: number;
  /** Deepest nesting of block and flow collections accepted before the document is built (default 64). */
  maxDepth: number;
  /** Most alias expansions allowed when the document is turned into data (default 100). */
  maxAliasCount: number;
  /**
   * Deepest nesting of the data built from the document, aliases expanded (default 256): anchored
   * collections reused inside one another nest deeper than the text shows.
   */
  maxDataDepth: number;
}

export const defaultParseLimits: ParseLimits = { maxLength: 20_000_000, maxDepth: 64, maxAliasCount: 100, maxDataDepth: 256 };

/**
 * A sheet parsed once per document version: the YAML AST (with source offsets), the plain data
 * for schema validation (undefined when it could not be built safely), and the problems found
 * while parsing.
 */
export interface ParsedSheet {
  text: string;
  /** The YAML 1.2 (core schema) document; undefined when the text was refused before parsing. */
  yaml: Document.Parsed | undefined;
  /** Plain data (`toJS`), undefined when parsing was refused or aliases exceeded the limit. */
  data: unknown;
  problems: Problem[];
}

/**
 * Parses a sheet's text as YAML 1.2 with the core schema, within `limits`. Never throws: every
 * refusal (too large, too deep, alias bomb, cyclic alias) and every syntax error becomes a Problem
 * with offsets.
 *
 * The text goes through yaml's Lexer/Parser (iterative, no recursion) to a CST; its real nesting
 * depth is measured on the CST before the recursive Composer builds the AST, so no text can make
 * the composer, `toJS`, ajv or a check recurse past `maxDepth`. The data built by `toJS` is then
 * walked once, iteratively: a cycle (an alias inside its own anchor, `&a [*a]`) is refused with
 * `yaml/alias-cycle`, and data deeper than `maxDataDepth` (aliases nest anchored collections) with
 * `yaml/too-deep`.
 */
export function parseSheet(text: string, limits: ParseLimits = defaultParseLimits): ParsedSheet {
  if (text.length > limits.maxLength) {
    const lineEnd = text.indexOf('\n');
    return {
      text,
      yaml: undefined,
      data: undefined,
      problems: [
        {
          code: DiagnosticCode.sheetTooLarge,
          message: `文書が大きすぎます（${text.length.toLocaleString('ja-JP')} 文字、上限 ${limits.maxLength.toLocaleString('ja-JP')} 文字）。検査していません。文書を分けてください。`,
          start: 0,
          end: lineEnd < 0 ? Math.min(text.length, 200) : lineEnd,
          severity: 'error',
        },
      ],
    };
  }

  const problems: Problem[] = findTabIndentation(text);
  // YAML 1.2 (and LSP) count a lone CR as a line break, the yaml library does not: read it as LF.
  // Same length, so every offset stays an offset into the document's text.
  const source = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  const tokens = [...new Parser().parse(source)];
  const tooDeep = deepestCollection(tokens, limits.maxDepth);
  if (tooDeep !== undefined) {
    problems.push(tooDeepProblem(tooDeep, text, limits.maxDepth));
    return { text, yaml: undefined, data: undefined, problems };
  }

  // uniqueKeys is off: the library's check is quadratic in the number of keys; ours is linear.
  // logLevel 'error': the library's console warnings (e.g. collection keys) must not reach stderr.
  let yaml: Document.Parsed;
  try {
    yaml = compose(tokens, source.length);
  } catch (error) {
    // The CST depth check makes this unreachable in practice; a stack overflow still is no crash.
    if (!(error instanceof RangeError)) throw error;
    problems.push(tooDeepProblem(0, text, limits.maxDepth));
    return { text, yaml: undefined, data: undefined, problems };
  }
  for (const error of [...yaml.errors, ...yaml.warnings]) {
    if (error.code === 'TAB_AS_INDENT') continue; // reported by findTabIndentation, once per line
    const [start, end] = error.pos;
    problems.push({
      code: DiagnosticCode.yamlSyntax,
      message: yamlErrorMessage(error.code, error.message),
      start,
      end: Math.max(end, start),
      severity: yaml.errors.includes(error as never) ? 'error' : 'warning',
      data: { yamlCode: error.code },
    });
  }
  problems.push(...findDuplicateKeys(yaml));

  let data: unknown;
  try {
    data = yaml.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    if (!(error instanceof ReferenceError || error instanceof RangeError)) throw error;
    problems.push(aliasProblem(yaml, error, limits));
    return { text, yaml, data: undefined, problems };
  }
  // Without an alias (there is no `*` in the text) the data is a tree as deep as the token tree:
  // nothing more to measure.
  const shape = source.includes('*') ? measureData(data, limits.maxDataDepth) : 'ok';
  if (shape === 'cycle') {
    const alias = cyclicAlias(yaml);
    problems.push({
      code: DiagnosticCode.yamlAliasCycle,
      message: `エイリアス（*${alias?.source ?? '名前'}）が自分自身を含むアンカー（&${alias?.source ?? '名前'}）を指していて、データが循環しています。この文書は検査できません。エイリアスを取り除いてください。`,
      start: alias?.range[0] ?? 0,
      end: alias?.range[1] ?? 0,
      severity: 'error',
    });
    data = undefined;
  } else if (shape === 'too-deep') {
    problems.push(tooDeepProblem(firstAlias(yaml)?.[0] ?? 0, text, limits.maxDataDepth));
    data = undefined;
  }
  return { text, yaml, data, problems };
}

/**
 * The options of every `Composer` of the service (a whole document here, one block-sequence item in
 * incrementalParse.ts): YAML 1.2 core schema, duplicate keys left to `findDuplicateKeys`, no merge keys.
 */
export const composerOptions = { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false, merge: false, logLevel: 'error' } as const;

/** The AST of the one document in `tokens` (a second document is a MULTIPLE_DOCS error), as `parseDocument` builds it. */
function compose(tokens: readonly CST.Token[], length: number): Document.Parsed {
  const composer = new Composer(composerOptions);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (!doc) doc = next;
    else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents'));
      break;
    }
  }
  return doc!;
}

function tooDeepProblem(at: number, text: string, limit: number): Problem {
  return {
    code: DiagnosticCode.yamlTooDeep,
    message: `入れ子が深すぎます（上限 ${limit} 段）。この文書は組み立てずに検査を止めました。`,
    start: at,
    end: Math.min(text.length, at + 1),
    severity: 'error',
  };
}

/** `toJS` refused: an alias without its anchor, or too many alias expansions (an alias bomb). */
function aliasProblem(yaml: Document.Parsed, error: Error, limits: ParseLimits): Problem {
  const unresolved = /^Unresolved alias/.test(error.message) ? unresolvedAlias(yaml) : undefined;
  if (unresolved) {
    return {
      code: DiagnosticCode.yamlSyntax,
      message: `エイリアス「*${unresolved.source}」に対応するアンカー（&${unresolved.source}）が、この前にありません。この文書は検査できません。`,
      start: unresolved.range[0],
      end: unresolved.range[1],
      severity: 'error',
      data: { yamlCode: 'UNRESOLVED_ALIAS' },
    };
  }
  const alias = firstAlias(yaml);
  return {
    code: DiagnosticCode.yamlAliasLimit,
    message: `エイリアス（*名前）の展開が多すぎます（上限 ${limits.maxAliasCount}）。この文書は検査できません。`,
    start: alias?.[0] ?? 0,
    end: alias?.[1] ?? 0,
    severity: 'error',
  };
}

/**
 * Offset of the first collection (block mapping, block sequence or flow collection) of the CST that
 * lies deeper than `maxDepth`, or undefined. Iterative: safe on any depth the parser produced.
 */
export function deepestCollection(tokens: readonly CST.Token[], maxDepth: number): number | undefined {
  let first: number | undefined;
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, outer] = stack.pop()!;
    let depth = outer;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      depth++;
      if (depth > maxDepth) {
        if (first === undefined || token.offset < first) first = token.offset;
        continue;
      }
      for (const item of token.items as { key?: CST.Token | null; value?: CST.Token }[]) {
        if (item.key) stack.push([item.key, depth]);
        if (item.value) stack.push([item.value, depth]);
      }
    } else if (token.type === 'document' && token.value) stack.push([token.value, depth]);
  }
  return first;
}

/**
 * Nesting depth of a CST collection beyond `maxDepth`: where it starts, or undefined. Exported for
 * tests; `parseSheet` measures the CST it composes from, so the text is parsed once.
 */
export function findExcessiveNesting(text: string, maxDepth: number): number | undefined {
  return deepestCollection([...new Parser().parse(text)], maxDepth);
}

/**
 * One iterative walk over data built by `toJS`: 'cycle' when an object contains itself, 'too-deep'
 * when a path is longer than `maxDepth` collections, else 'ok'. Shared objects (aliases) are
 * walked once, so the cost is linear in the number of distinct objects.
 */
export function measureData(data: unknown, maxDepth: number): 'ok' | 'cycle' | 'too-deep' {
  if (data === null || typeof data !== 'object') return 'ok';
  const height = new Map<object, number>(); // finished objects: collections below and including them
  const open = new Set<object>(); // objects on the current path
  const stack: { node: object; children: unknown[]; next: number; height: number }[] = [];
  const enter = (node: object) => {
    open.add(node);
    stack.push({ node, children: Array.isArray(node) ? node : Object.values(node), next: 0, height: 1 });
  };
  enter(data);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (stack.length > maxDepth) return 'too-deep';
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      if (child === null || typeof child !== 'object') continue;
      if (open.has(child)) return 'cycle';
      const done = height.get(child);
      if (done !== undefined) {
        if (stack.length + done > maxDepth) return 'too-deep';
        frame.height = Math.max(frame.height, done + 1);
        continue;
      }
      enter(child);
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    height.set(frame.node, frame.height);
    const parent = stack[stack.length - 1];
    if (parent) parent.height = Math.max(parent.height, frame.height + 1);
  }
  return 'ok';
}

/** One problem per line whose indentation contains a tab (YAML 1.2 §6.1 forbids tabs there). */
function findTabIndentation(text: string): Problem[] {
  const problems: Problem[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let i = lineStart;
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) {
      if (text[i] === '\t') {
        // A tab after "- " or "key:" inside the line is separation, not indentation; only leading ones count.
        const next = text[i + 1];
        if (next !== undefined && next !== '\n' && next !== '\r') {
          problems.push({
            code: DiagnosticCode.yamlTabIndentation,
            message: 'インデントにタブ文字は使えません。半角スペースにしてください。',
            start: i,
            end: i + 1,
            severity: 'error',
            data: { lineStart },
          });
        }
        break;
      }
      i++;
    }
    const nl = text.indexOf('\n', lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return problems;
}

/**
 * Duplicate keys in every mapping, reported on the second (and later) occurrence, mappings in
 * source order (pre-order). Linear time: an explicit stack over the AST (aliases are not followed,
 * any depth), not yaml's `visit`, which copies and freezes the path of ancestors at every pair
 * (a third of this step's cost on 240 sheets).
 */
export function findDuplicateKeys(yaml: Document.Parsed): Problem[] {
  const problems: Problem[] = [];
  const stack: unknown[] = [yaml.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPairNode(node)) {
      stack.push(node.value, node.key); // the key first, as `visit` goes
      continue;
    }
    if (!isCollectionNode(node)) continue;
    if (isMapNode(node)) {
      const items = node.items;
      // A sheet's mappings mostly have a handful of keys: compared pairwise, without a Set each.
      const seen = items.length > smallMap ? new Set<string>() : undefined;
      for (let j = 0; j < items.length; j++) {
        const key = items[j]!.key;
        if (!isScalarNode(key)) continue;
        const name = String(key.value);
        let repeated = false;
        if (seen) {
          repeated = seen.has(name);
          seen.add(name);
        } else {
          for (let i = 0; i < j && !repeated; i++) {
            const other = items[i]!.key;
            repeated = isScalarNode(other) && String(other.value) === name;
          }
        }
        if (repeated) {
          const [start, end] = key.range ?? [0, 0];
          problems.push({
            code: DiagnosticCode.yamlDuplicateKey,
            message: `キー「${name}」が同じ階層に 2 回あります。1 つにまとめてください。`,
            start,
            end,
            severity: 'error',
            data: { key: name },
          });
        }
      }
    }
    for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
  }
  return problems;
}

/**
 * The yaml package's node predicates as plain functions, read once: the bundle reaches a CommonJS
 * package's exports through a getter on every call, and the service's walks over every node
 * (findDuplicateKeys here, incrementalParse.ts's range shifts) call them per node.
 */
export const { isCollection: isCollectionNode, isMap: isMapNode, isNode: isAnyNode, isPair: isPairNode, isScalar: isScalarNode, isSeq: isSeqNode } = YAML;

/** Mappings of up to this many pairs are checked for duplicate keys pairwise (no Set). */
const smallMap = 8;

/** The first alias whose anchor is not defined before it. */
function unresolvedAlias(yaml: Document.Parsed): { source: string; range: [number, number] } | undefined {
  let found: { source: string; range: [number, number] } | undefined;
  visit(yaml, {
    Alias(_key, node) {
      if (node.resolve(yaml) !== undefined) return undefined;
      found = { source: node.source, range: node.range ? [node.range[0], node.range[1]] : [0, 0] };
      return visit.BREAK;
    },
  });
  return found;
}

/** The first alias that lies inside the node its anchor names (`&a [*a]`): the start of a cycle. */
function cyclicAlias(yaml: Document.Parsed): { source: string; range: [number, number] } | undefined {
  let found: { source: string; range: [number, number] } | undefined;
  visit(yaml, {
    Alias(_key, node) {
      const target = node.resolve(yaml);
      if (!node.range || !target?.range || !(target.range[0] <= node.range[0] && node.range[1] <= target.range[1])) return undefined;
      found = { source: node.source, range: [node.range[0], node.range[1]] };
      return visit.BREAK;
    },
  });
  return found ?? (() => {
    const first = firstAlias(yaml);
    return first ? { source: '名前', range: first } : undefined;
  })();
}

function firstAlias(yaml: Document.Parsed): [number, number] | undefined {
  let found: [number, number] | undefined;
  visit(yaml, {
    Alias(_key, node) {
      if (node.range) found = [node.range[0], node.range[1]];
      return visit.BREAK;
    },
  });
  return found;
}

const yamlErrorMessages: Record<string, string> = {
  BAD_INDENT: 'インデント（字下げ）が正しくありません。',
  BAD_SCALAR_START: 'この位置に値を書き始めることはできません（「-」「:」などで始まる値は引用符で囲んでください）。',
  BLOCK_AS_IMPLICIT_KEY: 'キーの書き方が正しくありません（キーの後に「:」が必要です）。',
  BLOCK_IN_FLOW: '[ ] や { } の中に字下げの構造は書けません。',
  DUPLICATE_KEY: '同じキーが 2 回あります。',
  MISSING_CHAR: '必要な記号（「:」「]」「}」や引用符など）がありません。',
  MULTILINE_IMPLICIT_KEY: 'キーは 1 行で書いてください（「:」の書き忘れの可能性があります）。',
  MULTIPLE_DOCS: '1 つのファイルに文書は 1 つだけ書けます（「---」を取り除いてください）。',
  UNEXPECTED_TOKEN: 'この位置に書けない記号があります。',
  BAD_DQ_ESCAPE: '"…" の中の「\\」の使い方が正しくありません。',
  KEY_OVER_1024_CHARS: 'キーが長すぎます（1024 文字まで）。',
  BAD_ALIAS: 'エイリアス（*名前）が正しくありません。',
  MULTIPLE_ANCHORS: '1 つの値にアンカー（&名前）は 1 つだけです。',
  MULTIPLE_TAGS: '1 つの値にタグ（!名前）は 1 つだけです。',
  TAG_RESOLVE_FAILED: 'タグ（!名前）を解決できません。',
  BAD_DIRECTIVE: 'ディレクティブ（%…）が正しくありません。',
  IMPOSSIBLE: 'YAML として解釈できません。',
};

function yamlErrorMessage(code: string, original: string): string {
  const ja = yamlErrorMessages[code];
  const detail = original.split('\n')[0];
  return ja ? `YAML の構文エラー: ${ja}` : `YAML の構文エラーです（${detail}）。`;
}
