import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { sheetKinds, type SheetKind } from '../../server/src/service';
import { reparseSheet } from '../../server/src/service/incrementalParse';
import { parseSheet } from '../../server/src/service/parse';
import type { Problem } from '../../server/src/service/problem';
import { compileSchemas, type CompiledSchema, type ErrorObject, type SchemaSources } from '../../server/src/service/schemas';
import { schemaSplitStats, splitDocuments, splitErrors } from '../../server/src/service/schemaSplit';
import { readKind, validateSchema } from '../../server/src/service/validation';
import { apply, bases, inserts } from '../helpers/editSequences';
import { configurePropertyTests } from '../helpers/property';
import { broken, sheetFiles } from '../helpers/schemaVariants';
import { doc, marked, realService, summary } from '../helpers/service';
import { sheetOfLines } from '../helpers/sheetGen';

configurePropertyTests();

const sources: SchemaSources = { common: bundledSchemas.common, kinds: bundledSchemas.kinds };
const split = compileSchemas(sources);
/** The same compiled validators without their split: the whole validator, as before. */
const whole = new Map<SheetKind, CompiledSchema>([...split].map(([kind, c]) => [kind, c.ok ? { ...c, split: undefined } : c]));

function wholeErrors(compiled: CompiledSchema, data: unknown): ErrorObject[] {
  assert.ok(compiled.ok);
  return compiled.validate(data) ? [] : [...(compiled.validate.errors ?? [])];
}

/** Placed schema problems of a text, fresh parse, whole validator. */
function expectedProblems(text: string): Problem[] {
  const sheet = parseSheet(text);
  return validateSchema(sheet, readKind(sheet), whole);
}

const root = resolve(__dirname, '../..');

describe('schema validation item by item (schemaSplit.ts)', () => {
  it('splits every kind at its top-level lists of items', () => {
    const lists = Object.fromEntries([...split].map(([kind, c]) => [kind, c.ok ? c.split?.lists.map((l) => l.property) : undefined]));
    assert.deepEqual(lists, { 振り返りシート: ['柱'], 区運営方針: ['経営課題'], 市政改革プラン進捗: ['事項'], 部会議事概要: ['議事'] });
  });

  it('gives the whole validator’s raw errors, in its order, on every sample, fixture and generated sheet and on broken variants of them', () => {
    const texts = [...sheetFiles(join(root, 'samples')), ...sheetFiles(join(root, 'test/fixtures'))].map((f) => readFileSync(f, 'utf8'));
    for (const [i, kind] of sheetKinds.entries()) texts.push(sheetOfLines(kind, 400, 101 + i));
    let compared = 0;
    let withErrors = 0;
    for (const text of texts) {
      const data = parseSheet(text).data;
      const kind = readKind(parseSheet(text)).kind;
      const compiled = kind ? split.get(kind) : undefined;
      if (!compiled?.ok || !compiled.split) continue;
      for (const variant of [data, broken(data, 5), broken(data, 11), broken(data, 23)]) {
        const expected = wholeErrors(compiled, variant);
        assert.deepStrictEqual(splitErrors(compiled.split, variant), expected);
        // Again, now from the kept item errors.
        assert.deepStrictEqual(splitErrors(compiled.split, variant), expected);
        compared++;
        if (expected.length > 0) withErrors++;
      }
    }
    assert.ok(compared >= 4 * 9, `compared ${compared}`);
    assert.ok(withErrors >= 3 * 9, `only ${withErrors} with errors`);
  });

  it('reports an error inside an item and one at the root, with their ranges, and places kept item errors after an edit moves them', () => {
    const service = realService();
    const template = [
      '様式: 振り返りシート',
      '基準時点: ⟦令和6年度⟧',
      '柱:',
      '  - 番号: 1',
      '    名称: ニア・イズ・ベターの追求',
      '    中項目:',
      '      - 番号: 1',
      '        名称: 区政会議',
      '        取組項目:',
      '          - 名称: 区政会議の運営',
      '            行:',
      '              - めざす姿: 区政会議の開催',
      '                実施状況: 実施中',
      '  - 番号: 2',
      '    名称: 区役所力の強化',
      '    中項目:',
      '      - 番号: 1',
      '        名称: 窓口',
      '        取組項目:',
      '          - 名称: 窓口サービスの向上',
      '            行:',
      '              - めざす姿: 窓口の満足度',
      '                実施状況: 実施X',
      '',
    ].join('\n');
    const { text, range: rootRange } = marked(template);
    const itemLine = text.split('\n').findIndex((l) => l.includes('実施X'));
    const itemColumn = text.split('\n')[itemLine]!.indexOf('実施X');
    const itemRange = { start: { line: itemLine, character: itemColumn }, end: { line: itemLine, character: itemColumn + 3 } };
    const schemaOnly = (diagnostics: ReturnType<typeof service.validate>) => diagnostics.filter((d) => String(d.code).startsWith('schema/'));
    const uri = 'file:///split/both.sheet.yaml';
    const first = schemaOnly(service.validate(doc(text, uri, 1)));
    assert.deepEqual(summary(first), [
      `schema/pattern@${rootRange.start.line}:${rootRange.start.character}-${rootRange.end.line}:${rootRange.end.character}`,
      `schema/enum@${itemRange.start.line}:${itemRange.start.character}-${itemRange.end.line}:${itemRange.end.character}`,
    ]);
    // Two unknown keys typed into the second 柱, above its 中項目: the errors of its row come out
    // two lines lower; the first 柱 is untouched and its (empty) errors are reused.
    const before = { ...schemaSplitStats };
    const nameLine = text.split('\n').indexOf('    名称: 区役所力の強化');
    const edited = text.replace('    名称: 区役所力の強化', '    名称: 区役所力の強化\n    余計1: 一\n    余計2: 二');
    const second = schemaOnly(service.validate(doc(edited, uri, 2)));
    assert.ok(schemaSplitStats.reused > before.reused, 'an unchanged item’s errors are reused');
    assert.deepEqual(
      second.map((d) => [d.code, d.range.start.line]),
      [
        ['schema/pattern', rootRange.start.line],
        ['schema/additional-property', nameLine + 1],
        ['schema/additional-property', nameLine + 2],
        ['schema/enum', itemLine + 2],
      ],
    );
    // The same as a fresh service on the edited text.
    assert.deepEqual(second, schemaOnly(realService().validate(doc(edited, uri, 1))));
  });

  it('falls back to the whole validator where something looks at items from outside them', () => {
    const list = { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } };
    const base = { $id: 'x.json', type: 'object', properties: { l: list } };
    assert.ok(splitDocuments(base, 't-'));
    assert.equal(splitDocuments({ ...base, properties: { l: { ...list, uniqueItems: true } } }, 't-'), undefined, 'uniqueItems compares items');
    assert.equal(splitDocuments({ ...base, properties: { l: { ...list, contains: { type: 'object' } } } }, 't-'), undefined, 'contains tests items');
    assert.equal(splitDocuments({ ...base, anyOf: [{ required: ['l'] }] }, 't-'), undefined, 'a combinator at the root');
    assert.equal(splitDocuments({ ...base, properties: { l: list, m: { $ref: '#' } } }, 't-'), undefined, 'a $ref to the root');
    assert.equal(splitDocuments({ ...base, properties: { l: list, m: { $ref: '#/properties/l' } } }, 't-'), undefined, 'a $ref into the properties');
    assert.equal(splitDocuments({ ...base, properties: { l: { type: 'array', items: { type: 'string' } } } }, 't-'), undefined, 'a list of scalars is not worth it');
    // A schema that cannot be split still validates, with the whole validator.
    const kinds = { ...sources.kinds, 部会議事概要: { ...(sources.kinds.部会議事概要 as object), allOf: [{ $comment: 'a combinator at the root' }] } };
    const compiled = compileSchemas({ ...sources, kinds }).get('部会議事概要');
    assert.ok(compiled?.ok && compiled.split === undefined);
    const service = realService({ schemas: { ...sources, kinds } });
    assert.ok(service.validate(doc('様式: 部会議事概要\n回: 0\n')).some((d) => d.code === 'schema/required'));
  });
});

