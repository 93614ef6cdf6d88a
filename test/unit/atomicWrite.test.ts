import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ExportError, lockFilesOf, writeFileAtomic, type WriteFs } from '../../server/src/export/atomicWrite';

const folder = () => mkdtempSync(join(tmpdir(), 'policy-sheets-write-'));

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<ExportError> {
  const error = await promise.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ExportError, String(error));
  assert.equal(error.code, code, error.message);
  assert.match(error.message, /[ぁ-んァ-ヶ一-龠]/, 'a Japanese message');
  return error;
}

/** Real fs, with one operation failing with `code`. */
function failing(operation: 'writeFile' | 'rename', code: string): WriteFs {
  const fail = () => Promise.reject(Object.assign(new Error(code), { code }));
  return {
    ...fs,
    rename: operation === 'rename' ? fail : fs.rename,
    open: (async (path: string, flags: string) => {
      const handle = await fs.open(path, flags);
      if (operation !== 'writeFile') return handle;
      return Object.assign(Object.create(handle) as fs.FileHandle, { writeFile: fail, sync: () => handle.sync(), close: () => handle.close() });
    }) as WriteFs['open'],
  };
}

describe('atomic writes', () => {
  it('writes the file and leaves nothing else', async () => {
    const dir = folder();
    await writeFileAtomic(join(dir, 'a.html'), 'こんにちは');
    assert.equal(readFileSync(join(dir, 'a.html'), 'utf8'), 'こんにちは');
    assert.deepEqual(readdirSync(dir), ['a.html']);
  });

  it('replaces an existing file whole', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.xlsx'), 'old');
    await writeFileAtomic(join(dir, 'a.xlsx'), Buffer.from('new'));
    assert.equal(readFileSync(join(dir, 'a.xlsx'), 'utf8'), 'new');
    assert.deepEqual(readdirSync(dir), ['a.xlsx']);
  });

  it('a missing folder, a file where the folder should be, a folder with the target\'s name', async () => {
    const dir = folder();
    await rejectsWith(writeFileAtomic(join(dir, 'nope', 'a.pdf'), 'x'), 'no-folder');
    writeFileSync(join(dir, 'file'), '');
    await rejectsWith(writeFileAtomic(join(dir, 'file', 'a.pdf'), 'x'), 'no-folder');
    await fs.mkdir(join(dir, 'b.pdf'));
    await rejectsWith(writeFileAtomic(join(dir, 'b.pdf'), 'x'), 'is-folder');
    assert.deepEqual(readdirSync(dir).sort(), ['b.pdf', 'file']);
  });

  it('refuses a file that Excel or LibreOffice has open (its lock file is there), leaving it untouched', async () => {
    for (const lock of ['~$report.xlsx', '.~lock.report.xlsx#']) {
      const dir = folder();
      writeFileSync(join(dir, 'report.xlsx'), 'old');
      writeFileSync(join(dir, lock), '');
      const error = await rejectsWith(writeFileAtomic(join(dir, 'report.xlsx'), 'new'), 'locked');
      assert.match(error.message, /閉じて/);
      assert.equal(readFileSync(join(dir, 'report.xlsx'), 'utf8'), 'old');
      assert.deepEqual(readdirSync(dir).sort(), [lock, 'report.xlsx'].sort());
    }
    assert.ok(lockFilesOf('/x/longname.xlsx').includes('/x/~$ngname.xlsx'), 'Excel shortens long names');
  });

  it('a full disk: a clear message, no temporary file, the old file kept', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'a.pdf'), 'old');
    const error = await rejectsWith(writeFileAtomic(join(dir, 'a.pdf'), 'new', failing('writeFile', 'ENOSPC')), 'disk-full');
    assert.match(error.message, /空き容量/);
    assert.deepEqual(readdirSync(dir), ['a.pdf']);
    assert.equal(readFileSync(join(dir, 'a.pdf'), 'utf8'), 'old');
  });

  it('a file locked by another program at the rename (Windows EBUSY/EPERM): no temporary file left', async () => {
    for (const code of ['EBUSY', 'EPERM']) {
      const dir = folder();
      writeFileSync(join(dir, 'a.xlsx'), 'old');
      await rejectsWith(writeFileAtomic(join(dir, 'a.xlsx'), 'new', failing('rename', code)), 'locked');
      assert.deepEqual(readdirSync(dir), ['a.xlsx']);
      assert.equal(readFileSync(join(dir, 'a.xlsx'), 'utf8'), 'old');
    }
  });

  it('no permission / read-only place', async () => {
    const dir = folder();
    for (const code of ['EACCES', 'EROFS']) {
      await rejectsWith(writeFileAtomic(join(dir, 'a.html'), 'x', { ...fs, open: (() => Promise.reject(Object.assign(new Error(code), { code }))) as WriteFs['open'] }), 'not-writable');
    }
    assert.deepEqual(readdirSync(dir), []);
  });
});
