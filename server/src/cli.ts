import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import { createLanguageService } from './service';
import type { SheetFacts, WorkspaceView } from './service';
import { severityName } from './service/problem';
import { colorEnabled, formatters, isFormatName, type FormatName } from './formatters';
import { newUsage, runNew } from './cli/new';
import { collect } from './sheetFiles';
// render, report and diff are loaded only when run (their own bundles: dist/cliRender.js …), so
// that `check` does not load exceljs, vega and the rest at start-up.
import { diffUsage, renderUsage, reportUsage } from './cli/usage';
import { ProjectConfigFinder } from './projectConfig';
import { writeFileSync } from 'node:fs';
import { version } from '../../package.json';
import type { Diagnostic } from 'vscode-languageserver-types';
import { cliWriting } from './cli/writing';
import { enabledWritingRules, writingTexts, type WritingText } from './service/checks/writing';
import { checkInParallel, startCheckThreads, type SheetJob } from './cli/parallel';
import { trace } from './cli/trace';
import { autoThreads } from './cli/threads';
import { saveCodeCacheAtExit } from './codeCache';

/** One finding in the CLI's JSON output (0-based lines and characters, as in LSP). */
export interface Finding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

const usage = `使い方: policy-sheets check [パス…] [--format 形式] [--max-warnings 件数] [--fix] [--no-writing] [--concurrency 数|auto|off]
  パスはファイルかフォルダ（既定: samples/）。フォルダからは *.sheet.yaml / *.sheet.yml を探します。
  形式: ${Object.keys(formatters).join(' | ')}（既定: text）。--max-warnings を超える警告があれば終了コード 1。
  --no-writing: 自由記述欄の文章の検査（writing/…）を行いません（既定では行います）。
  --concurrency: シートを検査するスレッドの数（既定 auto: シートが多ければ CPU のコア数まで。off: 1 つ）。結果は同じです。
  --fix: 機械的に直せる問題（似た文字のマーク、令和1年 など）をファイルに書き戻して直し、直した箇所を報告します。
  診断の重大度は、各シートのフォルダから上にたどって最初に見つかった .policy-sheets.yaml に従います。
  終了コード: 0 問題なし（警告のみを含む）、1 エラーあり、2 使い方の誤りまたは読めない入力。
${renderUsage}
${reportUsage}
${diffUsage}`;

/** Exit code 2 with a message: bad usage or unreadable input. */
class UsageError extends Error {}