/** The items (objects) of the split lists of `data`, in order, as the split validation meets them. */
function itemsOf(data: unknown, kind: SheetKind | undefined): object[] {
  const compiled = kind ? split.get(kind) : undefined;
  if (!compiled?.ok || !compiled.split || data === null || typeof data !== 'object' || Array.isArray(data)) return [];
  const items: object[] = [];
  for (const { property } of compiled.split.lists) {
    const list = (data as Record<string, unknown>)[property];
    if (Array.isArray(list)) for (const item of list) if (item !== null && typeof item === 'object') items.push(item);
  }
  return items;
}

/** What is typed on top of the shared inserts: values of the wrong type, empty values, flow collections. */
const schemaInserts = ['[]', '{}', '~', 'true', '12', '1.5', '"1"', 'null', '－'];
const edit = fc.record({ line: fc.nat(), end: fc.boolean(), cut: fc.oneof(fc.constant(0), fc.nat({ max: 3 })), insert: fc.constantFrom(...inserts, ...schemaInserts) });

describe('schema validation item by item: random edit sequences', () => {
  it('gives, after every edit, what the whole validator gives on a fresh parse of the text, and reuses kept item errors', () => {
    let withSchemaProblems = 0;
    let withReuse = 0;
    let steps = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), (which, edits) => {
        let text = bases[which]!;
        let sheet = parseSheet(text);
        validateSchema(sheet, readKind(sheet), split);
        let validatedItems = new Set(itemsOf(sheet.data, readKind(sheet).kind));
        for (const e of edits) {
          text = apply(text, e);
          sheet = reparseSheet(sheet, text);
          const before = schemaSplitStats.reused;
          const got = validateSchema(sheet, readKind(sheet), split);
          const expected = expectedProblems(text);
          assert.deepStrictEqual(got, expected);
          if (expected.length > 0) withSchemaProblems++;
          // Every item the previous validation saw (same data object, kept by the incremental
          // parse) is reused, and only those (an aliased item met twice is reused the second time).
          const items = itemsOf(sheet.data, readKind(sheet).kind);
          const seen = new Set<object>();
          let keptItems = 0;
          for (const item of items) {
            if (validatedItems.has(item) || seen.has(item)) keptItems++;
            seen.add(item);
          }
          assert.equal(schemaSplitStats.reused - before, keptItems);
          validatedItems = new Set(items);
          steps++;
          if (keptItems > 0) withReuse++;
        }
      }),
    );
    assert.ok(withSchemaProblems > steps / 10, `only ${withSchemaProblems} of ${steps} edited texts had schema problems`);
    // The property must exercise reuse, not only fresh validation.
    assert.ok(withReuse > steps / 6, `item errors reused after only ${withReuse} of ${steps} edits`);
  });
});
