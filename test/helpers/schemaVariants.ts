// Sheet data with schema errors spread over it, for the tests that compare validators.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Deliberately broken variants of a sheet's data, spread over the whole document (root and
 * items): every n-th string becomes a number, every n-th number a full-width string, every n-th
 * mapping gets an unknown key or loses its first key, every n-th list gets a null or a string item.
 */
export function broken(data: unknown, n: number): unknown {
  let i = 0;
  const walk = (value: unknown): unknown => {
    i++;
    if (typeof value === 'string') return i % n === 0 ? 42 : value;
    if (typeof value === 'number') return i % n === 0 ? '１２' : value;
    if (Array.isArray(value)) {
      const items = value.map(walk);
      if (i % n === 1) items.push(null);
      if (i % n === 4) items.push('文字');
      return items;
    }
    if (value && typeof value === 'object') {
      const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, walk(v)] as const);
      if (i % n === 2) entries.push(['余計な項目', 1]);
      if (i % n === 3 && entries.length > 1) entries.splice(1, 1);
      return Object.fromEntries(entries);
    }
    return value;
  };
  return walk(data);
}

/** Every .yaml/.yml file under `dir`, recursively. */
export function sheetFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sheetFiles(join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [join(dir, e.name)] : []));
}
