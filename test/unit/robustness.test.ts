import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { doc, only, realService, summary } from '../helpers/service';
import { configurePropertyTests, splicedSheets } from '../helpers/property';

configurePropertyTests();

const samplesDir = resolve(__dirname, '../../samples');
const samples = readdirSync(samplesDir)
  .filter((f) => f.endsWith('.sheet.yaml'))
  .map((f) => readFileSync(resolve(samplesDir, f), 'utf8'));

/** Every diagnostic range lies inside the document and is ordered. */
function assertRangesInside(text: string, diagnostics: ReturnType<ReturnType<typeof realService>['validate']>): void {
  // Line breaks as LSP counts them: \r\n, \r and \n.
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    const { start, end } = d.range;
    assert.ok(start.line >= 0 && start.line < Math.max(1, lines.length), `start line ${start.line} outside`);
    assert.ok(end.line < Math.max(1, lines.length) + 1, `end line ${end.line} outside`);
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), 'start after end');
  }
}

describe('the service never throws and keeps ranges inside the document', () => {
  const service = realService();

  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const full = `様式: 区運営方針\n${text}`;
        assertRangesInside(full, service.validate(doc(full)));
      }),
      { numRuns: 300 },
    );
  });

  it('on real sheets cut, duplicated and spliced mid-edit', () => {
    fc.assert(
      fc.property(splicedSheets(samples, ['', '-', ':', ' ', '\t', '[', '{', '"', "'", '&a', '*a', '- x', '\n  ', '〇', '令和0年度', '5決算額: 1', '---', '|'], 200), (text) => {
        assertRangesInside(text, service.validate(doc(text)));
      }),
      { numRuns: 120 },
    );
  });
});

/** The codes of the service's diagnostics for `text`. */
function codesOf(text: string): string[] {
  return realService()
    .validate(doc(text))
    .map((d) => String(d.code));
}

// Each reproduction of issue 11 §1, answered with a clear diagnostic (a hang or a throw fails the
// test through its timeout or the exception).
describe('hostile sheets get a diagnostic, not a hang or a crash', { timeout: 60_000 }, () => {
  it('an alias inside its own anchor (39 bytes): yaml/alias-cycle on the alias', () => {
    const d = realService().validate(doc('様式: 区運営方針\nx: &a [*a, *a]\n'));
    assert.deepEqual(summary(d), ['yaml/alias-cycle@1:7-1:9']);
  });

  it('a cycle through the recursive 主な取組 schema: yaml/alias-cycle, no stack overflow in ajv', () => {
    const text = '様式: 市政改革プラン進捗\n年度: 平成23年度\n時点: 24年3月末\n柱: {番号: 2, 名称: 区役所・市役所力の強化}\n事項:\n  - 番号: 2-③\n    名称: x\n    主な取組: &a\n      - 記号: ア\n        子項目: *a\n';
    assert.deepEqual(summary(realService().validate(doc(text))), ['yaml/alias-cycle@9:13-9:15']);
  });

  it('shared (acyclic) aliases are still validated, and walked once', () => {
    const text = '様式: 部会議事概要\n回: &n x\n部会名: *n\n';
    assert.ok(codesOf(text).includes('schema/type'));
  });

  it('an alias without its anchor is named as such, not as too many expansions', () => {
    const d = realService().validate(doc('様式: 部会議事概要\n回: *nope\n'));
    const alias = only(d, 'yaml/syntax');
    assert.deepEqual(alias.data, { yamlCode: 'UNRESOLVED_ALIAS' });
    assert.deepEqual(alias.range, { start: { line: 1, character: 3 }, end: { line: 1, character: 8 } });
    assert.ok(!d.some((x) => x.code === 'yaml/alias-limit'));
  });

  for (const [name, text] of [
    ['an apostrophe inside a flow plain scalar', `様式: 部会議事概要\nx: [a'b, ${'['.repeat(900)}\n`],
    ["a q: [a'b] line before deep block nesting", `様式: 部会議事概要\nq: [a'b]\n${Array.from({ length: 900 }, (_, i) => `${' '.repeat(i)}a:`).join('\n')}\n`],
    ['an anchor before the first bracket', `様式: 部会議事概要\nx: &a ${'['.repeat(900)}\n`],
    ['a collection used as an explicit key', `様式: 部会議事概要\n? ${'['.repeat(900)}${']'.repeat(900)}\n: 1\n`],
  ]) {
    it(`nesting cannot bypass the depth limit: ${name}`, () => {
      assert.deepEqual(codesOf(text!), ['yaml/too-deep']);
    });
  }

  it('data nested deeper through aliases than the text shows is refused (yaml/too-deep)', () => {
    const lines = ['様式: 部会議事概要', `a0: &a0 ${'['.repeat(60)}1${']'.repeat(60)}`];
    for (let i = 1; i < 6; i++) lines.push(`a${i}: &a${i} ${'['.repeat(60)}*a${i - 1}${']'.repeat(60)}`);
    const d = realService().validate(doc(lines.join('\n') + '\n'));
    assert.deepEqual(d.map((x) => x.code), ['yaml/too-deep']);
  });

  it('a lone CR ends a line: a known 様式 stays known', () => {
    const codes = codesOf('様式: 部会議事概要\r回: x\r');
    assert.ok(!codes.includes('sheet/unknown-kind'), codes.join());
    assert.ok(codes.includes('schema/type'));
  });

  it('.inf is named as infinity, not as "a number"', () => {
    const d = only(realService().validate(doc('様式: 部会議事概要\n回: .inf\n')), 'schema/type');
    assert.match(String(d.message), /無限大/);
  });

  it('one empty value gets one diagnostic (its type), not also an enum one', () => {
    const d = realService().validate(doc('様式: 部会議事概要\n公開区分:\n'));
    assert.deepEqual(d.filter((x) => x.range.start.line === 1).map((x) => x.code), ['schema/type']);
  });

  it('more than 100 written decimals: no sheet/check-failed', () => {
    const text = `様式: 区運営方針\n凡例: {〇: 目標達成, －: 目標未達成}\nx:\n  アウトカム指標:\n    - 指標: 割合\n      目標値: 1.${'0'.repeat(150)}\n      比較: 以上\n      実績:\n        - 年度: 令和６年度\n          値: 2.${'5'.repeat(150)}\n          達成状況: "－"\n`;
    assert.ok(codesOf(text).includes('indicator/mark-mismatch'), 'the message with both numbers is built');
    assert.ok(!codesOf(text).includes('sheet/check-failed'));
  });

  it('a 600 KB collection key is not copied into messages or data', () => {
    const text = `様式: 部会議事概要\n? [${'abcdefgh, '.repeat(60_000)}]\n: 1\n`;
    const d = realService().validate(doc(text));
    assert.ok(JSON.stringify(d).length < 20_000, `${JSON.stringify(d).length} characters of diagnostics`);
  });

  it('a check that throws is reported as sheet/check-failed; the other checks still run', () => {
    const throwing = () => {
      throw new Error('boom');
    };
    const service = realService({ checks: [{ kinds: 'all', check: throwing }] });
    const d = service.validate(doc('様式: 部会議事概要\n回: x\n'));
    assert.ok(d.some((x) => x.code === 'sheet/check-failed'));
    assert.ok(d.some((x) => x.code === 'schema/type'));
  });
});

