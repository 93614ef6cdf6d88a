/**
 * New-sheet templates: for each 様式, a complete sheet with every required field, the years a
 * sheet of that ward and fiscal year needs (budget columns, 基準時点, indicator and result years,
 * the meeting date) already written, and placeholders 〔記入：…〕 where staff must write. Used by
 * `policy-sheets new` and the VS Code command 「新しいシートを作成」 (bundled into the client, so
 * this module stays pure: no fs, no vscode).
 *
 * Years follow ../shared/domain.md "Rules of the domain": a plan for FY N shows (N−2)決算額,
 * (N−1)予算額, N予算額; a 振り返りシート is written at N年度末; a bare 5年度 takes its era from the
 * document, so a year of another era is written with its era (平成30決算額 in a 令和2年度 plan).
 * `様式:` is the first line (the sheet marker VS Code and the CLI detect), then a comment naming
 * the ward and year. A template validates with no error through the language service (test/unit/templates.test.ts);
 * numbers staff must replace are 0 with a comment, fields whose placeholder would not be valid
 * (an achievement mark) are commented out.
 */
import { type Era, eras, parseFiscalYear, toAsciiDigits, weekdayOf } from './domain/era';
import { nearestWardName, wardByName, wardNames } from './domain/wards';
import { type SheetKind, sheetKinds } from './kinds';

/** The placeholder written where staff must write: 〔記入：経営課題の名称〕. */
export function placeholder(what: string): string {
  return `〔記入：${what}〕`;
}

/** Matches a placeholder left in a sheet (for finding the next one to fill in). */
export const placeholderPattern = /〔記入：[^〕\n]*〕/g;

/** A fiscal year chosen for a template: its Western number and the era the document is written in. */
export interface TemplateYear {
  /** Western fiscal year (April of this year to March of the next), 1989 or later. */
  fiscalYear: number;
  /** Era of the document's own year (平成 or 令和). */
  era: Era;
}

/** Bad input to a template (unknown ward, year or 様式); the message is Japanese, for staff. */
export class TemplateInputError extends Error {}

/**
 * Fiscal years a template can be made for: from 平成3年度, so that a plan's (N−2)決算額 is still a
 * 平成 year (the schemas' dates know 平成 and 令和 only), to 2100 (令和82年度).
 */
export const templateYearRange = { first: 1991, last: 2100 } as const;

/**
 * Reads the fiscal year a sheet is for, as staff type it: 令和7年度, 令和７年度, 令和7, R7, r7,
 * 令和元年度, 平成26年度, H26, 2025, 2025年度. A Western year is written in the era of its fiscal
 * year's 1 April, except 2019, written 令和元年度 (as documents after the change of era name it).
 * Throws TemplateInputError for anything else, for 令和0年度, and outside `templateYearRange`.
 */
export function parseTemplateYear(text: string): TemplateYear {
  const ascii = toAsciiDigits(text.trim()).replace(/\s+/g, '');
  const western = /^([0-9]{4})(年度)?$/.exec(ascii);
  let year: TemplateYear | undefined;
  if (western) {
    const fiscalYear = Number(western[1]);
    year = { fiscalYear, era: fiscalYear >= eras.令和.first ? '令和' : '平成' };
  } else {
    const parsed = parseFiscalYear(ascii) ?? parseFiscalYear(`${ascii}年度`);
    if (parsed?.problem?.kind === 'year-zero' || parsed?.problem?.kind === 'nonexistent') throw new TemplateInputError(parsed.problem.message);
    if (parsed && parsed.ref.form !== 'bare') {
      // 平成32年度 means 令和2年度: write the document in the era its year really has.
      const era: Era = parsed.problem?.kind === 'after-era-end' ? '令和' : parsed.ref.era;
      year = { fiscalYear: parsed.ref.fiscalYear, era };
    }
  }
  if (!year) throw new TemplateInputError(`年度「${text}」を読めません。令和7年度、R7、2025 のように書いてください。`);
  if (year.fiscalYear < templateYearRange.first || year.era === '昭和') throw new TemplateInputError(`年度「${text}」は平成3年度（1991年度）より前です。新しいシートは平成3年度以降について作れます。`);
  if (year.fiscalYear > templateYearRange.last) throw new TemplateInputError(`年度「${text}」は先すぎます（${templateYearRange.last}年度まで）。`);
  return year;
}

