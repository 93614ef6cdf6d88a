/**
 * The server side of the 様式 preview: one document version → `RenderResult` (HTML fragment, title,
 * syntax error line). Served by the `policySheets/render` handler in server.ts from the service's
 * cached parse and render model (the same parse as the diagnostics).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RenderResult } from './protocol';
import { DiagnosticCode, type LanguageService, type SeverityOverrides } from './service';
import { renderBodyHtml } from './service/render/html';

/**
 * Renders `document` for the preview. `overrides` (the `policySheets.diagnostics` setting) changes
 * or hides the marks as it does the diagnostics. Never throws for any document text.
 */
export function renderPreview(service: LanguageService, document: TextDocument, overrides: SeverityOverrides = {}): RenderResult {
  const model = service.render(document);
  const html = renderBodyHtml(model, {
    inlineStyles: false,
    severityOf: (problem) => overrides[problem.code] ?? problem.severity,
  });
  const syntax = service.getProblems(document).find((p) => p.code === DiagnosticCode.yamlSyntax);
  return {
    uri: document.uri,
    version: document.version,
    title: model.title,
    kind: model.kind ?? null,
    html,
    ...(syntax ? { syntaxError: { line: document.positionAt(syntax.start).line, message: syntax.message } } : {}),
  };
}
