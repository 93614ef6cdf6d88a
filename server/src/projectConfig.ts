/**
 * Host side of the project file `.policy-sheets.yaml`: finds it from a sheet's folder upward and
 * reads it (fs), for the CLI and the server alike. The pure reading is `readProjectConfig` in the
 * service; the schema is bundled (schemas/policy-sheets-config.schema.json).
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { projectConfigSchema } from './bundledSchemas';
import { type ProjectConfig, projectConfigFileName, readProjectConfig } from './service';

/** A project file found on disk: its path and what it says. */
export interface FoundProjectConfig extends ProjectConfig {
  path: string;
}

/**
 * Finds project files from folders upward, caching each folder's answer until `clear()`.
 * `stopAt` (absolute folders, e.g. the workspace roots) ends the search at the first one reached;
 * otherwise the search goes up to the file system root.
 */
export class ProjectConfigFinder {
  private readonly byFolder = new Map<string, FoundProjectConfig | null>();

  constructor(private readonly stopAt: readonly string[] = []) {}

  /** The project file that applies to files in `folder`, or undefined when there is none. */
  forFolder(folder: string): FoundProjectConfig | undefined {
    const visited: string[] = [];
    let current = resolve(folder);
    let found: FoundProjectConfig | null = null;
    for (;;) {
      const cached = this.byFolder.get(current);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      visited.push(current);
      const candidate = join(current, projectConfigFileName);
      if (isFile(candidate)) {
        found = readConfigFile(candidate);
        break;
      }
      const parent = dirname(current);
      if (parent === current || this.stopAt.includes(current) || current === parsePath(current).root) break;
      current = parent;
    }
    for (const folder of visited) this.byFolder.set(folder, found);
    return found ?? undefined;
  }

  /** The project file that applies to `file`. */
  forFile(file: string): FoundProjectConfig | undefined {
    return this.forFolder(dirname(resolve(file)));
  }

  /** Forgets every cached answer (after a project file changed). */
  clear(): void {
    this.byFolder.clear();
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Reads one project file; an unreadable file is an error problem, never an exception. */
export function readConfigFile(path: string): FoundProjectConfig {
  try {
    return { path, ...readProjectConfig(readFileSync(path, 'utf8'), projectConfigSchema) };
  } catch (error) {
    return { path, diagnostics: {}, problems: [{ severity: 'error', message: `${projectConfigFileName} を読めません: ${error instanceof Error ? error.message : String(error)}`, start: 0, end: 0 }] };
  }
}
