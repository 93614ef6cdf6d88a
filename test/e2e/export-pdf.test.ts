// The PDF export printed by Debian's Chromium through playwright-core (no browser download), read
// back with poppler-utils: A4 landscape pages, page counts within bounds, the title in every page
// header and 「n / m」 in every footer, a long table's head rows repeated on every page and its rows
// never split, Japanese text; a killed browser and a cancelled export leave no file. The first
// pages of each sample are kept as PNG under test-results/export/. Also `policy-sheets render
// --format pdf` from the built CLI (the vendored playwright-core in dist/).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { ExportError, exportSheet, openPdfPrinter, printHtml, type PdfPrinter } from '../../server/src/export';
import type { SheetModel, Table } from '../../server/src/service/render/model';
import { allRuns, allTables, dataCell, headerCell, sampleModels } from '../helpers/renderModel';
import { failOnCI, itUnless, missingTools, repoRoot, slug, suiteSkip, tools, type Tool } from './support/tools';

const poppler: Tool = {
  name: 'poppler-utils (pdftotext, pdfinfo, pdftoppm)',
  ...(existsSync('/usr/bin/pdftotext') && existsSync('/usr/bin/pdfinfo') && existsSync('/usr/bin/pdftoppm') ? { path: '/usr/bin/pdftotext' } : {}),
  install: 'bash scripts/setup-e2e.sh (apt-get install poppler-utils)',
};
const missing = missingTools(tools.chromium, poppler);
const skip = suiteSkip(missing);
const it = itUnless(skip);
const results = path.join(repoRoot, 'test-results', 'export');

function pdfInfo(file: string): { pages: number; width: number; height: number } {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info);
  return { pages: Number(/Pages:\s+(\d+)/.exec(info)?.[1]), width: Number(size?.[1]), height: Number(size?.[2]) };
}
const pageText = (file: string, page: number): string => execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });

/** A4 landscape is 842 × 595 pt (Chromium rounds to 842.88 × 595.92). */
function assertA4Landscape(file: string): number {
  const { pages, width, height } = pdfInfo(file);
  assert.ok(Math.abs(width - 842) < 2 && Math.abs(height - 595.5) < 2, `A4 landscape, got ${width} × ${height} pt`);
  return pages;
}

/** A long ward table (区名 / R4 / R6 head, 2 head rows) that runs over several pages. */
function longTableModel(rows: number): SheetModel {
  const table: Table = {
    type: 'table',
    columns: [{ width: 20 }, { width: 10 }, { width: 10 }],
    head: [{ cells: [headerCell('区名', { rowspan: 2 }), headerCell('地域活動協議会の割合', { colspan: 2 })] }, { cells: [headerCell('令和4年度'), headerCell('令和6年度')] }],
    body: Array.from({ length: rows }, (_, i) => ({ cells: [dataCell(`第${i + 1}行 北区`), dataCell(`${(i % 90) + 10}.5%`), dataCell(`${(i % 80) + 20}.25%`)] })),
  };
  return { kind: '振り返りシート', title: '(様式) 令和6年度末時点振り返りシート', subtitle: [], notices: [], blocks: [table] };
}

