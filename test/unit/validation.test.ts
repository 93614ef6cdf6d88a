import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import common from '../../schemas/common.schema.json';
import { createLanguageService } from '../../server/src/service';
import { doc, marked, only, realService, summary } from '../helpers/service';

const minutes = (body: string) =>
  `様式: 部会議事概要
回: 254
部会名: 人事・財政部会
公開区分: 非公開
日時:
  日付: 令和５年12月14日
  曜日: 木
  開始: "9:30"
  終了: "10:50"
場所: web会議
出席者: [旭区長, 住吉区長]
${body}`;
const items = `議事:
  - 番号: 1
    件名: 件名
    区分: 報告
`;

describe('validateSchema: placement and codes', () => {
  it('accepts a valid minutes sheet', () => {
    assert.deepEqual(summary(realService().validate(doc(minutes(items)))), []);
  });

  it('puts an enum violation on the value', () => {
    const { text, range } = marked(minutes(items).replace('公開区分: 非公開', '公開区分: ⟦非公開X⟧'));
    const d = only(realService().validate(doc(text)), 'schema/enum');
    assert.deepEqual(d.range, range);
    assert.deepEqual((d.data as { allowed: string[] }).allowed, ['公開', '非公開']);
  });

  it('puts a missing required key on the key of the mapping that lacks it', () => {
    const { text, range } = marked(minutes(items).replace('日時:', '⟦日時⟧:').replace('  終了: "10:50"\n', ''));
    const d = only(realService().validate(doc(text)), 'schema/required');
    assert.deepEqual(d.range, range);
    assert.equal((d.data as { missingProperty: string }).missingProperty, '終了');
  });

  it('puts a missing top-level key on 様式 (line 1), not on the whole file', () => {
    const text = minutes(items).replace('場所: web会議\n', '');
    const d = only(realService().validate(doc(text)), 'schema/required');
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });
  });

  it('puts an unknown key on the key and suggests the likely one', () => {
    const { text, range } = marked(minutes(items).replace('部会名:', '⟦部会⟧:'));
    const d = realService().validate(doc(text));
    const extra = only(d, 'schema/additional-property');
    assert.deepEqual(extra.range, range);
    assert.equal((extra.data as { suggestion?: string }).suggestion, '部会名');
  });

  it('puts a wrong type on the value', () => {
    const { text, range } = marked(minutes(items).replace('回: 254', '回: ⟦二百五十四⟧'));
    assert.deepEqual(only(realService().validate(doc(text)), 'schema/type').range, range);
  });

  it('puts a pattern violation (a time written 0930) on the value', () => {
    const { text, range } = marked(minutes(items).replace('開始: "9:30"', '開始: ⟦"0930"⟧'));
    assert.deepEqual(only(realService().validate(doc(text)), 'schema/pattern').range, range);
  });

  it('reports an anyOf (文章) mismatch once, on the value', () => {
    const { text, range } = marked(minutes(items).replace('    区分: 報告\n', '    区分: 報告\n    要旨: ⟦{a: 1}⟧\n'));
    const d = realService().validate(doc(text));
    assert.deepEqual(summary(d), [`schema/other@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`]);
  });

  it('reports a missing 様式 on line 1 and an unknown one on its value', () => {
    assert.deepEqual(summary(realService().validate(doc('回: 1\n'))), ['sheet/missing-kind@0:0-0:4']);
    const { text, range } = marked('様式: ⟦議事録⟧\n');
    assert.deepEqual(only(realService().validate(doc(text)), 'sheet/unknown-kind').range, range);
  });

  it('reports a top level that is not a mapping', () => {
    assert.deepEqual(summary(realService().validate(doc('- a\n- b\n'))), ['sheet/not-mapping@0:0-2:0']);
  });

  it('every diagnostic carries source, a documentation link and a Japanese message', () => {
    const d = realService().validate(doc(minutes(items).replace('回: 254', '回: x')));
    assert.ok(d.length > 0);
    for (const x of d) {
      assert.equal(x.source, 'policy-sheets');
      assert.match(x.codeDescription?.href ?? '', /docs\/diagnostics\.md#/);
      assert.match(String(x.message), /[ぁ-んァ-ヶ一-龠]/);
    }
  });

  it('applies per-code severity overrides and "off"', () => {
    const text = minutes(items).replace('回: 254', '回: x');
    const service = realService();
    assert.equal(only(service.validate(doc(text), { 'schema/type': 'warning' }), 'schema/type').severity, 2);
    assert.deepEqual(summary(service.validate(doc(text), { 'schema/type': 'off' })), []);
  });
});

describe('broken schemas are diagnostics, not exceptions', () => {
  it('reports a kind schema that fails its meta-schema on 様式 of each sheet of that kind', () => {
    const service = createLanguageService({ schemas: { common, kinds: { 部会議事概要: { type: 'objekt' } } } });
    const d = only(service.validate(doc(minutes(items))), 'schema/invalid-schema');
    assert.equal(d.range.start.line, 0);
    assert.equal(service.schemaStatus().find((s) => s.kind === '部会議事概要')?.ok, false);
  });

  it('reports a schema with an unresolvable $ref instead of throwing', () => {
    const service = createLanguageService({ schemas: { common, kinds: { 部会議事概要: { $ref: 'missing.json#/x' } } } });
    assert.equal(only(service.validate(doc(minutes(items))), 'schema/invalid-schema').range.start.line, 0);
  });

  it('reports a broken common schema on every kind', () => {
    const service = createLanguageService({ schemas: { common: { definitions: 5 }, kinds: {} } });
    assert.ok(service.schemaStatus().every((s) => !s.ok));
  });
});

