// Neovim's built-in LSP client against `node dist/server.js --stdio`: completion on a new row of
// 001 gives the row's keys in the 様式's order as plain text (Neovim 0.7 announces no snippet
// support), and a hover on 基準時点 gives the year conversion.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { runNvim } from './support/neovim';
import { requireTools, samplesDir, tools } from './support/tools';

describe('Neovim (nvim --headless, built-in LSP client): completion and hover', () => {
  it('receives the keys of a new 001 row in the 様式\'s order, and the year conversion on hover', async (t) => {
    if (!requireTools(t, tools.nvim)) return;
    const lines = readFileSync(path.join(samplesDir, '001-furikaeri-r6.sheet.yaml'), 'utf8').split('\n');
    const anchor = lines.findIndex((l) => l.includes('- すでに利用している地域の事例等を紹介し導入を促す。'));
    const text = [...lines.slice(0, anchor + 1), '              - ', ...lines.slice(anchor + 1)].join('\n');
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-sheets-nvim-completion-'));
    try {
      const sheet = path.join(dir, '001-new-row.sheet.yaml');
      writeFileSync(sheet, text);
      const basis = lines.findIndex((l) => l.startsWith('基準時点:'));
      const result = await runNvim({ sheet, script: 'completion.lua', env: { LINE: String(anchor + 1), CHARACTER: '16', HOVER_LINE: String(basis), HOVER_CHARACTER: '8' } });
      assert.equal(result.filetype, 'policy-yaml');
      const items = [...(result.completion ?? [])].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
      assert.deepEqual(items.slice(0, 6).map((i) => i.label), ['めざす姿', '具体的取組', '主な取組実績', '実績値', '区別実績', '実施状況']);
      assert.equal(items[0]!.detail, 'めざす姿 (取組目標)（必須）');
      for (const item of items) assert.equal(item.insertTextFormat, 1, `${item.label}: plain text for a client without snippets`);
      assert.ok(result.words?.includes('めざす姿: '), `Neovim offers the insert text: ${JSON.stringify(result.words)}`);
      assert.match(result.hover ?? '', /令和6年度 = 2024年度：2024年4月1日〜2025年3月31日/);
      t.diagnostic(`nvim ${result.nvim.major}.${result.nvim.minor}.${result.nvim.patch}: ${items.length} item(s)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
