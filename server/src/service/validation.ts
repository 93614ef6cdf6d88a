import localizeJa from 'ajv-i18n/localize/ja';
import type { Scalar } from 'yaml';
import { DiagnosticCode } from './diagnosticCodes';
import { isSheetKind, kindKey, type SheetKind } from './kinds';
import type { ParsedSheet } from './parse';
import type { Problem } from './problem';
import type { CompiledSchema, ErrorObject } from './schemas';
import { splitErrors } from './schemaSplit';
import { editDistance } from './text';
import { formatDecimal, parseWrittenNumber } from './domain/numbers';
import { firstKey, keyOf, locate, offsetsOf, pointerSegments } from './yamlPath';

/** What the document says it is: its kind (if known) and where `様式:` is written. */
export interface KindInfo {
  kind: SheetKind | undefined;
  /** The `様式` value as written (may be an unknown kind). */
  written: unknown;
  keyNode: Scalar | undefined;
}

/** Reads `様式:` from the parsed sheet. */
export function readKind(sheet: ParsedSheet): KindInfo {
  const data = sheet.data as Record<string, unknown> | undefined;
  const written = data && typeof data === 'object' ? data[kindKey] : undefined;
  return { kind: isSheetKind(written) ? written : undefined, written, keyNode: sheet.yaml ? keyOf(sheet.yaml.contents, kindKey) : undefined };
}

/**
 * Problems with the sheet's kind and its schema: a missing or unknown `様式`, a broken schema,
 * and every schema violation placed on the offending key or value. Japanese messages (ajv-i18n
 * for the generic wording, with the schema's Japanese titles and allowed values added).
 */
export function validateSchema(sheet: ParsedSheet, kindInfo: KindInfo, schemas: Map<SheetKind, CompiledSchema>): Problem[] {
  const yaml = sheet.yaml;
  if (!yaml || sheet.data === undefined) return [];
  const problems: Problem[] = [];
  const data = sheet.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    if (yaml.errors.length > 0) return []; // a syntax error already explains it
    const [start, end] = offsetsOf(yaml.contents) ?? [0, Math.min(sheet.text.length, 1)];
    return [{ code: DiagnosticCode.sheetNotMapping, message: 'シートは「様式: …」で始まる「キー: 値」の並びで書いてください。', start, end, severity: 'error' }];
  }
  if (kindInfo.written === undefined) {
    const lineEnd = sheet.text.indexOf('\n');
    problems.push({
      code: DiagnosticCode.sheetMissingKind,
      message: '1 行目に「様式:」がありません。振り返りシート・区運営方針・市政改革プラン進捗・部会議事概要 のいずれかを書いてください。',
      start: 0,
      end: lineEnd < 0 ? sheet.text.length : lineEnd,
      severity: 'error',
    });
    return problems;
  }
  if (kindInfo.kind === undefined) {
    const valueNode = locate(yaml, [kindKey]).node;
    const [start, end] = offsetsOf(valueNode) ?? offsetsOf(kindInfo.keyNode) ?? [0, 0];
    problems.push({
      code: DiagnosticCode.sheetUnknownKind,
      message: `様式「${quoted(kindInfo.written)}」は知らない様式です。振り返りシート・区運営方針・市政改革プラン進捗・部会議事概要 のいずれかです。`,
      start,
      end,
      severity: 'error',
    });
    return problems;
  }
  const compiled = schemas.get(kindInfo.kind);
  if (!compiled || !compiled.ok) {
    const [start, end] = offsetsOf(locate(yaml, [kindKey]).node) ?? [0, 0];
    problems.push({
      code: DiagnosticCode.schemaInvalid,
      message: `様式「${kindInfo.kind}」のスキーマが壊れているため、項目の検査ができません: ${compiled?.error ?? 'スキーマがありません'}`,
      start,
      end,
      severity: 'error',
    });
    return problems;
  }
  // Item by item where the schema splits (the errors of unchanged items are reused), else whole;
  // the same errors in the same order either way (schemaSplit.ts).
  let errors: ErrorObject[];
  if (compiled.split) errors = splitErrors(compiled.split, data);
  else errors = compiled.validate(data) ? [] : [...(compiled.validate.errors ?? [])];
  if (errors.length === 0) return problems;
  localizeJa(errors);
  // Places where a number was one of the allowed forms (anyOf number | "－"): a number written
  // with full-width digits there must be answered with "write a number", not with the other form.
  const numeric = new Set(errors.filter((e) => e.keyword === 'type' && /number|integer/.test(String((e.params as { type?: unknown }).type))).map((e) => e.instancePath));
  for (const error of collapseCombinators(withoutTypeConsequences(errors))) problems.push(numberProblem(sheet, error, numeric) ?? schemaProblem(sheet, error));
  return dedupe(problems);
}

