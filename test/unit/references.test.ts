import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseSectionAddress } from '../../server/src/service/checks/references';
import { parse } from 'yaml';
import { doc, marked, only, realService, summary } from '../helpers/service';
import { sheetOfLines } from '../helpers/sheetGen';

const codes = new Set(['reference/dangling', 'id/hierarchy']);
const mine = (diagnostics: Diagnostic[]) => summary(diagnostics.filter((d) => codes.has(String(d.code))));
const service = realService();
const check = (text: string) => service.validate(doc(text));
const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', name), 'utf8');

/**
 * A 振り返りシート with 柱 1 ((1) and (2)) and 柱 2 ((1), with 小項目 ア). `extra` is added as the
 * last row of 柱 2 (1) ア (YAML at 18 spaces).
 */
function review(extra = '', numbers: { p2?: string; s2?: string; kana?: string } = {}): string {
  return `様式: 振り返りシート
基準時点: 令和6年度末
柱:
  - 番号: 1
    名称: ニア・イズ・ベターの追求
    中項目:
      - 番号: 1
        名称: 地域社会におけるニア・イズ・ベターの追求
        副題: 地域活動協議会の更なる活性化
        取組項目:
          - 名称: NPO・企業・人材等、地域資源の発掘と連携の強化
            行:
              - めざす姿: 毎年度、全区が交流会やラウンドテーブル等を開催
      - 番号: ${numbers.s2 ?? '2'}
        名称: 区政運営におけるニア・イズ・ベターの追求
        取組項目:
          - 名称: 区政会議の推進
            行:
              - めざす姿: 令和5年度中に全区が開催
  - 番号: ${numbers.p2 ?? '2'}
    名称: 地域社会の活性化
    中項目:
      - 番号: 1
        名称: 豊かな地域コミュニティづくり
        小項目:
          - 記号: ア
            名称: 区政への区民参画の充実
            取組項目:
              - 名称: 町会加入促進
                行:
                  - めざす姿: 令和8年度末までに全区で町会加入率が向上
          - 記号: ${numbers.kana ?? 'イ'}
            名称: 区間連携の推進
            取組項目:
              - 名称: 区間連携の強化
                行:
                  - めざす姿: 全市的な議論等の状況を踏まえ、必要な検討を実施
${extra}`;
}

const repeat = (address: string) => `                  - めざす姿: 令和5年度中に全区が開催
                    再掲: ${address}
`;

describe('reference/dangling: 再掲', () => {
  it('reads 再掲 addresses', () => {
    assert.deepEqual(parseSectionAddress('1 (2)'), { pillar: 1, section: 2 });
    assert.deepEqual(parseSectionAddress('１（２）'), { pillar: 1, section: 2 });
    assert.equal(parseSectionAddress('1-2'), undefined);
  });

  it('accepts 再掲 that resolve (1 (1), 1 (2), 2 (1))', () => {
    assert.deepEqual(mine(check(review(repeat('1 (1)') + repeat('1 (2)') + repeat('2 (1)')))), []);
  });

  it('flags a 中項目 that does not exist in its 柱, on the 再掲 value', () => {
    const { text, range } = marked(review(repeat('⟦1 (3)⟧')));
    const d = only(check(text), 'reference/dangling');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 2);
    assert.deepEqual(d.data, { candidates: ['1 (1)', '1 (2)', '2 (1)'] });
  });

  it('lists at most 10 candidates, the addresses nearest the dangling one (a large sheet has hundreds)', () => {
    const text = sheetOfLines('振り返りシート', 3000, 11);
    const data = parse(text) as { 柱: { 番号: unknown; 中項目?: { 番号: unknown }[] }[] };
    const all = data.柱.flatMap((p) => (p.中項目 ?? []).map((s) => parseSectionAddress(`${String(p.番号)} (${String(s.番号)})`)!)).filter(Boolean);
    assert.ok(all.length > 10, `${all.length} addresses`);
    const dangling = check(text).filter((d) => d.code === 'reference/dangling' && (d.data as { candidates?: string[] } | undefined)?.candidates);
    assert.ok(dangling.length > 0);
    const distance = (a: { pillar: number; section: number }, b: { pillar: number; section: number }) => Math.abs(a.pillar - b.pillar) * 1000 + Math.abs(a.section - b.section);
    for (const d of dangling) {
      const written = parseSectionAddress(text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character).replace(/"/g, ''))!;
      const candidates = (d.data as { candidates: string[] }).candidates.map((c) => parseSectionAddress(c)!);
      assert.equal(candidates.length, 10);
      const farthest = Math.max(...candidates.map((c) => distance(c, written)));
      const nearer = all.filter((a) => distance(a, written) < farthest);
      for (const a of nearer) assert.ok(candidates.some((c) => c.pillar === a.pillar && c.section === a.section), `${a.pillar} (${a.section}) is nearer ${written.pillar} (${written.section}) than a listed candidate`);
    }
  });

  it('flags a 柱 that does not exist', () => {
    const { text, range } = marked(review(repeat('⟦"5 (1)"⟧')));
    assert.deepEqual(only(check(text), 'reference/dangling').range, range);
  });
});

