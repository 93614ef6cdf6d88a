import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../helpers/cli';

// samples/002 has warnings only (indicator/lookalike-mark), no errors.
const sample = 'samples/002-abeno-unei-hoshin-r6.sheet.yaml';

describe('policy-sheets check --max-warnings', () => {
  const warnings = (JSON.parse(runCli(['check', sample, '--format', 'json']).stdout) as { severity: string }[]).filter((f) => f.severity === 'warning').length;

  it('exits 0 at the limit and 1 above it, saying why on stderr, in every format', () => {
    assert.ok(warnings > 1);
    assert.equal(runCli(['check', sample]).status, 0);
    const at = runCli(['check', sample, '--max-warnings', String(warnings)]);
    assert.equal(at.status, 0, at.stderr);
    assert.equal(at.stderr, '');
    for (const format of ['text', 'json', 'sarif', 'junit', 'github', 'stylish']) {
      const over = runCli(['check', sample, `--max-warnings=${warnings - 1}`, '--format', format]);
      assert.equal(over.status, 1, format);
      assert.equal(over.stderr, `policy-sheets: 警告が ${warnings} 件あり、--max-warnings ${warnings - 1} を超えています。\n`);
    }
    assert.equal(runCli(['check', sample, '--max-warnings', '0']).status, 1);
  });

  it('rejects a limit that is not a non-negative integer (exit 2)', () => {
    for (const bad of [['--max-warnings'], ['--max-warnings', '-1'], ['--max-warnings=1.5'], ['--max-warnings', 'many']]) {
      const r = runCli(['check', sample, ...bad]);
      assert.equal(r.status, 2, bad.join(' '));
      assert.match(r.stderr, /--max-warnings は 0 以上の整数です/);
    }
  });
});
