import type { Formatter } from './types';

/** One JSON array of findings with 0-based LSP ranges (the shape of `Finding`). */
export const formatJson: Formatter = (findings) => `${JSON.stringify(findings, null, 2)}\n`;
