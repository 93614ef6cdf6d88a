import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { parse } from 'yaml';
import { doc, realService } from '../helpers/service';

const service = realService();
const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', name), 'utf8');
const names = (symbols: DocumentSymbol[] | undefined) => (symbols ?? []).map((s) => s.name);
const byName = (symbols: DocumentSymbol[] | undefined, name: string) => {
  const found = (symbols ?? []).find((s) => s.name === name);
  assert.ok(found, `no symbol ${name} among ${names(symbols).join(' | ')}`);
  return found;
};
const inside = (outer: DocumentSymbol['range'], inner: DocumentSymbol['range']) =>
  (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
  (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

/** Every symbol's selectionRange lies inside its range, and every child inside its parent. */
function assertNested(symbols: DocumentSymbol[], parent?: DocumentSymbol): number {
  let count = 0;
  for (const s of symbols) {
    count++;
    assert.ok(inside(s.range, s.selectionRange), `${s.name}: selectionRange outside range`);
    if (parent) assert.ok(inside(parent.range, s.range), `${s.name} outside ${parent.name}`);
    count += assertNested(s.children ?? [], s);
  }
  return count;
}

describe('document symbols', () => {
  it('振り返りシート (001): 柱 › 中項目 › 小項目 › 取組項目 › 行, named by 番号 and 名称', () => {
    const text = sample('001-furikaeri-r6.sheet.yaml');
    const symbols = service.documentSymbols(doc(text));
    assert.deepEqual(names(symbols).slice(0, 2), ['様式', '基準時点']);
    const pillars = symbols.filter((s) => s.detail === '柱');
    assert.deepEqual(names(pillars), ['1 ニア・イズ・ベターの追求', '2 地域社会の活性化', '3 市民サービスの向上', '4 効率的・効果的な区政運営']);
    const chu = byName(pillars[0]!.children, '2 区政運営におけるニア・イズ・ベターの追求');
    assert.deepEqual(names(chu.children), ['ア 区政への区民参画の充実', 'イ 区局一丸でのニア・イズ・ベターの推進', 'ウ 区間連携の推進']);
    const item = byName(byName(pillars[0]!.children, '1 地域社会におけるニア・イズ・ベターの追求').children, '運営と活動のオンライン化・デジタル化への支援強化');
    assert.equal(item.detail, '取組項目');
    assert.equal(item.children?.length, 1);
    assert.match(item.children![0]!.name, /^右記のようなオンライン化・デジタル化の取組を/);
    assert.ok(item.children![0]!.name.length <= 40);
    assert.equal(item.children![0]!.detail, '行 · 実施中');
    // 27 取組項目 in all; the 24-ward table's 行 are not review rows.
    const all: DocumentSymbol[] = [];
    const collect = (list: DocumentSymbol[] | undefined) => list?.forEach((s) => (all.push(s), collect(s.children)));
    collect(symbols);
    assert.equal(all.filter((s) => s.detail === '取組項目').length, 27);
    const walk = (node: unknown): unknown[] => {
      if (Array.isArray(node)) return node.flatMap((n) => walk(n));
      if (node === null || typeof node !== 'object') return [];
      const record = node as Record<string, unknown>;
      return [...(Array.isArray(record['行']) && '名称' in record ? record['行'] : []), ...Object.entries(record).filter(([k]) => k !== '行').flatMap(([, v]) => walk(v))];
    };
    const rows = walk((parse(text) as { 柱: unknown[] }).柱);
    assert.equal(all.filter((s) => s.detail?.startsWith('行')).length, rows.length);
    assertNested(symbols);
  });

  it('区運営方針 (002, 004): 経営課題 › 戦略 › 具体的取組 (and 指標), 行財政 › 取組', () => {
    const symbols = service.documentSymbols(doc(sample('002-abeno-unei-hoshin-r6.sheet.yaml')));
    const issue = byName(symbols, '5 区民から信頼される区役所づくり');
    assert.deepEqual(names(issue.children), ['5-1 区民ニーズの的確な把握と区政情報の効果的な発信', '5-2 区民サービスのさらなる向上']);
    const strategy = issue.children![0]!;
    assert.deepEqual(strategy.children!.map((s) => s.detail), ['アウトカム指標', '具体的取組', '具体的取組']);
    assert.deepEqual(names(strategy.children!.slice(1)), ['5-1-1 区民ニーズの的確な把握と施策への反映', '5-1-2 区政情報の効果的な発信']);
    assertNested(symbols);
    const h26 = service.documentSymbols(doc(sample('004-minato-unei-hoshin-h26.sheet.yaml')));
    const finance = h26.find((s) => s.detail === '行財政');
    assert.ok(finance, names(h26).join(' | '));
    assert.ok((finance.children ?? []).length > 0 && finance.children!.every((c) => c.detail === '取組'));
    assert.equal(finance.children![0]!.name, '1 歳入の確保');
    assertNested(h26);
  });

  it('部会議事概要 (000): the 議事 items by 番号 and 件名; 市政改革プラン進捗 (003): 柱 › 事項', () => {
    const symbols = service.documentSymbols(doc(sample('000-jinji-zaisei-bukai-254.sheet.yaml')));
    const items = symbols.filter((s) => s.detail === '議事');
    assert.equal(items.length, 8);
    assert.equal(items[7]!.name, '8 その他');
    assert.match(items[0]!.name, /^1 大阪市ＬＩＮＥ公式アカウント/);
    const progress = service.documentSymbols(doc(sample('003-shisei-kaikaku-2-h23.sheet.yaml')));
    assert.equal(byName(progress, '2 区役所・市役所力の強化').detail, '柱');
    assert.deepEqual(progress.filter((s) => s.detail === '事項').map((s) => s.name.split(' ')[0]), ['2-③', '2-④']);
  });

  it('marks 【再掲】 rows, and tolerates cyclic aliases, half-typed and broken documents', () => {
    const text = `様式: 区運営方針
経営課題:
  - &a
    番号: 1
    名称: 課題
    戦略:
      - 番号: 1-1
        再掲: 1-1
        名称: 戦略
        具体的取組: *a
  - 番号:
  - 名称: 名前だけ
`;
    const symbols = service.documentSymbols(doc(text));
    const issues = symbols.filter((s) => s.detail === '経営課題');
    assert.deepEqual(names(issues), ['1 課題', '経営課題 2', '名前だけ']);
    assert.equal(issues[0]!.children![0]!.name, '【再掲】1-1 戦略');
    assert.equal(names(service.documentSymbols(doc('様式: [\n経営課題: [{番号: 1')))[0], '様式');
    assert.deepEqual(service.documentSymbols(doc('- a\n- b\n')), []);
  });
});
