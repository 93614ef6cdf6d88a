/**
 * Text utilities shared by the schema messages and the domain checks.
 */

/**
 * Levenshtein distance between two strings, counted in UTF-16 code units (keys, ward names and
 * titles are BMP text). O(|a|·|b|) time, O(|b|) memory.
 */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** `text` without a trailing （…） / (…) note, as /[（(][^）)]*[）)]$/ removes it, in linear time. */
export function withoutTrailingNote(text: string): string {
  const last = text.charAt(text.length - 1);
  if (last !== '）' && last !== ')') return text;
  let open = -1;
  for (let i = text.length - 2; i >= 0; i--) {
    const c = text.charAt(i);
    if (c === '）' || c === ')') break;
    if (c === '（' || c === '(') open = i; // the leftmost opening bracket after the last closing one
  }
  return open < 0 ? text : text.slice(0, open);
}
