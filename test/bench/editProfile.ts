/**
 * Where one edit's time goes, in process: the phases of a validation after a one-value edit in the
 * middle of a generated 振り返りシート (test/helpers/sheetGen.ts), timed one by one the way the
 * server runs them (parse, kind, schema, each domain check, recovery filter, suppressions and fixes,
 * facts, cross-document checks, offset→position of what is published and its JSON, both reusing
 * what is unchanged as the server does). Then the service's own `validate` after the
 * same edit, end to end, as the server publishes (capped; only what is published converted). Not a test: run `node --import tsx test/bench/editProfile.ts` (PROFILE_SIZES=900,9000,36000,
 * PROFILE_EDITS=10, or PROFILE_FILE=path for one sheet of yours). Figures are medians over the edits of CPU time (process.cpuUsage, GC included), in ms: the machine is shared, wall time is not.
 */
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import { createLanguageService } from '../../server/src/service';
import { checksFor, type CheckContext } from '../../server/src/service/checks';
import { withoutRecoveredFindings } from '../../server/src/service/checks/recovery';
import { factsOf } from '../../server/src/service/facts';
import { attachFixes, indexScalars } from '../../server/src/service/fixes';
import { parseSheet } from '../../server/src/service/parse';
import { reparseSheet } from '../../server/src/service/incrementalParse';
import type { Problem } from '../../server/src/service/problem';
import { compileSchemas } from '../../server/src/service/schemas';
import { applySuppressions } from '../../server/src/service/suppression';
import { readKind, validateSchema } from '../../server/src/service/validation';
import { crossDocumentProblems } from '../../server/src/service/workspace';
import { maxPublishedDiagnostics, publishedDiagnostics } from '../../server/src/service/diagnosticCap';
import { DiagnosticReuse } from '../../server/src/service/diagnosticReuse';
import { publicationEncoder } from '../../server/src/publicationEncoder';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Message } from 'vscode-languageserver/node';
import { sheetOfLines } from '../helpers/sheetGen';

const sizes = (process.env.PROFILE_SIZES ?? '900,9000,36000').split(',').map(Number);
const edits = Number(process.env.PROFILE_EDITS ?? 10);
const schemas = compileSchemas(bundledSchemas);
/** The same validators without their item-by-item split (service/schemaSplit.ts): the whole validator on every edit. */
const wholeSchemas = new Map([...schemas].map(([kind, c]) => [kind, c.ok ? { ...c, split: undefined } : c]));

/** CPU time of this process (user + system, all threads: GC included), in ms: steadier than wall time on a shared machine. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The textDocument/publishDiagnostics message of `diagnostics`, as the server's connection writes it. */
const publication = (document: TextDocument, diagnostics: Diagnostic[]): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: document.uri, version: document.version, diagnostics } }) as Message;

/** Where the edits go: the value of a 実施状況 in the middle (実施中 ↔ 実施X), as the bench does. */
function editOffset(text: string): number {
  const at: number[] = [];
  for (let i = text.indexOf('実施状況: 実施中'); i >= 0; i = text.indexOf('実施状況: 実施中', i + 1)) at.push(i + '実施状況: '.length);
  return at[Math.floor(at.length / 2)]!;
}

/**
 * The `i`-th edit applied to `document` as the server's TextDocuments applies a didChange (an
 * incremental update: the document's line table is updated, not rebuilt), with version `i + 2`.
 */
function applyEdit(document: TextDocument, offset: number, i: number): TextDocument {
  const range = { start: document.positionAt(offset), end: document.positionAt(offset + 3) };
  return TextDocument.update(document, [{ range, text: i % 2 === 0 ? '実施X' : '実施中' }], i + 2);
}

