import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { fixAllKind } from '../../server/src/service';
import { doc, realService } from '../helpers/service';

const service = realService();
const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', name), 'utf8');
const s000 = sample('000-jinji-zaisei-bukai-254.sheet.yaml');
const s002 = sample('002-abeno-unei-hoshin-r6.sheet.yaml');

/** `text` with the first occurrence of `from` replaced (fails when absent, so tests cannot go stale). */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `test text lacks ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

function applyAction(document: TextDocument, action: CodeAction): string {
  const edits = action.edit?.changes?.[document.uri] ?? [];
  assert.ok(edits.length > 0, `action ${action.title} has no edits`);
  return TextDocument.applyEdits(document, edits);
}

/** The quick fix of the one diagnostic with `code` (on `line` if given), applied: the new text and the action. */
function quickFix(text: string, code: string, line?: number): { text: string; action: CodeAction; diagnostic: Diagnostic } {
  const document = doc(text);
  const diagnostics = service.validate(document, {}, { withFixes: true }).filter((d) => d.code === code && (line === undefined || d.range.start.line === line));
  assert.equal(diagnostics.length, 1, `one ${code} expected, got ${diagnostics.length}`);
  const diagnostic = diagnostics[0]!;
  const actions = service.codeActions(document, { range: diagnostic.range, diagnostics: [diagnostic], only: ['quickfix'] });
  const action = actions.find((a) => a.diagnostics?.includes(diagnostic) && !a.title.includes('抑制'));
  assert.ok(action, `no quick fix for ${code}: ${actions.map((a) => a.title).join(', ')}`);
  return { text: applyAction(document, action), action, diagnostic };
}

const codesAt = (text: string) => service.validate(doc(text)).map((d) => `${String(d.code)}@${d.range.start.line}`);

describe('quick fixes edit only the text of their node', () => {
  it('look-alike mark → the legend character, keeping the double quotes (sample 002, line 60)', () => {
    const { text, action } = quickFix(s002, 'indicator/lookalike-mark', 59);
    assert.equal(text, s002.replace(/^( {16}達成状況: )"-"$/m, '$1"－"'));
    assert.equal(action.isPreferred, true);
    assert.equal(action.kind, 'quickfix');
  });

  it('look-alike mark written plain or single-quoted keeps its style', () => {
    const plain = edit(s002, '達成状況: "-"', '達成状況: ○');
    // ○ on 42.5 < 70 is a look-alike AND a mismatch: the look-alike fix gives 〇, the mismatch fix －.
    assert.equal(quickFix(plain, 'indicator/lookalike-mark', 59).text, edit(s002, '達成状況: "-"', '達成状況: 〇'));
    assert.equal(quickFix(plain, 'indicator/mark-mismatch', 59).text, edit(s002, '達成状況: "-"', '達成状況: －'));
    const single = edit(s002, '達成状況: "-"', "達成状況: '-'");
    assert.equal(quickFix(single, 'indicator/lookalike-mark', 59).text, edit(s002, '達成状況: "-"', "達成状況: '－'"));
  });

  it('a minutes date named in the wrong era → the name of that day, offered but not for fix-all', () => {
    for (const [wrong, right] of [
      ['令和元年4月25日', '平成31年4月25日'],
      ['平成31年5月10日', '令和元年5月10日'],
    ] as const) {
      const sheet = s000.replace('日付: 令和５年12月14日', `日付: ${wrong}`);
      const { text, action, diagnostic } = quickFix(sheet, 'date/invalid');
      assert.equal(text, s000.replace('日付: 令和５年12月14日', `日付: ${right}`));
      assert.ok(String(diagnostic.message).includes(`この日は${right}です`), String(diagnostic.message));
      assert.notEqual(action.isPreferred, true);
    }
    // A day that does not exist has no name to offer.
    const none = doc(s000.replace('日付: 令和５年12月14日', '日付: 令和5年2月30日'));
    const invalid = service.validate(none, {}, { withFixes: true }).find((d) => d.code === 'date/invalid')!;
    assert.equal(service.codeActions(none, { range: invalid.range, diagnostics: [invalid], only: ['quickfix'] }).filter((a) => !a.title.includes('抑制')).length, 0);
  });

  it('mark that disagrees with value vs target → the implied mark', () => {
    const wrong = edit(s002, '                値: 42.5\n                達成状況: "-"', '                値: 72.5\n                達成状況: "-"');
    const { text } = quickFix(wrong, 'indicator/mark-mismatch', 59);
    assert.equal(text, edit(wrong, '値: 72.5\n                達成状況: "-"', '値: 72.5\n                達成状況: "〇"'));
  });

  it('令和1年度 → 令和元年度, and a bare 1年度 → 元年度', () => {
    const r1 = edit(s002, '年度: 令和6年度', '年度: 令和1年度');
    assert.equal(quickFix(r1, 'fiscal-year/invalid-era', r1.split('\n').findIndex((l) => l === '年度: 令和1年度')).text, edit(s002, '年度: 令和6年度', '年度: 令和元年度'));
    const bare = edit(s002, '目標年度: 6年度', '目標年度: 1年度');
    assert.equal(quickFix(bare, 'fiscal-year/invalid-era').text, edit(s002, '目標年度: 6年度', '目標年度: 元年度'));
  });

  it('平成32年度 → 令和2年度; FY2019 written with the other name than the document\'s era → the era\'s name', () => {
    const h32 = edit(s002, '- 年度: 令和４年度', '- 年度: 平成32年度');
    assert.equal(quickFix(h32, 'fiscal-year/mixed-era').text, edit(s002, '- 年度: 令和４年度', '- 年度: 令和2年度'));
    // 002 is a 令和6年度 sheet: 平成31年度 is the one reported (even though written first), fixed to 令和元年度.
    const two = edit(edit(s002, '- 年度: 令和４年度', '- 年度: 平成31年度'), '- 年度: 令和５年度', '- 年度: 令和元年度');
    assert.equal(quickFix(two, 'fiscal-year/same-year-two-names').text, edit(edit(s002, '- 年度: 令和４年度', '- 年度: 令和元年度'), '- 年度: 令和５年度', '- 年度: 令和元年度'));
  });

  it('full-width number in a numeric field → its half-width value, unquoted', () => {
    const fw = edit(s002, '                値: 42.5', '                値: "４２．５"');
    assert.equal(quickFix(fw, 'schema/type').text, s002);
    const plainFw = edit(s002, '目標値: 70\n', '目標値: ７０\n');
    const { text, action } = quickFix(plainFw, 'schema/type');
    assert.equal(text, s002);
    assert.match(action.title, /70/);
  });

  it('misspelt key → the suggested key', () => {
    const typo = edit(s002, '    名称: 区民から信頼される区役所づくり', '    名前: 区民から信頼される区役所づくり');
    assert.equal(quickFix(typo, 'schema/additional-property').text, s002);
  });

  it('never renames a key onto one the mapping already has, and applies nothing in bulk while the YAML is broken', () => {
    const twice = edit(s002, '    名称: 区民から信頼される区役所づくり', '    名称: 区民から信頼される区役所づくり\n    名前: 別名');
    const document = doc(twice);
    const diagnostic = service.validate(document, {}, { withFixes: true }).find((d) => d.code === 'schema/additional-property')!;
    assert.ok(diagnostic);
    assert.equal(service.codeActions(document, { range: diagnostic.range, diagnostics: [diagnostic], only: ['quickfix'] }).filter((a) => !a.title.includes('抑制')).length, 0);
    const broken = `${s002}  - [\n`;
    assert.ok(service.validate(doc(broken)).some((d) => d.code === 'yaml/syntax'));
    assert.equal(service.fixAll(doc(broken)).fixed.length, 0);
    assert.equal(quickFix(broken, 'indicator/lookalike-mark', 59).action.isPreferred, false);
  });

  it('padded ward name → the name', () => {
    const padded = edit(s002, '区名: 阿倍野区', '区名: 阿倍野　区');
    assert.equal(quickFix(padded, 'schema/enum').text, s002);
  });

  it('wrong weekday → the date’s weekday in the one form 曜日 allows, which clears every finding on it (sample 000)', () => {
    assert.equal(quickFix(edit(s000, '曜日: 木', '曜日: 金'), 'minutes/weekday-mismatch').text, s000);
    // 金曜日 is both the wrong day and a form the schema does not allow: one fix answers both.
    const long = edit(s000, '曜日: 木', '曜日: 金曜日');
    assert.deepEqual(codesAt(long).filter((c) => c.startsWith('schema/enum@') || c.startsWith('minutes/weekday-mismatch@')).length, 2);
    assert.equal(quickFix(long, 'minutes/weekday-mismatch').text, s000);
    assert.equal(quickFix(edit(s000, '曜日: 木', '曜日: "（金）"'), 'minutes/weekday-mismatch').text, edit(s000, '曜日: 木', '曜日: "木"'), 'the quotes kept');
  });

  it('missing required key → the key on its own line after the last entry, still reported until written', () => {
    const missing = edit(s000, '場所: web会議\n', '');
    const { text, action } = quickFix(missing, 'schema/required');
    assert.equal(action.isPreferred, false);
    const lines = text.split('\n');
    assert.equal(lines[lines.length - 2], '場所:');
    assert.equal(text, `${missing.replace(/\n$/, '')}\n場所:\n`);
    assert.ok(codesAt(text).some((c) => c.startsWith('schema/type@')), 'the empty value stays reported');
  });

  it('missing 出典 → 出典: added in the result mapping, at its indentation', () => {
    const missing = edit(s002, '                出典: 区政に関する区民アンケート 市民局実施\n', '');
    const { text } = quickFix(missing, 'indicator/missing-source');
    assert.equal(text, edit(missing, '                達成状況: "-"\n', '                達成状況: "-"\n                出典:\n'));
  });

  it('a fix from an older version is not applied; the current problem supplies it', () => {
    const document = doc(s002);
    const [stale] = service.validate(document, {}, { withFixes: true }).filter((d) => d.code === 'indicator/lookalike-mark');
    const newer = TextDocument.create(document.uri, 'policy-yaml', 2, `# 先頭に1行\n${s002}`);
    const moved = { ...stale!, range: { start: { ...stale!.range.start, line: stale!.range.start.line + 1 }, end: { ...stale!.range.end, line: stale!.range.end.line + 1 } } };
    const action = service.codeActions(newer, { range: moved.range, diagnostics: [moved], only: ['quickfix'] })[0]!;
    assert.equal(applyAction(newer, action), `# 先頭に1行\n${edit(s002, '達成状況: "-"', '達成状況: "－"')}`);
    // A diagnostic that matches nothing current gets no fix.
    const nowhere = { ...stale!, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
    assert.equal(service.codeActions(newer, { range: nowhere.range, diagnostics: [nowhere], only: ['quickfix'] }).filter((a) => !a.title.includes('抑制')).length, 0);
  });

  it('offers to suppress the diagnostic on its line, above it at its indentation', () => {
    const document = doc(s002);
    const diagnostic = service.validate(document, {}, { withFixes: true }).find((d) => d.code === 'indicator/lookalike-mark')!;
    const action = service.codeActions(document, { range: diagnostic.range, diagnostics: [diagnostic] }).find((a) => a.title.includes('抑制'))!;
    const text = applyAction(document, action);
    assert.equal(text, edit(s002, '                値: 42.5\n                達成状況: "-"', '                値: 42.5\n                # policy-sheets-disable-next-line indicator/lookalike-mark\n                達成状況: "-"'));
    assert.ok(!codesAt(text).includes('indicator/lookalike-mark@60'));
    assert.equal(codesAt(text).filter((c) => c.startsWith('indicator/lookalike-mark')).length, 5);
  });
});

