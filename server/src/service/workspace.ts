/**
 * Across sheets: resolving 【再掲】, quoted titles and cited ids through a workspace view (the facts
 * of every sheet, see ./facts.ts), and what the editor builds on that — cross-document diagnostics,
 * go to definition, find references, rename (one WorkspaceEdit) and workspace symbols.
 *
 * Source: ../shared/domain.md "Checks the language server must make" 6 ("【再掲】 references resolve,
 * within the document or across the workspace"). A reference resolves in its own sheet first, then
 * in the sheets of the same ward and fiscal year (a sheet without a ward matches any ward), and a
 * quoted title in any sheet. Pure: the host passes the view in; nothing here reads files.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, Position, Range, SymbolInformation, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { bigramLikeness, comparable } from './checks/references';
import { DiagnosticCode } from './diagnosticCodes';
import type { FactItem, FactReference, SheetFacts } from './facts';
import type { Problem } from './problem';
import type { ParsedSheet } from './parse';
import { yearOverYearProblems } from './yearOverYear';

/** The workspace as the service sees it: the facts of every sheet (open documents as edited). */
export interface WorkspaceView {
  /** Every sheet's facts; may or may not include the document being asked about (it is skipped by uri). */
  files(): Iterable<SheetFacts>;
}

/** An item of some sheet. */
export interface WorkspaceTarget {
  file: SheetFacts;
  item: FactItem;
}

/** True when two sheets are of the same ward and fiscal year (an unwritten ward or year matches any). */
export function sameScope(a: SheetFacts, b: SheetFacts): boolean {
  const ward = a.ward === undefined || b.ward === undefined || a.ward === b.ward;
  const year = a.fiscalYear === undefined || b.fiscalYear === undefined || a.fiscalYear === b.fiscalYear;
  return ward && year;
}

/** The other sheets of the view (the document's own facts replaced by `self`), own sheet first. */
function sheets(self: SheetFacts, view: WorkspaceView | undefined): SheetFacts[] {
  const out = [self];
  if (view) for (const file of view.files()) if (file.uri !== self.uri) out.push(file);
  return out;
}

/** Whether `item` is what `reference` names (by key; anchors narrow quotes). */
function matches(reference: FactReference, item: FactItem): boolean {
  if (reference.type === 'repeat') return item.label === '中項目' && item.id === reference.key;
  if (reference.type === 'id') return item.id === reference.key && (reference.label === undefined || item.label === reference.label);
  if (item.name === undefined || comparable(item.name) !== reference.key) return false;
  return reference.anchor === undefined || item.id === reference.anchor || item.container === reference.anchor;
}

/**
 * The items a reference of `from` names: in `from` itself when it has one; otherwise in the sheets
 * of the same ward and year; a quoted title, failing those, in any sheet. Empty when unresolved.
 */
export function resolveReference(reference: FactReference, from: SheetFacts, view: WorkspaceView | undefined): WorkspaceTarget[] {
  const all = sheets(from, view);
  const tiers = [[from], all.slice(1).filter((f) => sameScope(from, f)), reference.type === 'title' ? all.slice(1).filter((f) => !sameScope(from, f)) : []];
  for (const tier of tiers) {
    const found = tier.flatMap((file) => file.items.filter((item) => matches(reference, item)).map((item) => ({ file, item })));
    if (found.length > 0) return found;
  }
  return [];
}

const contains = (range: Range, p: Position): boolean =>
  (p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character)) && (p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character));

/** What is at a position of a sheet: a reference, or an item's id or name. */
export type Occurrence = { reference: FactReference } | { item: FactItem; part: 'id' | 'name' };

/** The occurrence at `position` in `facts`, if any. */
export function occurrenceAt(facts: SheetFacts, position: Position): Occurrence | undefined {
  const reference = facts.references.find((r) => contains(r.range, position));
  if (reference) return { reference };
  for (const item of facts.items) {
    if (item.idRange && contains(item.idRange, position)) return { item, part: 'id' };
    if (item.nameRange && contains(item.nameRange, position)) return { item, part: 'name' };
  }
  return undefined;
}

const partOf = (reference: FactReference): 'id' | 'name' => (reference.type === 'title' ? 'name' : 'id');
const rangeOf = (item: FactItem, part: 'id' | 'name'): Range => (part === 'id' ? (item.idRange ?? item.nameRange) : (item.nameRange ?? item.idRange)) ?? item.range;