/**
 * The official name of the ward staff typed: 北区, 北 区 (padding removed), or 北 (区 added).
 * Throws TemplateInputError naming the nearest ward for anything else.
 */
export function parseTemplateWard(text: string): string {
  const ward = wardByName(text) ?? wardByName(`${text}区`);
  if (ward) return ward.name;
  const near = nearestWardName(text);
  throw new TemplateInputError(`「${text}」は大阪市の 24 区にありません。${near ? `「${near}」のことですか。` : `（${wardNames.join('・')}）`}`);
}

/** The 様式 a template can be made for, with a Japanese description for pickers. */
export const templateKinds: readonly { kind: SheetKind; description: string }[] = [
  { kind: '区運営方針', description: '経営課題・めざす成果及び戦略・具体的取組、指標と決算額・予算額' },
  { kind: '振り返りシート', description: '年度末時点の振り返り：柱・中項目・取組項目ごとのめざす姿と実績' },
  { kind: '市政改革プラン進捗', description: '事項ごとの目標・主な取組・達成状況・評価・課題・方向性' },
  { kind: '部会議事概要', description: '区長会議の部会の日時・出席者・議事' },
];

/** The 様式 named by `text` (exact), or TemplateInputError listing the known ones. */
export function parseTemplateKind(text: string): SheetKind {
  const kind = sheetKinds.find((k) => k === text.trim());
  if (!kind) throw new TemplateInputError(`様式「${text}」はありません。${sheetKinds.join('、')} のどれかです。`);
  return kind;
}

/** The era a fiscal year is written in when it is not the document's era's. */
function eraOfYear(fiscalYear: number): Era {
  return fiscalYear >= eras.令和.first ? '令和' : '平成';
}

/** Whether `fiscalYear` can be written as a year of `era` (inside the era's span). */
function inEra(fiscalYear: number, era: Era): boolean {
  const { first, lastYear } = eras[era];
  return fiscalYear >= first && (lastYear === undefined || fiscalYear <= first + lastYear - 1);
}

/** An era year: 元 for 1. */
function eraYear(era: Era, fiscalYear: number): string {
  const n = fiscalYear - eras[era].first + 1;
  return n === 1 ? '元' : String(n);
}

/** A fiscal year in full: 令和7年度, 令和元年度 (in the document's era when it can be). */
export function fullYear(fiscalYear: number, documentEra: Era): string {
  const era = inEra(fiscalYear, documentEra) ? documentEra : eraOfYear(fiscalYear);
  return `${era}${eraYear(era, fiscalYear)}年度`;
}

/**
 * A fiscal year as the head of a key: 5 (bare, the document's era) or 平成30 (another era), as in
 * 5年度 and 5決算額 — the form fiscal-year/budget-columns expects.
 */
export function shortYear(fiscalYear: number, documentEra: Era): string {
  if (inEra(fiscalYear, documentEra)) return eraYear(documentEra, fiscalYear);
  const era = eraOfYear(fiscalYear);
  return `${era}${eraYear(era, fiscalYear)}`;
}

/** A calendar date in 和暦 (令和7年4月1日), in the era in force on that day. */
function warekiDate(year: number, month: number, day: number): string {
  const iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const era: Era = iso >= eras.令和.start ? '令和' : '平成';
  return `${era}${eraYear(era, year)}年${month}月${day}日`;
}

