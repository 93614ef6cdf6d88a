import localizeJa from 'ajv-i18n/localize/ja';
import type { Scalar } from 'yaml';
import { DiagnosticCode } from './diagnosticCodes';
import { isSheetKind, kindKey, type SheetKind } from './kinds';
import type { ParsedSheet } from './parse';
import type { Problem } from './problem';
import type { CompiledSchema, ErrorObject } from './schemas';
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
      message: `様式「${String(kindInfo.written)}」は知らない様式です。振り返りシート・区運営方針・市政改革プラン進捗・部会議事概要 のいずれかです。`,
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
  if (compiled.validate(data)) return problems;
  const errors = [...(compiled.validate.errors ?? [])];
  localizeJa(errors);
  for (const error of collapseCombinators(errors)) problems.push(schemaProblem(sheet, error));
  return dedupe(problems);
}

/**
 * For anyOf/oneOf failures ajv also reports every branch's errors; users need one message per
 * place. Keeps, per combinator, either the errors of the one branch the value most likely meant or
 * the combinator's own error:
 * - a branch whose type does not fit the value (a `type` error at the value itself) is ruled out;
 * - if exactly one branch is left, its errors are the real ones;
 * - if several are left, the branch whose errors lie deepest (then: has the most non-type errors)
 *   is taken when its errors lie below the value; otherwise the value as a whole does not fit, and
 *   the combinator's error is reported once.
 */
function collapseCombinators(errors: ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const dropped = new Set<ErrorObject>();
  for (const combinator of combinators) {
    const prefix = combinator.schemaPath + '/';
    const branchErrors = errors.filter((e) => e !== combinator && e.schemaPath.startsWith(prefix));
    const byBranch = new Map<string, ErrorObject[]>();
    for (const e of branchErrors) {
      const branch = branchOf(e, prefix);
      if (!byBranch.has(branch)) byBranch.set(branch, []);
      byBranch.get(branch)!.push(e);
    }
    const branchCount = Array.isArray(combinator.schema) ? combinator.schema.length : 0;
    const typeMisfit = (errs: ErrorObject[]) => errs.some((e) => e.instancePath === combinator.instancePath && e.keyword === 'type');
    const candidates = [...Array(branchCount).keys()].map(String).filter((b) => !typeMisfit(byBranch.get(b) ?? []));
    const ownDepth = pointerSegments(combinator.instancePath).length;
    const depthOf = (errs: ErrorObject[]) => Math.max(ownDepth, ...errs.map((e) => pointerSegments(e.instancePath).length + (e.keyword === 'required' || e.keyword === 'additionalProperties' ? 1 : 0)));
    const score = (b: string) => {
      const errs = byBranch.get(b) ?? [];
      return [depthOf(errs), errs.filter((e) => e.keyword !== 'type').length] as const;
    };
    let chosen: string | undefined;
    if (combinator.keyword === 'anyOf' && candidates.length === 1) chosen = candidates[0];
    else if (combinator.keyword === 'anyOf' && candidates.length > 1) {
      const best = [...candidates].sort((a, b) => score(b)[0] - score(a)[0] || score(b)[1] - score(a)[1])[0]!;
      if (score(best)[0] > ownDepth) chosen = best;
    }
    if (chosen !== undefined) {
      dropped.add(combinator);
      for (const e of branchErrors) if (branchOf(e, prefix) !== chosen) dropped.add(e);
    } else {
      for (const e of branchErrors) dropped.add(e);
    }
  }
  return errors.filter((e) => !dropped.has(e));
}

function branchOf(error: ErrorObject, prefix: string): string {
  return error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
}

const typeNames: Record<string, string> = {
  string: '文字列',
  number: '数値',
  integer: '整数',
  boolean: '真偽値',
  array: 'リスト（- で始まる行）',
  object: '「キー: 値」の並び',
  null: '空',
};

function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
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
  const name = titleOf(error.parentSchema, lastSegment || '文書');
  const valueRange = offsetsOf(location.node) ?? offsetsOf(location.key) ?? [0, 0];
  const keyRange = offsetsOf(location.key) ?? offsetsOf(firstKey(location.node)) ?? valueRange;
  const base = error.message ?? '';
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {};
      const title = titleOf(properties[missing], missing);
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
        message: `「${extra}」はこの様式の項目ではありません。${suggestion ? `「${suggestion}」のことですか？` : known.length > 0 ? `書ける項目: ${known.join('、')}` : ''}`,
        start,
        end,
        severity: 'error',
        data: { property: extra, suggestion, path },
      };
    }
    case 'type': {
      const expected = String((error.params as { type: string }).type)
        .split(',')
        .map((t) => typeNames[t] ?? t)
        .join('または');
      const actual = typeNames[jsonTypeOf(error.data)] ?? jsonTypeOf(error.data);
      return { code: DiagnosticCode.schemaType, message: `「${name}」は${expected}で書いてください（いまは${actual}）。`, start: valueRange[0], end: valueRange[1], severity: 'error', data: { path } };
    }
    case 'enum':
    case 'const': {
      const allowed = error.keyword === 'enum' ? ((error.params as { allowedValues: unknown[] }).allowedValues ?? []) : [(error.params as { allowedValue: unknown }).allowedValue];
      return {
        code: DiagnosticCode.schemaEnum,
        message: `「${name}」は次のいずれかです: ${allowed.map(String).join('、')}（いまは「${String(error.data)}」）。`,
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
        message: `「${name}」の書き方が正しくありません（いまは「${String(error.data)}」）。${examples && examples.length > 0 ? `例: ${examples.map(String).join('、')}` : ''}`,
        start: valueRange[0],
        end: valueRange[1],
        severity: 'error',
        data: { path },
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
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

/** The known name nearest to `name` by edit distance, if close enough to be a likely typo. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
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

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
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
