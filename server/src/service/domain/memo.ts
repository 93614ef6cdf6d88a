/**
 * Per-text memoisation of pure text readers (dates, era years, 次年度, ward names): after an edit
 * only the texts that changed are read again, the others come from the cache, whatever their place
 * in the document (the readers' offsets are inside the string, so they stay valid when the text
 * moves). A cache holds at most `maxEntries` results and is emptied when full (bounded memory; a
 * sheet of 36,000 lines has about 20,000 strings).
 *
 * The results are shared between calls: callers must treat them as read-only.
 */
export function memoByText<A extends readonly [string, ...(string | number | undefined)[]], R>(read: (...args: A) => R, maxEntries = 50_000): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args: A): R => {
    // The other arguments (eras, years) never contain \u0001; a text that does is not cached.
    if (args[0].includes('\u0001')) return read(...args);
    const key = args.length === 1 ? args[0] : `${args.slice(1).join('\u0001')}\u0001${args[0]}`;
    const cached = cache.get(key);
    if (cached !== undefined || cache.has(key)) return cached as R;
    const result = read(...args);
    if (cache.size >= maxEntries) cache.clear();
    cache.set(key, result);
    return result;
  };
}
