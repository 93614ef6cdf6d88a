import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { doc, realService, summary } from '../helpers/service';

const service = realService();
const s002 = readFileSync(resolve(__dirname, '../../samples/002-abeno-unei-hoshin-r6.sheet.yaml'), 'utf8');
const lookalikes = (text: string) => summary(service.validate(doc(text))).filter((s) => s.startsWith('indicator/lookalike-mark'));
const unused = (text: string) => service.validate(doc(text)).filter((d) => d.code === 'suppression/unused');
const first = '                値: 42.5\n                達成状況: "-"';

function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `test text lacks ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

describe('suppression comments', () => {
  it('# policy-sheets-disable-next-line <code> drops that code on the next line only', () => {
    assert.equal(lookalikes(s002).length, 6);
    const text = edit(s002, first, '                値: 42.5\n                # policy-sheets-disable-next-line indicator/lookalike-mark -- 原文どおり\n                達成状況: "-"');
    const left = lookalikes(text);
    assert.equal(left.length, 5);
    assert.ok(!left.some((s) => s.startsWith('indicator/lookalike-mark@60:')));
    assert.equal(unused(text).length, 0);
  });

  it('without a code it drops everything on the next line; with another code nothing', () => {
    const all = edit(s002, first, '                値: 42.5\n                # policy-sheets-disable-next-line\n                達成状況: "-"');
    assert.equal(lookalikes(all).length, 5);
    const other = edit(s002, first, '                値: 42.5\n                # policy-sheets-disable-next-line count/rate\n                達成状況: "-"');
    assert.equal(lookalikes(other).length, 6);
    const [report] = unused(other);
    assert.ok(report);
    assert.equal(report.severity, 2);
    // The range is the code inside the comment.
    const d = doc(other);
    assert.equal(d.getText(report.range), 'count/rate');
  });

  it('# policy-sheets-disable <code> drops the code in the whole file', () => {
    const text = edit(s002, '区名: 阿倍野区\n', '区名: 阿倍野区\n# policy-sheets-disable indicator/lookalike-mark, count/rate\n');
    assert.equal(lookalikes(text).length, 0);
    const reports = unused(text);
    assert.equal(reports.length, 1);
    assert.equal(doc(text).getText(reports[0]!.range), 'count/rate');
  });

  it('reports an unknown code, and a file-level comment without a code', () => {
    const text = edit(s002, '区名: 阿倍野区\n', '区名: 阿倍野区\n# policy-sheets-disable indicator/lookalike-marks\n# policy-sheets-disable\n');
    const reports = unused(text);
    assert.equal(reports.length, 2);
    assert.match(String(reports[0]!.message), /診断コードではありません/);
    assert.equal(lookalikes(text).length, 6);
  });

  it('a "#" line inside a block scalar is text, not a directive', () => {
    const text = edit(s002, '区名: 阿倍野区\n', '区名: 阿倍野区\n備考: |\n  # policy-sheets-disable indicator/lookalike-mark\n');
    assert.equal(lookalikes(text).length, 6);
    assert.equal(unused(text).length, 0);
  });

  it('the unused report’s quick fix removes the code, or the comment line', () => {
    const removeWith = (text: string) => {
      const document = TextDocument.create('file:///s.sheet.yaml', 'policy-yaml', 1, text);
      const diagnostic = service.validate(document, {}, { withFixes: true }).find((d) => d.code === 'suppression/unused')!;
      const action = service.codeActions(document, { range: diagnostic.range, diagnostics: [diagnostic], only: ['quickfix'] })[0]!;
      service.forget(document.uri);
      return TextDocument.applyEdits(document, action.edit!.changes![document.uri]!);
    };
    const line = '# policy-sheets-disable count/rate\n';
    assert.equal(removeWith(edit(s002, '区名: 阿倍野区\n', `区名: 阿倍野区\n${line}`)), s002);
    const both = edit(s002, '区名: 阿倍野区\n', '区名: 阿倍野区\n# policy-sheets-disable indicator/lookalike-mark count/rate\n');
    assert.equal(removeWith(both), edit(s002, '区名: 阿倍野区\n', '区名: 阿倍野区\n# policy-sheets-disable indicator/lookalike-mark\n'));
  });

  it('finds directives in linear time on a megabyte of comment lines', () => {
    const big = `様式: 部会議事概要\n${'# policy-sheets-disable-next-line count/rate count/rate count/rate\n'.repeat(16000)}`;
    const started = performance.now();
    const reports = unused(big);
    assert.equal(reports.length, 48000);
    assert.ok(performance.now() - started < 5000, `took ${performance.now() - started} ms`);
  });
});
