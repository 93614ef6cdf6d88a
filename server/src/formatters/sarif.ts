import type { Log, ReportingDescriptor, Result } from 'sarif';
import { DiagnosticCode, diagnosticHref } from '../service/diagnosticCodes';
import { diagnosticTitles } from '../service/diagnosticTitles';
import type { Finding, Formatter } from './types';

/** Where the SARIF 2.1.0 schema is published (the log's `$schema`). */
export const sarifSchemaUri = 'https://json.schemastore.org/sarif-2.1.0.json';

const informationUri = 'https://github.com/policy-sheets/policy-sheets';

/** SARIF `level` of a severity: info and hint become `note`. */
const levels: Record<Finding['severity'], Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/**
 * One SARIF rule per diagnostic code: id = the code, name = its identifier in PascalCase
 * (`indicatorMarkMismatch` → `IndicatorMarkMismatch`), the Japanese title as short description and
 * the code's section of docs/diagnostics.md as help link.
 */
export const sarifRules: readonly ReportingDescriptor[] = Object.entries(DiagnosticCode).map(([key, code]) => ({
  id: code,
  name: key[0]!.toUpperCase() + key.slice(1),
  shortDescription: { text: diagnosticTitles[code] },
  helpUri: diagnosticHref(code),
  help: { text: `${diagnosticTitles[code]}。説明: ${diagnosticHref(code)}`, markdown: `${diagnosticTitles[code]}。[説明（docs/diagnostics.md）](${diagnosticHref(code)})` },
  properties: { tags: ['policy-sheets', code.slice(0, code.indexOf('/'))] },
}));

const ruleIndex = new Map(sarifRules.map((rule, index) => [rule.id, index]));

/** A file path as a relative URI reference: forward slashes, each segment percent-encoded. */
function toUri(file: string): string {
  return file.split(/[\\/]/).map((segment) => encodeURIComponent(segment)).join('/');
}

/**
 * SARIF 2.1.0 (OASIS): one run of the `policy-sheets` driver with every diagnostic code as a rule,
 * one result per finding. Locations are relative to `%SRCROOT%` (the working directory, as GitHub
 * code scanning expects repository-relative paths); regions are 1-based with columns in UTF-16
 * code units (`columnKind`), the end column exclusive as SARIF defines it.
 */
export const formatSarif: Formatter = (findings, { files, toolVersion }) => {
  const results: Result[] = findings.map((f) => {
    const result: Result = {
      ruleId: f.code,
      level: levels[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUri(f.file), uriBaseId: '%SRCROOT%' },
            region: {
              startLine: f.range.start.line + 1,
              startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
            },
          },
        },
      ],
    };
    const index = ruleIndex.get(f.code);
    if (index !== undefined) result.ruleIndex = index;
    return result;
  });
  const log: Log = {
    $schema: sarifSchemaUri,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'policy-sheets', version: toolVersion, semanticVersion: toolVersion, informationUri, rules: [...sarifRules] } },
        artifacts: files.map((file) => ({ location: { uri: toUri(file), uriBaseId: '%SRCROOT%' }, mimeType: 'application/yaml', encoding: 'utf-8' })),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
