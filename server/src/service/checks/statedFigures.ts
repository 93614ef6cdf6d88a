/**
 * Averages and totals stated in text against the 24-ward table (区別実績) they summarise
 * (../shared/domain.md, "Real mistakes a careful reviewer finds": 001's 「令和4年度全区平均 48.7%」,
 * while the simple mean of the table's R4 column is 48.29%).
 *
 * count/stated-average (info): the stated figure is compared with the table's own aggregate row
 * (全区平均, 合計 …) if it has one, else with the simple mean (平均) or the sum (合計) of the column
 * of the year named before it (R4 for 令和4年度), rounded to the decimals written. A figure that
 * matches raises nothing. One that does not is reported as "cannot be verified from the table":
 * a weighted average (by population, by respondents) is not wrong, but the table cannot show it.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import { type Era, toAsciiDigits, toAsciiLetters } from '../domain/era';
import { formatDecimal, parseWrittenNumber, type Decimal } from '../domain/numbers';
import { normalizeWardName, wardByName } from '../domain/wards';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo, itemProblems } from './itemMemo';
import { basisOf, reviewRows, rowObject } from './review';
import { parseYearText } from './fiscalYears';
import { type DataPath, isRecord, problemAt } from './support';

// [year] 全区平均 / 平均 / 全区合計 / 合計 [は|:] number [unit]. Every run of spaces is bounded.
const statedPattern =
  /(?:((?<![0-9０-９])(?:19|20|１９|２０)[0-9０-９]{2}[ \u3000]{0,2}年度?|(?:令和|平成|(?<![A-Za-zＡ-Ｚａ-ｚ])[RHＲＨ])[ \u3000]{0,2}(?:[0-9０-９]{1,2}|元)(?:[ \u3000]{0,2}年度?)?|(?<![0-9０-９])(?:[0-9０-９]{1,2}|元)[ \u3000]{0,2}年度?)[ \u3000]{0,2}の?[ \u3000]{0,2})?(全区|全市|各区の?)?(平均|合計)(?:値)?[ \u3000]{0,2}(?:は|が|で|:|：)?[ \u3000]{0,2}([0-9０-９]+(?:[.．][0-9０-９]+)?)[ \u3000]{0,2}(%|％|ポイント)?/g;

const aggregateNames: Record<'平均' | '合計', ReadonlySet<string>> = {
  平均: new Set(['全区平均', '平均', '市平均', '全市平均']),
  合計: new Set(['合計', '計', '全区合計', '全市', '全区計']),
};

/** Row fields whose text may state a figure about the row's table. */
const fields = ['めざす姿', '主な取組実績', '課題', '次年度以降の取組内容', '参考'] as const;

function roundTo(value: number, decimals: number): string {
  return (Math.round(value * 10 ** decimals + 1e-9) / 10 ** decimals).toFixed(decimals);
}

function checkStatedFigures(context: CheckContext): Problem[] {
  const era: Era = basisOf(context.data)?.era ?? '令和';
  // Memoised per row (./itemMemo.ts): a row's findings depend on the row and the era only.
  return itemProblems(context, statedMemo, era, reviewRows(context.data), rowObject, ({ path, row }) => {
    const problems: Problem[] = [];
    const table = row['区別実績'];
    if (!isRecord(table) || !Array.isArray(table['行'])) return problems;
    const columns = Array.isArray(table['列']) ? table['列'].map((c) => (typeof c === 'string' ? parseYearText(c, era)?.ref.fiscalYear : undefined)) : [];
    const rows = (table['行'] as unknown[]).filter(isRecord);
    for (const field of fields) {
      const value = row[field];
      const list: [DataPath, string][] = typeof value === 'string' ? [[[...path, field], value]] : Array.isArray(value) ? value.flatMap((v, i): [DataPath, string][] => (typeof v === 'string' ? [[[...path, field, i], v]] : [])) : [];
      for (const [textPath, text] of list) {
        for (const m of text.matchAll(statedPattern)) {
          const kind = m[3] as '平均' | '合計';
          const yearText = m[1] ? toAsciiLetters(toAsciiDigits(m[1]).replace(/[ \u3000]/g, '').replace(/年度?$/, '')) : undefined;
          // 西暦 2022年度 is that fiscal year; 和暦 and R4 as parseYearText reads them
          const year = yearText === undefined ? undefined : /^[0-9]{4}$/.test(yearText) ? Number(yearText) : parseYearText(yearText, era)?.ref.fiscalYear;
          const column = year !== undefined ? columns.indexOf(year) : columns.length <= 1 ? 0 : -1;
          if (column < 0) continue;
          const stated = parseWrittenNumber(toAsciiDigits(m[4]!));
          if (!stated) continue;
          const cell = (r: Record<string, unknown>) => {
            const v = Array.isArray(r['値']) ? r['値'][column] : column === 0 ? r['値'] : undefined;
            return typeof v === 'number' ? v : typeof v === 'string' ? parseWrittenNumber(v)?.value : undefined;
          };
          const names = (r: Record<string, unknown>) => (typeof r['区名'] === 'string' ? normalizeWardName(r['区名']) : '');
          const aggregate = rows.find((r) => aggregateNames[kind].has(names(r)));
          const wards = rows.filter((r) => wardByName(names(r)) !== undefined).map(cell);
          if (wards.length === 0 || wards.some((v) => v === undefined)) continue;
          const numbers = wards as number[];
          const computed = aggregate !== undefined && cell(aggregate) !== undefined ? cell(aggregate)! : kind === '平均' ? numbers.reduce((a, b) => a + b, 0) / numbers.length : numbers.reduce((a, b) => a + b, 0);
          if (roundTo(computed, stated.decimals) === formatDecimal(stated.decimal as Decimal)) continue;
          const what = aggregate !== undefined ? `表の「${names(aggregate)}」行` : kind === '平均' ? `表の${numbers.length}区の単純平均` : `表の${numbers.length}区の合計`;
          const figure = `${m[4]}${m[5] ?? ''}`;
          const at = m.index + m[0].length - figure.length;
          problems.push(
            problemAt(
              context,
              textPath,
              DiagnosticCode.countStatedAverage,
              `「${m[0].trim()}」は、${what}（${roundTo(computed, Math.max(stated.decimals + 1, 2))}${m[5] ?? ''}）と一致しません。加重平均など別の計算なら、表からは確かめられないので、計算方法か出典を書いてください。`,
              { severity: 'info', data: { computed: roundTo(computed, Math.max(stated.decimals + 1, 2)) }, sub: { start: at, end: at + figure.length, text: figure } },
            ),
          );
        }
      }
    }
    return problems;
  });
}

const statedMemo = new ItemMemo();

/** The checks of this module, for the registry in ./index.ts. */
export const statedFigureChecks: readonly CheckRegistration[] = [{ kinds: ['振り返りシート'], check: checkStatedFigures }];