/** The targets and the part (id or name) an occurrence is about. */
function targetsOf(facts: SheetFacts, occurrence: Occurrence, view: WorkspaceView | undefined): { targets: WorkspaceTarget[]; part: 'id' | 'name' } {
  if ('reference' in occurrence) return { targets: resolveReference(occurrence.reference, facts, view), part: partOf(occurrence.reference) };
  return { targets: [{ file: facts, item: occurrence.item }], part: occurrence.part };
}

/** Go to definition: the id or name of the item(s) the occurrence at `position` names. */
export function definition(facts: SheetFacts, position: Position, view: WorkspaceView | undefined): Location[] {
  const occurrence = occurrenceAt(facts, position);
  if (!occurrence) return [];
  const { targets, part } = targetsOf(facts, occurrence, view);
  return targets.map(({ file, item }) => ({ uri: file.uri, range: rangeOf(item, part) }));
}

/** The same item of a sheet (facts of one text may be computed twice: compared by place, not identity). */
const sameItem = (a: FactItem, b: FactItem): boolean => a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character && a.label === b.label;

/** Every reference (in any sheet) that resolves to one of `targets`, by part. */
function referencesTo(targets: WorkspaceTarget[], part: 'id' | 'name', facts: SheetFacts, view: WorkspaceView | undefined): { file: SheetFacts; reference: FactReference }[] {
  const keys = new Set(targets.map(({ item }) => (part === 'id' ? item.id : item.name !== undefined ? comparable(item.name) : undefined)).filter((k) => k !== undefined));
  const out: { file: SheetFacts; reference: FactReference }[] = [];
  // Other sheets resolve against the view with this document's current facts in it.
  const all = sheets(facts, view);
  const whole: WorkspaceView = { files: () => all };
  for (const file of all) {
    for (const reference of file.references) {
      if (partOf(reference) !== part || !keys.has(reference.key)) continue;
      const resolved = resolveReference(reference, file, whole);
      if (resolved.some((r) => targets.some((t) => t.file.uri === r.file.uri && sameItem(t.item, r.item)))) out.push({ file, reference });
    }
  }
  return out;
}

/** Find references: every reference to the item(s) at `position` across the workspace (and the definitions, if asked). */
export function references(facts: SheetFacts, position: Position, view: WorkspaceView | undefined, includeDeclaration: boolean): Location[] {
  const occurrence = occurrenceAt(facts, position);
  if (!occurrence) return [];
  const { targets, part } = targetsOf(facts, occurrence, view);
  const out: Location[] = includeDeclaration ? targets.map(({ file, item }) => ({ uri: file.uri, range: rangeOf(item, part) })) : [];
  for (const { file, reference } of referencesTo(targets, part, facts, view)) out.push({ uri: file.uri, range: reference.range });
  return out;
}

/** The range and current text a rename at `position` would change, or undefined when nothing there can be renamed. */
export function prepareRename(facts: SheetFacts, position: Position, view: WorkspaceView | undefined): { range: Range; placeholder: string } | undefined {
  const occurrence = occurrenceAt(facts, position);
  if (!occurrence) return undefined;
  if ('reference' in occurrence) {
    if (resolveReference(occurrence.reference, facts, view).length === 0) return undefined;
    return { range: occurrence.reference.range, placeholder: occurrence.reference.text };
  }
  const range = occurrence.part === 'id' ? occurrence.item.idRange : occurrence.item.nameRange;
  const placeholder = occurrence.part === 'id' ? occurrence.item.id : occurrence.item.name;
  return range && placeholder !== undefined ? { range, placeholder } : undefined;
}

/**
 * Rename the id or name at `position` and every reference to it, in one WorkspaceEdit. A 中項目's
 * id is its 番号: `newName` "3" (or "1 (3)") turns 再掲 "1 (2)" into "1 (3)". Undefined when nothing
 * there can be renamed.
 */
export function rename(facts: SheetFacts, position: Position, newName: string, view: WorkspaceView | undefined): WorkspaceEdit | undefined {
  const occurrence = occurrenceAt(facts, position);
  if (!occurrence) return undefined;
  const { targets, part } = targetsOf(facts, occurrence, view);
  if (targets.length === 0) return undefined;
  const changes: Record<string, TextEdit[]> = {};
  const edit = (uri: string, range: Range, newText: string) => (changes[uri] ??= []).push({ range, newText });
  const section = /([0-9０-９]+)\s*[)）]?\s*$/.exec(newName)?.[1] ?? newName;
  for (const { file, item } of targets) {
    const range = part === 'id' ? item.idRange : item.nameRange;
    if (!range) return undefined;
    edit(file.uri, range, item.label === '中項目' && part === 'id' ? section : newName);
  }
  for (const { file, reference } of referencesTo(targets, part, facts, view)) {
    const text = reference.type === 'repeat' ? reference.text.replace(/[0-9０-９]+(\s*[)）]\s*)$/, `${section}$1`) : newName;
    edit(file.uri, reference.range, text);
  }
  return { changes };
}

