import { styleText } from 'node:util';
import { countBySeverity, groupByFile, type Finding, type Formatter } from './types';

type Style = Parameters<typeof styleText>[0];

const severityStyles: Record<Finding['severity'], Style> = { error: 'red', warning: 'yellow', info: 'cyan', hint: 'gray' };

/**
 * Whether the CLI may colour its output, following https://no-color.org and the FORCE_COLOR
 * convention: a non-empty `NO_COLOR` turns colour off; `FORCE_COLOR` other than `0`/`false` turns it
 * on; otherwise colour only when stdout is a terminal.
 */
export function colorEnabled(env: Readonly<Record<string, string | undefined>>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

/**
 * Findings grouped under each file's name (files without findings are left out), one indented line
 * each: `line:col  severity  code  message`, columns aligned (all but the message are ASCII), then a
 * Japanese summary. With `color`, ANSI escapes mark the file (underline), severity and summary.
 */
export const formatStylish: Formatter = (findings, { files, color }) => {
  const paint = (style: Style, text: string) => (color ? styleText(style, text, { validateStream: false }) : text);
  let out = '';
  for (const [file, group] of groupByFile(findings, files)) {
    if (group.length === 0) continue;
    const rows = group.map((f) => ({ where: `${f.range.start.line + 1}:${f.range.start.character + 1}`, f }));
    const whereWidth = Math.max(...rows.map((r) => r.where.length));
    const severityWidth = Math.max(...rows.map((r) => r.f.severity.length));
    const codeWidth = Math.max(...rows.map((r) => r.f.code.length));
    out += `${paint('underline', file)}\n`;
    for (const { where, f } of rows) {
      out += `  ${paint('dim', where.padEnd(whereWidth))}  ${paint(severityStyles[f.severity], f.severity.padEnd(severityWidth))}  ${paint('dim', f.code.padEnd(codeWidth))}  ${f.message}\n`;
    }
    out += '\n';
  }
  const counts = countBySeverity(findings);
  if (findings.length === 0) return `${paint('green', `✔ ${files.length} 件のシート、問題なし`)}\n`;
  const summary = `✖ ${findings.length} 件の問題（エラー ${counts.error} 件、警告 ${counts.warning} 件、情報 ${counts.info + counts.hint} 件）、${files.length} 件のシート`;
  return `${out}${paint(['bold', counts.error > 0 ? 'red' : 'yellow'], summary)}\n`;
};