/** Runs the CLI; returns the exit code. Output goes through `write` (stdout) and `error` (stderr). */
export function main(argv: string[], write: (s: string) => void, error: (s: string) => void): number | Promise<number> {
  trace('main: bundle loaded');
  try {
    const args = [...argv];
    if (args.includes('--version')) {
      write(`${version}\n`);
      return 0;
    }
    if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
      write(`${usage}\n${newUsage}\n`);
      return args.length === 0 ? 2 : 0;
    }
    const command = args.shift();
    if (command === 'new') return runNew(args, write, error);
    // `render` (export to HTML/PDF/xlsx) lives in its own module and is asynchronous.
    if (command === 'render') return (require('./cliRender') as typeof import('./cliRender')).renderCommand(args, write, error);
    // `report`: the ward-wide summary (取りまとめ) as one HTML page (cli/report.ts).
    if (command === 'report') return (require('./cli/report') as typeof import('./cli/report')).runReport(args, write, error);
    // `diff`: the 新旧対照表 of two versions of a sheet as one HTML page (cli/diff.ts).
    if (command === 'diff') return (require('./cli/diff') as typeof import('./cli/diff')).runDiff(args, write, error);
    if (command !== 'check') throw new UsageError(`不明なコマンド: ${command}`);
    let format: FormatName = 'text';
    let maxWarnings: number | undefined;
    let fix = false;
    let writing = true;
    let concurrency: number | 'auto' = 'auto';
    const paths: string[] = [];
    while (args.length > 0) {
      const arg = args.shift()!;
      if (arg === '--format' || arg.startsWith('--format=')) {
        const value = arg === '--format' ? args.shift() : arg.slice('--format='.length);
        if (!isFormatName(value)) throw new UsageError(`--format は ${Object.keys(formatters).join('、')} のどれかです（いまは ${value ?? '指定なし'}）`);
        format = value;
      } else if (arg === '--max-warnings' || arg.startsWith('--max-warnings=')) {
        const value = arg === '--max-warnings' ? args.shift() : arg.slice('--max-warnings='.length);
        if (value === undefined || !/^\d+$/.test(value)) throw new UsageError(`--max-warnings は 0 以上の整数です（いまは ${value ?? '指定なし'}）`);
        maxWarnings = Number(value);
      } else if (arg === '--fix') fix = true;
      else if (arg === '--no-writing') writing = false;
      else if (arg === '--concurrency' || arg.startsWith('--concurrency=')) {
        const value = arg === '--concurrency' ? args.shift() : arg.slice('--concurrency='.length);
        if (value === 'auto' || value === 'off') concurrency = value === 'off' ? 1 : value;
        else if (value !== undefined && /^[1-9]\d{0,2}$/.test(value)) concurrency = Number(value);
        else throw new UsageError(`--concurrency は 1 以上の整数、auto、off のどれかです（いまは ${value ?? '指定なし'}）`);
      }
      else if (arg.startsWith('-')) throw new UsageError(`不明なオプション: ${arg}`);
      else paths.push(arg);
    }
    if (paths.length === 0) paths.push('samples');
    const files: string[] = [];
    for (const path of paths) {
      try {
        collect(path, files);
      } catch {
        throw new UsageError(`読めません: ${path}`);
      }
    }
    trace(`main: ${files.length} files listed`);
    // V8's code cache of this bundle (./cliStart.ts), written as the process exits after a run that had none.
    if (files.length > 0) saveCodeCacheAtExit();
    // Quick fixes are computed only for --fix: the printed findings never show them.
    const service = createLanguageService({ schemas: bundledSchemas, fixes: fix });
    // Each file's diagnostics, structural then writing (as the editor publishes them); writing ones arrive later.
    const perFile: { file: string; diagnostics: (Diagnostic[] | Promise<Diagnostic[]>)[] }[] = [];
    const writingChecks = writing ? cliWriting((message) => error(`policy-sheets: ${message}\n`)) : undefined;
    const shown = (file: string) => relative(process.cwd(), resolve(file)) || file;
    const configs = new ProjectConfigFinder();
    const reported = new Set<string>();
    /** The severity overrides of `file` from its project file (.policy-sheets.yaml), whose problems are printed once. */
    const overridesFor = (file: string) => {
      const config = configs.forFile(file);
      if (config && !reported.has(config.path)) {
        reported.add(config.path);
        for (const p of config.problems) error(`${relative(process.cwd(), config.path)}: ${p.severity === 'error' ? 'エラー' : '警告'}: ${p.message}\n`);
        if (config.problems.some((p) => p.severity === 'error')) throw new UsageError(`設定ファイルを直してください: ${config.path}`);
      }
      return config?.diagnostics ?? {};
    };
    const report = (results: { file: string; diagnostics: Diagnostic[] }[]): number => {
      const findings: Finding[] = results.flatMap(({ file, diagnostics }) =>
        diagnostics.map((d) => ({ file, range: d.range, severity: severityName(d.severity), code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value })),
      );
      trace(`main: ${findings.length} findings collected`);
      write(formatters[format](findings, { files: files.map(shown), toolVersion: version, color: colorEnabled(process.env, process.stdout.isTTY === true) }));
      trace('main: output written');
      const warnings = findings.filter((f) => f.severity === 'warning').length;
      if (maxWarnings !== undefined && warnings > maxWarnings) error(`policy-sheets: 警告が ${warnings} 件あり、--max-warnings ${maxWarnings} を超えています。\n`);
      return findings.some((f) => f.severity === 'error') || (maxWarnings !== undefined && warnings > maxWarnings) ? 1 : 0;
    };
    // Many sheets and no --fix (which rewrites files one after another): shared out to worker threads, same output.
    const threads = fix ? 1 : checkThreads(concurrency, files.length);
    if (threads > 1) {
      // The workers load and compile while this thread reads the files and the project files.
      const started = startCheckThreads(threads - 1);
      let jobs: SheetJob[];
      try {
        jobs = files.map((file) => {
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch {
            throw new UsageError(`読めません: ${file}`);
          }
          const overrides = overridesFor(file);
          return { uri: pathToFileURL(resolve(file)).href, text, overrides, ...(writing ? { writingRules: enabledWritingRules(overrides) } : {}) };
        });
      } catch (e) {
        void started.stop();
        throw e;
      }
      trace(`main: ${jobs.length} files read, ${threads} threads`);
      const writingChecks = writing ? cliWriting((message) => error(`policy-sheets: ${message}\n`), { workers: writingWorkers(threads) }) : undefined;
      // The writing worker loads its rules and dictionary while the check threads parse the first sheets.
      if (jobs.length > 0) writingChecks?.warmUp(jobs[0]!.overrides);
      const writingFindings: Promise<Diagnostic[]>[] = [];
      const onTexts = writingChecks && ((index: number, texts: WritingText[]) => {
        const job = jobs[index]!;
        // The check thread sent only the texts an enabled rule could report on (its job's writingRules).
        writingFindings[index] = writingChecks.check(TextDocument.create(job.uri, 'policy-yaml', 1, job.text), texts, job.overrides, { prechecked: true });
      });
      return checkInParallel(jobs, { threads, onTexts, started })
        .then(async (structural) => report(await Promise.all(structural.map(async (diagnostics, index) => ({ file: shown(files[index]!), diagnostics: [...diagnostics, ...(await (writingFindings[index] ?? []))] })))))
        .finally(() => writingChecks?.dispose());
    }
    // Without --fix (which changes texts), each sheet's prose goes to the writing checks as the
    // workspace pass parses it, so that they run beside the structural checks, not after them.
    const earlyWriting: Promise<Diagnostic[]>[] = [];
    const onParsed = writingChecks && !fix
      ? (index: number, file: string, document: TextDocument) => {
          const overrides = overridesFor(file);
          writingChecks.warmUp(overrides); // the first sheet's rules: the worker starts loading now
          earlyWriting[index] = writingChecks.check(document, writingTexts(service.getSheet(document).sheet), overrides);
        }
      : undefined;
    // The files given form the workspace: their facts resolve 【再掲】 and quotes across sheets.
    const workspace = cliWorkspace(service, files, onParsed);
    for (const [index, file] of files.entries()) {
      let text: string;
      try {
        // Read once: the workspace pass already read it (and parsed it, a parse the service reuses).
        text = workspace.texts.get(file) ?? readFileSync(file, 'utf8');
        workspace.texts.delete(file); // a path given twice is read again (after --fix, its new text)
      } catch {
        throw new UsageError(`読めません: ${file}`);
      }
      // The project file (.policy-sheets.yaml) from the sheet's folder upward: severities per code.
      const overrides = overridesFor(file);
      let document = TextDocument.create(pathToFileURL(resolve(file)).href, 'policy-yaml', 1, text);
      if (fix) {
        // Apply the safe fixes, again on the result while any remain (overlapping ones), at most 10 passes.
        const fixed: string[] = [];
        for (let pass = 0; pass < 10; pass++) {
          const result = service.fixAll(document, overrides);
          if (result.fixed.length === 0 || result.text === document.getText()) break;
          for (const p of result.fixed) fixed.push(`${document.positionAt(p.start).line + 1}:${document.positionAt(p.start).character + 1} ${p.code} ${p.fix?.title ?? ''}`);
          service.forget(document.uri);
          document = TextDocument.create(document.uri, 'policy-yaml', document.version + 1, result.text);
        }
        if (fixed.length > 0) {
          writeFileSync(file, document.getText());
          const name = relative(process.cwd(), resolve(file)) || file;
          const report = format === 'text' || format === 'stylish' ? write : error; // machine formats (json, sarif, junit, github) stay one document on stdout
          for (const line of fixed) report(`修正: ${name}:${line}\n`);
          report(`修正: ${name}: ${fixed.length} 件\n`);
        }
      }
      workspace.update(service.facts(document));
      const diagnostics: (Diagnostic[] | Promise<Diagnostic[]>)[] = [service.validate(document, overrides, { full: true, workspace })];
      if (writingChecks) diagnostics.push(earlyWriting[index] ?? writingChecks.check(document, writingTexts(service.getSheet(document).sheet), overrides));
      perFile.push({ file: shown(file), diagnostics });
      // Checked: its parse is not needed again (the workspace keeps the small facts, the writing
      // checks their texts), so the heap does not hold every sheet's syntax tree until the end of the run.
      service.forget(document.uri);
    }
    if (!writingChecks) return report(perFile.map(({ file, diagnostics }) => ({ file, diagnostics: diagnostics.flat() as Diagnostic[] })));
    return Promise.all(perFile.map(async ({ file, diagnostics }) => ({ file, diagnostics: (await Promise.all(diagnostics)).flat() })))
      .then(report)
      .finally(() => writingChecks.dispose());
  } catch (e) {
    if (e instanceof UsageError) {
      error(`policy-sheets: ${e.message}\n${usage}\n`);
      return 2;
    }
    throw e;
  }
}

