import { countBySeverity, type Formatter } from './types';

/**
 * The default format: one line per finding, `file:line:col severity code message` (1-based line
 * and column), then a Japanese summary line.
 */
export const formatText: Formatter = (findings, { files }) => {
  let out = '';
  for (const f of findings) out += `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}\n`;
  const errors = countBySeverity(findings).error;
  return `${out}${files.length} 件のシート、エラー ${errors} 件、その他 ${findings.length - errors} 件\n`;
};
