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