describe('PDF export in Debian\'s Chromium (playwright-core)', () => {
  let printer: PdfPrinter;

  before(async () => {
    if (skip) return;
    failOnCI(missing);
    mkdirSync(results, { recursive: true });
    printer = await openPdfPrinter({ browserPath: tools.chromium.path! });
  });
  after(async () => {
    await printer?.close();
  });

  for (const { name, model } of sampleModels()) {
    it(`${name}: A4 landscape, pages within bounds, title and page numbers on every page, first pages as PNG`, async () => {
      const file = path.join(results, `${slug(name)}.pdf`);
      await exportSheet(model, 'pdf', file, { printer });
      const pages = assertA4Landscape(file);
      // Bounds from the model: a page holds at most ~4000 characters, and no row needs a page of its own.
      const chars = allRuns(model).reduce((n, r) => n + r.text.length, 0);
      const rows = allTables(model).reduce((n, t) => n + t.table.head.length + t.table.body.length, 0);
      assert.ok(pages >= Math.ceil(chars / 4000), `${pages} pages ≥ ${Math.ceil(chars / 4000)} for ${chars} characters`);
      assert.ok(pages <= rows + 2, `${pages} pages ≤ ${rows + 2} (rows + 2)`);
      for (const page of [1, pages]) {
        const text = pageText(file, page);
        assert.ok(text.includes(model.title), `page ${page} header shows the title`);
        assert.match(text, new RegExp(`\\b${page}\\s*/\\s*${pages}\\b`), `page ${page} footer shows ${page} / ${pages}`);
      }
      const first = pageText(file, 1);
      const firstRun = allRuns(model).find((r) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(r.text) && r.text.length < 30);
      if (firstRun) assert.ok(first.replace(/\s+/g, '').includes(firstRun.text.replace(/\s+/g, '')), `Japanese text 「${firstRun.text}」 on page 1`);
      execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', file, path.join(results, slug(name))]);
      assert.ok(readdirSync(results).some((f) => f.startsWith(slug(name)) && f.endsWith('.png')), 'a screenshot is kept');
    });
  }

  it('repeats the head rows on every page and never splits a row', async () => {
    const file = path.join(results, 'long-table.pdf');
    await exportSheet(longTableModel(120), 'pdf', file, { printer });
    const pages = assertA4Landscape(file);
    assert.ok(pages >= 3, `the table runs over several pages (${pages})`);
    let seen = 0;
    for (let page = 1; page <= pages; page++) {
      const text = pageText(file, page);
      for (const head of ['区名', '地域活動協議会の割合', '令和4年度', '令和6年度']) assert.ok(text.includes(head), `page ${page} repeats 「${head}」`);
      const rows = [...text.matchAll(/第(\d+)行 北区\s+([\d.]+%)\s+([\d.]+%)/g)];
      assert.ok(rows.length > 0, `page ${page} has rows`);
      for (const [, n] of rows) assert.equal(Number(n), ++seen, 'rows in order, each whole on one line');
    }
    assert.equal(seen, 120, 'every row printed once');
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', file, path.join(results, 'long-table')]);
  });

  it('a killed browser: a clear error and no file (neither the target nor a temporary one)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-sheets-pdf-'));
    // Kill by pid only the browser this test starts: the child processes that appear with it.
    const children = () =>
      new Set(
        execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .map((line) => line.trim().split(/\s+/))
          .filter(([, comm]) => comm !== 'ps')
          .map(([pid]) => Number(pid)),
      );
    const earlier = children();
    const own = await openPdfPrinter({ browserPath: tools.chromium.path! });
    try {
      const started = [...children()].filter((pid) => !earlier.has(pid));
      assert.ok(started.length > 0, 'the browser runs as a child process');
      const printing = exportSheet(longTableModel(2000), 'pdf', path.join(dir, 'a.pdf'), { printer: own });
      for (const pid of started) process.kill(pid, 'SIGKILL');
      const error = await printing.then(
        () => assert.fail('the export must fail'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ExportError, String(error));
      assert.equal(error.code, 'browser-crashed', error.message);
      assert.match(error.message, /終了しました/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      await own.close();
    }
  });

  it('a cancelled export writes nothing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-sheets-pdf-'));
    const controller = new AbortController();
    const printing = exportSheet(longTableModel(2000), 'pdf', path.join(dir, 'a.pdf'), { printer, signal: controller.signal });
    controller.abort();
    await assert.rejects(printing, (e: unknown) => e instanceof ExportError && e.code === 'cancelled');
    assert.deepEqual(readdirSync(dir), []);
  });

  it('the HTML export printed as is (browser print): its @page margin boxes give the title and n / m', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: tools.chromium.path! });
    try {
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.setContent(printHtml(longTableModel(120)));
      const file = path.join(results, 'html-print.pdf');
      writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
      const pages = assertA4Landscape(file);
      assert.ok(pages >= 3);
      for (const n of [1, pages]) {
        const text = pageText(file, n);
        assert.ok(text.includes('(様式) 令和6年度末時点振り返りシート'), `page ${n} header`);
        assert.match(text, new RegExp(`\\b${n}\\s*/\\s*${pages}\\b`), `page ${n} footer`);
        assert.ok(text.includes('令和4年度'), `page ${n} repeats the head`);
      }
    } finally {
      await browser.close();
    }
  });

  it('a program that is not a browser: a clear error', async () => {
    await assert.rejects(openPdfPrinter({ browserPath: '/bin/true' }), (e: unknown) => e instanceof ExportError && e.code === 'browser-failed' && /起動できませんでした/.test(e.message));
  });

  it('policy-sheets render --format pdf (built CLI, vendored playwright-core) writes one PDF per sheet', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'policy-sheets-render-pdf-'));
    const sample = path.join(repoRoot, 'samples', '000-jinji-zaisei-bukai-254.sheet.yaml');
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'policy-sheets.js'), 'render', sample, '--format', 'pdf', '-o', out, '--browser', tools.chromium.path!], { encoding: 'utf8' });
    assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
    assert.deepEqual(readdirSync(out), ['000-jinji-zaisei-bukai-254.pdf']);
    assertA4Landscape(path.join(out, '000-jinji-zaisei-bukai-254.pdf'));
  });
});
