import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot, runCli, tempFolder } from '../helpers/cli';
import { plan, review } from '../helpers/workspaceSheets';

const sample = (name: string) => readFileSync(resolve(repoRoot, 'samples', name), 'utf8');

/** A 区運営方針 of `ward` with indicator marks: `achieved` 〇 and `unachieved` －. */
function planWith(ward: string, achieved: number, unachieved: number): string {
  const results = [...Array(achieved).fill('〇'), ...Array(unachieved).fill('－')]
    .map((mark, i) => `              - 指標: 指標${i + 1}\n                目標値: 50\n                単位: "%"\n                比較: 以上\n                実績:\n                  - 年度: 令和6年度\n                    値: ${mark === '〇' ? 60 : 40}\n                    達成状況: ${mark}\n                    出典: 区民アンケート`)
    .join('\n');
  return `${plan.replace('区名: 北区', `区名: ${ward}`)}            アウトカム指標:\n${results}\n`;
}

describe('report: the ward-wide summary page', () => {
  it('writes one Japanese page: a chart per ward and per sheet as inline SVG with links, tables of counts, no script', () => {
    const dir = tempFolder({
      'kita/plan.sheet.yaml': planWith('北区', 3, 1),
      'minato/plan.sheet.yaml': planWith('港区', 1, 1),
      'kita/review.sheet.yaml': review,
      'bukai.sheet.yaml': sample('000-jinji-zaisei-bukai-254.sheet.yaml'),
    });
    const result = runCli(['report', dir, '-o', join(dir, 'report.html')]);
    assert.equal(result.status, 0, result.stderr);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    assert.match(html, /^<!doctype html>\n<html lang="ja">/);
    assert.doesNotMatch(html, /<script|\son[a-z]+=|javascript:/i);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    // Summary table: one row per ward (北区, 港区, then 区名なし), with sheets, 実施中/完了, achieved, unachieved and rate.
    const rows = [...html.matchAll(/<tr><th scope="row"><a href="#[^"]+">([^<]+)<\/a><\/th>((?:<td class="n">[^<]*<\/td>)+)<\/tr>/g)].map((m) => [m[1], ...[...m[2]!.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((c) => c[1])]);
    assert.deepEqual(rows.map((r) => [r[0], r[1], r[4], r[5], r[6], r[7], r[8]]), [
      ['北区', '1', '0', '0', '3', '1', '75%'],
      ['港区', '1', '0', '0', '1', '1', '50%'],
      ['区名なし', '2', '1', '0', '0', '0', '－'],
    ]);
    // Charts: the wards' chart (bars linking to the ward sections) and one per ward with indicators (bars linking to the sheet).
    assert.equal((html.match(/<svg /g) ?? []).length, 3);
    assert.match(html, /<a xlink:href="#ward-[0-9A-F]+">/);
    assert.match(html, /<a xlink:href="\.\/kita\/plan\.sheet\.yaml">/);
    // Per-sheet tables link every figure to the sheet.
    assert.match(html, /<td><a href="\.\/kita\/review\.sheet\.yaml">kita\/review\.sheet\.yaml<\/a><\/td><td>振り返りシート<\/td><td>令和6年度末<\/td>/);
    assert.match(html, /<td class="n"><a href="\.\/kita\/plan\.sheet\.yaml">3<\/a><\/td>/);
    assert.match(result.stderr, /シート 4 件/);
  });

  it('bad usage and a folder without sheets exit 2 with a Japanese message', () => {
    assert.equal(runCli(['report']).status, 2);
    const empty = tempFolder({ 'note.txt': 'x' });
    const result = runCli(['report', empty]);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /シート（\*\.sheet\.yaml）が見つかりません/);
  });
});
