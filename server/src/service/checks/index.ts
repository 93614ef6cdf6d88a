import type { Document } from 'yaml';
import type { SheetKind } from '../kinds';
import type { ParsedSheet } from '../parse';
import type { Problem } from '../problem';

/** What a domain check receives: the parsed sheet, its AST, its data and its kind. */
export interface CheckContext {
  sheet: ParsedSheet;
  yaml: Document.Parsed;
  /** The sheet's data (top-level mapping). Checks must not assume the schema holds. */
  data: Record<string, unknown>;
  kind: SheetKind;
  /** Whether per-item results are kept for the next version (false: each item computed, nothing stored; itemMemo.ts). */
  memo: boolean;
  /**
   * A fact derived from the data (every 実績値 list, every written fiscal year …), computed once
   * per validation and shared by all checks that ask for it with the same function.
   */
  once<T>(derive: (context: CheckContext) => T): T;
}

/** A domain check: pure, returns problems with offsets; must tolerate any data shape. */
export type Check = (context: CheckContext) => Problem[];

/** A check and the kinds it applies to. */
export interface CheckRegistration {
  kinds: readonly SheetKind[] | 'all';
  check: Check;
}

// Each check module exports its registrations (which kinds each check applies to).
import { minutesChecks } from './minutes';
import { fiscalYearChecks } from './fiscalYears';
import { reviewChecks } from './review';
import { referenceChecks } from './references';
import { indicatorChecks } from './indicators';
import { amountChecks } from './amounts';
import { textYearChecks } from './textYears';
import { targetChecks } from './targets';
import { progressChecks } from './progress';
import { statedFigureChecks } from './statedFigures';
import { planPeriodChecks } from './planPeriod';
import { textFigureChecks } from './textFigures';

/** Every domain check of Policy Sheets, in the order they run. */
export const defaultChecks: readonly CheckRegistration[] = [
  ...minutesChecks,
  ...fiscalYearChecks,
  ...reviewChecks,
  ...referenceChecks,
  ...indicatorChecks,
  ...amountChecks,
  ...textYearChecks,
  ...targetChecks,
  ...progressChecks,
  ...statedFigureChecks,
  ...planPeriodChecks,
  ...textFigureChecks,
];

/** The checks of `registry` that apply to a kind, in registration order. */
export function checksFor(kind: SheetKind, registry: readonly CheckRegistration[] = defaultChecks): Check[] {
  return registry.filter((r) => r.kinds === 'all' || r.kinds.includes(kind)).map((r) => r.check);
}
