/**
 * `policy-sheets diff <old> <new> [-o diff.html]`: the 新旧対照表 of two versions of a sheet, compared
 * through the render model (../service/diff.ts), as one print-ready HTML page (../export/diffHtml.ts).
 * Without -o the page goes to stdout. Exit codes: 0 written, 2 bad usage, unreadable input or an
 * output not written.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from '../bundledSchemas';
import { diffHtml } from '../export/diffHtml';
import { createLanguageService } from '../service';
import { pathsAndOutput, writeHtml } from './htmlOutput';
import { diffSheets } from '../service/diff';
import { diffUsage } from './usage';

export { diffUsage };

/** Runs `diff`; returns the exit code. */
export async function runDiff(argv: readonly string[], write: (s: string) => void, error: (s: string) => void): Promise<number> {
  const fail = (message: string) => {
    error(`policy-sheets: ${message}\n${diffUsage}\n`);
    return 2;
  };
  const parsed = pathsAndOutput(argv);
  if ('error' in parsed) return fail(parsed.error);
  const { paths, output } = parsed;
  if (paths.length !== 2) return fail('旧と新の 2 つのシートを指定してください');
  const service = createLanguageService({ schemas: bundledSchemas });
  const models = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return fail(`読めません: ${path}`);
    }
    models.push(service.render(TextDocument.create(pathToFileURL(resolve(path)).href, 'policy-yaml', 1, text)));
  }
  const diff = diffSheets(models[0]!, models[1]!);
  const html = diffHtml(diff, {
    oldLabel: basename(paths[0]!),
    newLabel: basename(paths[1]!),
    generated: new Date().toLocaleDateString('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric' }),
  });
  const failure = await writeHtml(html, output, write);
  if (failure) return fail(failure);
  if (!output) return 0;
  error(`新旧対照表: ${output}（変更 ${diff.changes} 件）\n`);
  return 0;
}
