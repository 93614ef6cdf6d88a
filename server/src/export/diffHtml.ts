/**
 * A 新旧対照表 (../service/diff.ts) as a standalone, print-ready Japanese HTML document: A4
 * landscape, a table 箇所 / 項目 / 旧 / 新 with one row per changed cell (the changed characters
 * marked with <del> in 旧 and <ins> in 新, by jsdiff's `diffChars`), runs of unchanged rows
 * summarised in one row (their count and innermost headings). No script, no external resource (a Content-Security-Policy meta forbids
 * any), the table head repeats on every printed page. Pure: no I/O.
 */
import { diffChars } from 'diff';
import type { DiffChange, SheetDiff } from '../service/diff';
import { escapeHtml } from '../service/render/html';
import { sansFonts, serifFonts, standaloneHtml } from './printHtml';

/** Where the two versions come from, as shown under the title (file names, dates). */
export interface DiffHtmlOptions {
  oldLabel?: string;
  newLabel?: string;
  /** The date printed as 作成日 (Japanese, as given). */
  generated?: string;
}

const styles = `@page { size: A4 landscape; margin: 14mm 10mm; }
:root { color-scheme: light; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #000; background: #fff; font-family: ${sansFonts}; font-size: 9pt; line-height: 1.45; }
@media screen { body { max-width: 277mm; margin: 8mm auto; padding: 0 6mm; } }
header { text-align: center; margin-bottom: 4mm; }
h1 { font-family: ${serifFonts}; font-size: 14pt; margin: 0 0 1mm; }
header p { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 1mm 1.5mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; white-space: pre-wrap; }
th { background: #e8e8e8; text-align: center; }
col.place { width: 22%; } col.column { width: 12%; } col.text { width: 33%; }
td.same { color: #444; text-align: center; background: #f6f6f6; }
td.none { color: #666; text-align: center; }
del { background: #f4c7c7; text-decoration: line-through; }
ins { background: #c8ecc8; text-decoration: none; font-weight: bold; }
`;

/** 旧 and 新 cells of a change, the differing characters marked. */
function cells(change: DiffChange): [string, string] {
  if (change.old === undefined) return ['<td class="none">（なし）</td>', `<td class="new"><ins>${escapeHtml(change.new ?? '')}</ins></td>`];
  if (change.new === undefined) return [`<td class="old"><del>${escapeHtml(change.old)}</del></td>`, '<td class="none">（削除）</td>'];
  let old = '';
  let now = '';
  for (const part of diffChars(change.old, change.new)) {
    const text = escapeHtml(part.value);
    if (part.added) now += `<ins>${text}</ins>`;
    else if (part.removed) old += `<del>${text}</del>`;
    else {
      old += text;
      now += text;
    }
  }
  return [`<td class="old">${old}</td>`, `<td class="new">${now}</td>`];
}

/** The whole HTML document of a 新旧対照表. */
export function diffHtml(diff: SheetDiff, options: DiffHtmlOptions = {}): string {
  const title = `新旧対照表 ${diff.newTitle}`;
  const rows = diff.entries
    .map((entry) => {
      if (entry.type === 'same') {
        // The innermost heading of each place (the full path is on the changed rows).
        const places = [...new Set(entry.places.filter(Boolean).map((p) => p.split(' › ').pop()!))];
        const where = places.length > 0 ? `（${places.slice(0, 3).join('、')}${places.length > 3 ? ` ほか ${places.length - 3} か所` : ''}）` : '';
        return `<tr><td class="same" colspan="4">変更なし ${entry.count} 行${escapeHtml(where)}</td></tr>`;
      }
      const [old, now] = cells(entry);
      return `<tr class="change"><td class="place">${escapeHtml(entry.place)}</td><td class="column">${escapeHtml(entry.column)}</td>${old}${now}</tr>`;
    })
    .join('\n');
  const sources = [
    `旧: ${diff.oldTitle}${options.oldLabel ? `（${options.oldLabel}）` : ''}`,
    `新: ${diff.newTitle}${options.newLabel ? `（${options.newLabel}）` : ''}`,
    `変更 ${diff.changes} 件${options.generated ? ` ・ 作成日 ${options.generated}` : ''}`,
  ];
  const body = `<header><h1>新旧対照表</h1>${sources.map((s) => `<p>${escapeHtml(s)}</p>`).join('')}</header>
<table class="diff">
<colgroup><col class="place"><col class="column"><col class="text"><col class="text"></colgroup>
<thead><tr><th>箇所</th><th>項目</th><th>旧</th><th>新</th></tr></thead>
<tbody>
${diff.entries.length === 0 ? '<tr><td class="same" colspan="4">内容がありません</td></tr>' : rows}
</tbody>
</table>`;
  return standaloneHtml(title, styles, body);
}
