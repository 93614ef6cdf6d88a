/** Sheets that refer to each other, for the workspace tests (protocol and CLI). */
// A workspace on disk: a 区運営方針 and two 振り返りシート of 北区 令和6年度, minutes in a plain
// .yaml with a first line 様式:, a non-sheet yaml and a dangling symlink that cannot be read.
export const plan = `様式: 区運営方針
区名: 北区
年度: 令和6年度
経営課題:
  - 番号: 1
    名称: 区民から信頼される区役所づくり
    戦略:
      - 番号: 1-1
        名称: 区民ニーズの把握
        具体的取組:
          - 番号: 1-1-1
            名称: 窓口サービスの向上と待ち時間の短縮
`;
export const review = `様式: 振り返りシート
基準時点: 令和6年度末
柱:
  - 番号: 1
    名称: ニア・イズ・ベターの追求
    中項目:
      - 番号: 1
        名称: 地域社会の活性化
        取組項目:
          - 名称: 地域活動の担い手づくり
            行:
              - めざす姿: 地域活動の担い手が増える
                具体的取組: 具体的取組1-1-1「窓口サービスの向上と待ち時間の短縮」と連携して進める
                実施状況: 実施中
              - めざす姿: 区政会議の公開
                具体的取組: —
                再掲: 2 (1)
`;
export const review2 = (section: number) => `様式: 振り返りシート
基準時点: 令和6年度末
柱:
  - 番号: 2
    名称: 区役所の改革
    中項目:
      - 番号: ${section}
        名称: 区政会議の運営
        取組項目:
          - 名称: 区政会議の公開
            行:
              - めざす姿: 区政会議の公開
                具体的取組: 配信する
                実施状況: 完了
`;
export const minutes = `様式: 部会議事概要
回: 1
部会名: 人事・財政部会
公開区分: 公開
日時: 令和6年5月1日（水）
場所: web会議
出席者: [北区長]
議事:
  - 番号: 1
    件名: 窓口の改善
    要旨: 北区の「窓口サービスの向上と待ち時間の短縮」を紹介した。
`;

