import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { summarizeSheet } from '../../server/src/service/summary';

const sample = (name: string) => parse(readFileSync(resolve(__dirname, '../../samples', name), 'utf8')) as unknown;

describe('summary: 実施状況 and indicator counts of a sheet', () => {
  it('counts 実施中 / 完了 rows of the 振り返りシート sample', () => {
    const { status, indicators } = summarizeSheet(sample('001-furikaeri-r6.sheet.yaml'), '振り返りシート');
    assert.deepEqual(status, { 実施中: 31, 完了: 5, その他: 0 });
    assert.deepEqual(indicators, { achieved: 0, unachieved: 0, unknown: 0 });
  });

  it('reads marks through the sheet\'s 凡例: the look-alike "-" counts as －; dashes for empty cells are not marks', () => {
    const data = { 凡例: { '〇': '目標達成', '－': '目標未達成' }, 経営課題: [{ 戦略: [{ アウトカム指標: [{ 実績: [{ 達成状況: '〇' }, { 達成状況: '○' }, { 達成状況: '-' }, { 達成状況: '—' }, { 達成状況: '△' }] }] }] }] };
    assert.deepEqual(summarizeSheet(data, '区運営方針').indicators, { achieved: 2, unachieved: 1, unknown: 1 });
  });

  it('a scale the sheet does not declare settles nothing (市政改革プラン ① without 達成状況の区分)', () => {
    assert.deepEqual(summarizeSheet(sample('003-shisei-kaikaku-2-h23.sheet.yaml'), '市政改革プラン進捗').indicators, { achieved: 0, unachieved: 0, unknown: 2 });
    const declared = { 達成状況の区分: { '①': '達成', '②': '未達成' }, 事項: [{ 業績目標の達成状況: '①' }, { 業績目標の達成状況: '②' }] };
    assert.deepEqual(summarizeSheet(declared, '市政改革プラン進捗').indicators, { achieved: 1, unachieved: 1, unknown: 0 });
  });

  it('zeros for data that is not a mapping', () => {
    assert.deepEqual(summarizeSheet(null, undefined), { status: { 実施中: 0, 完了: 0, その他: 0 }, indicators: { achieved: 0, unachieved: 0, unknown: 0 } });
  });
});
