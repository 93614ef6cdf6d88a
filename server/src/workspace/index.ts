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
import { join, relative, isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SheetFacts, WorkspaceView } from '../service';
import type { FactsStore } from './factsCache';

export type { FactsStore } from './factsCache';

/**
 * `openFactsCache` of ./factsCache.ts (same arguments, result and errors), loaded on its first call:
 * flat-cache and its dependencies are initialised only when the client gives the server a storage
 * folder for the cache, not at every start (memory, issue 11 §2).
 */
export function openFactsCache(...args: Parameters<typeof import('./factsCache').openFactsCache>): FactsStore {
  return (require('./factsCache') as typeof import('./factsCache')).openFactsCache(...args);
}
export { createFactsPool, defaultPoolSize, type FactsPool } from './factsPool';

/** What the index needs of the language service and the host. */
export interface WorkspaceIndexHost {
  /** Facts of a text that is not open (parsed and dropped), at once or from a worker (./factsPool.ts). */
  factsOfText(uri: string, text: string): SheetFacts | Promise<SheetFacts>;
  /** Files read and parsed at the same time while scanning (default 1; with workers, twice their number). */
  concurrency?: number;
  /** Facts of an open document (cached per version by the service). */
  facts(document: TextDocument): SheetFacts;
  /** All open documents: their text overrides the disk's. */
  openDocuments(): readonly TextDocument[];
  /** Called once per file that cannot be read or indexed (message in Japanese). */
  report(message: string): void;
  /** A persistent facts cache (./factsCache.ts): files whose bytes it knows are not parsed again. */
  store?: FactsStore;
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
  private roots: string[] = [];
  /** Files of the last scan (and the changes since) parsed, and taken from the facts store. */
  readonly counts = { parsed: 0, cached: 0 };

  constructor(private readonly host: WorkspaceIndexHost) {}

  /** Number of sheets indexed from disk. */
  get size(): number {
    return this.disk.size;
  }

  /** The folders indexed (absolute paths), in the order given. */
  get folders(): readonly string[] {
    return this.roots;
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
   * the number of sheets indexed; a later scan supersedes a running one (it stops early). Facts
   * the store knows for the same bytes are taken from it; at the end the store keeps only the
   * files indexed and is saved.
   */
  async scan(folders: readonly string[], progress?: ScanProgress): Promise<number> {
    const generation = ++this.generation;
    this.roots = [...folders];
    const files: string[] = [];
    for (const folder of folders) await this.walk(folder, files);
    if (generation !== this.generation) return this.disk.size;
    this.disk.clear();
    this.counts.parsed = this.counts.cached = 0;
    if (!(await this.indexAll(files, generation, progress))) return this.disk.size;
    // Files finish out of order when several are in flight: keep the listing's order (stable results).
    const finished = [...this.disk];
    const rank = new Map(files.map((file, i) => [pathToFileURL(file).href, i]));
    this.disk.clear();
    for (const [uri, facts] of finished.sort(([a], [b]) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity))) this.disk.set(uri, facts);
    this.host.store?.prune((path) => this.disk.has(pathToFileURL(path).href));
    this.host.store?.save();
    return this.disk.size;
  }

  /**
   * Adds workspace folders (absolute paths; ones already indexed, or inside one, are skipped) and
   * reads their sheets. Resolves with the number of sheets added.
   */
  async addFolders(folders: readonly string[], progress?: ScanProgress): Promise<number> {
    const generation = this.generation;
    const added = folders.filter((folder) => !this.roots.some((root) => inside(folder, root)));
    this.roots.push(...added);
    const files: string[] = [];
    for (const folder of added) await this.walk(folder, files);
    const before = this.disk.size;
    await this.indexAll(
      files.filter((file) => !this.disk.has(pathToFileURL(file).href)),
      generation,
      progress,
    );
    this.host.store?.save();
    return this.disk.size - before;
  }