describe('reference/dangling: quoted 取組項目 titles', () => {
  const cite = (quote: string) => `                  - めざす姿: 毎年度、交流会やラウンドテーブル等を全区が開催
                    主な取組実績: 1 (1) 地域社会におけるニア・イズ・ベターの追求(地域活動協議会の更なる活性化)の「${quote}」の「毎年度、交流会やラウンドテーブル等を全区が開催」の項目と同様
`;

  it('flags a quoted title that differs slightly from the real one, on the quote, with the real title', () => {
    const { text, range } = marked(review(cite('⟦NPO・企業・人材等、地域資源の発掘と連携強化⟧')));
    const d = only(check(text), 'reference/dangling');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: 'NPO・企業・人材等、地域資源の発掘と連携の強化' });
  });

  it('accepts the exact title, a quote of something else, and a citation of an unknown section', () => {
    assert.deepEqual(mine(check(review(cite('NPO・企業・人材等、地域資源の発掘と連携の強化')))), []);
    assert.deepEqual(mine(check(review(cite('まったく別の話題についての記述')))), []);
    const elsewhere = `                  - めざす姿: 全区
                    課題:
                      - 9 (9) 別文書の項目の「NPO・企業・人材等、地域資源の発掘と連携強化」と同様
`;
    assert.deepEqual(mine(check(review(elsewhere))), []);
  });

  it('finds the quote in a list item', () => {
    const text = `                  - めざす姿: 全区
                    課題:
                      - 先頭
                      - 1 (1)の「NPO・企業・人材等、地域資源の発掘と連携強化」と同様
`;
    const { text: t, range } = marked(review(text.replace('「NPO・企業・人材等、地域資源の発掘と連携強化」', '「⟦NPO・企業・人材等、地域資源の発掘と連携強化⟧」')));
    assert.deepEqual(only(check(t), 'reference/dangling').range, range);
  });
});

describe('id/hierarchy on a 振り返りシート', () => {
  it('accepts distinct numbers', () => {
    assert.deepEqual(mine(check(review())), []);
  });

  it('flags a duplicate 柱 番号 on the second one', () => {
    const { text, range } = marked(review('', { p2: '⟦1⟧' }));
    const d = only(check(text), 'id/hierarchy');
    assert.deepEqual(d.range, range);
    assert.equal(d.severity, 1);
    assert.deepEqual(d.data, { id: '1' });
  });

  it('flags a duplicate 中項目 番号 within a 柱, and a duplicate 小項目 記号', () => {
    const { text, range } = marked(review('', { s2: '⟦1⟧' }));
    assert.deepEqual(only(check(text), 'id/hierarchy').range, range);
    const kana = marked(review('', { kana: '⟦ア⟧' }));
    assert.deepEqual(only(check(kana.text), 'id/hierarchy').range, kana.range);
  });

  it('does not compare 中項目 numbers across 柱 (柱1 (1) and 柱2 (1) are fine)', () => {
    assert.deepEqual(mine(check(review())), []);
  });
});

