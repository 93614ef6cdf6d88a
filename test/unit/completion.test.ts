import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import fc from 'fast-check';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-types';
import { bundledReadings } from '../../server/src/bundledReadings';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import type { CompletionOptions } from '../../server/src/service';
import { createSchemaNavigator } from '../../server/src/service/schemaNav';
import { sheetKinds } from '../../server/src/service/kinds';
import { wardNames } from '../../server/src/service/domain/wards';
import { atCursor } from '../helpers/cursor';
import { reviewSheet } from '../helpers/sheets';
import { configurePropertyTests } from '../helpers/property';
import { doc, realService } from '../helpers/service';

configurePropertyTests();

const root = resolve(__dirname, '../..');
const sample = (name: string) => readFileSync(resolve(root, 'samples', name), 'utf8');
const service = realService({ readings: bundledReadings });
const snippets: CompletionOptions = { snippets: true };

function complete(text: string, options: CompletionOptions = snippets): CompletionList {
  const { document, position } = atCursor(text);
  return service.complete(document, position, options);
}
const labels = (list: CompletionList) => list.items.map((i) => i.label);
const item = (list: CompletionList, label: string): CompletionItem => {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} in ${JSON.stringify(labels(list))}`);
  return found;
};
const newText = (i: CompletionItem) => (i.textEdit && 'newText' in i.textEdit ? i.textEdit.newText : '');
const range = (i: CompletionItem) => (i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined);
/** What VS Code's fuzzy filter needs to match a query: a word of filterText starting with it. */
const matches = (i: CompletionItem, query: string) => (i.filterText ?? i.label).toLowerCase().split(' ').some((w) => w.startsWith(query));

// The last three name the printed column of a row's notes (the layouts' 完了済み欄, 再掲欄, 参考欄).
const rowKeys = ['めざす姿', '具体的取組', '主な取組実績', '実績値', '区別実績', '実施状況', '完了済み時点', '課題', '次年度以降の取組内容', '再掲', '参考', '完了済み欄', '再掲欄', '参考欄'];
const row = `              - めざす姿: 毎年度、全区が交流会を開催
                実施状況: 実施中
`;

describe('completion: keys', () => {
  it('offers a new 振り返りシート row\'s keys after "- ": required first, then the 様式\'s column order, and the whole row', () => {
    const list = complete(reviewSheet(`${row}              - ‸\n`));
    assert.deepEqual(labels(list), [...rowKeys, '新しい行']);
    const goal = item(list, 'めざす姿');
    assert.equal(goal.detail, 'めざす姿 (取組目標)（必須）');
    assert.match(String((goal.documentation as { value: string }).value), /期限（令和8年度末までに/);
    assert.equal(goal.kind, 10); // Property
    // The item replaces nothing: the cursor stands right after "- " on line 13.
    assert.deepEqual(range(goal), { start: { line: 13, character: 16 }, end: { line: 13, character: 16 } });
    assert.equal(newText(item(list, '実施状況')), '実施状況: ${1|実施中,完了|}');
  });

  it('leaves out keys already present above and below the cursor, and replaces the word typed', () => {
    const list = complete(reviewSheet(`              - めざす姿: a\n                jis‸\n                課題: b\n`));
    assert.deepEqual(labels(list), rowKeys.filter((k) => k !== 'めざす姿' && k !== '課題'));
    assert.deepEqual(range(item(list, '実施状況')), { start: { line: 12, character: 16 }, end: { line: 12, character: 19 } });
  });

  it('finds keys by romaji reading and English gloss (mezasu, target, jisshi) through filterText', () => {
    const list = complete(reviewSheet(`${row}              - ‸\n`));
    assert.deepEqual(list.items.filter((i) => matches(i, 'mezasu')).map((i) => i.label), ['めざす姿']);
    assert.ok(list.items.filter((i) => matches(i, 'target')).some((i) => i.label === 'めざす姿'));
    assert.deepEqual(list.items.filter((i) => matches(i, 'jisshi')).map((i) => i.label), ['実施状況']);
    assert.ok(matches(item(list, '実施状況'), 'じっし'));
    assert.ok(!matches(item(list, '課題'), 'mezasu'));
  });

  it('on the dash column of a list without "- ", inserts the dash with the key', () => {
    const list = complete(reviewSheet(`${row}              ‸\n`));
    assert.equal(labels(list)[0], 'めざす姿');
    assert.equal(newText(item(list, 'めざす姿')), '- めざす姿: ${1}');
  });

  it('on a new line inside a mapping offers its keys without the present ones (a 取組項目)', () => {
    const list = complete(reviewSheet(row).replace('          - 名称: 災害等への対応力強化\n', '          - 名称: 災害等への対応力強化\n            ‸\n'));
    assert.deepEqual(labels(list), ['前文']);
  });

  it('inside a flow mapping offers the keys not yet written', () => {
    const text = reviewSheet(`              - めざす姿: a
                区別実績:
                  項目: 割合
                  単位: "%"
                  列: [R4, R6]
                  行:
                    - { 区名: 北区, ‸ }
