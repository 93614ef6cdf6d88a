import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { escapeXml, formatJunit } from '../../server/src/formatters/junit';
import type { Finding } from '../../server/src/formatters/types';
import { minutesSheet, runCli, tempFolder } from '../helpers/cli';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => name === 'testsuite' || name === 'testcase' });

interface TestCase { classname: string; name: string; failure?: { type: string; message: string; '#text': string }; 'system-out'?: string }
interface Report { testsuites: { tests: string; failures: string; testsuite: { name: string; tests: string; failures: string; testcase: TestCase[] }[] } }

function parse(xml: string): Report {
  assert.equal(XMLValidator.validate(xml), true, xml);
  return parser.parse(xml) as Report;
}

const finding = (message: string, severity: Finding['severity'] = 'error', file = 'a&b.sheet.yaml'): Finding => ({
  file,
  range: { start: { line: 2, character: 4 }, end: { line: 2, character: 6 } },
  severity,
  code: 'schema/enum',
  message,
});

describe('policy-sheets check --format junit', () => {
  it('one suite per file, a failure per error, a passing case for a clean file', () => {
    const dir = tempFolder({ 'a.sheet.yaml': minutesSheet(), 'b.sheet.yaml': minutesSheet(true) });
    const r = runCli(['check', '.', '--format', 'junit'], { cwd: dir });
    assert.equal(r.status, 1, r.stderr);
    const report = parse(r.stdout).testsuites;
    assert.equal(report.tests, '3');
    assert.equal(report.failures, '2');
    const [a, b] = report.testsuite;
    assert.equal(a!.name, 'a.sheet.yaml');
    assert.deepEqual(a!.testcase.map((c) => [c.name, c.failure?.type]), [['schema/enum 4:7', 'schema/enum'], ['minutes/weekday-mismatch 5:26', 'minutes/weekday-mismatch']]);
    assert.match(a!.testcase[0]!.failure!.message, /公開区分/);
    assert.equal(b!.name, 'b.sheet.yaml');
    assert.deepEqual(b!.testcase.map((c) => [c.name, c.failure]), [['policy-sheets check', undefined]]);
  });

  it('warnings are passing cases with the message in system-out (samples/002 has warnings only)', () => {
    const r = runCli(['check', 'samples/002-abeno-unei-hoshin-r6.sheet.yaml', '--format', 'junit']);
    assert.equal(r.status, 0, r.stderr);
    const suite = parse(r.stdout).testsuites.testsuite[0]!;
    assert.equal(suite.failures, '0');
    assert.ok(suite.testcase.length > 0);
    for (const c of suite.testcase) {
      assert.equal(c.failure, undefined);
      assert.match(c['system-out']!, /warning indicator\/lookalike-mark|info writing\/prh/);
    }
  });

  it('escapes markup and drops characters XML cannot carry, keeping the text', () => {
    const nasty = 'a < b && "c" \'d\' > e\u0001\u0008 tab\there\nline \uD800 end';
    const report = parse(formatJunit([finding(nasty)], { files: ['a&b.sheet.yaml'], toolVersion: '0.0.0', color: false }));
    const failure = report.testsuites.testsuite[0]!.testcase[0]!.failure!;
    assert.equal(report.testsuites.testsuite[0]!.name, 'a&b.sheet.yaml');
    assert.equal(failure.message, 'a < b && "c" \'d\' > e\uFFFD\uFFFD tab\there\nline \uFFFD end');
    assert.equal(escapeXml('<&>"\''), '&lt;&amp;&gt;&quot;&apos;');
    assert.equal(escapeXml('\u{1F600}'), '\u{1F600}', 'a surrogate pair is kept');
  });
});
