/**
 * The targets of issue 11 §2, checked on the benchmark's figures: per generated sheet size, ours
 * beside yaml-language-server *in the same repetition* (same sheet, same hour): first diagnostics
 * ≤ 0.5× yaml-language-server's, peak RSS ≤ 0.6×, and edit→diagnostics p95 ≤ 30 ms at 900 lines,
 * ≤ 60 ms at 9,000 and ≤ 150 ms at 36,000 (our debounce 0). Pure: the bench prints what it returns.
 */

/** The figures of one server at one size in one repetition (a subset of bench.ts's Result). */
export interface RunFigures {
  /** The size asked for (BENCH_SIZES: 900, 9000, 36000 …), not the sheet's exact line count. */
  size: number;
  /** The repetition (BENCH_REPEAT) the run belongs to. */
  repetition: number;
  ours: boolean;
  firstMs: number;
  editP95Ms: number;
  peakRssMiB: number;
}

/** Edit→diagnostics p95 targets (ms) by size asked for; other sizes have none. */
export const editP95TargetMs: Readonly<Record<number, number>> = { 900: 30, 9000: 60, 36000: 150 };
export const firstDiagnosticsRatioTarget = 0.5;
export const peakRssRatioTarget = 0.6;

/** One size's verdict over its repetitions: every ratio and p95, their medians, and whether each target held in every repetition. */
export interface TargetRow {
  size: number;
  firstRatios: number[];
  rssRatios: number[];
  editP95s: number[];
  firstMet: boolean;
  rssMet: boolean;
  /** Undefined when the size has no edit target. */
  editMet: boolean | undefined;
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};

/**
 * Pairs each of our runs with yaml-language-server's run of the same size and repetition and checks
 * the targets. A size with no pair (BENCH_YLS=off) gives no row. Rows in the order of first appearance.
 */
export function targetRows(runs: readonly RunFigures[]): TargetRow[] {
  const rows = new Map<number, TargetRow>();
  for (const ours of runs.filter((r) => r.ours)) {
    const theirs = runs.find((r) => !r.ours && r.size === ours.size && r.repetition === ours.repetition);
    if (!theirs) continue;
    let row = rows.get(ours.size);
    if (!row) {
      row = { size: ours.size, firstRatios: [], rssRatios: [], editP95s: [], firstMet: true, rssMet: true, editMet: undefined };
      rows.set(ours.size, row);
    }
    row.firstRatios.push(ours.firstMs / theirs.firstMs);
    row.rssRatios.push(ours.peakRssMiB / theirs.peakRssMiB);
    row.editP95s.push(ours.editP95Ms);
  }
  for (const row of rows.values()) {
    row.firstMet = row.firstRatios.every((r) => r <= firstDiagnosticsRatioTarget);
    row.rssMet = row.rssRatios.every((r) => r <= peakRssRatioTarget);
    const target = editP95TargetMs[row.size];
    row.editMet = target === undefined ? undefined : row.editP95s.every((p) => p <= target);
  }
  return [...rows.values()];
}

/** The rows as a Markdown table: per target, the median and the range over the repetitions, and ✓ when every repetition met it. */
export function targetTable(rows: readonly TargetRow[]): string {
  const mark = (met: boolean | undefined) => (met === undefined ? '' : met ? ' ✓' : ' ✗');
  const spread = (values: readonly number[], digits: number) => `${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
  const lines = [
    `| size asked for | runs | first diagnostics / yls (≤ ${firstDiagnosticsRatioTarget}) | peak RSS / yls (≤ ${peakRssRatioTarget}) | edit p95 ms (target) |`,
    '|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const target = editP95TargetMs[row.size];
    lines.push(
      `| ${row.size} | ${row.firstRatios.length} | ${spread(row.firstRatios, 2)}${mark(row.firstMet)} | ${spread(row.rssRatios, 2)}${mark(row.rssMet)} | ${spread(row.editP95s, 0)} (${target === undefined ? '—' : `≤ ${target}`})${mark(row.editMet)} |`,
    );
  }
  return lines.join('\n');
}
