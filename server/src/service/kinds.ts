/**
 * The document kinds (様式) a sheet can declare in its first key `様式:`, each with one JSON Schema
 * in schemas/<kind>.schema.json. Source: ../shared/domain.md "Document kinds".
 */
export const sheetKinds = ['振り返りシート', '区運営方針', '市政改革プラン進捗', '部会議事概要'] as const;

/** One of the four kinds. */
export type SheetKind = (typeof sheetKinds)[number];

/** True when `value` names a known kind. */
export function isSheetKind(value: unknown): value is SheetKind {
  return typeof value === 'string' && (sheetKinds as readonly string[]).includes(value);
}

/** The key that names the kind; by convention the first line of every sheet. */
export const kindKey = '様式';