/** Workspace symbols: items (取組, 指標, 議事 …) whose id or name contains `query` (spaces and 「」 ignored), at most `limit`. */
export function workspaceSymbols(query: string, view: WorkspaceView, limit = 1000): SymbolInformation[] {
  const wanted = comparable(query);
  const out: SymbolInformation[] = [];
  for (const file of view.files()) {
    for (const item of file.items) {
      const name = [item.id, item.name].filter((s) => s !== undefined).join(' ');
      if (wanted !== '' && !comparable(name).includes(wanted)) continue;
      out.push({ name, kind: item.symbolKind, location: { uri: file.uri, range: item.nameRange ?? item.idRange ?? item.range }, containerName: [file.title, item.container].filter(Boolean).join(' › ') });
      if (out.length >= limit) return out;
    }
  }
  return out;
}

/** 「北区 令和6年度 振り返りシート」の「1 (2) 名称」 */
const describe = ({ file, item }: WorkspaceTarget): string => `${file.title}の「${[item.id, item.name].filter(Boolean).join(' ')}」`;

/** A 再掲 address or 中項目 id "1 (2)" as its two numbers (NaN where one is not a number). */
const addressNumbers = (address: string): [number, number] => address.split(/\s*\(\s*|\s*\)\s*/).map(Number) as [number, number];

/**
 * The 中項目 of each sheet's facts with their numbers, read once per facts object (a CLI run asks
 * for the nearest 中項目 of every dangling 再掲 of 240 sheets, each over every sheet's items: most
 * of the workspace phase when every item's id was split again per question). Facts are not changed
 * once made (a new version has new facts), so the entry lives as long as its facts.
 */
const sectionsOf = new WeakMap<SheetFacts, { item: FactItem; numbers: [number, number] }[]>();

/** The 中項目 of any sheet nearest to a 再掲 address: same address first, same ward and year next, then the closest numbers. */
function nearestSection(address: string, from: SheetFacts, view: WorkspaceView | undefined): WorkspaceTarget | undefined {
  const [p, s] = addressNumbers(address);
  let best: WorkspaceTarget | undefined;
  let score = Infinity;
  for (const file of sheets(from, view).slice(1)) {
    let sections = sectionsOf.get(file);
    if (!sections) {
      sections = file.items.filter((item) => item.label === '中項目' && item.id !== undefined).map((item) => ({ item, numbers: addressNumbers(item.id!) }));
      sectionsOf.set(file, sections);
    }
    if (sections.length === 0) continue;
    const scope = sameScope(from, file) ? 0 : 1000;
    for (const { item, numbers: [ip, is] } of sections) {
      const d = (item.id === address ? 0 : 100 + Math.abs(ip - p) * 10 + Math.abs(is - s)) + scope;
      if (d < score) [best, score] = [{ file, item }, d];
    }
  }
  return best;
}

/**
 * The document's problems with the workspace taken into account:
 * - a 【再掲】 the sheet reported dangling (reference/dangling on its 再掲 value) that resolves in
 *   another sheet of the same ward and year is dropped; one that resolves nowhere keeps its
 *   warning, and the message names the nearest 中項目 in any sheet;
 * - a quote cited after an address of another sheet ("1 (1) …の「…」" where 1 (1) is not in this
 *   sheet but in a sheet of the same ward and year) that is no title there but close to one
 *   (≥ 80% alike) is reported (data `{replacement}`);
 * - an id cited in text (具体的取組5-1-3, 事項2-③) that is not in this sheet, while a sheet of the
 *   same ward and year of the kind that numbers it exists and does not have it, is reported with
 *   that sheet's nearest ids.
 * - year over year (./yearOverYear.ts, given the open sheet for all but the first): a row 完了 in last
 * year's sheet that is 実施中 again; targets, plans and earlier-year values against last year's.
 * Without a view the problems are returned unchanged.
 */
