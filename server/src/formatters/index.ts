import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
import { formatStylish } from './stylish';
import { formatText } from './text';
import type { Formatter } from './types';

export { colorEnabled } from './stylish';
export type { FormatContext, Formatter } from './types';

/** The output formats of `policy-sheets check --format <name>`, one module each. */
export const formatters = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  stylish: formatStylish,
} satisfies Record<string, Formatter>;

/** Name of an output format. */
export type FormatName = keyof typeof formatters;

/** Whether `name` is a known format (for argument checking). */
export function isFormatName(name: string | undefined): name is FormatName {
  return name !== undefined && Object.hasOwn(formatters, name);
}
