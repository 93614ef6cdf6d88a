/**
 * `policy-sheets report <folder|file…> [-o report.html]`: the ward-wide summary (取りまとめ) of every
 * sheet found, as one print-ready HTML page (see ../report). Without -o the page goes to stdout.
 * Exit codes: 0 written, 2 bad usage, no sheet found, unreadable input or an output not written.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { bundledSchemas } from '../bundledSchemas';
import { ProjectConfigFinder } from '../projectConfig';
import { collectReport, type ReportInput, renderReportHtml } from '../report';
import { createLanguageService } from '../service';
import { pathsAndOutput, writeHtml } from './htmlOutput';
import { collect } from '../sheetFiles';
import { reportUsage } from './usage';

export { reportUsage };

/** Runs `report`; returns the exit code. */
export async function runReport(argv: readonly string[], write: (s: string) => void, error: (s: string) => void): Promise<number> {
  const fail = (message: string) => {
    error(`policy-sheets: ${message}\n${reportUsage}\n`);
    return 2;
  };
  const parsed = pathsAndOutput(argv);
  if ('error' in parsed) return fail(parsed.error);
  const { paths, output } = parsed;
  if (paths.length === 0) return fail('取りまとめるフォルダかファイルを指定してください');
  const files: string[] = [];
  for (const path of paths) {
    try {
      collect(path, files);
    } catch {
      return fail(`読めません: ${path}`);
    }
  }
  if (files.length === 0) return fail(`シート（*.sheet.yaml）が見つかりません: ${paths.join('、')}`);
  const configs = new ProjectConfigFinder();
  const inputs: ReportInput[] = [];
  for (const file of files) {
    try {
      inputs.push({ path: resolve(file), text: readFileSync(file, 'utf8'), overrides: configs.forFile(file)?.diagnostics ?? {} });
    } catch {
      return fail(`読めません: ${file}`);
    }
  }
  const service = createLanguageService({ schemas: bundledSchemas });
  const sheets = collectReport(service, inputs);
  const baseDir = output ? dirname(resolve(output)) : process.cwd();
  const html = await renderReportHtml(sheets, { baseDir, generated: new Date().toLocaleDateString('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' }) });
  const failure = await writeHtml(html, output, write);
  if (failure) return fail(failure);
  if (!output) return 0;
  error(`取りまとめ: ${output}（シート ${sheets.length} 件）\n`);
  return 0;
}
