import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { editBounds, reparseSheet, spliceSheet } from '../../server/src/service/incrementalParse';
import { parseSheet } from '../../server/src/service/parse';
import { apply, assertSameAsFull, edit } from '../helpers/parseEquality';
import { type SheetKind, sheetKinds } from '../../server/src/service';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { configurePropertyTests } from '../helpers/property';
import { realService } from '../helpers/service';
import { samples } from '../helpers/editSequences';
import { sheetOfLines } from '../helpers/sheetGen';

configurePropertyTests();

const generated = (sheetKinds as readonly SheetKind[]).map((kind, i) => sheetOfLines(kind, 300, 7 + i));
/** Broken starting points: a syntax error, an alias, a tab, a duplicate key (splices must not start from these). */
const broken = [
  `${samples[1]!.slice(0, 400)}\n  - [unclosed\n${samples[1]!.slice(400)}`,
  `${generated[0]!}x: &a [1]\ny: *a\n`,
  samples[2]!.replace('\n  ', '\n\t '),
  `${generated[1]!}様式: 重複\n`,
];

describe('incremental parse (reparseSheet)', () => {
  it('equals the full parse on random edit sequences over generated, sample and broken sheets', () => {
    let spliced = 0;
    let steps = 0;
    const bases = [...generated, ...samples, ...broken];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 10 }), (which, edits) => {
        let text = bases[which]!;
        let sheet = parseSheet(text);
        for (const [i, e] of edits.entries()) {
          const next = apply(text, e);
          const before = sheet;
          sheet = reparseSheet(before, next);
          steps++;
          if (sheet.yaml !== undefined && sheet.yaml === before.yaml) spliced++;
          assertSameAsFull(sheet, next, `base ${which}, edit ${i} ${JSON.stringify(e)}`);
          text = next;
        }
      }),
      { numRuns: 80 },
    );
    // The property must exercise the splice, not only the fallback.
    assert.ok(spliced > steps / 10, `only ${spliced} of ${steps} edits were spliced`);
  });

  it('splices an edit inside one item: only that chunk is parsed again, the other items are shared', () => {
    const text = generated[sheetKinds.indexOf('振り返りシート')]!;
    const previous = parseSheet(text);
    const previousData = previous.data;
    const at = text.lastIndexOf('実施状況: ') + '実施状況: '.length;
    const next = `${text.slice(0, at)}X${text.slice(at)}`;
    const result = spliceSheet(previous, next);
    assert.ok(typeof result !== 'string', `not spliced: ${String(result)}`);
    // Most collections of the new data are the previous objects (only the path to the item is new).
    let shared = 0;
    let all = 0;
    const stack: [unknown, unknown][] = [[result.data, previousData]];
    while (stack.length > 0) {
      const [now, before] = stack.pop()!;
      if (now === null || typeof now !== 'object') continue;
      all++;
      if (now === before) shared++;
      for (const [k, v] of Object.entries(now)) stack.push([v, (before as Record<string, unknown> | undefined)?.[k]]);
    }
    assert.ok(shared > all * 0.8, `${shared} of ${all} collections shared`);
    assertSameAsFull(result, next, 'one value');
  });

  it('does not splice from or into what it cannot prove equal', () => {
    const text = generated[sheetKinds.indexOf('振り返りシート')]!;
    const at = text.indexOf('名称: ', text.indexOf('柱:')) + '名称: '.length;
    const edited = (insert: string) => `${text.slice(0, at)}${insert}${text.slice(at)}`;
    assert.equal(spliceSheet(parseSheet(text), edited('&a ')), 'edit not inside one block-sequence item');
    assert.equal(spliceSheet(parseSheet(text), edited('[')), 'chunk has errors');
    assert.equal(spliceSheet(parseSheet(broken[0]!), `${broken[0]!}x`), 'previous parse not clean');
    assert.equal(spliceSheet(parseSheet(broken[1]!), `${broken[1]!} `), 'anchors or aliases may be present');
    assert.equal(spliceSheet(parseSheet(text), `${text.slice(0, 3)}x${text.slice(3)}`), 'edit not inside one block-sequence item');
  });
});

describe('editBounds', () => {
  /** The common prefix, then the common suffix after it, one character at a time. */
  const naive = (old: string, text: string) => {
    const min = Math.min(old.length, text.length);
    let from = 0;
    while (from < min && old[from] === text[from]) from++;
    let tail = 0;
    while (tail < min - from && old[old.length - 1 - tail] === text[text.length - 1 - tail]) tail++;
    return { from, tail };
  };
  it('finds the edit as a character-by-character scan does, across and inside blocks, on concatenated texts', () => {
    const base = generated[2]!.repeat(4); // longer than several blocks
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 5000 }), fc.constantFrom('', 'x', 'あ', '\n', base.slice(0, 3000)), fc.boolean(), (at, cut, insert, repeat) => {
        const old = repeat ? 'ab'.repeat(3000) : base;
        const from = at % (old.length + 1);
        const text = old.slice(0, from) + insert + old.slice(Math.min(old.length, from + cut));
        assert.deepEqual(editBounds(old, text), naive(old, text));
      }),
    );
  });
});

describe('the service parses once per version', () => {
  it('every request after an edit reads the same parse (validate, hover, completion, symbols, folding, selection, code actions, render, facts)', () => {
    const service = realService();
    const uri = 'file:///once/sheet.sheet.yaml';
    const text = samples[1]!;
    service.validate(TextDocument.create(uri, 'policy-yaml', 1, text));
    const at = text.indexOf('実施状況: ') + '実施状況: '.length;
    const document = TextDocument.create(uri, 'policy-yaml', 2, `${text.slice(0, at)}X${text.slice(at)}`);
    const position = document.positionAt(at);
    const sheet = service.getSheet(document).sheet;
    const diagnostics = service.validate(document, {}, { withFixes: true });
    service.hover(document, position);
    service.complete(document, position, { snippets: true });
    service.documentSymbols(document);
    service.foldingRanges(document);
    service.selectionRanges(document, [position]);
    service.codeActions(document, { range: { start: position, end: position }, diagnostics });
    service.render(document);
    service.facts(document);
    assert.equal(service.getSheet(document).sheet, sheet);
    // And that parse is the splice of the edit, equal to a full parse.
    assertSameAsFull(sheet, document.getText(), 'service');
  });
});
