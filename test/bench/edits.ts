/**
 * The edit the benchmarks make on a generated 振り返りシート (bench.ts, serverMemory.ts): one value
 * toggled in place, 実施中 ↔ 実施X (a schema/enum error and back), so that every edit changes one
 * value of the same length and every other edit restores the sheet.
 */

/** A position in the sheet (0-based line and UTF-16 character, as in LSP). */
export interface EditSite {
  line: number;
  character: number;
}

/**
 * The 実施中 of a `実施状況: 実施中` line of `text`: the middle one of them (default), or the first.
 * Throws when the sheet has none.
 */
export function editSite(text: string, which: 'middle' | 'first' = 'middle'): EditSite {
  const lines = text.split('\n');
  const candidates = lines.map((l, i) => (l.includes('実施状況: 実施中') ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) throw new Error('no 実施状況: 実施中 line to edit');
  const line = which === 'first' ? candidates[0]! : candidates[Math.floor(candidates.length / 2)]!;
  return { line, character: lines[line]!.indexOf('実施中') };
}

/** The `n`th edit at `site` (n from 0): 実施中 → 実施X when n is even, 実施X → 実施中 when odd. */
export function toggleEdit(site: EditSite, n: number): { range: { start: EditSite; end: EditSite }; text: string } {
  return { range: { start: site, end: { line: site.line, character: site.character + 3 } }, text: n % 2 === 0 ? '実施X' : '実施中' };
}
