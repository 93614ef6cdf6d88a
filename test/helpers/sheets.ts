/**
 * Builders of small in-memory sheets for unit tests. Each returns YAML text; the caller's rows
 * are inserted verbatim at the indentation given in the TSDoc.
 */

/**
 * A 振り返りシート with one 柱 (1), one 中項目 (1) and one 取組項目 whose 行 list is `rows`
 * (YAML list items indented 14 spaces: `              - めざす姿: …`).
 */
export function reviewSheet(rows: string, basis = '令和6年度末'): string {
  return `様式: 振り返りシート
基準時点: ${basis}
柱:
  - 番号: 1
    名称: ニア・イズ・ベターの追求
    中項目:
      - 番号: 1
        名称: 地域社会におけるニア・イズ・ベターの追求
        取組項目:
          - 名称: 災害等への対応力強化
            行:
${rows}`;
}

/**
 * A 令和 区運営方針 with one 戦略 whose outcome indicator and 具体的取組 are replaceable; `legend`
 * (YAML lines ending in a newline) goes before 経営課題; `results` are list items indented 14 spaces.
 */
export function policySheet(parts: { year?: string; legend?: string; target?: string; results?: string; budget?: string; activities?: string; yearly?: string } = {}): string {
  return `様式: 区運営方針
区名: 阿倍野区
年度: ${parts.year ?? '令和6年度'}
${parts.legend ?? ''}経営課題:
  - 番号: 5
    名称: 区民から信頼される区役所づくり
    戦略:
      - 番号: "5-1"
        名称: 区政情報の発信
        アウトカム指標:
          - 指標: 割合
            目標値: 70
            単位: "%"
            比較: 以上
            目標年度: ${parts.target ?? '6年度'}
            実績:
${
  parts.results ??
  `              - 年度: 令和４年度
                値: 42.5
              - 年度: 令和５年度
                値: 52.5
              - 年度: 令和６年度
                出典: 区民モニターアンケート`
}
        具体的取組:
          - 番号: "5-1-1"
            名称: 区民ニーズの把握
            予算:
              単位: 円
${parts.budget ?? '              4決算額: 5100000\n              5予算額: 5442000\n              6予算額: 6135000'}
            主な取組:
              - 取組: 区政会議全体会の開催
                実績:
${parts.yearly ?? '                  5年度: 2回\n                  6年度: 3回'}
${parts.activities ? `            取組実績:\n${parts.activities}` : ''}`;
}

/** A valid, minimal 部会議事概要 (no findings); `件名` of its one 議事 item is `subject` (a YAML scalar). */
export function minutesSheet(subject = 'その他'): string {
  return `様式: 部会議事概要
回: 1
部会名: 人事・財政部会
公開区分: 公開
日時: {日付: 令和５年12月14日, 曜日: 木, 開始: "9:30", 終了: "10:50"}
場所: web会議
出席者: [旭区長]
議事:
  - {番号: 1, 件名: ${subject}}
`;
}
