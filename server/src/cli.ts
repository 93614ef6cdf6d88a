import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import { createLanguageService } from './service';
import { severityName } from './service/problem';
import { ProjectConfigFinder } from './projectConfig';
import { writeFileSync } from 'node:fs';
import { version } from '../../package.json';

/** One finding in the CLI's JSON output (0-based lines and characters, as in LSP). */
export interface Finding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

const usage = `使い方: policy-sheets check [パス…] [--format text|json] [--fix]
  パスはファイルかフォルダ（既定: samples/）。フォルダからは *.sheet.yaml / *.sheet.yml を探します。
  --fix: 機械的に直せる問題（似た文字のマーク、令和1年 など）をファイルに書き戻して直し、直した箇所を報告します。
  診断の重大度は、各シートのフォルダから上にたどって最初に見つかった .policy-sheets.yaml に従います。
  終了コード: 0 問題なし（警告のみを含む）、1 エラーあり、2 使い方の誤りまたは読めない入力。`;

/** Exit code 2 with a message: bad usage or unreadable input. */
class UsageError extends Error {}

/** Sheet files under a folder (recursive, skipping node_modules and dot folders), sorted. */
function collect(path: string, out: string[]): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const child = join(path, entry);
      if (statSync(child).isDirectory()) collect(child, out);
      else if (/\.sheet\.ya?ml$/.test(entry)) out.push(child);
    }
  } else out.push(path);
}

/** Runs the CLI; returns the exit code. Output goes through `write` (stdout) and `error` (stderr). */
export function main(argv: string[], write: (s: string) => void, error: (s: string) => void): number {
  try {
    const args = [...argv];
    if (args.includes('--version')) {
      write(`${version}\n`);
      return 0;
    }
    if (args.length === 0 || args.includes('--help') || args.includes('-h')) {
      write(`${usage}\n`);
      return args.length === 0 ? 2 : 0;
    }
    const command = args.shift();
    if (command !== 'check') throw new UsageError(`不明なコマンド: ${command}`);
    let format: 'text' | 'json' = 'text';
    let fix = false;
    const paths: string[] = [];
    while (args.length > 0) {
      const arg = args.shift()!;
      if (arg === '--format') {
        const value = args.shift();
        if (value !== 'text' && value !== 'json') throw new UsageError(`--format は text か json です（いまは ${value ?? '指定なし'}）`);
        format = value;
      } else if (arg.startsWith('--format=')) {
        const value = arg.slice('--format='.length);
        if (value !== 'text' && value !== 'json') throw new UsageError(`--format は text か json です（いまは ${value}）`);
        format = value;
      } else if (arg === '--fix') fix = true;
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
    const service = createLanguageService({ schemas: bundledSchemas });
    const findings: Finding[] = [];
    const configs = new ProjectConfigFinder();
    const reported = new Set<string>();
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`読めません: ${file}`);
      }
      // The project file (.policy-sheets.yaml) from the sheet's folder upward: severities per code.
      const config = configs.forFile(file);
      if (config && !reported.has(config.path)) {
        reported.add(config.path);
        for (const p of config.problems) error(`${relative(process.cwd(), config.path)}: ${p.severity === 'error' ? 'エラー' : '警告'}: ${p.message}\n`);
        if (config.problems.some((p) => p.severity === 'error')) throw new UsageError(`設定ファイルを直してください: ${config.path}`);
      }
      const overrides = config?.diagnostics ?? {};
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
          const report = format === 'json' ? error : write; // JSON output stays one JSON value
          for (const line of fixed) report(`修正: ${name}:${line}\n`);
          report(`修正: ${name}: ${fixed.length} 件\n`);
        }
      }
      for (const d of service.validate(document, overrides)) {
        findings.push({ file: relative(process.cwd(), resolve(file)) || file, range: d.range, severity: severityName(d.severity), code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value });
      }
    }
    if (format === 'json') write(`${JSON.stringify(findings, null, 2)}\n`);
    else {
      for (const f of findings) write(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}\n`);
      const errors = findings.filter((f) => f.severity === 'error').length;
      write(`${files.length} 件のシート、エラー ${errors} 件、その他 ${findings.length - errors} 件\n`);
    }
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      error(`policy-sheets: ${e.message}\n${usage}\n`);
      return 2;
    }
    throw e;
  }
}

/** Runs the CLI on this process's arguments and sets its exit code. */
export function run(): void {
  process.exitCode = main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
}

if (require.main === module) run();
