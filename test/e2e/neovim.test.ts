// Neovim's built-in LSP client against `node dist/server.js --stdio`: the diagnostics it receives
// for each sample equal the CLI's findings (code and range), and an edit shows and clears one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cliFindings, findingKeys, keysOf, sampleSheets } from './support/cli';
import { runNvim, type NvimDiagnostic } from './support/neovim';
import { requireTools, samplesDir, tools } from './support/tools';

const severityNumber: Record<string, number> = { error: 1, warning: 2, info: 3, information: 3, hint: 4 };
const lspKeys = (ds: NvimDiagnostic[]) => keysOf(ds.map((d) => ({ code: String(d.code), line: d.range.start.line })));
type Range = NvimDiagnostic['range'];
const full = (code: unknown, severity: unknown, r: Range) =>
  `${String(code)} severity=${String(severity)} ${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
const lspFull = (ds: NvimDiagnostic[]) => ds.map((d) => full(d.code, d.severity, d.range)).sort();

describe('Neovim (nvim --headless, built-in LSP client)', () => {
  for (const sample of sampleSheets()) {
    it(`receives the CLI's diagnostics for ${sample}`, async (t) => {
      if (!requireTools(t, tools.nvim)) return;
      const file = path.join('samples', sample);
      const expected = cliFindings(file);
      // The writing checks' findings come seconds after the structural ones (dictionary load).
      const result = await runNvim({ sheet: file, openCount: expected.length, timeoutMs: 60_000 });
      assert.equal(result.filetype, 'policy-yaml');
      const open = result.phases[0]!;
      assert.deepEqual(
        lspFull(open.lsp),
        expected.map((f) => full(f.code, severityNumber[f.severity], f.range)).sort(),
        'publishDiagnostics (code, range, severity) = CLI findings',
      );
      // What Neovim stores for the buffer (vim.diagnostic) carries the same codes on the same lines.
      assert.deepEqual(keysOf(open.shown.map((d) => ({ code: String(d.code), line: d.lnum }))), findingKeys(expected));
      t.diagnostic(`nvim ${result.nvim.major}.${result.nvim.minor}.${result.nvim.patch} via ${result.api}: ${expected.length} diagnostic(s)`);
    });
  }

  it('shows a diagnostic for a wrong enum value as the buffer changes, and clears it on undo', async (t) => {
    if (!requireTools(t, tools.nvim)) return;
    const sample = sampleSheets().find((s) => /^公開区分:\s*\S/m.test(readFileSync(path.join(samplesDir, s), 'utf8')));
    if (!sample) return t.skip('no sample has a 公開区分 line');
    const file = path.join('samples', sample);
    const lines = readFileSync(path.join(samplesDir, sample), 'utf8').split('\n');
    const line = lines.findIndex((l) => /^公開区分:\s*\S/.test(l));
    const result = await runNvim({ sheet: file, edit: { line, text: `${lines[line]}X` }, openCount: cliFindings(file).length, timeoutMs: 60_000 });
    const [open, edit, undo] = result.phases;
    const before = lspKeys(open!.lsp);
    const added = lspKeys(edit!.lsp).filter((k) => !before.includes(k));
    assert.deepEqual(added, [`schema/enum@${line}`], 'the edit adds exactly one schema/enum diagnostic on the edited line');
    assert.deepEqual(lspKeys(undo!.lsp), before, 'undo restores the original diagnostics');
    assert.ok(edit!.version > open!.version, 'diagnostics are for the edited document version');
  });
});
