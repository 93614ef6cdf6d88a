/**
 * Render model → HTML. Every string from a document is escaped here and only here; the output has
 * no script, no inline handler and no URL. Each block and cell carries `data-line` (0-based source
 * line, for scroll sync) and `data-start`/`data-end` (source offsets, for reveal-on-double-click).
 */
import type { Block, Cell, CellContent, Row, SheetModel, SourceSpan, Table, TextRun } from './model';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c]);
}

function sourceAttributes(source: SourceSpan | undefined): string {
  return source ? ` data-line="${source.line}" data-start="${source.start}" data-end="${source.end}"` : '';
}

function runs(items: readonly TextRun[]): string {
  return items.map((run) => `<span class="run${run.role ? ` ${run.role}` : ''}"${sourceAttributes(run.source)}>${escapeHtml(run.text)}</span>`).join('<br>');
}

function content(items: readonly CellContent[]): string {
  if (items.length === 0) return '<span class="empty">—</span>';
  return items
    .map((item) => {
      if (item.type === 'text') return `<p>${runs(item.runs)}</p>`;
      if (item.type === 'list') return `<ul>${item.items.map((run) => `<li${sourceAttributes(run.source)}>${escapeHtml(run.text)}</li>`).join('')}</ul>`;
      return table(item.table);
    })
    .join('');
}

function cell(c: Cell): string {
  const tag = c.kind === 'header' ? 'th' : 'td';
  const classes = ['cell', c.align ? `align-${c.align}` : '', ...new Set(c.problems.map((p) => `has-${p.severity}`))].filter(Boolean).join(' ');
  const title = c.problems.length ? ` title="${escapeHtml(c.problems.map((p) => `${p.code}: ${p.message}`).join('\n'))}"` : '';
  const spans = `${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}`;
  return `<${tag} class="${classes}"${spans}${sourceAttributes(c.source)}${title}>${content(c.content)}</${tag}>`;
}

function row(r: Row): string {
  return `<tr${sourceAttributes(r.source)}>${r.cells.map(cell).join('')}</tr>`;
}

function table(t: Table): string {
  const total = t.columns.reduce((sum, c) => sum + c.width, 0) || 1;
  const cols = t.columns.map((c) => `<col style="width:${((c.width / total) * 100).toFixed(2)}%">`).join('');
  const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : '';
  const head = t.head.length ? `<thead>${t.head.map(row).join('')}</thead>` : '';
  return `<table class="sheet-table"${sourceAttributes(t.source)}>${caption}<colgroup>${cols}</colgroup>${head}<tbody>${t.body.map(row).join('')}</tbody></table>`;
}

function block(b: Block): string {
  switch (b.type) {
    case 'table':
      return table(b);
    case 'paragraph':
      return `<p class="paragraph"${sourceAttributes(b.source)}>${runs(b.runs)}</p>`;
    case 'fields':
      return `<dl class="fields"${sourceAttributes(b.source)}>${b.items.map((item) => `<dt>${escapeHtml(item.label)}</dt><dd${sourceAttributes(item.source)}>${content(item.value)}</dd>`).join('')}</dl>`;
    case 'section': {
      const level = Math.min(6, b.level + 1);
      return `<section class="level-${b.level}${b.boxed ? ' boxed' : ''}"${sourceAttributes(b.source)}><h${level}>${runs(b.heading)}</h${level}>${b.children.map(block).join('')}</section>`;
    }
  }
}

/**
 * The body of a rendered sheet as an HTML fragment (no <html>, no styles): title, notices and
 * blocks. Safe to insert into a page whose CSP forbids inline script: it contains none.
 */
export function renderBodyHtml(model: SheetModel): string {
  const notices = model.notices.map((n) => `<div class="notice ${n.level}">${escapeHtml(n.message)}</div>`).join('');
  const subtitle = model.subtitle.length ? `<p class="subtitle">${runs(model.subtitle)}</p>` : '';
  return `<header class="sheet-header"><h1>${escapeHtml(model.title)}</h1>${subtitle}</header>${notices}<main class="sheet-body">${model.blocks.map(block).join('')}</main>`;
}
