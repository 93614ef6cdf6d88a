/**
 * The project file `.policy-sheets.yaml` (at the workspace root, or any folder above the checked
 * sheets): severities per diagnostic code, shared by the CLI and the editor so that CI and VS Code
 * agree. Its JSON Schema is schemas/policy-sheets-config.schema.json. Pure: the host reads the file
 * and passes its text here; the user's VS Code setting is applied over the result by the server.
 *
 * ```yaml
 * diagnostics:
 *   indicator/lookalike-mark: error
 *   count/rate: off
 * ```
 */
import type { ValidateFunction } from 'ajv';
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import { allDiagnosticCodes, type DiagnosticCode } from './diagnosticCodes';
import type { Severity } from './problem';
import { loadAjv } from './lazyAjv';

/** Name of the project file. */
export const projectConfigFileName = '.policy-sheets.yaml';

/** A project file, read. `problems` are in Japanese with 0-based offsets into its text. */
export interface ProjectConfig {
  /** Severity per code ('off' drops the diagnostic); only known codes. */
  diagnostics: Partial<Record<DiagnosticCode, Severity | 'off'>>;
  /** Errors (the file is not used) and warnings (an unknown code, ignored). */
  problems: { severity: 'error' | 'warning'; message: string; start: number; end: number }[];
}

const validators = new WeakMap<object, ValidateFunction>();

/**
 * Reads a project file's text against its schema (`schema`: the JSON value of
 * schemas/policy-sheets-config.schema.json). Never throws: a YAML or schema error gives an empty
 * configuration with an error problem; an unknown code is ignored with a warning.
 */
export function readProjectConfig(text: string, schema: object): ProjectConfig {
  const config: ProjectConfig = { diagnostics: {}, problems: [] };
  const yaml = parseDocument(text, { version: '1.2', schema: 'core', prettyErrors: false, logLevel: 'error' });
  if (yaml.errors.length > 0) {
    const e = yaml.errors[0]!;
    config.problems.push({ severity: 'error', message: `${projectConfigFileName} を YAML として読めません（${e.message.split('\n')[0]}）。`, start: e.pos[0], end: e.pos[1] });
    return config;
  }
  const data: unknown = yaml.toJS({ maxAliasCount: 100 }) ?? {};
  let validate = validators.get(schema);
  if (!validate) {
    const Ajv = loadAjv();
    validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    validators.set(schema, validate);
  }
  if (!validate(data)) {
    for (const error of validate.errors ?? []) {
      const where = error.instancePath || '/';
      const extra = (error.params as { additionalProperty?: string; allowedValues?: unknown[] }) ?? {};
      const detail = extra.additionalProperty ? `「${extra.additionalProperty}」は設定できる項目ではありません（diagnostics のみ）` : extra.allowedValues ? `値は ${extra.allowedValues.join(' / ')} のいずれかです` : (error.message ?? '');
      config.problems.push({ severity: 'error', message: `${projectConfigFileName} ${where}: ${detail}`, start: 0, end: 0 });
    }
    return config;
  }
  const known = new Set<string>(allDiagnosticCodes);
  const diagnostics = (data as { diagnostics?: Record<string, Severity | 'off'> }).diagnostics ?? {};
  const section = isMap(yaml.contents) ? (yaml.contents.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === 'diagnostics')?.value : undefined;
  for (const [code, severity] of Object.entries(diagnostics)) {
    if (known.has(code)) {
      config.diagnostics[code as DiagnosticCode] = severity;
      continue;
    }
    const keyNode = isMap(section) ? (section.items as Pair[]).find((p) => isScalar(p.key) && p.key.value === code)?.key : undefined;
    const range = isScalar(keyNode) && keyNode.range ? keyNode.range : [0, 0];
    config.problems.push({ severity: 'warning', message: `${projectConfigFileName}: 「${code}」は Policy Sheets の診断コードではありません（無視します）。`, start: range[0]!, end: range[1]! });
  }
  return config;
}
