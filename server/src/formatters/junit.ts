import { countBySeverity, groupByFile, type Finding, type Formatter } from './types';

/**
 * Text escaped for XML 1.0 content and attribute values: the five predefined entities, line breaks
 * and tabs as character references (so attributes keep them), and characters XML 1.0 cannot carry
 * at all (other C0 controls, lone surrogates, U+FFFE/U+FFFF) replaced by U+FFFD.
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[&<>"'\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);
}

const where = (f: Finding) => `${f.range.start.line + 1}:${f.range.start.character + 1}`;

/**
 * JUnit XML (the Ant/Surefire form that Jenkins, GitLab and Azure Pipelines read): one
 * `<testsuite>` per checked file, one `<testcase>` per finding named `code line:col`. Errors are
 * `<failure>`s; warnings, info and hints are passing test cases whose `<system-out>` holds the
 * message, so a run fails in the report exactly when the CLI exits 1 for errors. A file without
 * findings is one passing test case.
 */
export const formatJunit: Formatter = (findings, { files }) => {
  const groups = groupByFile(findings, files);
  const lines: string[] = [];
  for (const [file, group] of groups) {
    const failures = countBySeverity(group).error;
    const tests = Math.max(group.length, 1);
    lines.push(`  <testsuite name="${escapeXml(file)}" tests="${tests}" failures="${failures}" errors="0" skipped="0">`);
    if (group.length === 0) lines.push(`    <testcase classname="${escapeXml(file)}" name="policy-sheets check"/>`);
    for (const f of group) {
      const detail = escapeXml(`${file}:${where(f)} ${f.severity} ${f.code} ${f.message}`);
      lines.push(`    <testcase classname="${escapeXml(file)}" name="${escapeXml(`${f.code} ${where(f)}`)}">`);
      if (f.severity === 'error') lines.push(`      <failure type="${escapeXml(f.code)}" message="${escapeXml(f.message)}">${detail}</failure>`);
      else lines.push(`      <system-out>${detail}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  const tests = [...groups.values()].reduce((n, group) => n + Math.max(group.length, 1), 0);
  const failures = countBySeverity(findings).error;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="policy-sheets" tests="${tests}" failures="${failures}" errors="0">\n${lines.map((l) => `${l}\n`).join('')}</testsuites>\n`;
};