/** Inputs of a template. */
export interface TemplateOptions {
  /** Official ward name (see `parseTemplateWard`). */
  ward: string;
  /** The sheet's fiscal year (see `parseTemplateYear`). */
  year: TemplateYear;
}

/** The file name proposed for a new sheet: 北区-区運営方針-令和7年度.sheet.yaml. */
export function templateFileName(kind: SheetKind, { ward, year }: TemplateOptions): string {
  return `${ward}-${kind}-${fullYear(year.fiscalYear, year.era)}.sheet.yaml`;
}

/**
 * The YAML text of a new sheet of `kind` for a ward and fiscal year (LF line ends, ending in a
 * newline). Throws TemplateInputError when `ward` is not one of the 24 official names.
 */
export function createTemplate(kind: SheetKind, options: TemplateOptions): string {
  if (wardByName(options.ward)?.name !== options.ward) throw new TemplateInputError(`「${options.ward}」は大阪市の区の正式な名前ではありません。`);
  return builders[kind](options);
}

const builders: Record<SheetKind, (options: TemplateOptions) => string> = {
  区運営方針: policyPlan,
  振り返りシート: reviewSheet,
  市政改革プラン進捗: reformProgress,
  部会議事概要: minutes,
};

/** 区運営方針 for FY N: indicators with results for N−2…N, budget (N−2)決算額 (N−1)予算額 N予算額. */
function policyPlan({ ward, year: { fiscalYear: n, era } }: TemplateOptions): string {
  const full = (fy: number) => fullYear(fy, era);
  const short = (fy: number) => shortYear(fy, era);
  const results = (indent: string, source: boolean) =>
    [n - 2, n - 1, n]
      .map((fy) => `${indent}- 年度: ${full(fy)}\n${indent}  # 値: 0  達成状況: 〇  ← 実績が出たら書く（凡例の記号）\n${source ? `${indent}  出典: ${placeholder(`${full(fy)}の値の出典（アンケート名など）`)}\n` : ''}`)
      .join('');
  return `様式: 区運営方針
# ${ward} ${full(n)} 区運営方針（新しいシート）
# 〔記入〕の欄を書き換えてください。数値の 0 は仮の値です。
区名: ${ward}
年度: ${full(n)}
凡例: { "〇": 目標達成, "－": 目標未達成 }
経営課題:
  - 番号: 1
    名称: ${placeholder('経営課題の名称')}
    概要: ${placeholder('経営課題の説明')}
    戦略:
      - 番号: 1-1
        名称: ${placeholder('めざす成果及び戦略の名称')}
        めざす状態: ${placeholder('めざす状態')}
        現状: ${placeholder('現状')}
        課題: ${placeholder('課題')}
        中期的な取組の方向性: ${placeholder('中期的な取組の方向性')}
        アウトカム指標:
          - 指標: ${placeholder('アウトカム指標の文言')}
            目標値: 0 # ← 目標の数値
            単位: "%"
            比較: 以上
            目標年度: ${full(n)}
            実績:
${results('              ', true)}        自己評価: ${placeholder(`戦略の自己評価（${full(n)}）`)}
        改善策: ${placeholder('改善策')}
        具体的取組:
          - 番号: 1-1-1
            名称: ${placeholder('具体的取組の名称')}
            概要: ${placeholder('取組の概要')}
            予算: # ← 金額（円）。別予算がなければ "－"
              単位: 円
              ${short(n - 2)}決算額: 0
              ${short(n - 1)}予算額: 0
              ${short(n)}予算額: 0
            主な取組:
              - 取組: ${placeholder('主な取組')}
                計画: ${placeholder('計画（年5回 など）')}
                実績:
                  ${short(n - 1)}年度: ${placeholder(`${full(n - 1)}の実績`)}
                  ${short(n)}年度: ${placeholder(`${full(n)}の実績`)}
            プロセス指標:
              - 指標: ${placeholder('プロセス（過程）指標の文言')}
                目標値: 0 # ← 目標の数値
                単位: "%"
                比較: 以上
                実績:
${results('                  ', false)}            区政会議等意見: ${placeholder('区政会議等での意見')}
`;
}

