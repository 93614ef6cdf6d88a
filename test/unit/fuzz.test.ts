import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type SheetKind, sheetKinds } from '../../server/src/service';
import { configurePropertyTests } from '../helpers/property';
import { doc, realService } from '../helpers/service';
import { emitYaml, generateData, rngFrom } from '../helpers/sheetGen';

configurePropertyTests();

/** Values that broke (or could break) a check, a regex or the schema step, put anywhere in a sheet. */
const hostile: readonly unknown[] = [
  null,
  '',
  0,
  -1,
  1e308,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  '〇'.repeat(3000),
  `${' '.repeat(3000)}x`,
  '（'.repeat(2000),
  '1'.repeat(2000),
  '１'.repeat(2000),
  `2.${'5'.repeat(150)}`,
  '令和0年度',
  '平成31年度',
  '令和元年度',
  '昭和64年度',
  '全24区',
  '50%増',
  '令和9年3月末までに',
  '1(2)の「存在しない取組」',
  '北 区長（兼務）',
  '−',
  '○',
  '▲1,234',
  '1,2,3',
  '24区',
  '99区',
  '令和6年2月30日',
  '25:99',
  [],
  {},
  [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]],
  { 未知の項目: 1 },
  ['ア', { 記号: 'イ' }],
  { 値: 'x', 年度: 3 },
];

/** Every collection and scalar slot of `data` as [parent, key], iteratively (generated data is a tree). */
function slots(data: Record<string, unknown>): [Record<string, unknown> | unknown[], string | number][] {
  const out: [Record<string, unknown> | unknown[], string | number][] = [];
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) node.forEach((v, i) => (out.push([node, i]), stack.push(v)));
    else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) (out.push([node as Record<string, unknown>, k]), stack.push(v));
  }
  return out;
}

const sheetArbitrary = fc.record({
  kind: fc.constantFrom<SheetKind>(...sheetKinds),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  anchors: fc.constantFrom(0, 0.1, 0.4),
  aliases: fc.constantFrom(0, 0.05, 0.2),
  flow: fc.constantFrom(0, 0.3),
  replacements: fc.array(fc.tuple(fc.nat(), fc.nat({ max: hostile.length - 1 })), { maxLength: 4 }),
  deletions: fc.array(fc.nat(), { maxLength: 2 }),
  eol: fc.constantFrom('\n', '\n', '\r\n', '\r'),
  cut: fc.option(fc.nat(), { nil: undefined }),
});

/** The text of one generated case: schema-driven data, hostile values put in, emitted with anchors/aliases, line ends, maybe cut mid-edit. */
function sheetText(c: typeof sheetArbitrary extends fc.Arbitrary<infer T> ? T : never): string {
  const data = generateData(c.kind, rngFrom(c.seed));
  const all = slots(data);
  for (const [at, which] of c.replacements) {
    const [parent, key] = all[at % all.length]!;
    (parent as Record<string | number, unknown>)[key] = structuredClone(hostile[which]);
  }
  for (const at of c.deletions) {
    const [parent, key] = all[at % all.length]!;
    if (!Array.isArray(parent)) delete parent[key];
  }
  let text = emitYaml(data, rngFrom(c.seed + 1), { anchors: c.anchors, aliases: c.aliases, flow: c.flow });
  if (c.eol !== '\n') text = text.replace(/\n/g, c.eol);
  if (c.cut !== undefined) text = text.slice(0, c.cut % (text.length + 1));
  return text;
}

// Structure-aware fuzzing of the whole service (issue 11 §1): sheets of all four kinds generated
// from their schemas, hostile values anywhere, anchors, shared and cyclic aliases, flow style,
// CRLF / CR line ends and cuts mid-edit. Fixed seed in CI (FC_SEED=random explores).
describe('fuzzing the whole service with generated sheets', () => {
  const service = realService();
  const budgetMs = 3000;

  it('never throws, never reports an internal error, stays within a time budget per document, keeps ranges and messages bounded', { timeout: 600_000 }, () => {
    fc.assert(
      fc.property(sheetArbitrary, (c) => {
        const text = sheetText(c);
        const document = doc(text);
        const start = performance.now();
        const diagnostics = service.validate(document);
        service.render(document);
        const took = performance.now() - start;
        assert.ok(took < budgetMs, `${took.toFixed(0)} ms for ${text.length} characters`);
        const failed = diagnostics.filter((d) => d.code === 'sheet/check-failed');
        assert.deepEqual(failed.map((d) => d.message), [], 'a check threw');
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const d of diagnostics) {
          assert.ok(d.range.start.line < lines && d.range.end.line < lines, `${String(d.code)} at line ${d.range.end.line} of ${lines}`);
          assert.ok(String(d.message).length < 2000, `${String(d.code)} message of ${String(d.message).length} characters`);
        }
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 250) },
    );
  });
});

describe('the sheet generator (fuzzer and benchmark input)', () => {
  const service = realService();
  for (const kind of sheetKinds) {
    it(`writes schema-valid ${kind} sheets`, () => {
      for (let seed = 0; seed < 6; seed++) {
        const text = emitYaml(generateData(kind, rngFrom(seed)), rngFrom(seed + 1), { flow: 0.3 });
        const invalid = service.validate(doc(text)).filter((d) => /^(yaml|schema|sheet)\//.test(String(d.code)));
        assert.deepEqual(invalid.map((d) => `${String(d.code)}@${d.range.start.line}`), [], text);
      }
    });
  }
});
