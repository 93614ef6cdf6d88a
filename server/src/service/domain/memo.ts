/**
 * Per-text memoisation of pure text readers (dates, era years, 次年度, ward names): after an edit
 * only the texts that changed are read again, the others come from the cache, whatever their place
 * in the document (the readers' offsets are inside the string, so they stay valid when the text
 * moves). Keyed on the text itself (a sheet's strings are the same objects from one version to the
 * next, so V8's cached string hash makes a look-up O(1)), under one map per combination of the
 * other arguments. A cache holds at most `maxEntries` results and is emptied when full (bounded
 * memory; a sheet of 36,000 lines has about 20,000 strings).
 *
 * The results are shared between calls: callers must treat them as read-only.
 */
export function memoByText<A extends readonly [string, ...(string | number | undefined)[]], R>(read: (...args: A) => R, maxEntries = 50_000): (...args: A) => R {
  const caches = new Map<string, Map<string, R>>();
  let size = 0;
  return (...args: A): R => {
    const rest = args.length === 1 ? '' : args.slice(1).join('\u0001');
    let cache = caches.get(rest);
    if (!cache) caches.set(rest, (cache = new Map()));
    const text = args[0];
    const cached = cache.get(text);
    if (cached !== undefined || cache.has(text)) return cached as R;
    const result = read(...args);
    if (size >= maxEntries) {
      caches.clear();
      caches.set(rest, (cache = new Map()));
      size = 0;
    }
    cache.set(text, result);
    size++;
    return result;
  };
}
