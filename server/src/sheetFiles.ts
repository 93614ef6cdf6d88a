import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** True for a sheet file name: `*.sheet.yaml` / `*.sheet.yml`. */
export const isSheetFileName = (name: string): boolean => /\.sheet\.ya?ml$/.test(name);

/**
 * Sheet files under `path` appended to `out`: a file as given; a folder recursively (skipping
 * node_modules and dot folders), sorted. Throws the fs error when `path` cannot be read.
 */
export function collect(path: string, out: string[]): void {
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path).sort()) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      const child = join(path, entry);
      if (statSync(child).isDirectory()) collect(child, out);
      else if (isSheetFileName(entry)) out.push(child);
    }
  } else out.push(path);
}
