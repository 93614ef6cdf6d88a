import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '../..');

describe('the real samples', () => {
  it('produce exactly the expected findings of samples/README.md', () => {
    const readme = readFileSync(resolve(root, 'samples/README.md'), 'utf8');
    const expected = [...readme.matchAll(/^\| (\S+\.sheet\.yaml) \| (\d+:\d+) \| (\w+) \| ([a-z-]+\/[a-z0-9-]+) \|/gm)].map((m) => `samples/${m[1]}:${m[2]} ${m[3]} ${m[4]}`);
    assert.ok(expected.length > 0, 'samples/README.md lists findings');
    const r = spawnSync(process.execPath, [resolve(root, 'dist/cli.js'), 'check', 'samples', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const actual = (JSON.parse(r.stdout) as { file: string; range: { start: { line: number; character: number } }; severity: string; code: string }[]).map(
      (f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code}`,
    );
    assert.deepEqual(actual, expected);
  });
});
