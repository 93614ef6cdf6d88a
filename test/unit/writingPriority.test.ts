/**
 * The writing worker's scheduling priority: nice 10 by default (the editor's main thread goes
 * first), the process's own with `lowerPriority: false` (the CLI, whose run waits for it). Read from
 * /proc: Linux only, where the worker lowers its priority at all.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { createWritingChecker } from '../../server/src/writing';

/** The nice value of each thread of this process (field 19 of /proc/self/task/<tid>/stat). */
function threadNiceValues(): number[] {
  return readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the command name (in parentheses, which may hold spaces): state is field 3.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [Number(fields[19 - 3])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}

const worker = resolve(__dirname, '../helpers/writingWorker.cjs');

describe('writing worker priority', { skip: !existsSync('/proc/self/task') && 'no /proc' }, () => {
  it('runs at nice 10 by default', async () => {
    const before = threadNiceValues().filter((n) => n === 10).length;
    const checker = createWritingChecker({ workerFile: worker });
    try {
      await checker.check(['区政会議の開催、区政会議の開催を行いました。']);
      assert.equal(threadNiceValues().filter((n) => n === 10).length, before + 1);
    } finally {
      await checker.dispose();
    }
  });

  it('keeps the process priority with lowerPriority: false', async () => {
    const before = threadNiceValues().filter((n) => n === 10).length;
    const checker = createWritingChecker({ workerFile: worker, lowerPriority: false });
    try {
      await checker.check(['区政会議の開催、区政会議の開催を行いました。']);
      assert.equal(threadNiceValues().filter((n) => n === 10).length, before);
    } finally {
      await checker.dispose();
    }
  });
});
