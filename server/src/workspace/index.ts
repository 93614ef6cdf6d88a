/**
 * The host side of the workspace: which sheets are in the workspace folders, read from disk, their
 * facts (see ../service/facts.ts) kept current as files change, and open documents over their disk
 * text. The index holds facts only (a few KB per sheet), never a parse tree.
 *
 * A sheet is a `*.sheet.yaml` / `*.sheet.yml` file, or a `.yaml` / `.yml` file whose first line is
 * `様式: …`. Folders named node_modules or starting with "." are skipped. Reading is asynchronous and
 * yields to the event loop between files, so requests and diagnostics are served while indexing.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SheetFacts, WorkspaceView } from '../service';

/** What the index needs of the language service and the host. */
export interface WorkspaceIndexHost {
  /** Facts of a text that is not open (parsed and dropped). */
  factsOfText(uri: string, text: string): SheetFacts;
  /** Facts of an open document (cached per version by the service). */
  facts(document: TextDocument): SheetFacts;
  /** All open documents: their text overrides the disk's. */
  openDocuments(): readonly TextDocument[];
  /** Called once per file that cannot be read or indexed (message in Japanese). */
  report(message: string): void;
}

/** Progress of a scan: files done of total. */
export type ScanProgress = (done: number, total: number) => void;

const yamlFile = /\.ya?ml$/i;
const sheetFile = /\.sheet\.ya?ml$/i;
/** Largest file read (bytes): the parser refuses larger documents anyway. */
const maxFileSize = 5 * 1024 * 1024;

/** True when a `.yaml` text is a sheet: a `*.sheet.yaml` name or a first line `様式: …`. */
export function isSheetText(path: string, text: string): boolean {
  return sheetFile.test(path) || /^\uFEFF?様式[ \t]*:/.test(text);
}

/** The workspace index: facts of every sheet on disk, with open documents over them. */
export class WorkspaceIndex implements WorkspaceView {
  private readonly disk = new Map<string, SheetFacts>();
  private readonly reported = new Set<string>();
  private generation = 0;

  constructor(private readonly host: WorkspaceIndexHost) {}

  /** Number of sheets indexed from disk. */
  get size(): number {
    return this.disk.size;
  }

  /** Every sheet's facts: open documents as edited, the others as on disk. */
  *files(): Iterable<SheetFacts> {
    const open = new Set<string>();
    for (const document of this.host.openDocuments()) {
      open.add(document.uri);
      yield this.host.facts(document);
    }
    for (const [uri, facts] of this.disk) if (!open.has(uri)) yield facts;
  }

  /**
   * Reads every sheet under `folders` (absolute paths), replacing what was indexed. Resolves with
   * the number of sheets indexed; a later scan supersedes a running one (it stops early).
   */
  async scan(folders: readonly string[], progress?: ScanProgress): Promise<number> {
    const generation = ++this.generation;
    const files: string[] = [];
    for (const folder of folders) await this.walk(folder, files);
    this.disk.clear();
    let done = 0;
    for (const file of files) {
      if (generation !== this.generation) return this.disk.size;
      await this.indexFile(file);
      done++;
      progress?.(done, files.length);
      // Let pending messages (edits, requests, debounced diagnostics) run between files.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return this.disk.size;
  }

  /** Applies file events (uris of created, changed or deleted files); resolves when they are read. */
  async changed(events: readonly { uri: string; type: 1 | 2 | 3 }[]): Promise<boolean> {
    let any = false;
    for (const event of events) {
      if (!event.uri.startsWith('file:') || !yamlFile.test(event.uri)) continue;
      any = true;
      if (event.type === 3) this.disk.delete(event.uri);
      else await this.indexFile(fileURLToPath(event.uri));
    }
    return any;
  }

  private async walk(folder: string, out: string[]): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      this.once(folder, `フォルダを読めません: ${folder}（${(error as Error).message}）`);
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await this.walk(path, out);
      else if ((entry.isFile() || entry.isSymbolicLink()) && yamlFile.test(entry.name)) out.push(path);
    }
  }

  private async indexFile(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    try {
      const stat = await fs.stat(path);
      if (stat.size > maxFileSize) {
        this.disk.delete(uri);
        this.once(path, `大きすぎるため索引に入れません（${Math.round(stat.size / 1024)} KB）: ${path}`);
        return;
      }
      const text = await fs.readFile(path, 'utf8');
      if (!isSheetText(path, text)) {
        this.disk.delete(uri);
        return;
      }
      this.disk.set(uri, this.host.factsOfText(uri, text));
      this.reported.delete(path);
    } catch (error) {
      this.disk.delete(uri);
      this.once(path, `シートを読めません: ${path}（${(error as Error).message}）`);
    }
  }

  /** Reports a problem with `path` once (again only after it was read successfully). */
  private once(path: string, message: string): void {
    if (this.reported.has(path)) return;
    this.reported.add(path);
    this.host.report(message);
  }
}
