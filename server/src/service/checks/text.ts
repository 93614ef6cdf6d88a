/**
 * The free text of a sheet, as a fact several checks share: every string value with its data
 * path and the key it sits under, in source order, computed once per validation.
 */
import type { Problem } from '../problem';
import type { CheckContext } from './index';
import { type ItemMemo, walkItems } from './itemMemo';
import type { DataPath } from './support';

/** One string value of the sheet's data. */
export interface TextValue {
  path: DataPath;
  /** The nearest mapping key above the string (for a list item, the list's key). */
  key: string;
  /** Every mapping key on the way from the top (for "is this under 主な取組実績?"). */
  ancestors: readonly string[];
  text: string;
}

// Deep enough for any sheet the parser accepts (it refuses deeper nesting), and bounded.
const maxDepth = 64;

/**
 * Every string value in `data`, depth-first in source order. Cycle-safe (a visited set: aliases
 * can make the data cyclic) and linear in the size of the data.
 */
export function textValues(data: unknown): TextValue[] {
  const out: TextValue[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown, path: (string | number)[], keys: string[], depth: number) => {
    if (typeof value === 'string') {
      out.push({ path, key: keys[keys.length - 1] ?? '', ancestors: keys, text: value });
      return;
    }
    if (depth > maxDepth || value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], keys, depth + 1));
    else for (const [key, child] of Object.entries(value as Record<string, unknown>)) walk(child, [...path, key], [...keys, key], depth + 1);
  };
  walk(data, [], [], 0);
  return out;
}

/** Every string of the sheet, derived once per validation (`context.once`). */
export const sheetTexts = (context: CheckContext): TextValue[] => textValues(context.data);

/**
 * The problems a check finds in the sheet's strings, one `read` per string (as `sheetTexts`
 * yields them, same order), memoised per item with `memo` (./itemMemo.ts): after an edit only the
 * strings of the edited item are read again. `inputs` names every document-level fact `read`
 * depends on besides the string, its path and keys (the document's year, the kind …).
 */
export function textProblems(context: CheckContext, memo: ItemMemo<never>, inputs: string, read: (value: TextValue) => Problem[]): Problem[] {
  return walkItems(context, context.data, memo, inputs, (v, out) => {
    if (typeof v.value !== 'string') return;
    for (const problem of read({ path: v.path, key: v.key, ancestors: v.ancestors, text: v.value })) out.problems.push(problem);
  }).problems;
}
