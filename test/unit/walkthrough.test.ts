import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { createTemplate, parseTemplateYear } from '../../server/src/service/templates';
import { doc, realService } from '../helpers/service';
import { localized, manifest, root } from '../helpers/manifest';

// Step texts are `%key%` placeholders; staff read the Japanese ones (package.nls.ja.json).
// Commands a step may link to besides our own: VS Code's, and the preview's id fixed by the lead
// (contributed by the preview engineer's branch).
const builtIn = new Set(['workbench.actions.view.problems', 'editor.action.quickFix']);
const agreed = new Set(['policySheets.showPreview']);
const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('walkthrough (contributes.walkthroughs)', () => {
  const walkthrough = manifest.contributes.walkthroughs.find((w) => w.id === 'policySheets.gettingStarted')!;
  const contributed = new Set(manifest.contributes.commands.map((c) => c.command));

  it('takes staff through creating a sheet, seeing a problem, fixing it and the preview, in that order', () => {
    assert.deepEqual(walkthrough.steps.map((s) => s.id), ['newSheet', 'seeProblem', 'fixProblem', 'openPreview']);
  });

  it('each step links one command that exists, completes on it, and has Japanese text and media that ship', () => {
    for (const step of walkthrough.steps) {
      const description = localized(step.description, 'ja');
      const links = [...description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]!);
      assert.equal(links.length, 1, step.id);
      const command = links[0]!;
      assert.ok(contributed.has(command) || builtIn.has(command) || agreed.has(command), `${step.id}: ${command} is a known command`);
      assert.deepEqual(step.completionEvents, [`onCommand:${command}`], step.id);
      assert.match(localized(step.title, 'ja'), japanese);
      assert.match(description, japanese);
      // The English text links the same command (VS Code shows it in other locales).
      assert.ok(localized(step.description, 'en').includes(`(command:${command})`), `${step.id}: English links ${command}`);
      const media = resolve(root, step.media.markdown!);
      assert.ok(existsSync(media), `${step.media.markdown} exists`);
      assert.match(readFileSync(media, 'utf8'), /^# \S/, `${step.media.markdown} starts with a heading`);
    }
    assert.ok(contributed.has('policySheets.newSheet'));
    const vscodeignore = readFileSync(resolve(root, '.vscodeignore'), 'utf8');
    assert.doesNotMatch(vscodeignore, /^media/m, 'media/ ships in the .vsix');
  });

  it('the problem the walkthrough asks for is the one the checker reports on a new 部会議事概要 for 令和7年度', () => {
    const template = createTemplate('部会議事概要', { ward: '北区', year: parseTemplateYear('令和7年度') });
    assert.match(template, /曜日: 火/);
    const diagnostics = realService().validate(doc(template.replace('曜日: 火', '曜日: 水')));
    assert.deepEqual(diagnostics.map((d) => d.code), ['minutes/weekday-mismatch']);
    assert.match(readFileSync(resolve(root, 'media/walkthrough/problems.md'), 'utf8'), /曜日: 水[\s\S]*令和7年4月1日は火曜日/);
  });
});
