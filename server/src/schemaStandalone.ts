import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { sheetKinds } from './service/kinds';
import { ajvOptions, compileWith, type SchemaSources } from './service/schemas';

/**
 * Build-time code generation (run by esbuild.mjs, never by the server): the source of a CommonJS
 * module exporting `precompiledSchemas` (a `PrecompiledSchemas`: per kind `{ ok: true, validate,
 * split? }` or `{ ok: false, error }`, `split` being the root and list validators of
 * service/schemaSplit.ts where the schema splits) for the given schemas. The schemas are checked against their
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
    const inScope = (validate: ValidateFunction) => `(function () { const module = { exports: {} }; const exports = module.exports;\n${standaloneCode(ajv, validate)}\nreturn module.exports.default; })()`;
    // The split validators too (schemaSplit.ts: a root and one per list, same errors item by item).
    const split = entry.split
      ? `, split: { root: ${inScope(entry.split.root)}, lists: [${entry.split.lists.map((l) => `{ property: ${JSON.stringify(l.property)}, validate: ${inScope(l.validate)} }`).join(', ')}] }`
      : '';
    parts.push(`precompiledSchemas[${key}] = { ok: true, validate: ${inScope(entry.validate)}${split} };`);
  }
  parts.push('exports.precompiledSchemas = precompiledSchemas;');
  return parts.join('\n');
}