// PROFILE_FILE=path profiles that sheet (one size) instead of the generated ones.
const file = process.env.PROFILE_FILE;
for (const size of file ? [0] : sizes) {
  const text = file ? readFileSync(file, 'utf8') : sheetOfLines('振り返りシート', size, size);
  const phases = new Map<string, number[]>();
  const time = <T>(name: string, run: () => T): T => {
    const t = cpuMs();
    const result = run();
    (phases.get(name) ?? phases.set(name, []).get(name)!).push(cpuMs() - t);
    return result;
  };
  const offset = editOffset(text);
  const reuse = new DiagnosticReuse();
  const encoder = publicationEncoder();
  let previous = parseSheet(text);
  const document = TextDocument.create('file:///p.sheet.yaml', 'policy-yaml', 1, text);
  document.positionAt(0); // the line table, as the server's document has it before the first edit
  for (let i = 0; i < edits; i++) {
    const edited = applyEdit(document, offset, i).getText();
    time('full parse (parseSheet), for comparison', () => parseSheet(edited));
    const sheet = time('parse (reparseSheet, incremental)', () => reparseSheet(previous, edited));
    previous = sheet;
    const kind = time('readKind', () => readKind(sheet));
    const problems: Problem[] = [...sheet.problems];
    problems.push(...time('schema (ajv + placing)', () => validateSchema(sheet, kind, schemas)));
    time('schema, whole validator (no split), for comparison', () => validateSchema(sheet, kind, wholeSchemas));
    const derived = new Map<unknown, unknown>();
    const context: CheckContext = {
      sheet,
      yaml: sheet.yaml!,
      data: sheet.data as Record<string, unknown>,
      kind: kind.kind!,
      // As the server: per-item results kept for the next edit (itemMemo.ts).
      memo: true,
      once<T>(derive: (c: CheckContext) => T): T {
        if (!derived.has(derive)) derived.set(derive, derive(context));
        return derived.get(derive) as T;
      },
    };
    for (const check of checksFor(kind.kind!)) problems.push(...time(`check ${check.name}`, () => check(context)));
    const kept = time('recovery filter + sort', () => withoutRecoveredFindings(problems, sheet.yaml, sheet.text).sort((a, b) => a.start - b.start));
    const scalars = time('indexScalars', () => indexScalars(sheet.yaml!));
    const suppressed = time('suppressions', () => applySuppressions(sheet, kept, scalars));
    const fixed = time('attachFixes', () => attachFixes(sheet, suppressed, scalars));
    const facts = time('facts (factsOf)', () => factsOf(document, sheet, kind.kind));
    const all = time('cross-document', () => crossDocumentProblems(document, facts, fixed, { files: () => [] }, sheet));
    // As the server publishes: the Diagnostics of unchanged findings reused, their JSON kept.
    const diagnostics = time('toDiagnostic (offset→position), published only, unchanged ones reused', () => publishedDiagnostics(document, all, true, [], maxPublishedDiagnostics, (d, p, withFix) => reuse.convert(d, p, withFix)));
    time('JSON + UTF-8 (publicationEncoder: kept JSON of unchanged ones)', () => encoder.encode(publication(document, diagnostics), { charset: 'utf-8' }));
  }
  // The service end to end, as the server calls it after each edit (same document uri, new versions).
  const service = createLanguageService({ schemas: bundledSchemas });
  const served = TextDocument.create('file:///s.sheet.yaml', 'policy-yaml', 1, text);
  const endToEnd = publicationEncoder();
  service.validate(served, {}, { withFixes: true, workspace: { files: () => [] } });
  for (let i = 0; i < edits; i++) {
    const document = applyEdit(served, offset, i);
    time('= service.validate + facts (end to end)', () => {
      const d = service.publish(document, service.publishable(document, {}, { workspace: { files: () => [] } }));
      service.facts(document);
      return endToEnd.encode(publication(document, d), { charset: 'utf-8' });
    });
  }
  console.log(`\n${size} lines requested, ${text.split('\n').length - 1} lines, ${text.length} characters (median CPU ms over ${edits} edits)`);
  const rows = [...phases].map(([name, v]) => [name, median(v)] as const);
  const total = rows.filter(([n]) => !n.startsWith('=') && !n.includes('for comparison')).reduce((s, [, v]) => s + v, 0);
  for (const [name, v] of rows) console.log(`${v.toFixed(2).padStart(9)}  ${name}`);
  console.log(`${total.toFixed(2).padStart(9)}  sum of phases`);
}
