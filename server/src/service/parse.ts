import { type Document, isScalar, parseDocument, visit } from 'yaml';
import { DiagnosticCode } from './diagnosticCodes';
import type { Problem } from './problem';

/** Limits applied before and while a sheet is parsed. */
export interface ParseLimits {
  /** Largest document accepted, in UTF-16 code units (default 2,000,000 ≈ 2–6 MB of text). */
  maxLength: number;
  /** Deepest nesting of block and flow collections accepted before the document is built (default 64). */
  maxDepth: number;
  /** Most alias expansions allowed when the document is turned into data (default 100). */
  maxAliasCount: number;
}

export const defaultParseLimits: ParseLimits = { maxLength: 2_000_000, maxDepth: 64, maxAliasCount: 100 };

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
 * refusal (too large, too deep, alias bomb) and every syntax error becomes a Problem with offsets.
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
  const tooDeep = findExcessiveNesting(text, limits.maxDepth);
  if (tooDeep !== undefined) {
    problems.push({
      code: DiagnosticCode.yamlTooDeep,
      message: `入れ子が深すぎます（上限 ${limits.maxDepth} 段）。この文書は組み立てずに検査を止めました。`,
      start: tooDeep,
      end: Math.min(text.length, tooDeep + 1),
      severity: 'error',
    });
    return { text, yaml: undefined, data: undefined, problems };
  }

  // uniqueKeys is off: the library's check is quadratic in the number of keys; ours is linear.
  // logLevel 'error': the library's console warnings (e.g. collection keys) must not reach stderr.
  const yaml = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false, merge: false, logLevel: 'error' });
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
    if (!(error instanceof ReferenceError)) throw error;
    const alias = firstAlias(yaml);
    problems.push({
      code: DiagnosticCode.yamlAliasLimit,
      message: `エイリアス（*名前）の展開が多すぎます（上限 ${limits.maxAliasCount}）。この文書は検査できません。`,
      start: alias?.[0] ?? 0,
      end: alias?.[1] ?? 0,
      severity: 'error',
    });
    data = undefined;
  }
  return { text, yaml, data, problems };
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
 * Estimates the nesting depth of block and flow collections in one linear pass over the text, so
 * that pathological input (e.g. 1,000 nested `[`) is refused before the YAML library recurses on it.
 * Returns the offset where the depth first exceeds `maxDepth`, or undefined.
 */
export function findExcessiveNesting(text: string, maxDepth: number): number | undefined {
  const indents: number[] = [];
  let flowDepth = 0;
  let blockScalarIndent = -1; // while >= 0, lines indented deeper belong to a | or > scalar
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    let i = pos;
    while (i < nl && text[i] === ' ') i++;
    const indent = i - pos;
    const blank = i >= nl || text[i] === '#' || text[i] === '\r';
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) {
        pos = nl + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (blank && flowDepth === 0) {
      pos = nl + 1;
      continue;
    }
    let blockDepth = 0;
    if (flowDepth === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1]! < indent) indents.push(indent);
      blockDepth = indents.length;
      // "- - - x": each sequence indicator on the line opens one more level.
      while (i + 1 < nl && text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
        blockDepth++;
        i += 2;
        while (i < nl && text[i] === ' ') i++;
      }
      if (blockDepth > maxDepth) return i;
    }
    // Scan the rest of the line for flow indicators outside quotes and comments.
    let valueStart = true;
    let quote: '"' | "'" | undefined;
    for (; i < nl; i++) {
      const c = text[i]!;
      if (quote !== undefined) {
        if (quote === '"' && c === '\\') i++;
        else if (c === quote) quote = undefined;
        continue;
      }
      if (c === '#' && (i === pos || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      if ((c === '"' || c === "'") && (valueStart || flowDepth > 0)) {
        quote = c;
        continue;
      }
      if ((c === '[' || c === '{') && (valueStart || flowDepth > 0)) {
        flowDepth++;
        if (blockDepth + flowDepth > maxDepth) return i;
        valueStart = true;
        continue;
      }
      if ((c === ']' || c === '}') && flowDepth > 0) {
        flowDepth--;
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      if (flowDepth > 0) {
        valueStart = c === ',' || c === ':';
        continue;
      }
      if ((c === '|' || c === '>') && valueStart) {
        blockScalarIndent = indent;
        break;
      }
      if (c === ':' && (i + 1 >= nl || text[i + 1] === ' ')) {
        valueStart = true;
        continue;
      }
      if (c === '-' && valueStart && (i + 1 >= nl || text[i + 1] === ' ')) continue;
      valueStart = false;
    }
    pos = nl + 1;
  }
  return undefined;
}

/** Duplicate keys in every mapping, reported on the second (and later) occurrence. Linear time. */
function findDuplicateKeys(yaml: Document.Parsed): Problem[] {
  const problems: Problem[] = [];
  visit(yaml, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key)) continue;
        const name = String(key.value);
        if (seen.has(name)) {
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
        seen.add(name);
      }
    },
  });
  return problems;
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
