import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { doc, realService } from '../helpers/service';
import { plan, review } from '../helpers/workspaceSheets';

const service = realService();
const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', name), 'utf8');

describe('facts: what the workspace keeps of a sheet', () => {
  it('reads kind, ward, year and a title; ids and names with the ranges of their values', () => {
    const facts = service.facts(doc(plan));
    assert.deepEqual([facts.kind, facts.ward, facts.fiscalYear, facts.title], ['区運営方針', '北区', 2024, '北区 令和6年度 区運営方針']);
    const action = facts.items.find((i) => i.label === '具体的取組')!;
    assert.deepEqual([action.id, action.name, action.container], ['1-1-1', '窓口サービスの向上と待ち時間の短縮', '1-1']);
    assert.deepEqual(action.idRange, { start: { line: 10, character: 16 }, end: { line: 10, character: 21 } });
    assert.deepEqual(action.nameRange, { start: { line: 11, character: 16 }, end: { line: 11, character: 33 } });
  });

  it('names a 中項目 by its 再掲 address and lists 再掲 values, cited ids and quotes as references', () => {
    const facts = service.facts(doc(review));
    const line12 = review.split('\n')[12]!;
    assert.deepEqual(facts.items.map((i) => `${i.label}:${i.id ?? ''}:${i.name ?? ''}`), ['柱:1:ニア・イズ・ベターの追求', '中項目:1 (1):地域社会の活性化', '取組項目::地域活動の担い手づくり']);
    assert.deepEqual(
      facts.references.map((r) => `${r.type}:${r.key}:${r.anchor ?? ''}:${r.range.start.line}:${r.range.start.character}`).sort(),
      [`id:1-1-1::12:${line12.indexOf('1-1-1')}`, 'repeat:2 (1)::16:20', `title:窓口サービスの向上と待ち時間の短縮:1-1-1:12:${line12.indexOf('「') + 1}`],
    );
  });

  it('inside quotes: the range of a quoted id is its text, without the quotes', () => {
    const facts = service.facts(doc(plan.replace('番号: 1-1-1', '番号: "1-1-1"')));
    assert.deepEqual(facts.items.find((i) => i.label === '具体的取組')!.idRange, { start: { line: 10, character: 17 }, end: { line: 10, character: 22 } });
  });

  it('the samples: 事項 2-③ of the 市政改革プラン, 議事 of the minutes; nothing for an unknown kind; small', () => {
    const s003 = service.factsOfText('file:///s003.sheet.yaml', sample('003-shisei-kaikaku-2-h23.sheet.yaml'));
    assert.deepEqual(s003.items.map((i) => i.id), ['2-③', '2-④']);
    const s000 = service.factsOfText('file:///s000.sheet.yaml', sample('000-jinji-zaisei-bukai-254.sheet.yaml'));
    assert.ok(s000.items.length > 0 && s000.items.every((i) => i.label === '議事'));
    assert.deepEqual(service.factsOfText('file:///x.yaml', 'name: x\n').items, []);
    const text001 = sample('001-furikaeri-r6.sheet.yaml');
    const s001 = service.factsOfText('file:///s001.sheet.yaml', text001);
    // The largest sample (38,000 characters of YAML) keeps facts of less than 62% of its text as JSON
    // (57% before the carry-over summary of issue 10 §2, which adds about 1,500 characters on 50 rows).
    assert.ok(JSON.stringify(s001).length < text001.length * 0.62);
    assert.equal(s001.carryOver?.rows?.length, 50);
    assert.ok(s001.carryOver.rows.every((r) => /^[0-9a-f]{6}(#\d+)?\|[0-9a-f]{0,6}\|/.test(r)));
    assert.equal(s001.rows?.length, 36);
    assert.equal(s001.references.filter((r) => r.type === 'repeat').length, 5);
  });
});
