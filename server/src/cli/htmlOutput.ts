/**
 * What the CLI commands that write one HTML page share (`report`, `diff`): their arguments (paths
 * and `-o file`) and writing the page (to the file, atomically, or to stdout).
 */
import { resolve } from 'node:path';
import { writeFileAtomic } from '../export/atomicWrite';

/** Paths and `-o`/`--output` of `argv`; a Japanese error message for a missing -o value or an unknown option. */
export function pathsAndOutput(argv: readonly string[]): { paths: string[]; output?: string } | { error: string } {
  const args = [...argv];
  const paths: string[] = [];
  let output: string | undefined;
  while (args.length > 0) {
    const arg = args.shift()!;
    if (arg === '-o' || arg === '--output') {
      output = args.shift();
      if (!output) return { error: '-o には出力するファイル名を書いてください' };
    } else if (arg.startsWith('-')) return { error: `不明なオプション: ${arg}` };
    else paths.push(arg);
  }
  return output === undefined ? { paths } : { paths, output };
}

/** Writes `html` to `output` (atomically) or, without one, to `write`; returns an error message or undefined. */
export async function writeHtml(html: string, output: string | undefined, write: (s: string) => void): Promise<string | undefined> {
  if (!output) {
    write(html);
    return undefined;
  }
  try {
    await writeFileAtomic(resolve(output), html);
    return undefined;
  } catch (e) {
    return `書き出せません: ${output}（${(e as Error).message}）`;
  }
}
