import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The repository root. */
export const repoRoot = resolve(__dirname, '../..');

/** Runs `bin/policy-sheets.js` (the built dist/cli.js) with `args` in `cwd`; `env` is added to this process's environment. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [resolve(repoRoot, 'bin/policy-sheets.js'), ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
  });
}

/** A fresh temporary folder holding `files` (name → text; names may contain `/`). */
export function tempFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/**
 * A 部会議事概要 with two errors — 公開区分 秘密 (schema/enum, line 4, columns 7–8) and 金 for a
 * Thursday (minutes/weekday-mismatch, line 5 column 26) — unless `clean`.
 */
export function minutesSheet(clean = false): string {
  return `様式: 部会議事概要
回: 1
部会名: 人事・財政部会
公開区分: ${clean ? '公開' : '秘密'}
日時: {日付: 令和５年12月14日, 曜日: ${clean ? '木' : '金'}, 開始: "9:30", 終了: "10:50"}
場所: web会議
出席者: [旭区長]
議事:
  - {番号: 1, 件名: その他}
`;
}

/** The findings of `policy-sheets check <file> --format json …options` as `code@line:char` (0-based), the reference the server is compared with. */
export function cliFindingKeys(file: string, ...options: string[]): string[] {
  const out = spawnSync(process.execPath, [resolve(repoRoot, 'dist/cli.js'), 'check', file, '--format', 'json', ...options], { cwd: repoRoot, encoding: 'utf8' }).stdout;
  return (JSON.parse(out) as { code: string; range: { start: { line: number; character: number } } }[]).map((f) => `${f.code}@${f.range.start.line}:${f.range.start.character}`);
}
