/** Writes kuromoji's dictionary from `from` (*.dat.gz) to `to` in the prepared form (see prepare-dictionary.mjs); false when already up to date. */
export function prepareDictionary(from?: string, to?: string): boolean;
