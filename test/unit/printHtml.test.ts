import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cssString, printHtml, withoutProblems } from '../../server/src/export/printHtml';
import { escapeHtml } from '../../server/src/service/render/html';
import type { SheetModel } from '../../server/src/service/render/model';
import { allRuns, allTables, dataCell, handBuiltModel, sampleModels } from '../helpers/renderModel';

/**
 * Nothing that loads or runs: only known elements and attributes in the tags (document text is
 * escaped, so every `<` is a real tag), and no URL, import or expression in the styles outside
 * CSS strings.
 */
function assertSelfContained(html: string): void {
  const elements = new Set(['!DOCTYPE', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'span', 'br', 'div', 'main', 'section', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'dl', 'dt', 'dd']);
  const attributes = /^(class|colspan|rowspan|title|lang|charset|http-equiv|content|name|data-[a-z]+|html)$/;
  for (const [, name, rest] of html.matchAll(/<([!a-zA-Z][\w-]*)([^>]*)>/g)) {
    assert.ok(elements.has(name!), `element <${name}> is allowed`);
    // The shared HTML writer gives every <col> its width twice: data-width (for the preview's script) and the inline style.
    if (name === 'col') assert.match(rest!, /^ data-width="([\d.]+)" style="width:\1%"$/, 'col widths only');
    else for (const [, attribute] of rest!.matchAll(/\s([^\s=]+)(?:="[^"]*")?/g)) assert.match(attribute!, attributes, `attribute ${attribute} on <${name}>`);
  }
  const style = html.slice(html.indexOf('<style>') + '<style>'.length, html.indexOf('</style>')).replace(/"(?:[^"\\]|\\.)*"/g, '""');
  assert.doesNotMatch(style, /url\(|@import|expression\(|<|\}\s*body\s*\{\s*background/i, 'no resource in the styles');
  assert.equal((html.match(/<\/style>/g) ?? []).length, 1, 'the style element closes once');
}

const hostile: SheetModel = {
  kind: undefined,
  title: '</title><script>alert(1)</script>"; } body { background: url(http://x/) }',
  subtitle: [{ text: '<img src=x onerror=alert(1)>' }],
  notices: [],
  blocks: [
    {
      type: 'table',
      columns: [{ width: 10 }],
      head: [],
      body: [{ cells: [dataCell('</td><script>alert(2)</script>'), dataCell('javascript:alert(3)')] }, { cells: [dataCell('<a href="http://evil.example/">x</a> \u202eevil')] }],
    },
  ],
};

describe('print HTML', () => {
  it('is one standalone document: A4 landscape, Japanese fonts, repeated thead, rows kept whole, title in the page header', () => {
    const html = printHtml(handBuiltModel());
    assert.match(html, /^<!DOCTYPE html>\n<html lang="ja">/);
    assert.match(html, /<meta charset="utf-8">/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.match(html, /<title>\(様式\) テスト &amp; 検証<\/title>/);
    assert.match(html, /@page \{ size: A4 landscape;/);
    assert.match(html, /@top-center \{ content: "\(\\69d8 \\5f0f \) \\30c6 \\30b9 \\30c8  \\26  \\691c \\8a3c ";/, 'the title, CSS-escaped, in the page header');
    assert.match(html, /@bottom-center \{ content: counter\(page\) " \/ " counter\(pages\);/);
    assert.match(html, /font-family: "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", YuGothic, "Hiragino Kaku Gothic ProN", Meiryo/);
    assert.match(html, /"MS Mincho", serif/);
    assert.match(html, /thead \{ display: table-header-group; \}/);
    assert.match(html, /tr:not\(:has\(table\)\) \{ break-inside: avoid;/);
    assert.match(html, /section\.level-1\.boxed ~ section\.level-1\.boxed \{ break-before: page;/);
    assert.equal((html.match(/<thead>/g) ?? []).length, 2, 'the main table and the nested ward table keep their head rows');
    assertSelfContained(html);
  });

  it('leaves the page margin boxes out for the PDF (which prints its own header and footer)', () => {
    const html = printHtml(handBuiltModel(), { pageMarginBoxes: false });
    assert.doesNotMatch(html, /@top-center|@bottom-center/);
    assert.match(html, /@page \{ size: A4 landscape;/);
  });

  it('keeps hostile strings literal and runs nothing', () => {
    const html = printHtml(hostile);
    assertSelfContained(html);
    assert.ok(html.includes(`<title>${escapeHtml(hostile.title)}</title>`));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;'));
    // escapeHtml shows bidi controls as visible code points, so the override cannot reorder the page.
    assert.ok(html.includes('〔U+202E〕evil'), 'a bidi override stays as text');
    assert.ok(!html.includes('\u202e'));
    // The title inside the <style> is one CSS string: it cannot close the element or add a rule.
    assert.ok(html.includes(`@top-center { content: ${cssString(hostile.title)};`));
    assert.match(cssString(hostile.title), /^"[^"<>]*"$/);
  });

  it('leaves the editor\'s problem marks out of the exported document, without changing the model', () => {
    const model = handBuiltModel();
    const first = model.blocks[0]!;
    assert.equal(first.type, 'table');
    if (first.type !== 'table') return;
    first.body[0]!.cells[0]!.problems.push({ code: 'schema/type', severity: 'error', message: '型が違います', start: 0, end: 1 });
    const html = printHtml(model);
    assert.doesNotMatch(html, /has-error|型が違います/);
    assert.equal(first.body[0]!.cells[0]!.problems.length, 1);
    assert.equal(withoutProblems(model).blocks.length, model.blocks.length);
  });

  it('escapes CSS strings completely', () => {
    assert.equal(cssString('a"b\\c<'), '"a\\22 b\\5c c\\3c "');
    assert.equal(cssString('𠮷'), '"\\20bb7 "');
  });

  for (const { name, model } of sampleModels()) {
    it(`${name}: every text, table, row and head of the model, nothing loaded`, () => {
      const html = printHtml(model);
      assertSelfContained(html);
      assert.ok(html.includes(`<title>${escapeHtml(model.title)}</title>`));
      assert.ok(html.includes(`<h1>${escapeHtml(model.title)}</h1>`));
      const missing = allRuns(model).filter((run) => !html.includes(escapeHtml(run.text)));
      assert.deepEqual(missing, [], 'every text of the model is printed');
      const tables = allTables(model).map((t) => t.table);
      assert.equal((html.match(/<table\b/g) ?? []).length, tables.length, 'tables');
      assert.equal((html.match(/<tr\b/g) ?? []).length, tables.reduce((n, t) => n + t.head.length + t.body.length, 0), 'rows');
      assert.equal((html.match(/<thead>/g) ?? []).length, tables.filter((t) => t.head.length > 0).length, 'head rows in <thead>');
    });
  }
});
