// The packaged extension in a real VS Code workbench (code-server + Debian's Chromium): what a
// user sees — Problems entries and squiggles equal to the CLI's findings for every sample, new
// diagnostics appearing and going as the user types, the language status item, no unicode banner.
// Screenshots: test-results/e2e/code-server/*.png.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe } from 'node:test';
import { cliFindings, sampleSheets } from './support/cli';
import { cliFindingsForText, expectedProblemKeys, lineMatching, problemKey, sampleText } from './support/sheets';
import { workbenchSuite } from './support/suite';
import { itUnless, missingTools, suiteSkip, tools } from './support/tools';
import { type Problem, waitFor, Workbench } from './support/workbench';

const missing = missingTools(tools.node24, tools.codeServer, tools.chromium, tools.vsce);
const skip = suiteSkip(missing);
const it = itUnless(skip);
const keys = (ps: Problem[]) => ps.map(problemKey).sort();

/**
 * A sync barrier with the server: type a character that makes 様式 unknown on line 1, wait for its
 * diagnostic, undo, and wait for it to go. Afterwards the Problems panel shows the server's answer
 * for the file as saved — also when that answer is "no problems".
 */
async function barrier(wb: Workbench, file: string): Promise<void> {
  await wb.goToLine(1);
  await wb.press('End');
  await wb.type('X');
  await wb.waitForDiagnostic(file, 'sheet/unknown-kind', 0, { timeout: 30_000 });
  await wb.press('Control+Z');
  await wb.waitForNoDiagnostic(file, 'sheet/unknown-kind', 0, { timeout: 30_000 });
}

