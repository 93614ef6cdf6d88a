import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '../..');
const cli = (args: string[], cwd = root) => spawnSync(process.execPath, [resolve(root, 'bin/policy-sheets.js'), ...args], { cwd, encoding: 'utf8' });

/** A copy of samples/ in a fresh temporary folder. */
function samplesCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'policy-sheets-fix-'));
  cpSync(resolve(root, 'samples'), dir, { recursive: true });
  return dir;
}

describe('policy-sheets check --fix', () => {
  it('on copies of the samples, changes only the six look-alike marks of 002 and reports each', () => {
    const dir = samplesCopy();
    const r = cli(['check', '--fix', dir]);
    assert.equal(r.status, 1, r.stderr); // the missing めざす姿 of 001 is no mechanical fix
    const reported = r.stdout.split('\n').filter((l) => l.startsWith('修正: '));
    assert.deepEqual(
      reported.slice(0, 6).map((l) => l.replace(/^修正: .*002-abeno-unei-hoshin-r6\.sheet\.yaml:(\d+:\d+) (\S+) .*$/, '$1 $2')),
      ['60:24 indicator/lookalike-mark', '64:24 indicator/lookalike-mark', '163:28 indicator/lookalike-mark', '196:24 indicator/lookalike-mark', '200:24 indicator/lookalike-mark', '256:28 indicator/lookalike-mark'],
    );
    assert.match(reported[6]!, /002-abeno-unei-hoshin-r6\.sheet\.yaml: 6 件$/);
    assert.equal(reported.length, 7);
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const before = readFileSync(resolve(root, 'samples', name), 'utf8');
      const after = readFileSync(join(dir, name), 'utf8');
      if (!name.startsWith('002')) assert.equal(after, before, `${name} must not change`);
      else assert.equal(after, before.replaceAll('達成状況: "-"', '達成状況: "－"'));
    }
    const findings = r.stdout.split('\n').filter((l) => !l.startsWith('修正: '));
    assert.ok(!findings.some((l) => l.includes(' indicator/lookalike-mark ')), 'the findings printed are those after fixing');
    assert.ok(findings.some((l) => l.includes(' schema/required ')));
    // A second run has nothing left to fix and changes nothing.
    const again = cli(['check', '--fix', dir]);
    assert.ok(!again.stdout.includes('修正: '), again.stdout);
  });

  it('keeps --format json one JSON value (the report goes to stderr)', () => {
    const dir = samplesCopy();
    // --no-writing: the writing checks' one 及び finding of 002 is not fixable and not the point here.
    const r = cli(['check', '--fix', '--format', 'json', '--no-writing', join(dir, '002-abeno-unei-hoshin-r6.sheet.yaml')]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
    assert.match(r.stderr, /: 6 件/);
  });

  it('reads .policy-sheets.yaml from the checked files upward: severities, off, and a broken file is exit 2', () => {
    const dir = samplesCopy();
    writeFileSync(join(dir, '.policy-sheets.yaml'), 'diagnostics:\n  indicator/lookalike-mark: error\n  indicator/undeclared-scale: off\n');
    const r = cli(['check', '--format', 'json', dir]);
    const findings = JSON.parse(r.stdout) as { code: string; severity: string }[];
    assert.equal(findings.filter((f) => f.code === 'indicator/lookalike-mark' && f.severity === 'error').length, 6);
    assert.equal(findings.filter((f) => f.code === 'indicator/undeclared-scale').length, 0);
    // Fixes respect it too: a code turned off is not fixed.
    writeFileSync(join(dir, '.policy-sheets.yaml'), 'diagnostics:\n  indicator/lookalike-mark: off\n');
    assert.ok(!cli(['check', '--fix', dir]).stdout.includes('修正: '));
    writeFileSync(join(dir, '.policy-sheets.yaml'), 'diagnostics:\n  indicator/lookalike-mark: fatal\n');
    const broken = cli(['check', dir]);
    assert.equal(broken.status, 2);
    assert.match(broken.stderr, /\.policy-sheets\.yaml/);
  });
});