/**
 * Writing worker threads for a run on `threads` threads: one fewer (the main thread maps their
 * findings and the check threads finish first), at least 1, at most 4 (each loads the ≈ 270 MiB
 * dictionary; on 2 cores a second one cost +39 % CPU and +370 MiB for 240 sheets, no time saved).
 */
function writingWorkers(threads: number): number {
  return Math.max(1, Math.min(4, threads - 1));
}

/**
 * Threads that check sheets: `concurrency` as given (at most one per sheet), or for `auto` one per
 * core less half a core per busy task of other processes (at most 8) when there are enough sheets
 * to repay starting them, else 1 (the main thread, no worker); see cli/threads.ts for the measurements.
 */
function checkThreads(concurrency: number | 'auto', sheets: number): number {
  if (concurrency !== 'auto') return Math.max(1, Math.min(concurrency, sheets)); // no thread without a sheet
  return autoThreads(sheets);
}

/**
 * The workspace of a CLI run: the facts of every given file that can be read (unreadable ones are
 * reported by the main loop), updated when --fix changes a file. `onParsed` is called with each
 * file's place in `files` and its document once parsed, in file order, up to the first file that
 * cannot be read (the main loop stops there); what it throws ends the pass.
 */
function cliWorkspace(
  service: ReturnType<typeof createLanguageService>,
  files: readonly string[],
  onParsed?: (index: number, file: string, document: TextDocument) => void,
): WorkspaceView & { update(facts: SheetFacts): void; texts: Map<string, string> } {
  const facts = new Map<string, SheetFacts>();
  /** The text of each file read here, by path, so the main loop does not read it again. */
  const texts = new Map<string, string>();
  let readable = true;
  for (const [index, file] of files.entries()) {
    const uri = pathToFileURL(resolve(file)).href;
    let document: TextDocument;
    try {
      const text = readFileSync(file, 'utf8');
      texts.set(file, text);
      document = TextDocument.create(uri, 'policy-yaml', 1, text);
      facts.set(uri, service.facts(document));
    } catch {
      // Reported (exit 2) when the file is checked.
      readable = false;
      continue;
    }
    if (readable) onParsed?.(index, file, document);
  }
  return { files: () => facts.values(), update: (f) => void facts.set(f.uri, f), texts };
}

/** Runs the CLI on this process's arguments and sets its exit code. */
export function run(): void {
  void Promise.resolve(main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s))).then((code) => {
    process.exitCode = code;
  });
}

if (require.main === module) run();
