import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { wardNames } from '../../server/src/service/domain/wards';
import { sheetKinds } from '../../server/src/service/kinds';
import {
  TemplateInputError,
  createTemplate,
  parseTemplateKind,
  parseTemplateWard,
  parseTemplateYear,
  placeholderPattern,
  templateFileName,
  templateKinds,
  templateYearRange,
} from '../../server/src/service/templates';
import { doc, realService, summary } from '../helpers/service';

const service = realService();
const r7 = parseTemplateYear('令和7年度');
const data = (text: string) => parse(text) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('new-sheet templates', () => {
  it('every 様式 has a template that the language service accepts with no diagnostic at all, for every year (wards in turn)', () => {
    assert.deepEqual(templateKinds.map((k) => k.kind).sort(), [...sheetKinds].sort());
    const years = [];
    for (let fy = templateYearRange.first; fy <= 2035; fy++) years.push(parseTemplateYear(String(fy)));
    years.push(parseTemplateYear('平成31年度'), parseTemplateYear('令和元年度'), parseTemplateYear('平成30年度'), parseTemplateYear(String(templateYearRange.last)));
    for (const kind of sheetKinds) {
      years.forEach((year, i) => {
        const ward = wardNames[i % wardNames.length]!;
        const text = createTemplate(kind, { ward, year });
        assert.deepEqual(summary(service.validate(doc(text))), [], `${kind} ${ward} ${year.era} ${year.fiscalYear}:\n${text}`);
        assert.ok(text.match(placeholderPattern)!.length >= 3, `${kind} has placeholders to fill in`);
        assert.ok(text.startsWith(`様式: ${kind}\n`), 'the first line is the sheet marker 様式:');
        for (const line of text.split('\n')) if (/^\s*#/.test(line)) assert.doesNotMatch(line, placeholderPattern, 'comments hold no placeholder (the editor selects the first one)');
      });
    }
  });

  it('区運営方針: 区名, 年度, budget columns (N−2)決算額 (N−1)予算額 N予算額, indicator years N−2…N, 主な取組 years N−1 and N', () => {
    const sheet = data(createTemplate('区運営方針', { ward: '北区', year: r7 }));
    assert.equal(sheet['区名'], '北区');
    assert.equal(sheet['年度'], '令和7年度');
    const strategy = sheet['経営課題'][0]['戦略'][0];
    const measure = strategy['具体的取組'][0];
    assert.deepEqual(Object.keys(measure['予算']), ['単位', '5決算額', '6予算額', '7予算額']);
    assert.deepEqual(strategy['アウトカム指標'][0]['実績'].map((r: { 年度: string }) => r.年度), ['令和5年度', '令和6年度', '令和7年度']);
    assert.equal(strategy['アウトカム指標'][0]['目標年度'], '令和7年度');
    assert.deepEqual(measure['プロセス指標'][0]['実績'].map((r: { 年度: string }) => r.年度), ['令和5年度', '令和6年度', '令和7年度']);
    assert.deepEqual(Object.keys(measure['主な取組'][0]['実績']), ['6年度', '7年度']);
  });

  it('writes a year of another era with its era: 令和2年度 has 平成30決算額, 元予算額, 2予算額', () => {
    const sheet = data(createTemplate('区運営方針', { ward: '港区', year: parseTemplateYear('R2') }));
    assert.deepEqual(Object.keys(sheet['経営課題'][0]['戦略'][0]['具体的取組'][0]['予算']), ['単位', '平成30決算額', '元予算額', '2予算額']);
    assert.deepEqual(sheet['経営課題'][0]['戦略'][0]['アウトカム指標'][0]['実績'].map((r: { 年度: string }) => r.年度), ['平成30年度', '令和元年度', '令和2年度']);
    const h31 = data(createTemplate('区運営方針', { ward: '港区', year: parseTemplateYear('平成31年度') }));
    assert.equal(h31['年度'], '平成31年度');
    assert.deepEqual(Object.keys(h31['経営課題'][0]['戦略'][0]['具体的取組'][0]['予算']), ['単位', '29決算額', '30予算額', '31予算額']);
  });

  it('振り返りシート: 基準時点 N年度末 and the next year in the 次年度以降 placeholder', () => {
    const text = createTemplate('振り返りシート', { ward: '北区', year: r7 });
    assert.equal(data(text)['基準時点'], '令和7年度末');
    const row = data(text)['柱'][0]['中項目'][0]['取組項目'][0]['行'][0];
    assert.match(row['主な取組実績'], /令和7年度/);
    assert.match(row['次年度以降の取組内容'], /令和8年度以降/);
    assert.equal(row['実施状況'], '実施中');
    assert.match(text, /^様式: 振り返りシート\n# 北区 令和7年度末時点振り返りシート/);
  });

  it('市政改革プラン進捗: 年度 and 時点 at the end of March of the next calendar year, scale declared', () => {
    const sheet = data(createTemplate('市政改革プラン進捗', { ward: '北区', year: parseTemplateYear('H23') }));
    assert.equal(sheet['年度'], '平成23年度');
    assert.equal(sheet['時点'], '平成24年3月末');
    assert.deepEqual(sheet['達成状況の区分'], { '①': '達成', '②': '未達成' });
    assert.equal(data(createTemplate('市政改革プラン進捗', { ward: '北区', year: parseTemplateYear('2018') }))['時点'], '平成31年3月末');
  });

  it('部会議事概要: the ward chief attends and is in charge; the date is 1 April of the year with its weekday', () => {
    const sheet = data(createTemplate('部会議事概要', { ward: '旭区', year: r7 }));
    assert.deepEqual(sheet['出席者'], ['旭区長']);
    assert.deepEqual(sheet['議事'][0]['担当'], ['旭区長']);
    assert.deepEqual(sheet['日時'], { 日付: '令和7年4月1日', 曜日: '火', 開始: '10:00', 終了: '11:00' });
    assert.deepEqual(data(createTemplate('部会議事概要', { ward: '旭区', year: parseTemplateYear('2019') }))['日時']['日付'], '平成31年4月1日');
  });

  it('reads the year as staff type it', () => {
    for (const text of ['令和7年度', '令和７年度', '令和7', 'R7', 'r7', '2025', '2025年度', '２０２５', ' 令和 7年度 ']) assert.deepEqual(parseTemplateYear(text), { fiscalYear: 2025, era: '令和' }, text);
    assert.deepEqual(parseTemplateYear('令和元年度'), { fiscalYear: 2019, era: '令和' });
    assert.deepEqual(parseTemplateYear('令和1年度'), { fiscalYear: 2019, era: '令和' });
    assert.deepEqual(parseTemplateYear('平成31年度'), { fiscalYear: 2019, era: '平成' });
    assert.deepEqual(parseTemplateYear('2019'), { fiscalYear: 2019, era: '令和' });
    assert.deepEqual(parseTemplateYear('2018'), { fiscalYear: 2018, era: '平成' });
    assert.deepEqual(parseTemplateYear('H26'), { fiscalYear: 2014, era: '平成' });
    assert.deepEqual(parseTemplateYear('平成32年度'), { fiscalYear: 2020, era: '令和' });
    for (const bad of ['令和0年度', '7年度', 'next year', '', '昭和60年度', '1990', '2101', '令和7年']) {
      assert.throws(() => parseTemplateYear(bad), TemplateInputError, bad);
    }
  });

  it('reads the ward with padding or without 区, and names the nearest for a typo', () => {
    assert.equal(parseTemplateWard('北区'), '北区');
    assert.equal(parseTemplateWard('北 区'), '北区');
    assert.equal(parseTemplateWard('阿倍野'), '阿倍野区');
    for (const ward of wardNames) assert.equal(parseTemplateWard(ward), ward);
    assert.throws(() => parseTemplateWard('阿部野区'), /「阿倍野区」のことですか/);
    assert.throws(() => parseTemplateWard('堺市'), TemplateInputError);
    assert.throws(() => createTemplate('区運営方針', { ward: '北 区', year: r7 }), TemplateInputError);
  });

  it('names the 様式 and the proposed file', () => {
    assert.equal(parseTemplateKind('区運営方針'), '区運営方針');
    assert.throws(() => parseTemplateKind('議事録'), /区運営方針/);
    assert.equal(templateFileName('区運営方針', { ward: '北区', year: r7 }), '北区-区運営方針-令和7年度.sheet.yaml');
  });
});
