/**
 * Findings on values the YAML parser invented while recovering from a syntax error.
 *
 * After a syntax error the `yaml` parser still builds a document, filling the broken place with
 * what it could make of it (`達成状況: -` becomes a null 達成状況 plus an error). Schema and domain
 * checks then judge that invented value (schema/type 「空」, indicator/missing-mark …): findings
 * about a mistake the user did not make. The syntax error alone is the true finding there.
 *
 * The region that is unreliable is the innermost collection (mapping or sequence) that contains
 * the error, unless that is the document's top level: there only the lines of the error are.
 */
import { isDocument, visit, type Document, type Node } from 'yaml';
import type { Problem } from '../problem';

/** A half-open offset interval [start, end). */
interface Region {
  start: number;
  end: number;
}

/**
 * Regions of `yaml` whose values may have been invented by error recovery: for each syntax
 * error, the innermost non-root collection around it, or its own lines when it lies at the top
 * level. Empty when the document has no errors. Linear in the number of nodes per error.
 */
export function recoveredRegions(yaml: Document.Parsed, text: string): Region[] {
  if (yaml.errors.length === 0) return [];
  const collections: Region[] = [];
  const root = yaml.contents as Node | null;
  visit(yaml, {
    Collection(_key, node) {
      if (node === root || !node.range) return;
      collections.push({ start: node.range[0], end: node.range[1] });
    },
  });
  const regions: Region[] = [];
  for (const error of yaml.errors) {
    const [at, until] = error.pos;
    let best: Region | undefined;
    for (const c of collections) {
      if (c.start <= at && at < Math.max(c.end, c.start + 1) && (!best || c.end - c.start < best.end - best.start)) best = c;
    }
    if (best) regions.push(best);
    else {
      const lineStart = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
      const next = text.indexOf('\n', Math.max(until, at));
      regions.push({ start: lineStart, end: next < 0 ? text.length : next });
    }
  }
  return regions;
}

/**
 * `problems` without the schema and domain findings that lie inside a recovered region (see
 * `recoveredRegions`); YAML and sheet-level problems (yaml/…, sheet/…) are always kept.
 */
export function withoutRecoveredFindings(problems: Problem[], yaml: Document.Parsed | undefined, text: string): Problem[] {
  if (!yaml || !isDocument(yaml) || yaml.errors.length === 0) return problems;
  const regions = recoveredRegions(yaml, text);
  return problems.filter((p) => p.code.startsWith('yaml/') || p.code.startsWith('sheet/') || !regions.some((r) => p.start >= r.start && p.end <= Math.max(r.end, r.start + 1)));
}