describe('graded service for large sheets', { timeout: 120_000 }, () => {
  // 部会議事概要 whose 議事 are numbered 1, 3: minutes/numbering is a domain check.
  const minutes = '様式: 部会議事概要\n回: 1\n部会名: 人事\n公開区分: 公開\n日時: {日付: 令和５年12月14日, 曜日: 木, 開始: "9:30", 終了: "10:50"}\n場所: web会議\n出席者: [北区長]\n議事:\n  - {番号: 1, 件名: a}\n  - {番号: 3, 件名: b}\n';

  it('above the domain-check limit: syntax and schema only, with sheet/partial-check; everything on request', () => {
    const service = realService({ domainCheckLimit: 100 });
    const document = doc(`${minutes}回: x\n`);
    const partial = service.validate(document).map((d) => String(d.code));
    assert.ok(partial.includes('sheet/partial-check') && partial.includes('yaml/duplicate-key'), partial.join());
    assert.ok(!partial.includes('minutes/numbering'));
    const full = service.validate(document, {}, { full: true }).map((d) => String(d.code));
    assert.ok(full.includes('minutes/numbering') && !full.includes('sheet/partial-check'), full.join());
  });

  it('below the limit the domain checks run on every validation', () => {
    assert.ok(codesOf(minutes).includes('minutes/numbering'));
  });

  it('a 3,000,000-character sheet is parsed and schema-checked (no more sheet/too-large at 2,000,000)', () => {
    const filler = Array.from({ length: 30_000 }, (_, i) => `  - {番号: ${i + 1}, 件名: ${'議事'.repeat(40)}}`).join('\n');
    const text = minutes.replace('議事:\n  - {番号: 1, 件名: a}\n  - {番号: 3, 件名: b}\n', `議事:\n${filler}\n  - {番号: x, 件名: b}\n`);
    assert.ok(text.length > 3_000_000);
    const codes = codesOf(text);
    assert.ok(codes.includes('sheet/partial-check') && codes.includes('schema/type') && !codes.includes('sheet/too-large'), codes.join());
  });
});
