/**
 * Writing an exported file without ever leaving a half-written one: the bytes go to a temporary
 * file beside the target (same folder, so the rename stays on one file system), are flushed to disk,
 * and the temporary file is renamed over the target. Any failure removes the temporary file and
 * leaves an existing target untouched. Failures become an `ExportError` with a Japanese message
 * that says what to do.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Why an export failed; `code` is stable (tests, callers), `message` is Japanese for staff. */
export type ExportErrorCode =
  | 'no-folder'
  | 'not-writable'
  | 'is-folder'
  | 'locked'
  | 'disk-full'
  | 'browser-not-found'
  | 'browser-failed'
  | 'browser-crashed'
  | 'cancelled'
  | 'write-failed';

/** An export failure with a message staff can act on. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    readonly code: ExportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The file operations used (injectable so tests can simulate a full disk or a locked file). */
export interface WriteFs {
  open: typeof nodeFs.open;
  rename: typeof nodeFs.rename;
  unlink: typeof nodeFs.unlink;
  stat: typeof nodeFs.stat;
  access: typeof nodeFs.access;
}

/**
 * Lock files that office suites leave beside a document they have open: Excel `~$name.xlsx`,
 * LibreOffice `.~lock.name#`. Their presence means the target is open in another application.
 */
export function lockFilesOf(target: string): string[] {
  const dir = dirname(target);
  const name = basename(target);
  return [join(dir, `~$${name}`), join(dir, `~$${name.slice(2)}`), join(dir, `.~lock.${name}#`)].filter((p, i, all) => all.indexOf(p) === i && basename(p) !== '~$');
}

/** Turns a Node.js file-system error on `target` into an ExportError with a Japanese message. */
export function fileError(error: unknown, target: string): ExportError {
  if (error instanceof ExportError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const folder = dirname(target);
  switch (code) {
    case 'ENOENT':
      return new ExportError('no-folder', `書き出し先のフォルダー「${folder}」がありません。存在するフォルダーを選んでください。`, { cause: error });
    case 'ENOTDIR':
      return new ExportError('no-folder', `書き出し先「${folder}」はフォルダーではありません。保存先のパスを確かめてください。`, { cause: error });
    case 'EISDIR':
      return new ExportError('is-folder', `「${target}」は同じ名前のフォルダーです。別のファイル名を指定してください。`, { cause: error });
    case 'EACCES':
    case 'EROFS':
      return new ExportError('not-writable', `「${folder}」に書き込む権限がありません（読み取り専用の場所かもしれません）。別の保存先を選んでください。`, { cause: error });
    case 'EBUSY':
    case 'EPERM':
    case 'ETXTBSY':
      return new ExportError('locked', `「${target}」はほかのアプリ（Excel など）で開かれているため上書きできません。そのファイルを閉じてからやり直すか、別の名前で保存してください。`, { cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new ExportError('disk-full', `ディスクの空き容量が足りないため「${target}」を書き出せません。空き容量を増やすか、別のドライブに保存してください。`, { cause: error });
    default:
      return new ExportError('write-failed', `「${target}」を書き出せませんでした（${code ?? (error instanceof Error ? error.message : String(error))}）。`, { cause: error });
  }
}

/**
 * Writes `data` to `target` atomically (temporary file + fsync + rename). Refuses when an office
 * lock file shows the target open elsewhere. Throws ExportError; never leaves the temporary file.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, fs: WriteFs = nodeFs): Promise<void> {
  for (const lock of lockFilesOf(target)) {
    const present = await fs.access(lock).then(
      () => true,
      () => false,
    );
    if (present) throw fileError(Object.assign(new Error(`lock file ${lock}`), { code: 'EBUSY' }), target);
  }
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw fileError(Object.assign(new Error('is a directory'), { code: 'EISDIR' }), target);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx');
    created = true;
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    created = false;
  } catch (error) {
    throw fileError(error, target);
  } finally {
    if (created) await fs.unlink(temp).catch(() => undefined);
  }
}
