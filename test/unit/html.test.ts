import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Cell, CellProblem, SheetModel, Table } from '../../server/src/service';
import { escapeHtml, renderBodyHtml } from '../../server/src/service/render/html';
import { doc, realService } from '../helpers/service';

/** The hostile strings of issue 6, each as a sheet could hold it. */
const hostile = {
  img: '<img src=x onerror=alert(1)>',
  script: "</td><script>document.title='pwned'</script>",
  javascriptLink: 'javascript:alert(document.cookie)',
  anchor: '<a href="javascript:alert(2)">区長</a>',
  attribute: '" onmouseover="alert(4)" x="',
  bidi: '\u202Eスキップ\u202C 区長',
  isolate: 'a\u2067b\u2069c',
};

const allowedTags = new Set(['header', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'main', 'section', 'div', 'p', 'span', 'br', 'ul', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'colgroup', 'col', 'thead', 'tbody', 'tr', 'th', 'td']);
const allowedAttributes = new Set(['class', 'data-line', 'data-start', 'data-end', 'data-width', 'style', 'title', 'rowspan', 'colspan', 'role', 'aria-label']);

/**
 * A strict reading of the produced HTML: it must be nothing but well-formed tags with allowed names
 * and double-quoted allowed attributes, and text without a raw `<`, `>` or `"`. Returns the tags
 * (name and attributes) and the decoded text, or throws at the first thing that is not.
 */