  /**
   * Removes workspace folders: their sheets leave the index, except those inside a folder that
   * remains. Resolves with the number of sheets dropped.
   */
  removeFolders(folders: readonly string[]): number {
    // Compared as paths (a trailing separator or `a/../b` names the same folder).
    this.roots = this.roots.filter((root) => !folders.some((folder) => relative(folder, root) === ''));
    let dropped = 0;
    for (const uri of [...this.disk.keys()]) {
      const path = fileURLToPath(uri);
      if (!folders.some((folder) => inside(path, folder)) || this.roots.some((root) => inside(path, root))) continue;
      this.disk.delete(uri);
      this.host.store?.forget(path);
      dropped++;
    }
    if (dropped > 0) this.host.store?.save();
    return dropped;
  }

  /** Applies file events (uris of created, changed or deleted files); resolves when they are read. */
  async changed(events: readonly { uri: string; type: 1 | 2 | 3 }[]): Promise<boolean> {
    let any = false;
    for (const event of events) {
      if (!event.uri.startsWith('file:') || !yamlFile.test(event.uri)) continue;
      const path = fileURLToPath(event.uri);
      // Events from outside the workspace folders (a client may watch more) are not indexed.
      if (this.roots.length > 0 && !this.roots.some((root) => inside(path, root))) continue;
      any = true;
      if (event.type === 3) {
        this.disk.delete(event.uri);
        this.host.store?.forget(path);
      } else await this.indexFile(path);
    }
    return any;
  }

  /** Writes the facts store (after changes); never throws. */
  saveStore(): void {
    this.host.store?.save();
  }

  /**
   * Indexes `files` in order, `host.concurrency` at a time, yielding between them; false when a
   * newer scan superseded this one.
   */
  private async indexAll(files: readonly string[], generation: number, progress?: ScanProgress): Promise<boolean> {
    let next = 0;
    let done = 0;
    const lane = async (): Promise<void> => {
      while (next < files.length && generation === this.generation) {
        await this.indexFile(files[next++]!);
        done++;
        progress?.(done, files.length);
        // Let pending messages (edits, requests, debounced diagnostics) run between files.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.floor(this.host.concurrency ?? 1)) }, lane));
    return generation === this.generation;
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

  /**
   * Reads one file: its facts from the store when its bytes are known, else parsed (an open
   * document with the same text gives its facts, parsed once for both). A file deleted since it
   * was listed leaves the index silently; one that cannot be read is reported once.
   */
  private async indexFile(path: string): Promise<void> {
    const uri = pathToFileURL(path).href;
    const store = this.host.store;
    try {
      const stat = await fs.stat(path);
      if (stat.size > maxFileSize) {
        this.disk.delete(uri);
        store?.forget(path);
        this.once(path, `大きすぎるため索引に入れません（${Math.round(stat.size / 1024)} KB）: ${path}`);
        return;
      }
      const bytes = await fs.readFile(path);
      this.reported.delete(path);
      const known = store?.lookup(path, bytes);
      if (known !== undefined) {
        this.counts.cached++;
        if (known) this.disk.set(uri, known);
        else this.disk.delete(uri);
        return;
      }
      const text = bytes.toString('utf8');
      if (!isSheetText(path, text)) {
        this.disk.delete(uri);
        store?.store(path, bytes, null);
        return;
      }
      this.counts.parsed++;
      const open = this.host.openDocuments().find((d) => d.uri === uri && d.getText() === text);
      const facts = open ? this.host.facts(open) : await this.host.factsOfText(uri, text);
      this.disk.set(uri, facts);
      store?.store(path, bytes, facts);
    } catch (error) {
      this.disk.delete(uri);
      store?.forget(path);
      // Deleted between the listing and the read (the watcher reports it too): nothing to say.
      // A link whose target is missing is still there (lstat succeeds) and is reported.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !(await exists(path))) return;
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

/** True when `path` is `folder` or inside it. */
function inside(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** True when a directory entry exists at `path` (a dangling link counts). */
async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}
