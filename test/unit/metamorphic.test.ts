import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { checkRelation, findingsWith, freeTextSpans, relations, shiftYears } from '../helpers/metamorphic';
import { realService } from '../helpers/service';

const service = realService();
const findings = findingsWith((document) => service.validate(document));

describe('metamorphic transformations', () => {
  it('shifts every year form by one year, across the era boundary, with weekdays recomputed', () => {
    const text = '年度: 令和2年度\n日時:\n  日付: 令和５年12月14日\n  曜日: 木\nx: 平成31年4月1日（月）、令和元年5月、R6.12末、26年3月末、令和５～８年度、2024/4/1\n  4決算額: 1\n';
    const r = shiftYears(text, 1)!;
    assert.equal(
      r.text,
      '年度: 令和3年度\n日時:\n  日付: 令和６年12月14日\n  曜日: 土\nx: 令和2年4月1日（水）、令和2年5月、R7.12末、27年3月末、令和６～９年度、2025/4/1\n  5決算額: 1\n',
    );
    assert.equal(shiftYears('年度: 令和2年度\nx: 令和3年度に実施\n', -1)!.text, '年度: 令和元年度\nx: 令和2年度に実施\n');
  });

  it('keeps a wrong weekday wrong, and declines a 29 February or a 平成 sheet whose dates would pass 2019-04-30', () => {
    assert.match(shiftYears('日付: 令和５年12月14日（金）\n', 1)!.text, /（日）/);
    assert.equal(shiftYears('x: 令和6年2月29日\n', 1), null);
    assert.equal(shiftYears('基準時点: 平成30年度末\nx: 平成31年4月10日に開催\n', 1), null);
  });

  it('finds free text only under free-text keys (values, list items, block scalars), never keys or comments', () => {
    const lines = ['めざす姿: 全区で実施 # c', '値: 12', '課題:', '  - 人手が足りない', '概要: |', '  一行目', '名称: 研修'];
    assert.deepEqual(freeTextSpans(lines).map((s) => lines[s.line]!.slice(s.start, s.end)), ['全区で実施', '人手が足りない', '一行目']);
  });
});

describe('metamorphic relations on the samples', () => {
  const dir = resolve(__dirname, '../../samples');
  const samples = readdirSync(dir).filter((f) => f.endsWith('.sheet.yaml')).sort();
  for (const relation of relations()) {
    it(`${relation.name}: no suspect (${relation.rule})`, () => {
      let applied = 0;
      for (const file of samples) {
        const r = checkRelation(relation, readFileSync(join(dir, file), 'utf8'), findings);
        if (!r) continue;
        applied++;
        const suspects = [...r.extra.map((f) => `added ${f.code}@${f.line + 1} "${f.text}"`), ...r.lost.map((f) => `lost ${f.code}@${f.line + 1} "${f.text}"`)];
        assert.deepEqual(suspects, [], `${file}: ${relation.name}`);
      }
      if (relation.name !== 'era 元 → 1') assert.ok(applied > 0, `${relation.name} applied to no sample`); // no sample writes 令和元年
    });
  }
});
