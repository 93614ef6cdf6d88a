// The usage texts of the CLI's commands that live in their own bundles (render, report, diff):
// `policy-sheets --help` prints them without loading those commands' code (exceljs, vega …).

/** Usage of `policy-sheets render` (Japanese, for staff). */
export const renderUsage = `使い方: policy-sheets render <ファイル|フォルダ…> --format html|pdf|xlsx [-o <ファイル|フォルダ>] [--browser <パス>] [--fail-on-error]
  シートを様式どおりの HTML・PDF・Excel に書き出します。出力先の既定は各シートと同じフォルダ（拡張子だけ変えた名前）。
  -o: シートが 1 つならファイル名（既存のフォルダか末尾が / ならフォルダ）、複数ならフォルダ。
  --browser: PDF を印刷する Chrome・Edge・Chromium の実行ファイル（既定: よくある場所を探す）。
  エラーのあるシートも書き出し、エラーを標準エラーに警告します（--fail-on-error なら書き出さない）。
  終了コード: 0 書き出し済み（警告のみを含む）、1 エラーのあるシートあり、2 使い方の誤り・読めない入力・書き出せない出力先。`;

/** Usage of `policy-sheets report` (Japanese, for staff). */
export const reportUsage = `使い方: policy-sheets report <フォルダ|ファイル…> [-o report.html]
  フォルダの中のすべてのシートを、区別・シート別に取りまとめた 1 枚の HTML（印刷用）にします:
  診断の種類別の件数、実施状況（実施中・完了）、指標の達成・未達成、区別の達成状況の図（各シートへのリンク付き）。
  -o を省くと標準出力に書きます。終了コード: 0 書き出し済み、2 使い方の誤り・シートなし・読めない入力・書き出せない出力先。`;

/** Usage of `policy-sheets diff` (Japanese, for staff). */
export const diffUsage = `使い方: policy-sheets diff <旧のシート> <新のシート> [-o diff.html]
  同じシートの 2 つの版を様式の表のとおりに比べ、新旧対照表（印刷用 HTML）にします:
  変わったセルごとに 旧 / 新 の 2 列、変わらない行はまとめて件数で示します。
  -o を省くと標準出力に書きます。終了コード: 0 書き出し済み、2 使い方の誤り・読めない入力・書き出せない出力先。`;
