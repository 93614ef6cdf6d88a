/**
 * Scroll sync between a sheet's source lines and the preview's pixels, as VS Code's Markdown preview
 * does it (extensions/markdown-language-features/preview-src/scroll-sync.ts): the rendered elements
 * that carry `data-line` (rows, headings, paragraphs, fields — class `code-line`) are the anchors,
 * each direction is a binary search over them, and positions between two anchors are interpolated.
 * DOM-free: the webview measures the anchors, these functions only compute (unit-tested in Node).
 */

/** A rendered element with its 0-based source line and its box (page pixels, top of the document = 0). */
export interface LineAnchor {
  line: number;
  top: number;
  height: number;
}

/** Anchors ordered for `offsetForLine`: by line, then by position on the page. */
export function byLine(anchors: readonly LineAnchor[]): LineAnchor[] {
  return [...anchors].sort((a, b) => a.line - b.line || a.top - b.top);
}

/** Anchors ordered for `lineAtOffset`: by position on the page, then by line. */
export function byTop(anchors: readonly LineAnchor[]): LineAnchor[] {
  return [...anchors].sort((a, b) => a.top - b.top || a.line - b.line);
}

/** Index of the last item whose key is ≤ `value` (-1 if none): binary search over sorted keys. */
function lastAtOrBefore<T>(items: readonly T[], key: (item: T) => number, value: number): number {
  let lo = -1;
  let hi = items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(items[mid]!) <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The page offset (px) at which source line `line` (0-based, may be fractional) is shown: the top of
 * the last anchor at or before the line, plus the fraction of the way to the next anchor's top.
 * `anchors` sorted by `byLine`. Returns 0 before the first anchor or with no anchors.
 */
export function offsetForLine(anchors: readonly LineAnchor[], line: number): number {
  const i = lastAtOrBefore(anchors, (a) => a.line, line);
  if (i < 0) return 0;
  const previous = anchors[i]!;
  const next = anchors.slice(i + 1).find((a) => a.line > previous.line && a.top > previous.top);
  if (!next) return previous.top + Math.min(1, line - previous.line) * previous.height;
  return previous.top + ((line - previous.line) / (next.line - previous.line)) * (next.top - previous.top);
}

/**
 * The source line (0-based, fractional) shown at page offset `offset` (px): the last anchor whose top
 * is at or above it, interpolated toward the next anchor with a larger line. `anchors` sorted by
 * `byTop`. Returns 0 above the first anchor or with no anchors.
 */
export function lineAtOffset(anchors: readonly LineAnchor[], offset: number): number {
  const i = lastAtOrBefore(anchors, (a) => a.top, offset);
  if (i < 0) return 0;
  const previous = anchors[i]!;
  const next = anchors[i + 1];
  if (!next || next.line <= previous.line || next.top <= previous.top) {
    // The last anchor, or one whose next sibling comes from an earlier line (a nested table): stay in it.
    return previous.line + (previous.height > 0 ? Math.min(1, (offset - previous.top) / previous.height) : 0);
  }
  return previous.line + ((offset - previous.top) / (next.top - previous.top)) * (next.line - previous.line);
}