/**
 * A value of the wrong type also fails its schema's other value keywords (`公開区分:` left empty is
 * not a string and so not one of the allowed strings): one diagnostic per value, the type error.
 * Errors of the same schema object at the same place as a `type` error are dropped.
 */
function withoutTypeConsequences(errors: ErrorObject[]): ErrorObject[] {
  const typed = new Set<string>();
  const schemaIds = new Map<unknown, number>();
  const id = (e: ErrorObject) => {
    if (!schemaIds.has(e.parentSchema)) schemaIds.set(e.parentSchema, schemaIds.size);
    return `${schemaIds.get(e.parentSchema)!}\u0000${e.instancePath}`;
  };
  for (const e of errors) if (e.keyword === 'type') typed.add(id(e));
  const consequences = new Set(['enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'multipleOf']);
  return errors.filter((e) => !(consequences.has(e.keyword) && typed.has(id(e))));
}

/**
 * For anyOf/oneOf failures ajv reports every branch's errors; users need one message per place.
 * Errors inside a `$ref` carry the referenced schema's path, so branches are told apart by where
 * their errors lie in the document (instancePath), working from the deepest alternatives out:
 * 1. alternatives that only differ in which key is required (「内容」 or 「子項目」) become one
 *    `required` error listing the keys;
 * 2. where a value has errors inside it, or structural errors (required, unknown key, enum …) at
 *    its own level, those are the real ones: the alternatives' `type` misfits and the combinator
 *    error at that place are dropped;
 * 3. otherwise the value fits none of the alternatives as a whole: one combinator error remains.
 * A oneOf that failed because several alternatives passed is always kept (its message says so).
 */
function collapseCombinators(input: ErrorObject[]): ErrorObject[] {
  // Linear in the number of errors: every step looks errors up by instancePath instead of scanning
  // the whole list per combinator (a sheet can produce 100,000 errors).
  const removed = new Set<ErrorObject>();
  const added: ErrorObject[] = [];
  const isCombinator = (e: ErrorObject) => e.keyword === 'anyOf' || e.keyword === 'oneOf';
  const severalPassed = (e: ErrorObject) => e.keyword === 'oneOf' && Boolean((e.params as { passingSchemas?: unknown }).passingSchemas);
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of input) {
    const here = byPath.get(e.instancePath);
    if (here) here.push(e);
    else byPath.set(e.instancePath, [e]);
  }

  // 1. "one of these keys is required": every alternative is only `required` (plus stub properties).
  // Branch errors are recognised by identity (their parentSchema is one of the alternatives):
  // schema paths inside a $ref restart at "#/", so they cannot be matched by prefix.
  for (const combinator of input.filter((e) => isCombinator(e) && !severalPassed(e))) {
    if (removed.has(combinator)) continue;
    const alternatives = Array.isArray(combinator.schema) ? (combinator.schema as unknown[]) : [];
    const onlyRequired = alternatives.every(
      (b) => b !== null && typeof b === 'object' && 'required' in b && Object.keys(b).every((k) => k === 'required' || k === 'properties'),
    );
    if (alternatives.length < 2 || !onlyRequired) continue;
    const here = byPath.get(combinator.instancePath)!;
    const branches = here.filter((e) => !removed.has(e) && alternatives.includes(e.parentSchema));
    const keys = branches.map((e) => (e.params as { missingProperty: string }).missingProperty);
    if (branches.length === 0) continue;
    const merged: ErrorObject = { ...branches[0]!, parentSchema: combinator.parentSchema, params: { missingProperty: keys[0]!, alternatives: keys } as never };
    removed.add(combinator);
    for (const b of branches) removed.add(b);
    added.push(merged);
    here.push(merged);
  }

  // Places that have an error strictly inside them (every proper prefix of every error's path).
  const hasInside = new Set<string>();
  for (const path of byPath.keys()) {
    for (let cut = path.lastIndexOf('/'); cut >= 0; cut = path.lastIndexOf('/', cut - 1)) {
      const prefix = path.slice(0, cut);
      if (hasInside.has(prefix)) break; // its own prefixes are in already
      hasInside.add(prefix);
      if (cut === 0) break;
    }
  }

  // 2 and 3, from the deepest place of alternatives outwards.
  const places = [...byPath.entries()]
    .filter(([, here]) => here.some((e) => !removed.has(e) && isCombinator(e) && !severalPassed(e)))
    .map(([place]) => place)
    .sort((a, b) => pointerSegments(b).length - pointerSegments(a).length);
  for (const place of places) {
    const here = byPath.get(place)!.filter((e) => !removed.has(e));
    const inside = hasInside.has(place);
    const structural = here.some((e) => !isCombinator(e) && e.keyword !== 'type');
    const misfits = here.filter((e) => e.keyword === 'type' || (isCombinator(e) && !severalPassed(e)));
    if (inside || structural) for (const e of misfits) removed.add(e);
    else {
      // Keep the outermost combinator (shortest schema path): its title names the whole field.
      const kept = here.filter((e) => isCombinator(e) && !severalPassed(e)).sort((a, b) => a.schemaPath.length - b.schemaPath.length)[0];
      for (const e of misfits) if (e !== kept) removed.add(e);
    }
  }
  return [...input, ...added].filter((e) => !removed.has(e));
}

const typeNames: Record<string, string> = {
  string: '文字列',
  number: '数値',
  integer: '整数',
  boolean: '真偽値',
  array: 'リスト（- で始まる行）',
  object: '「キー: 値」の並び',
  null: '空',
  infinity: '無限大（.inf）',
  nan: '非数（.nan）',
};

/**
 * A name or value as quoted in a message: at most 40 characters (then "…"). Keys and values can be
 * megabytes long (a collection used as a key is stringified); messages must stay small.
 */
export function quoted(value: unknown): string {
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'nan' : 'infinity';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function titleOf(schema: unknown, fallback: string): string {
  if (schema && typeof schema === 'object' && typeof (schema as { title?: unknown }).title === 'string') return (schema as { title: string }).title;
  return fallback;
}

function schemaProblem(sheet: ParsedSheet, error: ErrorObject): Problem {
  const yaml = sheet.yaml!;
  const path = pointerSegments(error.instancePath);
  const location = locate(yaml, path);
  const lastSegment = path.length > 0 ? String(path[path.length - 1]) : '';
  const name = titleOf(error.parentSchema, quoted(lastSegment) || '文書');
  const valueRange = offsetsOf(location.node) ?? offsetsOf(location.key) ?? [0, 0];
  const keyRange = offsetsOf(location.key) ?? offsetsOf(firstKey(location.node)) ?? valueRange;
  const base = error.message ?? '';
  switch (error.keyword) {
    case 'required': {
      const { missingProperty: missing, alternatives } = error.params as { missingProperty: string; alternatives?: string[] };
      const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const title = titleOf(properties[missing], missing);
      if (alternatives && alternatives.length > 1) {
        const [start, end] = path.length === 0 ? (offsetsOf(keyOf(location.node, kindKey)) ?? keyRange) : keyRange;
        return {
          code: DiagnosticCode.schemaRequired,
          message: `${alternatives.map((k) => `「${k}」`).join('か')}のどちらかを書いてください。`,
          start,
          end,
          severity: 'error',
          data: { missingProperty: missing, alternatives, path },
        };
      }
      // Root mapping: there is no parent key, so point at 様式 (line 1) rather than the whole file.
      const [start, end] = path.length === 0 ? (offsetsOf(keyOf(location.node, kindKey)) ?? keyRange) : keyRange;
      return {
        code: DiagnosticCode.schemaRequired,
        message: `必須の項目「${missing}」${title !== missing ? `（${title}）` : ''}がありません。`,
        start,
        end,
        severity: 'error',
        data: { missingProperty: missing, path },
      };
    }
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const key = keyOf(location.node, extra);
      const [start, end] = offsetsOf(key) ?? keyRange;
      const known = Object.keys((error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {});
      const suggestion = closest(extra, known);
      return {
        code: DiagnosticCode.schemaAdditionalProperty,
        message: `「${quoted(extra)}」はこの様式の項目ではありません。${suggestion ? `「${suggestion}」のことですか？` : known.length > 0 ? `書ける項目: ${known.join('、')}` : ''}`,
        start,
        end,
        severity: 'error',
        data: { property: quoted(extra), suggestion, path },
      };
    }
    case 'type': {
      const expected = String((error.params as { type: string }).type)
        .split(',')
        .map((t) => typeNames[t] ?? t)
        .join('または');
      const actual = typeNames[jsonTypeOf(error.data)] ?? jsonTypeOf(error.data);
      return { code: DiagnosticCode.schemaType, message: `「${name}」は${expected}で書いてください（いまは${actual}）。`, start: valueRange[0], end: valueRange[1], severity: 'error', data: { path, expected: (error.params as { type: string }).type } };
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? ((error.params as { allowedValues: unknown[] }).allowedValues ?? []) : [(error.params as { allowedValue: unknown }).allowedValue];
      return {
        code: DiagnosticCode.schemaEnum,
        message: `「${name}」は次のいずれかです: ${allowed.map(String).join('、')}（いまは「${quoted(error.data)}」）。`,
        start: valueRange[0],
        end: valueRange[1],
        severity: 'error',
        data: { allowed, path },
      };
    }
    case 'pattern': {
      const examples = (error.parentSchema as { examples?: unknown[] } | undefined)?.examples;
      return {
        code: DiagnosticCode.schemaPattern,
        message: `「${name}」の書き方が正しくありません（いまは「${quoted(error.data)}」）。${examples && examples.length > 0 ? `例: ${examples.map(String).join('、')}` : ''}`,
        start: valueRange[0],
        end: valueRange[1],
        severity: 'error',
        data: { path },
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      // An item of a list (SDGsゴール[0]) is named by its list's title and its value, not by its index.
      const limit = (error.params as { limit?: unknown }).limit;
      const comparison = (error.params as { comparison?: string }).comparison ?? '';
      const bound = { '<=': '以下', '>=': '以上', '<': '未満', '>': 'より大きい数' }[comparison] ?? comparison;
      const listName = /^[0-9]+$/.test(String(path[path.length - 1])) && path.length > 1 ? titleOf(undefined, String(path[path.length - 2])) : name;
      return {
        code: DiagnosticCode.schemaRange,
        message: `「${listName}」の ${String(error.data)} は範囲外です。${String(limit)}${bound}で書いてください。`,
        start: valueRange[0],
        end: valueRange[1],
        severity: 'error',
        data: { path },
      };
    }
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'uniqueItems':
      return { code: DiagnosticCode.schemaRange, message: `「${name}」${base}。`, start: valueRange[0], end: valueRange[1], severity: 'error', data: { path } };
    case 'anyOf':
    case 'oneOf': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      const both = error.keyword === 'oneOf' && (error.params as { passingSchemas?: unknown }).passingSchemas;
      return {
        code: DiagnosticCode.schemaOther,
        message: both
          ? `「${name}」には、どちらか一方だけを書いてください。`
          : `「${name}」の形が正しくありません。${description ? description : ''}`,
        start: (both ? keyRange : valueRange)[0],
        end: (both ? keyRange : valueRange)[1],
        severity: 'error',
        data: { path },
      };
    }
    default:
      return { code: DiagnosticCode.schemaOther, message: `「${name}」: ${base}`, start: valueRange[0], end: valueRange[1], severity: 'error', data: { path } };
  }
}

/**
 * A string that is a number written with full-width digits or commas (２，１５０) where a number
 * belongs: "write it as a number", with the ASCII number as quick-fix `replacement`. Undefined for
 * any other error (the generic message applies).
 */
function numberProblem(sheet: ParsedSheet, error: ErrorObject, numeric: ReadonlySet<string>): Problem | undefined {
  if (typeof error.data !== 'string' || !numeric.has(error.instancePath)) return undefined;
  if (error.keyword !== 'enum' && error.keyword !== 'const' && error.keyword !== 'type' && error.keyword !== 'anyOf') return undefined;
  const written = parseWrittenNumber(error.data);
  if (!written || written.percent) return undefined;
  const path = pointerSegments(error.instancePath);
  const [start, end] = offsetsOf(locate(sheet.yaml!, path).node) ?? [0, 0];
  const replacement = formatDecimal(written.decimal);
  return {
    code: DiagnosticCode.schemaType,
    message: `「${String(path[path.length - 1] ?? '')}」は数値で書いてください。「${error.data}」は全角の数字や記号を含む文字列です（${replacement} と半角で書きます）。`,
    start,
    end,
    severity: 'error',
    data: { path, replacement },
  };
}

/** The known name nearest to `name` by edit distance, if close enough to be a likely typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  // A typo of a 様式's key is short; a long name (e.g. a stringified collection) is none, and its
  // edit distance would cost its length times each candidate's.
  if (name.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(Math.max(name.length, best.length) / 3)) ? best : undefined;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.code}|${p.start}|${p.end}|${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
