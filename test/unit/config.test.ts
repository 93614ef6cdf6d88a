import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { projectConfigSchema } from '../../server/src/bundledSchemas';
import { ProjectConfigFinder } from '../../server/src/projectConfig';
import { allDiagnosticCodes, readProjectConfig } from '../../server/src/service';

const read = (text: string) => readProjectConfig(text, projectConfigSchema);

describe('.policy-sheets.yaml', () => {
  it('reads severities per code (off included; YAML 1.2 keeps off a string)', () => {
    const config = read('# CI と VS Code で同じ重大度\ndiagnostics:\n  indicator/lookalike-mark: error\n  count/rate: off\n');
    assert.deepEqual(config.diagnostics, { 'indicator/lookalike-mark': 'error', 'count/rate': 'off' });
    assert.deepEqual(config.problems, []);
    assert.deepEqual(read('').diagnostics, {});
  });

  it('warns on an unknown code at its key and ignores it', () => {
    const text = 'diagnostics:\n  indicator/lookalike-marks: error\n  count/rate: hint\n';
    const config = read(text);
    assert.deepEqual(config.diagnostics, { 'count/rate': 'hint' });
    assert.equal(config.problems.length, 1);
    assert.equal(config.problems[0]!.severity, 'warning');
    assert.equal(text.slice(config.problems[0]!.start, config.problems[0]!.end), 'indicator/lookalike-marks');
  });

  it('refuses a bad severity, an unknown top-level key and broken YAML, with an error and no settings', () => {
    for (const text of ['diagnostics:\n  count/rate: fatal\n', 'severity:\n  count/rate: off\n', 'diagnostics: [\n', 'diagnostics:\n  Count Rate: off\n']) {
      const config = read(text);
      assert.deepEqual(config.diagnostics, {}, text);
      assert.ok(config.problems.some((p) => p.severity === 'error'), text);
    }
  });

  it('its JSON Schema is valid draft-07 and accepts every diagnostic code', () => {
    const ajv = new Ajv({ strict: true });
    assert.ok(ajv.validateSchema(projectConfigSchema), ajv.errorsText(ajv.errors));
    const validate = ajv.compile(projectConfigSchema);
    assert.ok(validate({ diagnostics: Object.fromEntries(allDiagnosticCodes.map((c) => [c, 'off'])) }), ajv.errorsText(validate.errors));
  });

  it('is found from a sheet’s folder upward, the nearest one winning, and not above a stop folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'policy-sheets-config-'));
    mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
    writeFileSync(join(root, '.policy-sheets.yaml'), 'diagnostics:\n  count/rate: off\n');
    writeFileSync(join(root, 'a', 'b', '.policy-sheets.yaml'), 'diagnostics:\n  count/rate: hint\n');
    const finder = new ProjectConfigFinder();
    assert.deepEqual(finder.forFile(join(root, 'a', 'b', 'c', 'x.sheet.yaml'))?.diagnostics, { 'count/rate': 'hint' });
    assert.deepEqual(finder.forFile(join(root, 'a', 'x.sheet.yaml'))?.diagnostics, { 'count/rate': 'off' });
    assert.equal(new ProjectConfigFinder([join(root, 'a')]).forFile(join(root, 'a', 'x.sheet.yaml')), undefined);
  });
});
