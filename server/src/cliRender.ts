/**
 * `policy-sheets render <file|folder…> --format html|pdf|xlsx [-o <file|folder>] [--browser <path>]
 * [--fail-on-error]`: writes each sheet as its 様式 in the chosen format. Exit codes as `check`:
 * 0 written and no errors (warnings only), 1 a sheet has errors (written anyway with a warning on
 * stderr listing them; with --fail-on-error not written), 2 bad usage, unreadable input, or an
 * output that could not be written (no browser, locked file, full disk…).
 *
 * The export module (exceljs, playwright-core) is loaded only when this command runs.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import type { ExportFormat, PdfPrinter } from './export';
import { createLanguageService } from './service';
import { severityName } from './service/problem';
import { collect } from './sheetFiles';
import { renderUsage } from './cli/usage';

export { renderUsage };

const formats: readonly ExportFormat[] = ['html', 'pdf', 'xlsx'];

class RenderUsageError extends Error {}

interface Options {
  paths: string[];
  format: ExportFormat;
  output?: string;
  browser?: string;
  failOnError: boolean;
}

function parse(argv: readonly string[]): Options {
  const args = [...argv];
  const paths: string[] = [];
  let format: string | undefined;
  let output: string | undefined;
  let browser: string | undefined;
  let failOnError = false;
  const value = (flag: string): string => {
    const v = args.shift();
    if (v === undefined || v === '') throw new RenderUsageError(`${flag} の値がありません`);
    return v;
  };
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--format') format = inline ?? value(flag);
    else if (flag === '-o' || flag === '--output') output = inline ?? value(flag);
    else if (flag === '--browser') browser = inline ?? value(flag);
    else if (flag === '--fail-on-error') failOnError = true;
    else if (arg.startsWith('-') && arg !== '-') throw new RenderUsageError(`不明なオプション: ${arg}`);
    else paths.push(arg);
  }
  if (!format) throw new RenderUsageError('--format html|pdf|xlsx を指定してください');
  if (!(formats as readonly string[]).includes(format)) throw new RenderUsageError(`--format は html・pdf・xlsx のどれかです（いまは ${format}）`);
  if (paths.length === 0) throw new RenderUsageError('書き出すシートのファイルかフォルダを指定してください');
  return { paths, format: format as ExportFormat, output, browser, failOnError };
}

/** `foo.sheet.yaml` → `foo` (then the format's extension is added). */
export function outputBaseName(file: string): string {
  return basename(file).replace(/(\.sheet)?\.ya?ml$/i, '');
}

/**
 * Each input file with its output path, and whether `-o` names a folder (created when missing; a
 * file's folder must exist). Throws RenderUsageError when two inputs would write one file.
 */
function targets(options: Options, inputs: { file: string; root?: string }[], extension: string): { plan: { file: string; target: string }[]; folderOutput: boolean } {
  const out = options.output;
  const folderOutput = out !== undefined && (inputs.length > 1 || options.paths.some((p) => isFolder(p)) || out.endsWith('/') || out.endsWith(sep) || isFolder(out));
  const result = inputs.map(({ file, root }) => {
    const name = outputBaseName(file) + extension;
    if (out === undefined) return { file, target: join(dirname(file), name) };
    if (!folderOutput) return { file, target: out };
    // A folder input keeps its sub-folders under the output folder.
    const sub = root ? dirname(relative(root, file)) : '.';
    return { file, target: join(out, sub, name) };
  });
  const seen = new Map<string, string>();
  for (const { file, target } of result) {
    const key = resolve(target);
    if (seen.has(key)) throw new RenderUsageError(`「${seen.get(key)}」と「${file}」が同じ出力先「${target}」になります。-o に別々のフォルダを指定してください`);
    seen.set(key, file);
  }
  return { plan: result, folderOutput };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Runs `render` with the arguments after the command name; resolves to the exit code. */
export async function renderCommand(argv: readonly string[], write: (s: string) => void, error: (s: string) => void): Promise<number> {
  let options: Options;
  const inputs: { file: string; root?: string }[] = [];
  try {
    options = parse(argv);
    for (const path of options.paths) {
      const files: string[] = [];
      try {
        collect(path, files);
      } catch {
        throw new RenderUsageError(`読めません: ${path}`);
      }
      const root = isFolder(path) ? path : undefined;
      for (const file of files) inputs.push({ file, ...(root ? { root } : {}) });
    }
    if (inputs.length === 0) throw new RenderUsageError(`シート（*.sheet.yaml）が見つかりません: ${options.paths.join(' ')}`);
  } catch (e) {
    if (!(e instanceof RenderUsageError)) throw e;
    error(`policy-sheets: ${e.message}\n${renderUsage}\n`);
    return 2;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand (exceljs is heavy)
  const exporter = require('./export') as typeof import('./export');
  let plan: { file: string; target: string }[];
  let folderOutput: boolean;
  try {
    ({ plan, folderOutput } = targets(options, inputs, exporter.extensionOf[options.format]));
  } catch (e) {
    if (!(e instanceof RenderUsageError)) throw e;
    error(`policy-sheets: ${e.message}\n`);
    return 2;
  }
  const service = createLanguageService({ schemas: bundledSchemas });
  let printer: PdfPrinter | undefined;
  let sheetErrors = false;
  let failed = false;
  try {
    for (const { file, target } of plan) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        error(`policy-sheets: 読めません: ${file}\n`);
        failed = true;
        continue;
      }
      const document = TextDocument.create(pathToFileURL(resolve(file)).href, 'policy-yaml', 1, text);
      const errors = service.validate(document).filter((d) => severityName(d.severity) === 'error');
      const shown = relative(process.cwd(), resolve(file)) || file;
      if (errors.length > 0) {
        sheetErrors = true;
        const lines = errors.map((d) => `  ${shown}:${d.range.start.line + 1}:${d.range.start.character + 1} error ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
        const action = options.failOnError ? '--fail-on-error のため書き出しません' : 'このまま書き出します';
        error(`警告: ${shown} にエラーが ${errors.length} 件あります（${action}）:\n${lines.join('\n')}\n`);
        if (options.failOnError) continue;
      }
      try {
        if (options.format === 'pdf' && !printer) printer = await exporter.openPdfPrinter({ ...(options.browser ? { browserPath: options.browser } : {}) });
        if (folderOutput && !existsSync(dirname(target))) {
          try {
            mkdirSync(dirname(target), { recursive: true });
          } catch (e) {
            throw exporter.fileError(e, target);
          }
        }
        await exporter.exportSheet(service.render(document), options.format, target, { ...(printer ? { printer } : {}) });
        write(`書き出しました: ${target}\n`);
      } catch (e) {
        const message = e instanceof exporter.ExportError ? e.message : `「${target}」を書き出せませんでした（${e instanceof Error ? e.message : String(e)}）`;
        error(`policy-sheets: ${message}\n`);
        failed = true;
        // Without a browser no PDF can be written: stop instead of repeating the message per sheet.
        if (e instanceof exporter.ExportError && e.code === 'browser-not-found') break;
      }
    }
  } finally {
    await printer?.close();
  }
  return failed ? 2 : sheetErrors ? 1 : 0;
}