describe('every quick fix offered on every sample', () => {
  it('keeps the YAML valid, every comment line, and fixes its own problem', () => {
    let offered = 0;
    for (const name of ['000-jinji-zaisei-bukai-254.sheet.yaml', '001-furikaeri-r6.sheet.yaml', '002-abeno-unei-hoshin-r6.sheet.yaml', '003-shisei-kaikaku-2-h23.sheet.yaml', '004-minato-unei-hoshin-h26.sheet.yaml']) {
      const text = sample(name);
      const document = doc(text);
      const comments = text.split('\n').filter((l) => /^\s*#/.test(l));
      for (const diagnostic of service.validate(document, {}, { withFixes: true })) {
        for (const action of service.codeActions(document, { range: diagnostic.range, diagnostics: [diagnostic], only: ['quickfix'] })) {
          offered++;
          const fixed = applyAction(document, action);
          const after = service.validate(doc(fixed));
          assert.ok(!after.some((d) => d.code === 'yaml/syntax' || d.code === 'yaml/duplicate-key'), `${name}: ${action.title} broke the YAML`);
          const kept = fixed.split('\n').filter((l) => /^\s*#/.test(l));
          assert.deepEqual(kept.filter((l) => !l.includes('policy-sheets-disable-next-line')), comments, `${name}: ${action.title} changed a comment`);
          const here = (d: Diagnostic) => d.code === diagnostic.code && d.range.start.line === diagnostic.range.start.line;
          if (!action.title.includes('抑制') && action.isPreferred) assert.ok(!after.some(here), `${name}: ${action.title} left its problem`);
          if (action.title.includes('抑制')) assert.ok(!after.some((d) => d.code === diagnostic.code && d.range.start.line === diagnostic.range.start.line + 1), `${name}: still reported after suppression`);
        }
      }
    }
    assert.ok(offered >= 14, `${offered} quick fixes offered on the samples`);
  });
});

describe('source.fixAll.policySheets', () => {
  const fixAll = (text: string, only = [fixAllKind]) => {
    const document = doc(text);
    const actions = service.codeActions(document, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics: [], only });
    return { document, actions };
  };

  it('fixes the six look-alike marks of 002 in one action and nothing else', () => {
    const { document, actions } = fixAll(s002);
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, fixAllKind);
    assert.equal(applyAction(document, actions[0]!), s002.replaceAll('達成状況: "-"', '達成状況: "－"'));
  });

  it('is offered when the client asks for "source" or "source.fixAll", not for "quickfix" only', () => {
    assert.equal(fixAll(s002, ['source']).actions.length, 1);
    assert.equal(fixAll(s002, ['source.fixAll']).actions.length, 1);
    assert.equal(fixAll(s002, ['quickfix']).actions.filter((a) => a.kind === fixAllKind).length, 0);
    assert.equal(fixAll(s000).actions.length, 0, 'nothing to fix in 000');
  });

  it('takes the implied mark where a look-alike also disagrees, and leaves scaffolds (missing keys) alone', () => {
    let text = edit(s002, '                値: 42.5\n                達成状況: "-"', '                値: 72.5\n                達成状況: "-"');
    text = edit(text, '年度: 令和6年度', '年度: 令和１年度');
    text = edit(text, '                出典: 区政に関する区民アンケート 市民局実施\n', '');
    const { document, actions } = fixAll(text);
    const fixed = applyAction(document, actions[0]!);
    let expected = edit(text, '値: 72.5\n                達成状況: "-"', '値: 72.5\n                達成状況: "〇"');
    expected = expected.replaceAll('達成状況: "-"', '達成状況: "－"');
    assert.equal(fixed, expected.replace('年度: 令和１年度', '年度: 令和元年度'));
  });

  it('leaves problems turned off by the severity settings alone', () => {
    const document = doc(s002);
    const off = service.codeActions(document, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics: [], only: [fixAllKind] }, { 'indicator/lookalike-mark': 'off' });
    assert.equal(off.length, 0);
    assert.equal(service.fixAll(document, { 'indicator/lookalike-mark': 'off' }).fixed.length, 0);
  });

  it('on every sample, changes only the bytes of the problems it fixes', () => {
    for (const name of ['000-jinji-zaisei-bukai-254.sheet.yaml', '001-furikaeri-r6.sheet.yaml', '002-abeno-unei-hoshin-r6.sheet.yaml', '003-shisei-kaikaku-2-h23.sheet.yaml', '004-minato-unei-hoshin-h26.sheet.yaml']) {
      const text = sample(name);
      const { text: fixed, fixed: problems } = service.fixAll(doc(text));
      const before = text.split('\n');
      const after = fixed.split('\n');
      assert.equal(after.length, before.length, name);
      const changed = before.flatMap((line, i) => (line === after[i] ? [] : [i]));
      const document = doc(text);
      assert.deepEqual(changed, problems.map((p) => document.positionAt(p.start).line), name);
      for (const i of changed) assert.equal(after[i], before[i]!.replace('"-"', '"－"'), `${name}:${i + 1}`);
      assert.equal(changed.length, name.startsWith('002') ? 6 : 0, name);
    }
  });
});
