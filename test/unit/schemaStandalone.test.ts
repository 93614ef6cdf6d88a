import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import localizeJa from 'ajv-i18n/localize/ja';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { precompiledSchemasModule } from '../../server/src/schemaStandalone';
import { createLanguageService, sheetKinds, type SchemaSources, type SheetKind } from '../../server/src/service';
import { parseSheet } from '../../server/src/service/parse';
import { compileSchemas, type ErrorObject, type PrecompiledSchemas } from '../../server/src/service/schemas';
import { broken, sheetFiles } from '../helpers/schemaVariants';

const root = resolve(__dirname, '../..');

/** Loads generated standalone code as esbuild's bundle would run it (ajv's runtime helpers from node_modules). */
function load(sources: SchemaSources): PrecompiledSchemas {
  const module = { exports: {} as { precompiledSchemas?: PrecompiledSchemas } };
  new Function('module', 'exports', 'require', precompiledSchemasModule(sources))(module, module.exports, createRequire(__filename));
  return module.exports.precompiledSchemas!;
}

const sources: SchemaSources = { common: bundledSchemas.common, kinds: bundledSchemas.kinds };
const standalone = load(sources);
const runtime = compileSchemas(sources);
const fromBundle = compileSchemas({ ...sources, precompiled: standalone });

const files = [...sheetFiles(join(root, 'samples')), ...sheetFiles(join(root, 'test/fixtures'))];

/** ajv's errors of one validator on one value, localised as the service localises them (a fresh copy of the value each time). */
function errorsOf(validate: (data: unknown) => boolean, data: unknown): ErrorObject[] | null {
  const v = validate as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
  if (v(structuredClone(data))) return null;
  const errors = [...(v.errors ?? [])];
  localizeJa(errors);
  return errors;
}


describe('schemaStandalone: build-time validators are the runtime-compiled ones', () => {
  it('generates plain functions (not ajv-compiled ones) for every kind: its split validators, where the schema splits, and only those', () => {
    for (const kind of sheetKinds) {
      const entry = standalone[kind];
      assert.ok(entry?.ok, kind);
      // Every kind's schema splits (schemaSplit.ts); the whole validator is made of the split ones.
      assert.ok(entry.split && entry.validate === undefined, `${kind}: split validators only`);
      for (const validate of [entry.split.root, ...entry.split.lists.map((l) => l.validate)]) {
        assert.equal(typeof validate, 'function');
        assert.ok(!('schemaEnv' in validate), `${kind}: standalone code carries no ajv schema environment`);
      }
    }
  });

  it('gives the runtime whole validator’s errors (Japanese messages, paths, params, schemas) on the samples and on broken variants of them', () => {
    let compared = 0;
    let withErrors = 0;
    for (const file of files) {
      const sheet = parseSheet(readFileSync(file, 'utf8'));
      const data = sheet.data as Record<string, unknown> | undefined;
      const kind = data && typeof data === 'object' ? (data['様式'] as SheetKind) : undefined;
      const compiled = kind ? runtime.get(kind) : undefined;
      // The whole validator the service gets from the bundle's split validators (compileSchemas).
      const generated = kind ? fromBundle.get(kind) : undefined;
      if (!compiled?.ok || !generated?.ok) continue;
      for (const variant of [data, broken(data, 7), broken(data, 13), broken(data, 29)]) {
        const expected = errorsOf(compiled.validate, variant);
        assert.deepStrictEqual(errorsOf(generated.validate, variant), expected, file);
        compared++;
        if (expected && expected.length > 0) withErrors++;
      }
    }
    assert.ok(compared >= 4 * 5, `compared ${compared} documents`);
    assert.ok(withErrors >= 3 * 5, `only ${withErrors} documents had schema errors: the comparison must cover errors`);
  });

  it('gives the service identical diagnostics on every sample and fixture', () => {
    const withRuntime = createLanguageService({ schemas: sources });
    const withStandalone = createLanguageService({ schemas: { ...sources, precompiled: standalone } });
    let schemaDiagnostics = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const expected = withRuntime.validate(TextDocument.create(`file://${file}`, 'policy-yaml', 1, text));
      assert.deepStrictEqual(withStandalone.validate(TextDocument.create(`file://${file}`, 'policy-yaml', 1, text)), expected, file);
      schemaDiagnostics += expected.filter((d) => String(d.code).startsWith('schema/')).length;
    }
    assert.ok(schemaDiagnostics > 0, 'the fixtures include schema errors');
  });

  it('reports a schema that does not compile with the runtime error text', () => {
    const brokenSources: SchemaSources = { common: sources.common, kinds: { ...sources.kinds, 部会議事概要: { type: 'objekt' } } };
    const entry = load(brokenSources).部会議事概要;
    const expected = compileSchemas(brokenSources).get('部会議事概要');
    assert.ok(entry && !entry.ok && expected && !expected.ok);
    assert.equal(entry.error, expected.error);
    const service = createLanguageService({ schemas: { ...brokenSources, precompiled: load(brokenSources) } });
    const diagnostics = service.validate(TextDocument.create('file:///b.sheet.yaml', 'policy-yaml', 1, '様式: 部会議事概要\n'));
    assert.deepEqual(diagnostics.map((d) => d.code), ['schema/invalid-schema']);
  });
});
