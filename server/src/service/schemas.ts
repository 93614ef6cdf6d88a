import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { loadAjv } from './lazyAjv';
import { type SheetKind, sheetKinds } from './kinds';
import { compileSplit, type SplitValidators, type Validator, wholeValidator } from './schemaSplit';

/**
 * The JSON Schemas a language service validates against: `common` (shared definitions, $id
 * "common.schema.json") and one schema per kind. Plain JSON values, as read from schemas/.
 */
export interface SchemaSources {
  common: unknown;
  kinds: Partial<Record<SheetKind, unknown>>;
  /**
   * Validators generated from exactly these `common` and `kinds` at build time (ajv standalone
   * code, see server/src/schemaStandalone.ts), or undefined to compile at run time. A kind found
   * here is not compiled again: its schema was checked against its meta-schema when it was built.
   */
  precompiled?: PrecompiledSchemas;
}

/**
 * Per kind, validators generated at build time: the whole validator, or where the schema splits only
 * its split validators (schemaSplit.ts; the whole validator is then made of them, so the bundle
 * carries each schema's code once); or why its schema did not compile then.
 */
export type PrecompiledSchemas = Partial<Record<SheetKind, { ok: true; validate: Validator; split?: SplitValidators } | { ok: true; validate?: undefined; split: SplitValidators } | { ok: false; error: string }>>;

/**
 * The options every validator of a sheet kind is compiled with, at run time and at build time:
 * strict mode, all errors, verbose (errors carry their schema for titles and allowed values).
 */
export const ajvOptions = { strict: true, allErrors: true, verbose: true } as const;

/**
 * A kind's compiled validator, or why it could not be compiled. `split`, when the schema splits
 * (schemaSplit.ts), validates the same as `validate` item by item, reusing the errors of unchanged
 * items; undefined: only the whole validator.
 */
export type CompiledSchema =
  | { ok: true; validate: Validator; schema: Record<string, unknown>; split?: SplitValidators }
  | { ok: false; error: string };

/**
 * Compiles every schema once with ajv in strict mode (allErrors, verbose, so that errors carry
 * their schema for titles and allowed values). Each schema is first checked against its
 * meta-schema. Never throws: a broken schema becomes `{ ok: false, error }`, which the service
 * reports as a `schema/invalid-schema` diagnostic on the sheets of that kind.
 * Kinds in `sources.precompiled` are taken from there instead (no ajv compilation at all when
 * every kind is precompiled, which is what makes the bundled server start fast).
 */
export function compileSchemas(sources: SchemaSources): Map<SheetKind, CompiledSchema> {
  const precompiled = sources.precompiled ?? {};
  if (sheetKinds.every((kind) => precompiled[kind] !== undefined)) {
    const result = new Map<SheetKind, CompiledSchema>();
    for (const kind of sheetKinds) {
      const entry = precompiled[kind]!;
      if (!entry.ok) {
        result.set(kind, entry);
        continue;
      }
      const schema = sources.kinds[kind] as Record<string, unknown>;
      const split = entry.split ? { ...entry.split, original: schema } : undefined;
      const validate = entry.validate ?? (split ? wholeValidator(split) : undefined);
      result.set(kind, validate ? { ok: true, validate, schema, split } : { ok: false, error: `${kind}: 事前コンパイルされた検査関数がありません。` });
    }
    return result;
  }
  const AjvClass = loadAjv();
  return compileWith(new AjvClass(ajvOptions), sources);
}

/**
 * Compiles every kind's schema with the given ajv instance (created with `ajvOptions`, plus
 * `code.source` when the caller generates standalone code from it), and its split validators
 * where the schema splits (schemaSplit.ts; ids `policy-sheets-split-<n>-…`). Never throws.
 */
export function compileWith(ajv: Ajv, sources: SchemaSources): Map<SheetKind, CompiledSchema> {
  const result = new Map<SheetKind, CompiledSchema>();
  let commonError: string | undefined;
  try {
    if (!ajv.validateSchema(sources.common as object)) commonError = ajv.errorsText(ajv.errors);
    else ajv.addSchema(sources.common as object, 'common.schema.json');
  } catch (error) {
    commonError = String(error instanceof Error ? error.message : error);
  }
  for (const kind of sheetKinds) {
    const schema = sources.kinds[kind];
    if (commonError !== undefined) {
      result.set(kind, { ok: false, error: `common.schema.json: ${commonError}` });
      continue;
    }
    if (schema === undefined || schema === null || typeof schema !== 'object') {
      result.set(kind, { ok: false, error: `${kind}.schema.json がありません。` });
      continue;
    }
    try {
      if (!ajv.validateSchema(schema)) {
        result.set(kind, { ok: false, error: ajv.errorsText(ajv.errors) });
        continue;
      }
      const validate = ajv.compile(schema);
      const split = compileSplit(ajv, schema, `policy-sheets-split-${sheetKinds.indexOf(kind)}-`);
      result.set(kind, { ok: true, validate, schema: schema as Record<string, unknown>, split });
    } catch (error) {
      result.set(kind, { ok: false, error: String(error instanceof Error ? error.message : error) });
    }
  }
  return result;
}

export type { ErrorObject };
