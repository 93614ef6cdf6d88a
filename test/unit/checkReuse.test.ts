import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { configurePropertyTests } from '../helpers/property';
import { realService } from '../helpers/service';
import { sheetOfLines } from '../helpers/sheetGen';

configurePropertyTests();

/**
 * Reuse across versions (incremental parse, per-text memos, the title index of checkTextReferences)
 * must never show: the diagnostics of a document edited step by step equal those of a fresh
 * service given only the final text.
 */
const samples = ['001-furikaeri-r6', '002-abeno-unei-hoshin-r6', '003-shisei-kaikaku-2-h23'].map((name) => readFileSync(resolve(__dirname, '../../samples', `${name}.sheet.yaml`), 'utf8'));
const bases = [...samples, sheetOfLines('振り返りシート', 300, 11), sheetOfLines('区運営方針', 300, 12)];
const inserts = ['x', 'あ', '1', '実施X', '令和9年度', '4月31日', '「存在しない取組の名称です」', '具体的取組5-9-9', '次年度（令和3年度）', '東淀区', '\n', '- ', ': ', '  '];

describe('check reuse across versions', () => {
  it('an edited document gets the diagnostics and facts of its text checked fresh', () => {
    const edited = realService();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), fc.constantFrom(...inserts)), { minLength: 1, maxLength: 6 }), (which, edits) => {
        const uri = `file:///reuse/${which}.sheet.yaml`;
        let text = bases[which]!;
        let version = 1;
        edited.validate(TextDocument.create(uri, 'policy-yaml', version, text), {}, { withFixes: true });
        for (const [at, cut, insert] of edits) {
          const from = at % (text.length + 1);
          text = text.slice(0, from) + insert + text.slice(Math.min(text.length, from + cut));
          const document = TextDocument.create(uri, 'policy-yaml', ++version, text);
          const got = edited.validate(document, {}, { withFixes: true });
          const freshService = realService();
          const freshDocument = TextDocument.create(uri, 'policy-yaml', 1, text);
          const fresh = freshService.validate(freshDocument, {}, { withFixes: true });
          // The workspace facts too (carry-over rows are reused per row object).
          assert.deepEqual(edited.facts(document), freshService.facts(freshDocument));
          // Fixes carry the version they were computed on; everything else must match.
          const strip = (d: unknown) => JSON.parse(JSON.stringify(d).replace(/"version":\d+/g, '"version":0'));
          assert.deepEqual(strip(got), strip(fresh));
        }
      }),
      { numRuns: 25 },
    );
  });

  it('a changed title changes the findings of unchanged texts (the title index is rebuilt)', () => {
    const service = realService();
    // 002 with a text quoting the title of 戦略 1-2 exactly: no finding.
    const text = samples[1]!.replace('全市共通で実施された', '「区政情報の効果的な発信」を受けて全市共通で実施された');
    assert.notEqual(text, samples[1]);
    const uri = 'file:///reuse/title.sheet.yaml';
    const before = service.validate(TextDocument.create(uri, 'policy-yaml', 1, text)).filter((d) => d.code === 'reference/dangling');
    // The title renamed: the unchanged quote now nearly names it, and dangles.
    const renamed = text.replace('名称: 区政情報の効果的な発信\n', '名称: 区政情報の効果的な発信強化\n');
    assert.notEqual(renamed, text);
    const after = service.validate(TextDocument.create(uri, 'policy-yaml', 2, renamed)).filter((d) => d.code === 'reference/dangling');
    assert.ok(after.some((d) => typeof d.message === 'string' && d.message.includes('区政情報の効果的な発信強化')), JSON.stringify(after.map((d) => d.message)));
    assert.equal(after.length, before.length + 1);
  });

  it('a changed goal changes the finding of an unchanged 【再掲】 (the goal index is rebuilt)', () => {
    const service = realService();
    const uri = 'file:///reuse/goal.sheet.yaml';
    const goal = '毎年度、区役所に来庁することなく自宅やコンビニで用事を済ませることができる窓口サービスの拡充';
    const repeats = (text: string, version: number) =>
      service.validate(TextDocument.create(uri, 'policy-yaml', version, text)).filter((d) => d.code === 'reference/repeat-differs' && d.range.start.line === 669);
    assert.equal(repeats(samples[0]!, 1).length, 0, '001 line 670 repeats line 653 exactly');
    // The original goal (line 653) edited: the unchanged repeat on line 670 now differs from it.
    const lines = samples[0]!.split('\n');
    assert.equal(lines[652], `                  - ${goal}`);
    lines[652] = `                  - ${goal.replace('拡充', '充実と拡大')}`;
    assert.equal(repeats(lines.join('\n'), 2).length, 1);
  });
});