/** 振り返りシート at the end of FY N: 基準時点 N年度末, one row of the table. */
function reviewSheet({ ward, year: { fiscalYear: n, era } }: TemplateOptions): string {
  const full = (fy: number) => fullYear(fy, era);
  return `様式: 振り返りシート
# ${ward} ${full(n)}末時点振り返りシート（新しいシート）
# 〔記入〕の欄を書き換えてください。
基準時点: ${full(n)}末
柱:
  - 番号: 1
    名称: ${placeholder('柱の名称（ニア・イズ・ベターの追求 など）')}
    中項目:
      - 番号: 1
        名称: ${placeholder('中項目の名称')}
        取組項目:
          - 名称: ${placeholder('取組項目の名称')}
            行:
              - めざす姿: ${placeholder(`めざす姿（取組目標）。期限と量を含める（例：${full(n + 2)}末までに全区で）`)}
                具体的取組: ${placeholder('具体的取組')}
                主な取組実績: ${placeholder(`${full(n)}の主な取組実績（実績数値など）`)}
                実施状況: 実施中 # 実施中 または 完了
                課題: ${placeholder('課題')}
                次年度以降の取組内容: ${placeholder(`${full(n + 1)}以降の取組内容（課題に対する対応等）`)}
`;
}

/** 市政改革プラン進捗 for FY N: 時点 the end of March of N+1, the ①/② scale declared. */
function reformProgress({ ward, year: { fiscalYear: n, era } }: TemplateOptions): string {
  const full = (fy: number) => fullYear(fy, era);
  return `様式: 市政改革プラン進捗
# ${ward} ${full(n)} 市政改革プラン進捗（新しいシート）
# 〔記入〕の欄を書き換えてください。
年度: ${full(n)}
時点: ${warekiDate(n + 1, 3, 31).replace(/31日$/, '末')}
達成状況の区分: { "①": 達成, "②": 未達成 }
柱:
  番号: 1
  名称: ${placeholder('柱の名称')}
事項:
  - 番号: 1-①
    名称: ${placeholder('事項の名称')}
    趣旨・目的: ${placeholder('趣旨・目的')}
    取組の考え方: ${placeholder('取組の考え方（戦略）')}
    成果目標: ${placeholder('成果目標')}
    業績目標: ${placeholder('業績目標')}
    取組内容: ${placeholder(`${full(n)}の取組内容`)}
    主な取組: ${placeholder('主な取組')}
    # 業績目標の達成状況: ①  ← 達成状況の区分の記号を書く
    評価: ${placeholder('戦略の進捗状況の評価')}
    課題: ${placeholder('次年度以降の課題')}
    方向性: ${placeholder(`${full(n + 1)}以降の取組の方向性と取組内容`)}
`;
}

/** 部会議事概要 in FY N: dated 1 April of N with its weekday, the ward's chief attending. */
function minutes({ ward, year: { fiscalYear: n } }: TemplateOptions): string {
  const chief = `${ward}長`;
  return `様式: 部会議事概要
# ${ward} 部会議事概要（新しいシート）
# 〔記入〕の欄を書き換えてください。回・日付・曜日・時刻は仮の値です。
回: 1 # ← 第何回か
部会名: ${placeholder('部会名')}
公開区分: 公開
日時: { 日付: ${warekiDate(n, 4, 1)}, 曜日: ${weekdayOf(n, 4, 1)}, 開始: "10:00", 終了: "11:00" }
場所: ${placeholder('開催場所')}
出席者:
  - ${chief}
議事:
  - 番号: 1
    件名: ${placeholder('件名')}
    区分: 報告
    担当:
      - ${chief}
    案件概要: ${placeholder('案件の概要')}
    要旨: ${placeholder('議事の要旨')}
`;
}