export function crossDocumentProblems(document: TextDocument, facts: SheetFacts, problems: readonly Problem[], view: WorkspaceView | undefined, sheet?: ParsedSheet): Problem[] {
  if (!view) return [...problems];
  const out: Problem[] = [];
  const offsets = (range: Range) => [document.offsetAt(range.start), document.offsetAt(range.end)] as const;
  const repeats = new Map(facts.references.filter((r) => r.type === 'repeat').map((r) => [offsets(r.range).join(':'), r]));
  const scoped = sheets(facts, view).slice(1).filter((f) => sameScope(facts, f));
  // A 再掲 resolves (resolveReference) to a 中項目 of this sheet or of one in the same scope: their ids,
  // gathered once, not one walk over every item per dangling 再掲.
  let sectionIds: Set<string | undefined> | undefined;
  const resolvesRepeat = (reference: FactReference) => (sectionIds ??= new Set([facts, ...scoped].flatMap((f) => f.items.filter((i) => i.label === '中項目').map((i) => i.id)))).has(reference.key);
  // The problem's range is the 再掲 node's, quotes included (`再掲: "2 (2)"`); the reference's is its text.
  const text = document.getText();
  const repeatAt = (problem: Problem) =>
    repeats.get(`${problem.start}:${problem.end}`) ?? (/["']/.test(text[problem.start] ?? '') && text[problem.end - 1] === text[problem.start] ? repeats.get(`${problem.start + 1}:${problem.end - 1}`) : undefined);
  for (const problem of problems) {
    const reference = problem.code === DiagnosticCode.referenceDangling ? repeatAt(problem) : undefined;
    if (!reference) {
      out.push(problem);
      continue;
    }
    if (resolvesRepeat(reference)) continue;
    const nearest = nearestSection(reference.key, facts, view);
    out.push(nearest ? { ...problem, message: `${problem.message}ワークスペースで近い候補: ${describe(nearest)}。` } : problem);
  }
  // Both checks below look for the reference in the other sheets of the same scope: none, nothing to do.
  const own = scoped.length > 0 ? new Set(facts.items.map((i) => i.id).filter((id) => id !== undefined)) : new Set<string | undefined>();
  for (const reference of scoped.length > 0 ? facts.references : []) {
    const [start, end] = offsets(reference.range);
    if (reference.type === 'title' && reference.anchor !== undefined && facts.kind === '振り返りシート' && /^\d+ \(\d+\)$/.test(reference.anchor) && !own.has(reference.anchor)) {
      const sections = scoped.filter((f) => f.kind === '振り返りシート').filter((f) => f.items.some((i) => i.label === '中項目' && i.id === reference.anchor));
      if (sections.length === 0) continue;
      const names = sections.flatMap((f) => f.items.filter((i) => i.container === reference.anchor || i.id === reference.anchor).map((item) => ({ file: f, item })));
      if (names.some(({ item }) => item.name !== undefined && comparable(item.name) === reference.key)) continue;
      let best: WorkspaceTarget | undefined;
      let likeness = 0;
      for (const candidate of names) {
        if (candidate.item.label !== '取組項目' || candidate.item.name === undefined) continue;
        const l = bigramLikeness(reference.key, comparable(candidate.item.name));
        if (l > likeness) [best, likeness] = [candidate, l];
      }
      if (!best || likeness < 0.8) continue;
      out.push({
        code: DiagnosticCode.referenceDangling,
        message: `${best.file.title}の ${reference.anchor} に取組項目「${reference.text}」はありません。「${best.item.name}」のことなら、題名をそのとおりに書いてください。`,
        start,
        end,
        severity: 'warning',
        data: { replacement: best.item.name, uri: best.file.uri },
      });
    } else if (reference.type === 'id' && !own.has(reference.key) && facts.kind !== '区運営方針') {
      const numbering = reference.label === '事項' ? '市政改革プラン進捗' : '区運営方針';
      const owners = scoped.filter((f) => f.kind === numbering);
      if (owners.length === 0 || resolveReference(reference, facts, view).length > 0) continue;
      const ids = [...new Set(owners.flatMap((f) => f.items.filter((i) => i.label === reference.label && i.id !== undefined).map((i) => i.id!)))];
      const near = ids.sort((a, b) => bigramLikeness(reference.key, b) - bigramLikeness(reference.key, a)).slice(0, 3);
      out.push({
        code: DiagnosticCode.referenceDangling,
        message: `${reference.label}「${reference.text}」は${owners.map((f) => f.title).join('・')}にありません${near.length > 0 ? `（近い候補: ${near.join('、')}）` : ''}。`,
        start,
        end,
        severity: 'warning',
      });
    }
  }
  out.push(...yearOverYearProblems(document, facts, view, sheet));
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
