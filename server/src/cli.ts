import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from './bundledSchemas';
import { createLanguageService } from './service';
import { severityName } from './service/problem';
import { version } from '../../package.json';

/** One finding in the CLI's JSON output (0-based lines and characters, as in LSP). */
export interface Finding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'info' | 'hint';
  code: string;
  message: string;
}

const usage = `使い方: policy-sheets check [パス…] [--format text|json]
  パスはファイルかフォルダ（既定: samples/）。フォルダからは *.sheet.yaml / *.sheet.yml を探します。
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
      } else if (arg.startsWith('-')) throw new UsageError(`不明なオプション: ${arg}`);
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
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new UsageError(`読めません: ${file}`);
      }
      const document = TextDocument.create(pathToFileURL(resolve(file)).href, 'policy-yaml', 1, text);
      for (const d of service.validate(document, {}, { full: true })) {
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