/** A 区運営方針 with ids given as YAML values. */
function policy(ids: { issue?: string; s1?: string; s2?: string; a11?: string; a12?: string; a21?: string } = {}): string {
  return `様式: 区運営方針
区名: 阿倍野区
年度: 令和6年度
経営課題:
  - 番号: ${ids.issue ?? '5'}
    名称: 区民から信頼される区役所づくり
    戦略:
      - 番号: ${ids.s1 ?? '"5-1"'}
        名称: 区民ニーズの的確な把握
        具体的取組:
          - 番号: ${ids.a11 ?? '"5-1-1"'}
            名称: 広報
          - 番号: ${ids.a12 ?? '"5-1-2"'}
            名称: 広聴
      - 番号: ${ids.s2 ?? '"5-2"'}
        名称: 窓口サービス
        具体的取組:
          - 番号: ${ids.a21 ?? '"5-2-1"'}
            名称: 窓口
`;
}

describe('id/hierarchy on a 区運営方針', () => {
  it('accepts 5 › 5-1 › 5-1-1', () => {
    assert.deepEqual(mine(check(policy())), []);
  });

  it('flags a 戦略 not under its 経営課題, with the expected id', () => {
    const { text, range } = marked(policy({ s2: '⟦"4-2"⟧' }));
    const d = only(check(text), 'id/hierarchy');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: '5-2' });
    assert.equal(d.severity, 1);
  });

  it('flags a 具体的取組 not under its 戦略', () => {
    const { text, range } = marked(policy({ a21: '⟦"5-1-3"⟧' }));
    const d = only(check(text), 'id/hierarchy');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { expected: '5-2-3' });
  });

  it('flags a 具体的取組 with the wrong number of parts', () => {
    const { text, range } = marked(policy({ a12: '⟦"5-1"⟧' }));
    assert.deepEqual(only(check(text), 'id/hierarchy').range, range);
  });

  it('flags duplicate ids among siblings (戦略 5-1 twice; 具体的取組 5-1-1 twice)', () => {
    const s = marked(policy({ s2: '⟦"5-1"⟧', a21: '"5-1-9"' }));
    assert.deepEqual(only(check(s.text), 'id/hierarchy').range, s.range);
    const a = marked(policy({ a12: '⟦"5-1-1"⟧' }));
    assert.deepEqual(only(check(a.text), 'id/hierarchy').range, a.range);
  });

  it('accepts the 平成 概要版 numbering (戦略 1, 具体的取組 1, 2 restarting in each 戦略) and flags only sibling duplicates', () => {
    assert.deepEqual(mine(check(policy({ issue: '6', s1: '1', s2: '2', a11: '1', a12: '2', a21: '1' }))), []);
    const { text, range } = marked(policy({ issue: '6', s1: '1', s2: '2', a11: '1', a12: '⟦1⟧', a21: '1' }));
    assert.deepEqual(only(check(text), 'id/hierarchy').range, range);
  });

  it('checks a hierarchical 具体的取組 under a plain 戦略 against 経営課題-戦略', () => {
    assert.deepEqual(mine(check(policy({ issue: '6', s1: '1', s2: '2', a11: '"6-1-1"', a12: '"6-1-2"', a21: '"6-2-1"' }))), []);
    const { text, range } = marked(policy({ issue: '6', s1: '1', s2: '2', a11: '"6-1-1"', a12: '"6-1-2"', a21: '⟦"6-1-1"⟧' }));
    assert.deepEqual(only(check(text), 'id/hierarchy').range, range);
  });

  it('tolerates a half-typed document (戦略 not a list, 番号 missing)', () => {
    const text = `様式: 区運営方針
区名: 阿倍野区
年度: 令和6年度
経営課題:
  - 名称: x
    戦略: 5-1
  - 番号: 5
    戦略:
      - 名称: y
      - 42
`;
    assert.deepEqual(mine(check(text)), []);
  });
});

