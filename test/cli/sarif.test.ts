import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import type { Log } from 'sarif';
import { allDiagnosticCodes, diagnosticHref } from '../../server/src/service/diagnosticCodes';
import { repoRoot, minutesSheet, runCli, tempFolder } from '../helpers/cli';

// The official SARIF 2.1.0 schema (draft-04), vendored from npm: see test/fixtures/sarif/README.md. Its
// `language` pattern has a stray `]` that is valid only outside unicode mode, hence unicodeRegExp: false.
const schema = JSON.parse(readFileSync(resolve(repoRoot, 'test/fixtures/sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
const validate = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false }).compile(schema);

function assertValidSarif(text: string): Log {
  const log = JSON.parse(text) as Log;
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  return log;
}

interface JsonFinding { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: string; code: string; message: string }

describe('policy-sheets check --format sarif', () => {
  it('validates against the SARIF 2.1.0 schema, with one result per finding of the JSON output (samples/)', () => {
    const sarif = runCli(['check', 'samples', '--format', 'sarif']);
    const json = runCli(['check', 'samples', '--format', 'json']);
    assert.equal(sarif.status, json.status, sarif.stderr);
    const log = assertValidSarif(sarif.stdout);
    const findings = JSON.parse(json.stdout) as JsonFinding[];
    assert.ok(findings.length > 0);
    const run = log.runs[0]!;
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.results!.length, findings.length);
    findings.forEach((f, i) => {
      const result = run.results![i]!;
      assert.equal(result.ruleId, f.code);
      assert.equal(run.tool.driver.rules![result.ruleIndex!]!.id, f.code);
      assert.equal(result.level, { error: 'error', warning: 'warning', info: 'note', hint: 'note' }[f.severity]);
      assert.equal(result.message.text, f.message);
      const location = result.locations![0]!.physicalLocation!;
      assert.equal(decodeURIComponent(location.artifactLocation!.uri!), f.file);
      assert.equal(location.artifactLocation!.uriBaseId, '%SRCROOT%');
      assert.deepEqual(location.region, {
        startLine: f.range.start.line + 1,
        startColumn: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
      });
    });
    assert.deepEqual(run.artifacts!.map((a) => a.location!.uri), ['000-jinji-zaisei-bukai-254', '001-furikaeri-r6', '002-abeno-unei-hoshin-r6', '003-shisei-kaikaku-2-h23', '004-minato-unei-hoshin-h26'].map((n) => `samples/${n}.sheet.yaml`));
  });

  it('describes every diagnostic code as a rule with a Japanese title and its docs link', () => {
    const log = assertValidSarif(runCli(['check', 'samples', '--format', 'sarif']).stdout);
    const driver = log.runs[0]!.tool.driver;
    assert.equal(driver.name, 'policy-sheets');
    assert.match(driver.version!, /^\d+\.\d+\.\d+/);
    assert.deepEqual(driver.rules!.map((r) => r.id), [...allDiagnosticCodes]);
    for (const rule of driver.rules!) {
      assert.equal(rule.helpUri, diagnosticHref(rule.id as (typeof allDiagnosticCodes)[number]));
      assert.match(rule.shortDescription!.text, /[\u3040-\u30ff\u4e00-\u9fff]/, `${rule.id} has a Japanese title`);
      assert.match(rule.name!, /^[A-Z][A-Za-z0-9]+$/);
    }
    assert.equal(driver.rules!.find((r) => r.id === 'indicator/mark-mismatch')!.name, 'IndicatorMarkMismatch');
  });

  it('percent-encodes Japanese file names as relative URIs, exits 1 on errors, and stays valid with no findings', () => {
    const dir = tempFolder({ '議事 1.sheet.yaml': minutesSheet(), 'ok.sheet.yaml': minutesSheet(true) });
    const r = runCli(['check', '.', '--format=sarif'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const results = assertValidSarif(r.stdout).runs[0]!.results!;
    assert.deepEqual(results.map((x) => [x.ruleId, x.level, x.locations![0]!.physicalLocation!.artifactLocation!.uri]), [
      ['schema/enum', 'error', '%E8%AD%B0%E4%BA%8B%201.sheet.yaml'],
      ['minutes/weekday-mismatch', 'error', '%E8%AD%B0%E4%BA%8B%201.sheet.yaml'],
    ]);
    const clean = runCli(['check', join(dir, 'ok.sheet.yaml'), '--format', 'sarif'], { cwd: dir });
    assert.equal(clean.status, 0, clean.stderr);
    assert.deepEqual(assertValidSarif(clean.stdout).runs[0]!.results, []);
  });

  it('the schema check itself rejects a log that breaks SARIF', () => {
    const log = JSON.parse(runCli(['check', 'samples', '--format', 'sarif']).stdout) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validate(log), false);
  });
});
