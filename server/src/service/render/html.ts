/**
 * Render model → HTML fragment, for the preview webview and the HTML/PDF export. Every string from
 * a document is escaped here and only here; the output has no script, no event-handler attribute, no
 * URL and no link. Scroll sync and reveal: every row, heading, paragraph and field carries
 * `class="code-line"` and `data-line` (0-based source line, as the Markdown preview does), and every
 * element with a source carries `data-start`/`data-end` (UTF-16 offsets of its YAML node).
 *
 * Problems: a cell (or field) with problems gets `problem problem-<worst severity>` and
 * `has-<severity>` classes, a `title` listing every message (shown on hover), and a small mark
 * before its content.
 */
import type { Severity } from '../problem';
import type { Block, Cell, CellContent, CellProblem, Row, SheetModel, SourceSpan, Table, TextRun } from './model';

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Bidirectional formatting characters (LRM/RLM/ALM, embeddings, overrides, isolates). Inside a
 * sheet they can make text display in another order than it is written ("Trojan Source"); the
 * preview shows each one literally as 〔U+202E〕 instead of letting it act.
 */
const bidiControls = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const needsEscape = /[&<>"'\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '` become entities
 * and bidi control characters become the visible text 〔U+XXXX〕. Safe for any string.
 */
export function escapeHtml(value: string): string {
  if (!needsEscape.test(value)) return value; // most cell texts: no copy, no replace
  return value
    .replace(/[&<>"']/g, (c) => escapes[c]!)
    .replace(bidiControls, (c) => `〔U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}〕`);
}

/** Options of `renderBodyHtml`. */
export interface HtmlOptions {
  /**
   * Column widths as inline `style` attributes on `<col>` (default true, for export and print). The
   * preview passes false: its CSP forbids inline styles, and its script applies `data-width` instead.
   */
  inlineStyles?: boolean;
  /** Severity shown for a problem (settings may change or switch off a code); default: its own. */
  severityOf?: (problem: CellProblem) => Severity | 'off';
}

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };
const severityLabel: Record<Severity, string> = { error: 'エラー', warning: '警告', info: '情報', hint: 'ヒント' };

class Writer {
  constructor(private readonly options: Required<HtmlOptions>) {}

  source(source: SourceSpan | undefined): string {
    return source ? ` data-line="${source.line}" data-start="${source.start}" data-end="${source.end}"` : '';
  }

  /** Classes and attributes of an element that shows problems: worst severity first, messages in `title`. */
  problems(list: readonly CellProblem[]): { classes: string[]; title: string; mark: string } {
    const shown = list.flatMap((p) => {
      const severity = this.options.severityOf(p);
      return severity === 'off' ? [] : [{ ...p, severity }];
    });
    if (shown.length === 0) return { classes: [], title: '', mark: '' };
    shown.sort((a, b) => severityRank[a.severity] - severityRank[b.severity]);
    const worst = shown[0]!.severity;
    const classes = ['problem', `problem-${worst}`, ...new Set(shown.map((p) => `has-${p.severity}`))];
    const text = shown.map((p) => `${severityLabel[p.severity]} ${p.code}: ${p.message}`).join('\n');
    const title = ` title="${escapeHtml(text)}"`;
    const mark = `<span class="problem-mark ${worst}" aria-label="${escapeHtml(`${severityLabel[worst]} ${shown.length} 件`)}">${shown.length}</span>`;
    return { classes, title, mark };
  }

  /** Runs of text; a run from the same node as its cell (`parent`) does not repeat the cell's source. */
  runs(items: readonly TextRun[], parent?: SourceSpan): string {
    return items
      .map((run) => {
        const own = run.source && !(parent && run.source.start === parent.start && run.source.end === parent.end) ? run.source : undefined;
        return `<span class="run${run.role ? ` ${run.role}` : ''}"${this.source(own)}>${escapeHtml(run.text)}</span>`;
      })
      .join('<br>');
  }

  content(items: readonly CellContent[], parent?: SourceSpan): string {
    if (items.length === 0) return '<span class="empty">—</span>';
    return items
      .map((item) => {
        if (item.type === 'text') return `<p>${this.runs(item.runs, parent)}</p>`;
        if (item.type === 'list') return `<ul>${item.items.map((run) => `<li${run.role ? ` class="${run.role}"` : ''}${this.source(run.source)}>${escapeHtml(run.text)}</li>`).join('')}</ul>`;
        return this.table(item.table, true);
      })
      .join('');
  }

  cell(c: Cell): string {
    const tag = c.kind === 'header' ? 'th' : 'td';
    const marks = this.problems(c.problems);
    const classes = ['cell', c.align ? `align-${c.align}` : '', ...marks.classes].filter(Boolean).join(' ');
    const spans = `${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}`;
    return `<${tag} class="${classes}"${spans}${this.source(c.source)}${marks.title}>${marks.mark}${this.content(c.content, c.source)}</${tag}>`;
  }

  row(r: Row): string {
    return `<tr${r.source ? ' class="code-line"' : ''}${this.source(r.source)}>${r.cells.map((c) => this.cell(c)).join('')}</tr>`;
  }

  table(t: Table, nested = false): string {
    const total = t.columns.reduce((sum, c) => sum + c.width, 0) || 1;
    const cols = t.columns
      .map((c) => {
        const width = ((c.width / total) * 100).toFixed(2);
        return `<col data-width="${width}"${this.options.inlineStyles ? ` style="width:${width}%"` : ''}>`;
      })
      .join('');
    const caption = t.caption ? `<caption>${escapeHtml(t.caption)}</caption>` : '';
    const head = t.head.length ? `<thead>${t.head.map((r) => this.row(r)).join('')}</thead>` : '';
    return `<table class="sheet-table${nested ? ' nested' : ''}"${this.source(t.source)}>${caption}<colgroup>${cols}</colgroup>${head}<tbody>${t.body.map((r) => this.row(r)).join('')}</tbody></table>`;
  }

  block(b: Block): string {
    switch (b.type) {
      case 'table':
        return this.table(b);
      case 'paragraph':
        return `<p class="paragraph${b.source ? ' code-line' : ''}"${this.source(b.source)}>${this.runs(b.runs)}</p>`;
      case 'fields':
        return `<dl class="fields"${this.source(b.source)}>${b.items
          .map((item) => {
            const marks = this.problems(item.problems);
            const classes = [item.source ? 'code-line' : '', ...marks.classes].filter(Boolean).join(' ');
            return `<dt>${escapeHtml(item.label)}</dt><dd${classes ? ` class="${classes}"` : ''}${this.source(item.source)}${marks.title}>${marks.mark}${this.content(item.value, item.source)}</dd>`;
          })
          .join('')}</dl>`;
      case 'section': {
        const level = Math.min(6, b.level + 1);
        return `<section class="level-${b.level}${b.boxed ? ' boxed' : ''}"><h${level}${b.source ? ' class="code-line"' : ''}${this.source(b.source)}>${this.runs(b.heading, b.source)}</h${level}>${b.children.map((child) => this.block(child)).join('')}</section>`;
      }
    }
  }
}

/**
 * The body of a rendered sheet as an HTML fragment (no <html>, no <style>, no script): header with
 * the title and subtitle, notices, then the blocks. Safe to insert into a page whose CSP forbids
 * inline script; with `inlineStyles: false` also into one that forbids inline styles.
 */
export function renderBodyHtml(model: SheetModel, options: HtmlOptions = {}): string {
  const writer = new Writer({ inlineStyles: options.inlineStyles ?? true, severityOf: options.severityOf ?? ((p) => p.severity) });
  const notices = model.notices.map((n) => `<div class="notice ${n.level === 'warning' ? 'warning' : 'info'}" role="note">${escapeHtml(n.message)}</div>`).join('');
  const subtitle = model.subtitle.length ? `<p class="subtitle">${writer.runs(model.subtitle)}</p>` : '';
  return `<header class="sheet-header"><h1>${escapeHtml(model.title)}</h1>${subtitle}</header>${notices}<main class="sheet-body">${model.blocks.map((b) => writer.block(b)).join('')}</main>`;
}