function strictParse(html: string): { tags: { name: string; attributes: Record<string, string> }[]; text: string } {
  const tags: { name: string; attributes: Record<string, string> }[] = [];
  let text = '';
  const tagPattern = /^<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/;
  let i = 0;
  while (i < html.length) {
    if (html[i] === '<') {
      const m = tagPattern.exec(html.slice(i, i + 4000));
      if (!m) throw new Error(`not a well-formed tag at ${i}: ${html.slice(i, i + 60)}`);
      const name = m[2]!;
      if (!allowedTags.has(name)) throw new Error(`tag <${name}> at ${i}`);
      const attributes: Record<string, string> = {};
      for (const a of m[3]!.matchAll(/([a-z-]+)="([^"]*)"/g)) {
        if (!allowedAttributes.has(a[1]!)) throw new Error(`attribute ${a[1]} on <${name}>`);
        attributes[a[1]!] = a[2]!;
      }
      if (!m[1]) tags.push({ name, attributes });
      i += m[0].length;
    } else {
      const next = html.indexOf('<', i);
      const chunk = html.slice(i, next < 0 ? undefined : next);
      if (/[>"]/.test(chunk)) throw new Error(`raw > or " in text at ${i}: ${chunk.slice(0, 60)}`);
      text += chunk;
      i = next < 0 ? html.length : next;
    }
  }
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return { tags, text: decode(text) };
}

const span = (start: number, end: number, line = 0) => ({ start, end, line });
const textCell = (value: string, extra: Partial<Cell> = {}): Cell => ({ kind: 'data', content: [{ type: 'text', runs: [{ text: value }] }], problems: [], ...extra });
const problem = (severity: CellProblem['severity'], message: string, code = 'schema/type'): CellProblem => ({ code: code as CellProblem['code'], severity, message, start: 0, end: 1 });
const model = (blocks: SheetModel['blocks'], extra: Partial<SheetModel> = {}): SheetModel => ({ kind: undefined, title: 'シート', subtitle: [], blocks, notices: [], ...extra });
const table = (rows: Cell[][], extra: Partial<Table> = {}): Table => ({ type: 'table', columns: rows[0]!.map(() => ({ width: 10 })), head: [], body: rows.map((cells) => ({ cells })), ...extra });

describe('escapeHtml', () => {
  it('turns & < > " \' into entities and bidi controls into visible 〔U+XXXX〕', () => {
    assert.equal(escapeHtml(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&#39;f');
    assert.equal(escapeHtml(hostile.bidi), '〔U+202E〕スキップ〔U+202C〕 区長');
    assert.equal(escapeHtml(hostile.isolate), 'a〔U+2067〕b〔U+2069〕c');
    assert.equal(escapeHtml('\u200F\u061C'), '〔U+200F〕〔U+061C〕');
    assert.equal(escapeHtml('令和６年度 ① ＳＤＧｓ'), '令和６年度 ① ＳＤＧｓ', 'Japanese text is untouched');
  });
});

describe('renderBodyHtml: hostile strings', () => {
  for (const [name, value] of Object.entries(hostile)) {
    it(`${name}: shown literally in title, heading, cell, list, field, caption, notice and hover; nothing else`, () => {
      const html = renderBodyHtml(
        model(
          [
            {
              type: 'section',
              level: 1,
              heading: [{ text: value, source: span(0, 1) }],
              source: span(0, 1),
              children: [
                table([[textCell(value, { problems: [problem('error', value)], source: span(0, 1) }), { kind: 'data', content: [{ type: 'list', items: [{ text: value }] }], problems: [] }]], { caption: value }),
                { type: 'fields', items: [{ label: value, value: [{ type: 'text', runs: [{ text: value }] }], problems: [problem('warning', value)] }] },
                { type: 'paragraph', runs: [{ text: value, role: 'note' }] },
              ],
            },
          ],
          { title: value, subtitle: [{ text: value }], notices: [{ level: 'warning', message: value }] },
        ),
      );
      const { tags, text } = strictParse(html);
      const shown = value.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `〔U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}〕`);
      // title, subtitle, notice, heading, caption, cell, list item, field label, field value, paragraph
      assert.equal(text.split(shown).length - 1, 10, 'the string appears literally in each of the 10 places');
      assert.doesNotMatch(html, /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/, 'no bidi control reaches the HTML');
      for (const tag of tags) {
        for (const [attribute, v] of Object.entries(tag.attributes)) {
          if (attribute === 'title' || attribute === 'aria-label') continue;
          assert.doesNotMatch(v, /alert|javascript|onerror|script/i, `${attribute} of <${tag.name}> holds no document text`);
        }
      }
      const titles = tags.filter((t) => t.attributes.title).map((t) => t.attributes.title!);
      assert.equal(titles.length, 2, 'the cell and the field have a hover text');
      for (const title of titles) assert.ok(title.includes(escapeHtml(value)), 'the message is in the hover, escaped');
    });
  }

  it('the hostile sample sheet (test/fixtures/hostile.sheet.yaml) renders with only allowed tags and attributes', () => {
    const service = realService();
    const text = readFileSync(resolve(__dirname, '../fixtures/hostile.sheet.yaml'), 'utf8');
    const html = renderBodyHtml(service.render(doc(text)));
    const parsed = strictParse(html);
    for (const literal of ['<img src=x onerror=alert(1)>', "</td><script>document.title='pwned';window.__pwned=1</script>", 'javascript:alert(document.cookie)', '<svg onload=alert(3)>件名', '〔U+202E〕スキップ〔U+202C〕 区長']) {
      assert.ok(parsed.text.includes(literal), `shows ${literal}`);
    }
    assert.ok(parsed.tags.length > 20);
  });
});

describe('renderBodyHtml: structure', () => {
  it('marks a cell by its worst severity, lists every message on hover, with a count mark', () => {
    const html = renderBodyHtml(model([table([[textCell('値', { source: span(5, 9, 2), problems: [problem('warning', '警告の文'), problem('error', 'エラーの文', 'schema/enum')] })]])]));
    const td = strictParse(html).tags.find((t) => t.name === 'td')!;
    assert.deepEqual(td.attributes.class!.split(' ').sort(), ['cell', 'has-error', 'has-warning', 'problem', 'problem-error']);
    assert.equal(td.attributes.title, 'エラー schema/enum: エラーの文\n警告 schema/type: 警告の文');
    assert.deepEqual([td.attributes['data-line'], td.attributes['data-start'], td.attributes['data-end']], ['2', '5', '9']);
    assert.match(html, /<span class="problem-mark error" aria-label="エラー 2 件">2<\/span>/);
  });

  it('severityOf changes a mark or switches it off (the diagnostics setting)', () => {
    const m = model([table([[textCell('a', { problems: [problem('error', 'x', 'schema/enum')] }), textCell('b', { problems: [problem('error', 'y', 'schema/type')] })]])]);
    const html = renderBodyHtml(m, { severityOf: (p) => (p.code === 'schema/enum' ? 'off' : 'hint') });
    const cells = strictParse(html).tags.filter((t) => t.name === 'td');
    assert.equal(cells[0]!.attributes.class, 'cell');
    assert.equal(cells[0]!.attributes.title, undefined);
    assert.equal(cells[1]!.attributes.class, 'cell problem problem-hint has-hint');
  });

  it('prints headers as th, spans, alignment, 「—」 for an empty cell, nested tables, sections as headings and boxes', () => {
    const inner = table([[textCell('区名', { kind: 'header' }), textCell('R4', { kind: 'header' })], [textCell('北区'), textCell('12', { align: 'right' })]]);
    const html = renderBodyHtml(
      model([
        {
          type: 'section',
          level: 2,
          boxed: true,
          heading: [{ text: '戦略 5-1', source: span(10, 20, 4) }],
          source: span(10, 20, 4),
          children: [table([[textCell('見出し', { kind: 'header', colspan: 2 })], [textCell('', { rowspan: 2 }), { kind: 'data', content: [], problems: [] }], [{ kind: 'data', content: [{ type: 'table', table: inner }], problems: [] }]])],
        },
      ]),
    );
    const { tags, text } = strictParse(html);
    const section = tags.find((t) => t.name === 'section')!;
    assert.equal(section.attributes.class, 'level-2 boxed');
    const h3 = tags.find((t) => t.name === 'h3')!;
    assert.deepEqual([h3.attributes.class, h3.attributes['data-line']], ['code-line', '4']);
    assert.equal(tags.find((t) => t.name === 'th')!.attributes.colspan, '2');
    assert.equal(tags.find((t) => t.attributes.rowspan)!.attributes.rowspan, '2');
    assert.equal(tags.filter((t) => t.name === 'table' && t.attributes.class === 'sheet-table nested').length, 1);
    assert.ok(tags.some((t) => t.name === 'td' && t.attributes.class === 'cell align-right'));
    assert.match(text, /—/, 'an empty cell prints 「—」');
    assert.ok(text.includes('北区12'));
  });

  it('column widths: inline styles by default, only data-width for the preview (its CSP forbids inline styles)', () => {
    const m = model([{ ...table([[textCell('a'), textCell('b')]]), columns: [{ width: 1 }, { width: 3 }] }]);
    assert.match(renderBodyHtml(m), /<col data-width="25.00" style="width:25.00%"><col data-width="75.00" style="width:75.00%">/);
    const preview = renderBodyHtml(m, { inlineStyles: false });
    assert.doesNotMatch(preview, /style=/);
    assert.match(preview, /<col data-width="25.00"><col data-width="75.00">/);
  });

  it('rows, paragraphs and fields with a source are code-line elements for scroll sync', () => {
    const html = renderBodyHtml(
      model([
        { type: 'paragraph', runs: [{ text: '前文' }], source: span(0, 2, 1) },
        { type: 'fields', items: [{ label: '日時', value: [], source: span(3, 5, 2), problems: [] }, { label: '場所', value: [], problems: [] }] },
        { type: 'table', columns: [{ width: 1 }], head: [], body: [{ cells: [textCell('x')], source: span(6, 7, 3) }, { cells: [textCell('y')] }] },
      ]),
    );
    const lines = strictParse(html).tags.filter((t) => t.attributes.class?.split(' ').includes('code-line')).map((t) => `${t.name}@${t.attributes['data-line']}`);
    assert.deepEqual(lines, ['p@1', 'dd@2', 'tr@3']);
  });

  it('notices print above the body, in their level', () => {
    const html = renderBodyHtml(model([], { notices: [{ level: 'warning', message: '様式がありません' }, { level: 'info', message: '参考' }] }));
    assert.match(html, /<\/header><div class="notice warning" role="note">様式がありません<\/div><div class="notice info" role="note">参考<\/div><main/);
  });
});