describe('VS Code workbench (code-server) with the packaged .vsix', () => {
  let wb: Workbench;

  workbenchSuite('code-server', { trusted: true }, skip, missing, (started) => (wb = started.wb));

  it('activates on a sheet: language mode "Policy Sheet", status item shows the server running', async (t) => {
    const first = sampleSheets()[0]!;
    await wb.openFile(first);
    assert.match(await wb.languageMode(), /Policy Sheet/);
    // 起動中 (starting) until the server reports its status.
    const status = await waitFor(() => wb.languageStatus(), (v) => /Policy Sheets/.test(v) && !/起動中/.test(v), { message: 'language status leaves 起動中' });
    assert.match(status, /Policy Sheets/);
    assert.doesNotMatch(status, /停止|異常|stopped|error/i, 'server is not stopped or broken');
    assert.match(status, /Policy Sheets: 稼働中/, 'server reported ready');
    const hover = await wb.openLanguageStatusHover();
    assert.match(hover, /Policy Sheets/);
    await wb.screenshot('language-status');
    await wb.press('Escape');
    t.diagnostic(`language status: ${status}`);
  });

  for (const sample of sampleSheets()) {
    it(`${sample}: Problems entries and squiggles equal the CLI's findings`, async (t) => {
      const expected = cliFindings(path.join('samples', sample));
      const expectedKeys = expectedProblemKeys(expected);
      await wb.openFile(sample);
      await barrier(wb, sample);
      const problems = await wb.waitForProblems(sample, (ps) => keys(ps).join('\n') === expectedKeys.join('\n'), { timeout: 30_000 });
      assert.deepEqual(keys(problems), expectedKeys, 'Problems panel = CLI findings (severity, code, line, character)');
      for (const p of problems) assert.equal(p.source, 'policy-sheets');
      // Messages: the panel shows the same text the CLI prints.
      assert.deepEqual(problems.map((p) => p.message).sort(), expected.filter((f) => f.severity !== 'hint').map((f) => f.message).sort());
      await wb.screenshot(`${sample}-problems`);

      // Squiggles: one on each finding's line, with its severity; none on lines without a finding.
      const lines = new Map<number, Set<string>>();
      for (const f of expected) lines.set(f.range.start.line, (lines.get(f.range.start.line) ?? new Set()).add(f.severity === 'information' ? 'info' : f.severity));
      // Findings spanning several lines squiggle each of them.
      const spanned = new Set<number>();
      for (const f of expected) for (let l = f.range.start.line; l <= f.range.end.line; l++) spanned.add(l);
      for (const [line, severities] of lines) {
        await wb.goToLine(line + 1);
        const inView = await wb.waitForSquiggles((sq) => sq.some((s) => s.line === line), { message: `squiggle on line ${line + 1}` });
        const here = new Set<string>(inView.filter((s) => s.line === line).map((s) => s.severity));
        for (const severity of severities) assert.ok(here.has(severity), `line ${line + 1}: a ${severity} squiggle (saw ${[...here].join(', ')})`);
        const stray = inView.filter((s) => !spanned.has(s.line));
        assert.deepEqual(stray, [], 'no squiggle on a line without a finding');
      }
      if (lines.size === 0) {
        await wb.goToLine(1);
        assert.deepEqual(await wb.readSquiggles(), [], 'no squiggles on a sheet the CLI finds clean');
      } else {
        await wb.screenshot(`${sample}-squiggles`);
      }
      t.diagnostic(`${expected.length} finding(s): ${expected.map((f) => `${f.code}@${f.range.start.line + 1}`).join(', ') || 'none'}`);
    });
  }

  /** Applies an edit in the editor, waits for the CLI's findings for the edited text, then undoes it. */
  async function editAndUndo(sample: string, name: string, edit: () => Promise<void>, editedText: string, expectNew: RegExp) {
    const before = expectedProblemKeys(cliFindings(path.join('samples', sample)));
    const after = expectedProblemKeys(cliFindingsForText(sample, editedText));
    const added = after.filter((k) => !before.includes(k));
    assert.ok(added.some((k) => expectNew.test(k)), `the CLI reports ${expectNew} for the edited text (added: ${added.join('; ')})`);
    await wb.openFile(sample);
    await barrier(wb, sample);
    await wb.waitForProblems(sample, (ps) => keys(ps).join('\n') === before.join('\n'));
    await edit();
    const shown = await wb.waitForProblems(sample, (ps) => keys(ps).join('\n') === after.join('\n'), { message: `Problems after ${name}` });
    assert.deepEqual(keys(shown), after);
    const newLine = Number(/@(\d+):/.exec(added.find((k) => expectNew.test(k))!)![1]);
    await wb.goToLine(newLine + 1);
    await wb.waitForSquiggles((sq) => sq.some((s) => s.line === newLine && s.severity === 'error'), { message: `error squiggle on line ${newLine + 1}` });
    await wb.screenshot(`${name}-shown`);
    await wb.press('Control+Z');
    const restored = await wb.waitForProblems(sample, (ps) => keys(ps).join('\n') === before.join('\n'), { message: `Problems after undoing ${name}` });
    assert.deepEqual(keys(restored), before);
    await wb.waitForSquiggles((sq) => !sq.some((s) => s.line === newLine && s.severity === 'error' && !before.some((k) => k.includes(`@${newLine}:`))), { message: `squiggle on line ${newLine + 1} gone` });
    await wb.screenshot(`${name}-undone`);
  }

  it('typing a wrong enum value (公開区分: 非公開 → 非公開X) shows schema/enum; undo clears it', async (t) => {
    const sample = sampleSheets().find((s) => lineMatching(sampleText(s), /^公開区分:\s*\S/) >= 0);
    if (!sample) return t.skip('no sample has a top-level 公開区分');
    const text = sampleText(sample);
    const line = lineMatching(text, /^公開区分:\s*\S/);
    const lines = text.split('\n');
    lines[line] = `${lines[line]}X`;
    await editAndUndo(sample, 'enum-typo', async () => {
      await wb.goToLine(line + 1);
      await wb.press('End');
      await wb.type('X');
    }, lines.join('\n'), /schema\/enum/);
  });

  it('deleting a required key line (部会名) shows schema/required; undo clears it', async (t) => {
    const sample = sampleSheets().find((s) => lineMatching(sampleText(s), /^部会名:\s*\S/) >= 0);
    if (!sample) return t.skip('no sample has a top-level 部会名');
    const text = sampleText(sample);
    const line = lineMatching(text, /^部会名:\s*\S/);
    const lines = text.split('\n');
    lines.splice(line, 1);
    await editAndUndo(sample, 'required-key-deleted', async () => {
      await wb.goToLine(line + 1);
      await wb.press('Control+Shift+K'); // Delete Line
    }, lines.join('\n'), /schema\/required/);
  });

  it('shows no unicode-highlight banner or highlights on a Japanese sheet', async () => {
    const sample = sampleSheets()[1] ?? sampleSheets()[0]!;
    await wb.openFile(sample);
    await wb.goToLine(1);
    await wb.activeEditor().locator('.view-lines .view-line', { hasText: /[\u3040-\u30ff\u4e00-\u9fff]/ }).first().waitFor();
    const banners = await wb.page.locator('.editor-banner').allInnerTexts();
    assert.deepEqual(banners.filter((b) => /unicode|ASCII|ambiguous|invisible/i.test(b)), [], 'no "non-basic ASCII"/ambiguous banner');
    assert.equal(await wb.activeEditor().locator('.unicode-highlight, .unicode-highlight-ambiguous').count(), 0, 'no unicode highlight decorations');
    await wb.screenshot('no-unicode-banner');
  });
});
