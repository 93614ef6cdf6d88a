import type { Finding, Formatter } from './types';

/** Annotation command of a severity: info and hint become `notice`. */
const commands: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/** A workflow command's message, escaped as the Actions runner expects (`%`, CR, LF). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: as data, plus `:` and `,` which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * GitHub Actions workflow commands (`::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`),
 * one per finding, which the runner turns into annotations on the pull request's diff. Lines and
 * columns are 1-based; the end column is the LSP end character (exclusive 0-based = inclusive 1-based).
 * The title is the diagnostic code.
 */
export const formatGithub: Formatter = (findings) =>
  findings
    .map((f) => {
      const properties = [
        `file=${escapeProperty(f.file.replace(/\\/g, '/'))}`,
        `line=${f.range.start.line + 1}`,
        `endLine=${f.range.end.line + 1}`,
        `col=${f.range.start.character + 1}`,
        `endColumn=${f.range.end.line === f.range.start.line ? Math.max(f.range.end.character, f.range.start.character + 1) : Math.max(f.range.end.character, 1)}`,
        `title=${escapeProperty(f.code)}`,
      ];
      return `::${commands[f.severity]} ${properties.join(',')}::${escapeData(f.message)}\n`;
    })
    .join('');
