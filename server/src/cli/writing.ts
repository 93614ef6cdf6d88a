/**
 * The writing checks of `policy-sheets check` (issue 9 §3): the same worker thread, rules, codes,
 * ranges and per-code overrides as the language server, so the CLI and the Problems panel agree.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ParsedSheet } from '../service/parse';
import type { SeverityOverrides } from '../service';
import { configuredWritingProblems, enabledWritingRules, writingProblems, writingTexts } from '../service/checks/writing';
import { toDiagnostic } from '../service/problem';
import { createWritingChecker } from '../writing';

/** Writing checks over the files of one CLI run: one worker, started on the first sheet with prose. */
export interface CliWriting {
  /** The writing diagnostics of one document (LSP ranges), at their configured severities. */
  check(document: TextDocument, sheet: ParsedSheet, overrides: SeverityOverrides): Promise<Diagnostic[]>;
  /** Stops the worker thread. */
  dispose(): Promise<void>;
}

/**
 * Creates the writing checks of a CLI run (the worker is dist/writingWorker.js beside dist/cli.js).
 * A failing worker (e.g. no dictionary) is reported through `warn` once per file, and that file
 * gets no writing findings; the structural ones are unaffected.
 */
export function cliWriting(warn: (message: string) => void): CliWriting {
  const checker = createWritingChecker();
  return {
    async check(document, sheet, overrides) {
      const texts = writingTexts(sheet);
      const rules = enabledWritingRules(overrides);
      if (texts.length === 0 || rules.length === 0) return [];
      let messages;
      try {
        messages = await checker.check(texts.map((t) => t.text), rules);
      } catch (error) {
        warn(`${document.uri}: 文章の検査（writing/…）を実行できませんでした: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
      return configuredWritingProblems(writingProblems(texts, messages), overrides).map((p) => toDiagnostic(document, p));
    },
    dispose: () => checker.dispose(),
  };
}