`);
    const list = complete(text);
    assert.deepEqual(labels(list), ['値']);
    // A list value inside { … } stays on the line.
    assert.equal(newText(item(list, '値')), '値: [${1}]');
  });

  it('inserts a mapping with its required children, indented under the key', () => {
    const list = complete(reviewSheet(`${row}              - ‸\n`));
    assert.equal(newText(item(list, '実績値')), '実績値:\n                  - 項目: ${1}\n                    値: ${2}\n                    単位: ${3}');
  });

  it('inserts a 24-ward table (区別実績) with one row per ward, in the customary order', () => {
    const table = newText(item(complete(reviewSheet(`${row}              - ‸\n`)), '区別実績'));
    const wards = [...table.matchAll(/- \{ 区名: (\S+), 値: \[\] \}/g)].map((m) => m[1]);
    assert.deepEqual(wards, [...wardNames]);
    assert.match(table, /^区別実績:\n                  項目: \$\{1\}\n                  単位: \$\{2\}\n                  列: \[\$\{3\}\]\n                  行:\n                    - \{ 区名: 北区/);
  });

  it('offers the plan\'s budget columns inside 予算, in the document\'s form (4決算額 5予算額 6予算額)', () => {
    const text = sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('              4決算額: 5100000\n              5予算額: 5442000\n', '              ‸\n');
    const list = complete(text);
    assert.deepEqual(labels(list), ['4決算額', '5予算額']);
    assert.equal(item(list, '4決算額').detail, '令和4年度の決算額（2022年度）');
  });

  it('offers 様式 in a sheet that does not say its kind, and the four kinds as its value', () => {
    assert.deepEqual(labels(complete('‸\n')), ['様式']);
    assert.deepEqual(labels(complete('様式: ‸\n')), [...sheetKinds]);
  });

  it('inserts plain text for a client without snippets', () => {
    const options: CompletionOptions = { snippets: false };
    const list = complete(reviewSheet(`${row}              - ‸\n`), options);
    for (const i of list.items) {
      assert.equal(i.insertTextFormat, 1);
      assert.doesNotMatch(newText(i), /\$\{?\d/);
    }
    assert.equal(newText(item(list, 'めざす姿')), 'めざす姿: ');
  });

  it('asks the client to suggest again after a key whose value has suggestions, when it can', () => {
    const options: CompletionOptions = { snippets: true, retrigger: { title: '候補を表示', command: 'editor.action.triggerSuggest' } };
    const list = complete(reviewSheet(`${row}              - ‸\n`), options);
    assert.equal(item(list, '再掲').command?.command, 'editor.action.triggerSuggest');
    assert.equal(item(list, '完了済み時点').command?.command, 'editor.action.triggerSuggest');
    assert.equal(item(list, '課題').command, undefined);
  });
});

describe('completion: values', () => {
  it('offers an enum\'s values', () => {
    assert.deepEqual(labels(complete(reviewSheet('              - めざす姿: a\n                実施状況: ‸\n'))), ['実施中', '完了']);
    assert.deepEqual(labels(complete(reviewSheet('              - めざす姿: a\n                実施状況:‸\n'))).length, 2);
    assert.equal(newText(item(complete(reviewSheet('              - めざす姿: a\n                実施状況:‸\n')), '完了')), ' 完了');
  });

  it('offers fiscal years around the document\'s year in its era, with the 西暦 and the span', () => {
    const text = sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('              - 年度: 令和５年度\n', '              - 年度: ‸\n');
    const list = complete(text);
    assert.deepEqual(labels(list), ['令和3年度', '令和4年度', '令和5年度', '令和6年度', '令和7年度', '令和8年度', '令和9年度']);
    const current = item(list, '令和6年度');
    assert.equal(current.detail, '2024年度（2024年4月1日〜2025年3月31日）');
    assert.equal(current.preselect, true);
    // A 平成 document gets 平成 names; the year of the era change is named in the document's era.
    const heisei = labels(complete('様式: 区運営方針\n区名: 港区\n年度: 平成26年度\n経営課題:\n  - 番号: 1\n    名称: x\n    戦略:\n      - 番号: 1\n        名称: y\n        アウトカム指標:\n          - 指標: z\n            目標年度: ‸\n'));
    assert.deepEqual(heisei, ['平成23年度', '平成24年度', '平成25年度', '平成26年度', '平成27年度', '平成28年度', '平成29年度']);
    const reiwa2 = labels(complete('様式: 区運営方針\n区名: 港区\n年度: 令和2年度\n経営課題:\n  - 番号: 1\n    名称: x\n    戦略:\n      - 番号: 1\n        名称: y\n        アウトカム指標:\n          - 指標: z\n            目標年度: ‸\n'));
    assert.deepEqual(reiwa2.slice(0, 3), ['平成29年度', '平成30年度', '令和元年度']);
    // 年度末 fields: the day in the detail.
    // No year written yet: nothing to centre on, so the schema's examples.
    assert.deepEqual(labels(complete('様式: 振り返りシート\n基準時点: ‸\n')), ['令和6年度末', '令和5年度末']);
    const completed = item(complete(reviewSheet('              - めざす姿: a\n                完了済み時点: ‸\n')), '令和5年度末');
    assert.equal(completed.detail, '2024年3月31日（2023年度末）');
  });

  it('offers the 24 wards, and ward chiefs as attendees', () => {
    const wards = complete('様式: 区運営方針\n区名: ‸\n');
    assert.deepEqual(labels(wards), [...wardNames]);
    assert.ok(matches(item(wards, '阿倍野区'), 'abeno'));
    const flow = complete(reviewSheet(`              - めざす姿: a
                区別実績:
                  行:
                    - { 区名: ‸ }