describe('references and ids on the real samples', () => {
  it('001: every 再掲 resolves; only the quoted title of line 275 is reported', () => {
    const found = check(sample('001-furikaeri-r6.sheet.yaml'))
      .filter((d) => codes.has(String(d.code)))
      .map((d) => `${String(d.code)}@${d.range.start.line + 1}:${d.range.start.character}`);
    assert.deepEqual(found, ['reference/dangling@275:68']);
  });

  it('002 and 004: ids are consistent', () => {
    assert.deepEqual(mine(check(sample('002-abeno-unei-hoshin-r6.sheet.yaml'))), []);
    assert.deepEqual(mine(check(sample('004-minato-unei-hoshin-h26.sheet.yaml'))), []);
  });
});

describe('reference/repeat-differs and references inside text', () => {
  const rows = (extra: string) => `様式: 振り返りシート
基準時点: 令和6年度末
柱:
  - 番号: 3
    名称: 住民サービスの向上
    中項目:
      - 番号: 2
        名称: 窓口サービスの向上
        取組項目:
          - 名称: 来庁不要サービスの拡充
            行:
              - めざす姿:
                  - 令和7年度中に、全区でコンビニ利用促進等
                  - 毎年度、デジタル技術を活用したオンライン相談や面談の拡充
                実施状況: 実施中
${extra}`;

  it('a 【再掲】 item reworded from its original, on the item, with the original as fix', () => {
    const { text, range } = marked(rows('              - めざす姿:\n                  - ⟦【再掲】毎年度、オンライン等デジタル機器を通じた相談や面談の拡充⟧\n                実施状況: 実施中\n'));
    const d = only(check(text), 'reference/repeat-differs');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: '【再掲】毎年度、デジタル技術を活用したオンライン相談や面談の拡充' });
  });

  it('a 再掲 row whose goal drops 等, keeping its ～ tag in the fix', () => {
    const { text, range } = marked(rows('              - めざす姿:\n                  - ⟦令和7年度中に、全区でコンビニ利用促進～サービスのRe-Design⟧\n                再掲: 3 (2)\n'));
    const d = only(check(text), 'reference/repeat-differs');
    assert.deepEqual(d.range, range);
    assert.deepEqual(d.data, { replacement: '令和7年度中に、全区でコンビニ利用促進等～サービスのRe-Design' });
  });

  it('accepts a repeat equal after NFKC, spaces and 「」', () => {
    assert.deepEqual(check(rows('              - めざす姿:\n                  - 【再掲】毎年度、「デジタル技術」を活用したオンライン相談や面談の拡充\n                実施状況: 実施中\n')).filter((d) => d.code === 'reference/repeat-differs'), []);
  });

  it('a quoted title with its own characters moved (来庁サービス不要の拡充), without an address; not a quote of other characters', () => {
    const { text, range } = marked(rows('              - めざす姿: 令和7年度中に全区で実施\n                主な取組実績: 「⟦来庁サービス不要の拡充⟧」の検討会を開いた。\n                実施状況: 実施中\n'));
    assert.deepEqual(only(check(text), 'reference/dangling').range, range);
    assert.deepEqual(only(check(text), 'reference/dangling').data, { replacement: '来庁不要サービスの拡充' });
    // as many characters in common but not the same ones: a quote of something else
    const other = rows('              - めざす姿: 令和7年度中に全区で実施\n                主な取組実績: 「来庁不要サービスの周知徹底」の検討会を開いた。\n                実施状況: 実施中\n');
    assert.deepEqual(check(other).filter((d) => d.code === 'reference/dangling'), []);
  });

  it('a quoted title one word away from a 取組項目, without an address', () => {
    const { text, range } = marked(rows('              - めざす姿: 令和7年度中に全区で実施\n                主な取組実績: 「⟦来庁不要サービスの充実⟧」と連携した。\n                実施状況: 実施中\n'));
    assert.deepEqual(only(check(text), 'reference/dangling').range, range);
  });
});
