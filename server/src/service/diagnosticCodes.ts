/**
 * The stable diagnostic codes of Policy Sheets. Each code names one kind of problem; tests,
 * settings (`policySheets.diagnostics.<code>`) and quick fixes key on the code, never on the
 * message text. Every code has a documentation anchor in docs/diagnostics.md.
 */
export const DiagnosticCode = {
  /** YAML syntax error reported by the parser (range: the offending token). */
  yamlSyntax: 'yaml/syntax',
  /** A tab character used for indentation (YAML forbids it; range: the tab). */
  yamlTabIndentation: 'yaml/tab-indentation',
  /** A mapping key that appears twice in the same mapping (range: the second key). */
  yamlDuplicateKey: 'yaml/duplicate-key',
  /** More aliases than the limit, e.g. a "billion laughs" document (range: the first alias). */
  yamlAliasLimit: 'yaml/alias-limit',
  /** Nesting deeper than the limit; the document is not built (range: where the limit is crossed). */
  yamlTooDeep: 'yaml/too-deep',
  /** A document larger than the size limit; not parsed (range: line 1). */
  sheetTooLarge: 'sheet/too-large',
  /** The document has no `様式:` key (range: line 1). */
  sheetMissingKind: 'sheet/missing-kind',
  /** `様式:` names a kind with no schema (range: the value). */
  sheetUnknownKind: 'sheet/unknown-kind',
  /** The sheet's top level is not a mapping (range: the document). */
  sheetNotMapping: 'sheet/not-mapping',
  /** The schema for this kind failed to compile or is invalid against its meta-schema. */
  schemaInvalid: 'schema/invalid-schema',
  /** A required key is missing (range: the key of the mapping that lacks it). */
  schemaRequired: 'schema/required',
  /** A key that the 様式 does not define (range: the key). */
  schemaAdditionalProperty: 'schema/additional-property',
  /** A value of the wrong type (range: the value). */
  schemaType: 'schema/type',
  /** A value outside a closed set (range: the value). */
  schemaEnum: 'schema/enum',
  /** A value that does not match the required form, e.g. a 年度 or a time (range: the value). */
  schemaPattern: 'schema/pattern',
  /** A value outside a numeric range or size limit (range: the value). */
  schemaRange: 'schema/range',
  /** Any other schema violation (range: the value). */
  schemaOther: 'schema/other',
} as const;

/** Union of every diagnostic code string. */
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** Every code, for settings and documentation. */
export const allDiagnosticCodes: readonly DiagnosticCode[] = Object.values(DiagnosticCode);

/** Base address of the diagnostic documentation; each code is an anchor on that page. */
export const diagnosticDocsBase = 'https://github.com/policy-sheets/policy-sheets/blob/main/docs/diagnostics.md';

/** Link for a code's `codeDescription.href`: the docs page with the code as anchor ("yaml/syntax" → "#yamlsyntax"). */
export function diagnosticHref(code: DiagnosticCode): string {
  return `${diagnosticDocsBase}#${code.replace(/[^a-z0-9-]/g, '')}`;
}