`));
    assert.equal(labels(flow).length, 24);
    assert.equal(labels(flow)[0], '北区');
    const chiefs = complete(sample('000-jinji-zaisei-bukai-254.sheet.yaml').replace('出席者:\n', '出席者:\n  - ‸\n'));
    assert.equal(labels(chiefs)[0], '北区長');
  });

  it('offers the legend\'s marks, the one value vs target implies first, with its code point', () => {
    const text = sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('                    達成状況: "－"\n', '                    達成状況: ‸\n');
    const list = complete(text);
    assert.deepEqual(labels(list), ['－', '〇']);
    const first = item(list, '－');
    assert.equal(first.preselect, true);
    assert.match(first.detail ?? '', /^目標未達成（U\+FF0D）— 値 46\.4% は目標 50%以上を満たさない$/);
    // A document's own legend is what is offered.
    const own = complete('様式: 区運営方針\n凡例: {"◎": 達成, "×": 未達成}\n経営課題:\n  - 戦略:\n      - アウトカム指標:\n          - 実績:\n              - 達成状況: ‸\n');
    assert.deepEqual(labels(own), ['◎', '×']);
  });

  it('offers the 【再掲】 targets of the sheet (柱 (中項目) with their names), not the row\'s own', () => {
    const list = complete(sample('001-furikaeri-r6.sheet.yaml').replace('再掲: 3 (1)', '再掲: ‸'));
    // The row is in 4 (2): every other 中項目.
    assert.deepEqual(labels(list), ['1 (1)', '1 (2)', '2 (1)', '2 (2)', '3 (1)', '3 (2)', '3 (3)', '4 (1)']);
    assert.equal(item(list, '3 (2)').detail, '市民サービスの向上 › 窓口サービスの向上');
  });

  it('preselects the weekday of the 日付', () => {
    const list = complete(sample('000-jinji-zaisei-bukai-254.sheet.yaml').replace(/曜日: .*/, '曜日: ‸'));
    assert.equal(list.items.find((i) => i.preselect)?.label, '木');
  });
});

describe('completion: whole new items', () => {
  it('a 具体的取組 with the next id, the plan\'s three budget columns and indicator year rows', () => {
    const text = sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('          - 番号: "5-1-2"', '          - ‸\n          - 番号: "5-1-2"');
    const whole = newText(item(complete(text), '新しい具体的取組'));
    assert.match(whole, /^番号: \$\{1:"5-1-3"\}\n            名称: \$\{2\}\n/);
    assert.match(whole, /\n            予算:\n              単位: \$\{\d+\|円,千円,百万円\|\}\n              4決算額: \$\{\d+\}\n              5予算額: \$\{\d+\}\n              6予算額: \$\{\d+\}\n/);
    assert.deepEqual([...whole.matchAll(/年度: \$\{\d+:(令和\d年度)\}/g)].map((m) => m[1]), ['令和4年度', '令和5年度', '令和6年度']);
    assert.match(whole, /実績:\n                  5年度: \$\{\d+\}\n                  6年度: \$\{\d+\}/);
  });

  it('an アウトカム指標 with 目標年度 and one result row (with 出典) per plan year', () => {
    const text = sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('        アウトカム指標:\n', '        アウトカム指標:\n          - ‸\n');
    const whole = newText(item(complete(text), '新しいアウトカム指標'));
    assert.match(whole, /^指標: \$\{1\}\n            目標値: \$\{2\}\n            単位: \$\{3\}\n            比較: \$\{4\|以上,以下,未満,超\|\}\n            目標年度: \$\{5:令和6年度\}\n            実績:\n              - 年度: \$\{6:令和4年度\}\n                値: \$\{7\}\n                達成状況: \$\{8\|〇,－\|\}\n                出典: \$\{9\}\n/);
  });

  it('a 取組項目 with its first row, and an agenda item with the next number', () => {
    const item_ = newText(item(complete(reviewSheet(row).replace('        取組項目:\n', '        取組項目:\n          - ‸\n')), '新しい取組項目'));
    assert.equal(item_.split('\n')[0], '名称: ${1}');
    assert.match(item_, /\n            行:\n              - めざす姿: \$\{2\}\n                具体的取組: \$\{3\}/);
    const agenda = newText(item(complete(`${sample('000-jinji-zaisei-bukai-254.sheet.yaml')}  - ‸\n`), '新しい議事'));
    assert.match(agenda, /^番号: \$\{1:\d+\}\n    件名: \$\{2\}\n    区分: \$\{3\|報告,審議,協議,決定,承認\|\}/);
  });

  it('the 概要版 (平成) 具体的取組 with 【予算額】, 目標 and 取組実績, numbered 1, 2 … as its siblings', () => {
    const text = sample('004-minato-unei-hoshin-h26.sheet.yaml').replace(/(\n\s*)(- 番号: 2\n)/, '$1- ‸$1$2');
    const whole = newText(item(complete(text), '新しい具体的取組'));
    assert.match(whole, /^番号: \$\{1:\d+\}\n/);
    assert.match(whole, /予算額:\n\s+金額: .*\n\s+単位: .*\n\s+目標:\n\s+- 内容: .*\n\s+取組実績: /);
  });

  it('numbers a new 戦略 under its 経営課題 ("5-2" after "5-1")', () => {
    const text = sample('002-abeno-unei-hoshin-r6.sheet.yaml').replace('      - 番号: "5-1"\n', '      - ‸\n      - 番号: "5-1"\n');
    assert.match(newText(item(complete(text), '新しい戦略')), /^番号: \$\{1:"5-3"\}/);
  });
});

describe('completion: readings and robustness', () => {
  it('schemas/readings.json satisfies its schema and gives every schema key a reading and a gloss', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    const schema = JSON.parse(readFileSync(resolve(root, 'schemas/readings.schema.json'), 'utf8'));
    assert.equal(ajv.validate(schema, bundledReadings), true, ajv.errorsText(ajv.errors));
    const navigator = createSchemaNavigator(bundledSchemas);
    const keys = new Set<string>();
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === 'object') {
        const properties = (value as { properties?: unknown }).properties;
        if (properties && typeof properties === 'object') for (const k of Object.keys(properties)) keys.add(k);
        Object.values(value).forEach(walk);
      }
    };
    walk(bundledSchemas);
    assert.ok(keys.size > 80);
    for (const key of keys) assert.ok(bundledReadings[key]?.gloss?.length, `no reading with gloss for ${key}`);
    assert.ok(navigator.at('振り返りシート', []).length > 0);
  });

  it('never throws and keeps every range inside the document, at every 7th offset of every sample', () => {
    for (const name of ['000-jinji-zaisei-bukai-254.sheet.yaml', '001-furikaeri-r6.sheet.yaml', '002-abeno-unei-hoshin-r6.sheet.yaml', '003-shisei-kaikaku-2-h23.sheet.yaml', '004-minato-unei-hoshin-h26.sheet.yaml']) {
      // One document per sample: every request reads the same cached parse.
      const { document } = atCursor(`‸${sample(name)}`);
      const lineCount = document.lineCount;
      for (let offset = 0; offset <= document.getText().length; offset += 7) {
        for (const i of service.complete(document, document.positionAt(offset), snippets).items) {
          const r = range(i)!;
          assert.ok(r.start.line <= r.end.line && r.end.line < lineCount && document.offsetAt(r.end) <= offset, `${name}@${offset}: ${JSON.stringify(r)}`);
        }
      }
    }
  });

  it('never throws on real sheets cut and spliced mid-edit, at any offset (completion and hover)', () => {
    const texts = ['000-jinji-zaisei-bukai-254.sheet.yaml', '001-furikaeri-r6.sheet.yaml', '002-abeno-unei-hoshin-r6.sheet.yaml', '003-shisei-kaikaku-2-h23.sheet.yaml', '004-minato-unei-hoshin-h26.sheet.yaml'].map(sample);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: texts.length - 1 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('', '-', ':', ' ', '- ', '{', '[', '{ a: ', '"', '|', '\n  ', '\n- ', '予算:\n  ', '令和', '〇', '*a', '&a x'),
        fc.nat(),
        (which, a, b, insert, at) => {
          const base = texts[which]!;
          const from = a % (base.length + 1);
          const text = base.slice(0, from) + insert + base.slice(Math.min(base.length, from + (b % 120)));
          const document = doc(text);
          const offset = at % (text.length + 1);
          const position = document.positionAt(offset);
          for (const i of service.complete(document, position, snippets).items) {
            const r = range(i)!;
            assert.ok(document.offsetAt(r.start) <= document.offsetAt(r.end) && document.offsetAt(r.end) <= offset);
          }
          const hovered = service.hover(document, position);
          if (hovered?.range) assert.ok(document.offsetAt(hovered.range.start) <= offset && offset <= document.offsetAt(hovered.range.end));
        },
      ),
      { numRuns: 150 },
    );
  });
});
