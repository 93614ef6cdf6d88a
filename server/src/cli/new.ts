import { existsSync, writeFileSync } from 'node:fs';
import { createTemplate, parseTemplateKind, parseTemplateWard, parseTemplateYear, TemplateInputError } from '../service/templates';

/** Usage of `policy-sheets new` (Japanese, for staff). */
export const newUsage = `使い方: policy-sheets new <様式> --ward <区名> --year <年度> [-o ファイル]
  様式: 区運営方針 | 振り返りシート | 市政改革プラン進捗 | 部会議事概要
  例: policy-sheets new 区運営方針 --ward 北区 --year 令和7年度 -o 北区-区運営方針-令和7年度.sheet.yaml
  年度は 令和7年度・R7・2025 のどれでも。-o がなければ標準出力へ。既存のファイルは上書きしません。`;

/**
 * `policy-sheets new <様式> --ward 北区 --year 令和7年度 [-o file]`: writes a new sheet from the
 * template (service/templates.ts) to stdout or to a new file. Returns the exit code: 0 written,
 * 2 bad usage (unknown 様式, ward or year; missing option; the output file exists or cannot be written).
 */
export function runNew(args: readonly string[], write: (s: string) => void, error: (s: string) => void): number {
  const fail = (message: string) => {
    error(`policy-sheets: ${message}\n${newUsage}\n`);
    return 2;
  };
  const rest = [...args];
  const options: { ward?: string; year?: string; output?: string } = {};
  const positional: string[] = [];
  const names: Record<string, keyof typeof options> = { '--ward': 'ward', '--year': 'year', '-o': 'output', '--output': 'output' };
  while (rest.length > 0) {
    const arg = rest.shift()!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const option = names[name];
    if (option) {
      const value = name === arg ? rest.shift() : arg.slice(eq + 1);
      if (value === undefined || value === '') return fail(`${name} の値がありません。`);
      options[option] = value;
    } else if (arg === '--help' || arg === '-h') {
      write(`${newUsage}\n`);
      return 0;
    } else if (arg.startsWith('-')) return fail(`不明なオプション: ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) return fail(positional.length === 0 ? '様式を指定してください。' : `様式は 1 つです（いまは ${positional.join('、')}）。`);
  if (options.ward === undefined) return fail('--ward（区名）を指定してください。');
  if (options.year === undefined) return fail('--year（年度）を指定してください。');
  let text: string;
  try {
    text = createTemplate(parseTemplateKind(positional[0]!), { ward: parseTemplateWard(options.ward), year: parseTemplateYear(options.year) });
  } catch (e) {
    if (e instanceof TemplateInputError) return fail(e.message);
    throw e;
  }
  if (options.output === undefined) {
    write(text);
    return 0;
  }
  if (existsSync(options.output)) return fail(`${options.output} はもうあります。上書きはしません。`);
  try {
    writeFileSync(options.output, text, { flag: 'wx' });
  } catch {
    return fail(`${options.output} に書けません。`);
  }
  error(`policy-sheets: ${options.output} を作りました。〔記入〕の欄を書き換えてください。\n`);
  return 0;
}
