// Random edit sequences on realistic sheets, for the property tests that compare an incremental
// result (one service that saw every version) with a fresh one on the final text.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { type SheetKind, sheetKinds } from '../../server/src/service';
import { sheetOfLines } from './sheetGen';

/** The texts of the five samples (samples/*.sheet.yaml), in their numbers' order. */
export const samples = ['000-jinji-zaisei-bukai-254', '001-furikaeri-r6', '002-abeno-unei-hoshin-r6', '003-shisei-kaikaku-2-h23', '004-minato-unei-hoshin-h26'].map((name) =>
  readFileSync(resolve(__dirname, '../../samples', `${name}.sheet.yaml`), 'utf8'),
);
const generated = (sheetKinds as readonly SheetKind[]).map((kind, i) => sheetOfLines(kind, 240, 31 + i));
/** Generated sheets of every kind (240 lines) and the five samples. */
export const bases = [...generated, ...samples];

/** What is typed: values that make (or unmake) findings of the memoised checks, and titles and years that change their inputs. */
export const inserts = [
  'x', 'あ', '1', '0', '実施X', '完了', '実施中', '令和1年度', '平成32年度', '令和9年度', 'R6.13.1', '4月31日', '次年度（令和3年度）', '26区', '全24区',
  '7,684千円（広報紙 5,627千円、ホームページ 145千円）', '「存在しない取組の名称です」', '具体的取組5-9-9', '1 (9)', '【再掲】', '—', '150', '-5', '予定', '東淀区', '',
];

/** One edit, applied by `apply`: at the start or end of a value: the place after `: ` or `- ` on a random line, or the end of that line. */
export const edit = fc.record({ line: fc.nat(), end: fc.boolean(), cut: fc.oneof(fc.constant(0), fc.nat({ max: 3 })), insert: fc.constantFrom(...inserts) });

/** A publication or validation as JSON with every `"version":n` made 0: fixes carry the version they were computed on, everything else must match. */
export const withoutVersions = (d: unknown): unknown => JSON.parse(JSON.stringify(d).replace(/"version":\d+/g, '"version":0'));

/** `text` with `edit` applied (the line is taken modulo the line count). */
export function apply(text: string, { line, end, cut, insert }: { line: number; end: boolean; cut: number; insert: string }): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && i < text.length - 1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const start = starts[line % starts.length]!;
  const lineEnd = text.indexOf('\n', start) < 0 ? text.length : text.indexOf('\n', start);
  const content = text.slice(start, lineEnd);
  const value = Math.max(content.indexOf(': ') + 2, content.indexOf('- ') + 2, 0);
  const from = end ? lineEnd : Math.min(start + value, lineEnd);
  return text.slice(0, from) + insert + text.slice(Math.min(lineEnd, from + cut));
}