describe('a failing domain check', () => {
  it('becomes sheet/check-failed on line 1 while the other checks and the schema still report', () => {
    const service = realService({
      checks: [
        { kinds: 'all', check: function exploding() { throw new Error('boom'); } },
        { kinds: ['部会議事概要'], check: () => [{ code: 'minutes/numbering', message: 'x', start: 0, end: 2, severity: 'error' }] },
      ],
    });
    const d = service.validate(doc(minutes(items).replace('回: 254', '回: x')));
    assert.deepEqual(summary(d).sort(), ['minutes/numbering@0:0-0:2', 'schema/type@1:3-1:4', 'sheet/check-failed@0:0-0:0'].sort());
  });
});

describe('errors inside nested alternatives (anyOf) are reported where they are', () => {
  const progress = (body: string) => `様式: 市政改革プラン進捗
年度: 平成23年度
柱: { 番号: 2, 名称: 区役所・市役所力の強化 }
事項:
  - 番号: 2-④
    名称: 体制づくり
${body}`;

  it('accepts 記号付き項目 nested under 子項目', () => {
    const text = progress(`    取組の考え方:
      - 記号: ア
        内容: 企画機能の強化に向けた検討
        子項目:
          - { 記号: (ア), 内容: 人事、予算 }
          - { 記号: (イ), 内容: 組織機構 }
`);
    assert.deepEqual(summary(realService().validate(doc(text))), []);
  });

  it('puts a mistyped key deep in a 記号付き項目 on that key, not on the whole field', () => {
    const { text, range } = marked(progress(`    取組の考え方:
      - 記号: ア
        内容: 企画機能の強化に向けた検討
        子項目:
          - 記号: (ア)
            ⟦内用⟧: 人事、予算
`));
    const d = realService().validate(doc(text));
    assert.deepEqual(only(d, 'schema/additional-property').range, range);
    assert.equal(only(d, 'schema/required').range.start.line, range.start.line - 1, 'the item lacking 内容 is marked at its first key');
    assert.ok(!d.some((x) => x.code === 'schema/other'), JSON.stringify(summary(d)));
  });

  it('requires 内容 of a 記号付き項目 that has no 子項目', () => {
    const { text, range } = marked(progress(`    取組の考え方:
      - ⟦記号⟧: ウ
`));
    const d = only(realService().validate(doc(text)), 'schema/required');
    assert.deepEqual(d.range, range);
    assert.equal((d.data as { missingProperty: string }).missingProperty, '内容');
  });
});

describe('alternatives of required keys (中項目: 小項目 or 取組項目)', () => {
  const review = (middle: string) => `様式: 振り返りシート
基準時点: 令和6年度末
柱:
  - 番号: 1
    名称: ニア・イズ・ベターの追求
    中項目:
      - ⟦番号⟧: 2
        名称: 区政運営におけるニア・イズ・ベターの追求
${middle}`;
  const rows = `          - 名称: 取組
            行:
              - めざす姿: 毎年度、全区で実施
`;

  it('asks for one of the keys once when neither is written', () => {
    const { text, range } = marked(review(''));
    const d = only(realService().validate(doc(text)), 'schema/required');
    assert.deepEqual(d.range, range);
    assert.deepEqual((d.data as { alternatives: string[] }).alternatives, ['小項目', '取組項目']);
  });

  it('says "only one of them" when both are written', () => {
    const { text, range } = marked(review(`        取組項目:\n${rows}        小項目:\n          - 記号: ア\n            名称: 区政への区民参画の充実\n            取組項目:\n${rows.replace(/^ {10}/gm, '              ')}`));
    const d = realService().validate(doc(text));
    assert.deepEqual(summary(d), [`schema/other@${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`]);
  });
});

describe('work done once', () => {
  it('computes the problems of a document version once, and again for a new version', () => {
    let runs = 0;
    const service = realService({ checks: [{ kinds: 'all', check: () => (runs++, []) }] });
    const v1 = doc(minutes(items), 'file:///once.sheet.yaml', 1);
    service.validate(v1);
    service.validate(v1, { 'schema/type': 'off' });
    assert.equal(runs, 1);
    service.validate(doc(minutes(items), 'file:///once.sheet.yaml', 2));
    assert.equal(runs, 2);
  });

  it('derives a shared fact once per validation for all checks that ask for it', () => {
    let derivations = 0;
    const derive = () => ++derivations;
    const seen: number[] = [];
    const service = realService({
      checks: [
        { kinds: 'all', check: (c) => (seen.push(c.once(derive)), []) },
        { kinds: 'all', check: (c) => (seen.push(c.once(derive)), []) },
      ],
    });
    service.validate(doc(minutes(items)));
    assert.deepEqual(seen, [1, 1]);
    service.validate(doc(minutes(items)));
    assert.deepEqual(seen, [1, 1, 2, 2], 'a new document derives afresh');
  });
});
