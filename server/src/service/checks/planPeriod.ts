/**
 * fiscal-year/outside-plan-period (../shared/domain.md "Checks the language server must make" 2:
 * "years outside the plan period"; issue 9 §4). The seeds state a plan period only in prose, and
 * not reliably (002 gives a target year per indicator, 「6年度までに」; 001 names the period of
 * another plan, 「(計画期間 令和7年度まで)」), so the period is an optional structured key of the
 * 区運営方針, `計画期間: 令和6～8年度`, written the way the seeds write year ranges (令和５～８年度).
 * Without it nothing is checked.
 *
 * Reads: 計画期間 and each indicator's 目標年度 (アウトカム指標, プロセス指標). A 目標年度 before the
 * plan's own 年度 is fiscal-year/target-year's finding and is not reported again here.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { type Era, eras, parseFiscalYear, toAsciiDigits } from '../domain/era';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { collectYears, documentYear } from './fiscalYears';
import { problemAt } from './support';

/** A plan period: first and last fiscal year (Western numbers), inclusive, and its label as written. */
export interface PlanPeriod {
  start: number;
  end: number;
  label: string;
}

const side = '((?:令和|平成|[RH])?[ \\u3000]{0,2}(?:[0-9]{1,2}|元)(?:年度)?)';
const rangePattern = new RegExp(`^${side}[ \\u3000]{0,2}(?:[～〜~－\\-]|から)[ \\u3000]{0,2}${side}(?:まで)?$`);

/**
 * Reads a plan period as written: 令和6～8年度, 令和6年度～令和8年度, R6～R8, 令和６〜８年度,
 * 令和6年度から令和8年度まで. The end takes the start's era when it names none; a start without an
 * era takes `documentEra`. Undefined when the text is not such a range or ends before it starts.
 */
export function parsePlanPeriod(text: string, documentEra: Era = '令和'): PlanPeriod | undefined {
  const m = rangePattern.exec(toAsciiDigits(text.trim()));
  if (!m) return undefined;
  // R6 parses as it is; 令和6 and a bare 8 need 年度.
  const year = (written: string, era: Era) => {
    const compact = written.replace(/[ \u3000]/g, '');
    return parseFiscalYear(/年度$|^[RH]/.test(compact) ? compact : `${compact}年度`, era);
  };
  const first = year(m[1]!, documentEra);
  if (!first || first.problem) return undefined;
  const last = year(m[2]!, first.ref.era);
  if (!last || last.problem || last.ref.fiscalYear < first.ref.fiscalYear) return undefined;
  return { start: first.ref.fiscalYear, end: last.ref.fiscalYear, label: text.trim() };
}

function label(fiscalYear: number): string {
  const era: Era = fiscalYear >= 2020 ? '令和' : '平成';
  const n = fiscalYear - eras[era].first + 1;
  return `${era}${n === 1 ? '元' : n}年度`;
}

/** fiscal-year/outside-plan-period (warning): a 目標年度 after the end of 計画期間, or before its start. Range: the 目標年度. */
function checkPlanPeriod(context: CheckContext): Problem[] {
  const written = context.data['計画期間'];
  if (typeof written !== 'string') return [];
  const document = documentYear(context.data);
  const period = parsePlanPeriod(written, document.era);
  if (!period) return [];
  return collectYears(context.data, document.era, document.fiscalYear)
    .filter((y) => !y.problem && y.path[y.path.length - 1] === '目標年度')
    .filter((y) => y.ref.fiscalYear > period.end || (y.ref.fiscalYear < period.start && (document.fiscalYear === undefined || y.ref.fiscalYear >= document.fiscalYear)))
    .map((y) =>
      problemAt(
        context,
        y.path,
        DiagnosticCode.fiscalYearOutsidePlanPeriod,
        `目標年度「${y.written.trim()}」は計画期間（${period.label} = ${label(period.start)}〜${label(period.end)}）の外です。期間内の年度にするか、計画期間を確かめてください。`,
        { severity: 'warning', data: { start: period.start, end: period.end } },
      ),
    );
}

/** The plan-period check, registered in checks/index.ts. */
export const planPeriodChecks: readonly CheckRegistration[] = [{ kinds: ['区運営方針'], check: checkPlanPeriod }];
