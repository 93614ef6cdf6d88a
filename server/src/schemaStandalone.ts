import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { sheetKinds } from './service/kinds';
import { ajvOptions, compileWith, type SchemaSources } from './service/schemas';
import type { Validator } from './service/schemaSplit';

/**
 * Build-time code generation (run by esbuild.mjs, never by the server): the source of a CommonJS
 * module exporting `precompiledSchemas` (a `PrecompiledSchemas`: per kind `{ ok: true, split }`
 * where the schema splits — the root and list validators of service/schemaSplit.ts, of which
 * compileSchemas makes the whole validator — else `{ ok: true, validate }`, or `{ ok: false, error }`)
 * for the given schemas. The schemas are checked against their
 * meta-schemas and compiled exactly as `compileSchemas` does at run time (same `ajvOptions`, same
 * `compileWith`), then each validator is written out with ajv's standalone code generation
 * (`ajv/dist/standalone`), so the server and the CLI load plain functions instead of compiling
 * schemas at start-up. The module `require`s ajv's small runtime helpers (`ajv/dist/runtime/*`),
 * which the bundler resolves. A schema that does not compile gives `{ ok: false, error }` with the
 * same error text as at run time (reported as `schema/invalid-schema` on sheets of that kind).
 * Never throws for a broken schema.
 */
export function precompiledSchemasModule(sources: SchemaSources): string {
  const ajv = new Ajv({ ...ajvOptions, code: { source: true } });
  const compiled = compileWith(ajv, sources);
  const parts: string[] = ['"use strict";', 'const precompiledSchemas = {};'];
  for (const kind of sheetKinds) {
    const entry = compiled.get(kind)!;
    const key = JSON.stringify(kind);
    if (!entry.ok) {
      parts.push(`precompiledSchemas[${key}] = { ok: false, error: ${JSON.stringify(entry.error)} };`);
      continue;
    }
    // Each validator in its own function scope: standalone code declares module-level consts
    // (schema31, validate10 …) whose names repeat across calls.
    // compileWith's validators are ajv's compiled functions (Validator is their call signature).
    const inScope = (validate: Validator) => `(function () { const module = { exports: {} }; const exports = module.exports;\n${standaloneCode(ajv, validate as ValidateFunction)}\nreturn module.exports.default; })()`;
    // Where the schema splits (schemaSplit.ts), only the split validators (a root and one per list):
    // compileSchemas makes the whole validator of them, so each schema's code is in the bundle once.
    const validators = entry.split
      ? `split: { root: ${inScope(entry.split.root)}, lists: [${entry.split.lists.map((l) => `{ property: ${JSON.stringify(l.property)}, validate: ${inScope(l.validate)} }`).join(', ')}] }`
      : `validate: ${inScope(entry.validate)}`;
    parts.push(`precompiledSchemas[${key}] = { ok: true, ${validators} };`);
  }
  parts.push('exports.precompiledSchemas = precompiledSchemas;');
  return parts.join('\n');
}
