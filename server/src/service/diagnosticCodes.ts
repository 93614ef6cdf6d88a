/**
 * The stable diagnostic codes of Policy Sheets. Each code names one kind of problem; tests,
 * settings (`policySheets.diagnostics.<code>`) and quick fixes key on the code, never on the
 * message text. Every code has a documentation anchor in docs/diagnostics.md.
 */
export const DiagnosticCode = {
  /** YAML syntax error reported by the parser (range: the offending token). */
  yamlSyntax: 'yaml/syntax',
  /** A tab character used for indentation (YAML forbids it; range: the tab). */
  yamlTabIndentation: 'yaml/tab-indentation',
  /** A mapping key that appears twice in the same mapping (range: the second key). */
  yamlDuplicateKey: 'yaml/duplicate-key',
  /** More aliases than the limit, e.g. a "billion laughs" document (range: the first alias). */
  yamlAliasLimit: 'yaml/alias-limit',
  /** Nesting deeper than the limit; the document is not built (range: where the limit is crossed). */
  yamlTooDeep: 'yaml/too-deep',
  /** An alias inside the node its anchor names (`&a [*a]`): cyclic data, not validated (range: the alias). */
  yamlAliasCycle: 'yaml/alias-cycle',
  /** More findings than the editor is sent (1,000 per document); the rest are counted (range: line 1). */
  sheetTooManyProblems: 'sheet/too-many-problems',
  /** A large sheet checked for syntax and schema only; domain checks run on request (range: line 1). */
  sheetPartialCheck: 'sheet/partial-check',
  /** A document larger than the size limit; not parsed (range: line 1). */
  sheetTooLarge: 'sheet/too-large',
  /** The document has no `様式:` key (range: line 1). */
  sheetMissingKind: 'sheet/missing-kind',
  /** `様式:` names a kind with no schema (range: the value). */
  sheetUnknownKind: 'sheet/unknown-kind',
  /** The sheet's top level is not a mapping (range: the document). */
  sheetNotMapping: 'sheet/not-mapping',
  /** A domain check failed internally on this document; the other checks still ran (range: line 1). */
  sheetCheckFailed: 'sheet/check-failed',
  /** The schema for this kind failed to compile or is invalid against its meta-schema. */
  schemaInvalid: 'schema/invalid-schema',
  /** A required key is missing (range: the key of the mapping that lacks it). */
  schemaRequired: 'schema/required',
  /** A key that the 様式 does not define (range: the key). */
  schemaAdditionalProperty: 'schema/additional-property',
  /** A value of the wrong type (range: the value). */
  schemaType: 'schema/type',
  /** A value outside a closed set (range: the value). */
  schemaEnum: 'schema/enum',
  /** A value that does not match the required form, e.g. a 年度 or a time (range: the value). */
  schemaPattern: 'schema/pattern',
  /** A value outside a numeric range or size limit (range: the value). */
  schemaRange: 'schema/range',
  /** Any other schema violation (range: the value). */
  schemaOther: 'schema/other',

  // Domain checks (../shared/domain.md "Checks the language server must make").
  /** 1. An アウトカム指標 result without 出典 (range: the result). */
  indicatorMissingSource: 'indicator/missing-source',
  /** 3. A mark that disagrees with value vs target and comparator (range: the mark). */
  indicatorMarkMismatch: 'indicator/mark-mismatch',
  /** 3. A value without a mark (range: the value). */
  indicatorMissingMark: 'indicator/missing-mark',
  /** 3. A mark without a value (range: the mark). */
  indicatorMarkWithoutValue: 'indicator/mark-without-value',
  /** 3. A look-alike character used as a mark: ○ ◯ for 〇, - − — ー for － (range: the mark; fix: the legend's character). */
  indicatorLookalikeMark: 'indicator/lookalike-mark',
  /** 3. A mark that is not in the document's legend (凡例 / 達成状況の区分) (range: the mark). */
  indicatorMarkNotInLegend: 'indicator/mark-not-in-legend',
  /** 3. Marks used but the document declares no scale for them (range: the mark). */
  indicatorUndeclaredScale: 'indicator/undeclared-scale',
  /** 2. An invalid era form: 令和0年度, 令和1年度 (元), 昭和64年度 (range: the year). */
  fiscalYearInvalidEra: 'fiscal-year/invalid-era',
  /** 2. A year of an era that had ended (平成32年度) or another era than the document's (range: the year). */
  fiscalYearMixedEra: 'fiscal-year/mixed-era',
  /** 2. 平成31年度 and 令和元年度 both present as different years (range: each occurrence of the name the document should not use; fix: the document's own name). */
  fiscalYearSameYearTwoNames: 'fiscal-year/same-year-two-names',
  /** 2. A result for a year after the document's year or 基準時点 (range: the year). */
  fiscalYearFutureResult: 'fiscal-year/future-result',
  /** 2. 決算額 for a fiscal year not yet closed (range: the key). */
  fiscalYearBudgetNotClosed: 'fiscal-year/budget-not-closed',
  /** 2. Budget columns not the consecutive (N−2)決算額, (N−1)予算額, N予算額 (range: the 予算 key). */
  fiscalYearBudgetColumns: 'fiscal-year/budget-columns',
  /** 2. A date in a 取組実績 outside the fiscal year it is reported under (range: the date). */
  fiscalYearDateOutsideYear: 'fiscal-year/date-outside-year',
  /** 2. 次年度 / 翌年度 written as a year that is not the sheet's year + 1 (range: the year; fix: the right year). */
  fiscalYearNextYear: 'fiscal-year/next-year',
  /** 2. A 目標年度 before the plan year (range: the year). */
  fiscalYearTargetYear: 'fiscal-year/target-year',
  /** 2. A 目標年度 outside the plan period written in 計画期間 (区運営方針, optional key) (range: the 目標年度). */
  fiscalYearOutsidePlanPeriod: 'fiscal-year/outside-plan-period',
  /** 1. A placeholder (—, －, -, 未定) where a target belongs (range: the placeholder). */
  targetPlaceholder: 'target/placeholder',
  /** 6. Labels (ア, イ …; (ア), (イ) …) out of sequence in a list (range: the label). */
  idLabelSequence: 'id/label-sequence',
  /** 6. A 【再掲】 whose text differs from the item it repeats (range: the repeated text; fix: the original). */
  referenceRepeatDiffers: 'reference/repeat-differs',
  /** 5. An average or total stated in text that the table it summarises does not reproduce (range: the figure). */
  countStatedAverage: 'count/stated-average',
  /** 4. A goal due before the 基準時点 still 実施中 (range: 実施状況). */
  deadlineOverdue: 'deadline/overdue',
  /** 4. 完了 while the goal's quantity (全区 = 24) is not met by the reported figures (range: 実施状況). */
  deadlineCompletedUnmet: 'deadline/completed-unmet',
  /** 5. A ward count above 24 (range: the value). */
  countWardsOver24: 'count/wards-over-24',
  /** 5. Parts (内訳) that do not add up to their whole (range: the whole). */
  countBreakdownSum: 'count/breakdown-sum',
  /** 5. A rate that is not numerator/denominator (range: the value). */
  countRate: 'count/rate',
  /** 5. A percentage outside 0–100 (range: the value). */
  countPercentageRange: 'count/percentage-range',
  /** 6. A ward name that is not one of the 24 (range: the name). */
  wardUnknownName: 'ward/unknown-name',
  /** 6. A 24-ward table that lists a ward twice or misses one (range: the table key or the duplicate). */
  wardTableIncomplete: 'ward/table-incomplete',
  /** 6. A 【再掲】 reference that does not resolve (range: the reference). */
  referenceDangling: 'reference/dangling',
  /** 6. An id that is duplicated or not under its parent (5-1-1 under 5-1 under 5) (range: the id). */
  idHierarchy: 'id/hierarchy',
  /** 6 / 7. A 担当 ward chief who is not among the attendees (range: the 担当 entry). */
  minutesOwnerAbsent: 'minutes/owner-absent',
  /** 7. A weekday that does not match the date (range: the weekday; fix: the right weekday). */
  minutesWeekdayMismatch: 'minutes/weekday-mismatch',
  /** 7. A time range whose start is not before its end (range: 終了). */
  minutesTimeRange: 'minutes/time-range',
  /** 7. Items not numbered 1..n (range: the first wrong number). */
  minutesNumbering: 'minutes/numbering',
  /** 7. A date that does not exist or lies outside its era (range: the date). */
  dateInvalid: 'date/invalid',

  // Year over year, with last year's sheet in the workspace (yearOverYear.ts).
  /** A row 完了 in last year's sheet of the same kind and ward that is 実施中 again (range: 実施状況). */
  carryOverCompletedReopened: 'carry-over/completed-reopened',
  /** A target (めざす姿 of the same row, 目標値 of the same indicator) changed since last year's sheet without a note (range: the new target). */
  carryOverTargetChanged: 'carry-over/target-changed',
  /** Last year's 次年度以降の取組内容 none of whose content words appear in this year's 実績 of the same 取組項目 (range: 主な取組実績). */
  carryOverPlanUntraced: 'carry-over/plan-untraced',
  /** An indicator's value for an earlier year that differs from last year's sheet (range: the value). */
  carryOverValueChanged: 'carry-over/value-changed',

  // Suppression comments (suppression.ts).
  /** A `# policy-sheets-disable…` comment, or one code of it, that suppressed nothing (range: the code; fix: remove it). */
  suppressionUnused: 'suppression/unused',

  // Writing checks on free text (8), run by textlint rules in a worker; default severity info.
  /** 8. The same word twice in a row (range: the repeated word). */
  writingSuccessiveWord: 'writing/ja-no-successive-word',
  /** 8. The same phrase twice in a row (「区政会議の開催、区政会議の開催」) (range: the repetition). */
  writingRepeatedPhrase: 'writing/repeated-phrase',
  /** 8. A particle doubled in one sentence (range: the particle). */
  writingDoubledJoshi: 'writing/no-doubled-joshi',
  /** 8. ら抜き言葉 (食べれる) (range: the word). */
  writingDroppingTheRa: 'writing/no-dropping-the-ra',
  /** 8. です・ます and である mixed within one field (range: the minority form). */
  writingMixDearuDesumasu: 'writing/no-mix-dearu-desumasu',
  /** 8. Half-width katakana (range: the katakana). */
  writingHankakuKana: 'writing/no-hankaku-kana',
  /** 8. Full-width and half-width alphabetic characters mixed (range: the full-width letters). */
  writingMixedZenkakuHankaku: 'writing/no-mixed-zenkaku-and-hankaku-alphabet',
  /** 8. A date in text whose weekday is wrong (range: the weekday). */
  writingDateWeekday: 'writing/date-weekday-mismatch',
  /** 8. A 公用文 form or a name these documents get wrong (prh dictionary) (range: the expression). */
  writingTerms: 'writing/prh',
} as const;

/** Union of every diagnostic code string. */
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** Every code, for settings and documentation. */
export const allDiagnosticCodes: readonly DiagnosticCode[] = Object.values(DiagnosticCode);

/** Base address of the diagnostic documentation; each code is an anchor on that page. */
export const diagnosticDocsBase = 'https://github.com/policy-sheets/policy-sheets/blob/main/docs/diagnostics.md';

/** Link for a code's `codeDescription.href`: the docs page with the code as anchor ("yaml/syntax" → "#yamlsyntax"). */
export function diagnosticHref(code: DiagnosticCode): string {
  return `${diagnosticDocsBase}#${code.replace(/[^a-z0-9-]/g, '')}`;
}
