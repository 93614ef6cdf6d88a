import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SheetFacts, WorkspaceView } from '../../server/src/service';
import { doc, realService } from '../helpers/service';
import { minutes, plan, review, review2 } from '../helpers/workspaceSheets';

const service = realService();
const view = (...texts: [string, string][]): WorkspaceView => {
  const facts: SheetFacts[] = texts.map(([uri, text]) => service.factsOfText(uri, text));
  return { files: () => facts };
};
const at = (text: string, needle: string, plus = 1) => {
  const line = text.split('\n').findIndex((l) => l.includes(needle));
  return { line, character: text.split('\n')[line]!.indexOf(needle) + plus };
};
const dangling = (uri: string, text: string, workspace?: WorkspaceView) => service.validate(doc(text, uri), {}, workspace ? { workspace } : {}).filter((d) => d.code === 'reference/dangling');

describe('workspace: resolution across sheets', () => {
  it('a 再掲 resolves in a sheet of the same year; not in another year; the nearest candidate is named', () => {
    assert.equal(dangling('file:///a.sheet.yaml', review).length, 1);
    assert.deepEqual(dangling('file:///a.sheet.yaml', review, view(['file:///b.sheet.yaml', review2(1)])), []);
    const otherYear = dangling('file:///a.sheet.yaml', review, view(['file:///b.sheet.yaml', review2(1).replace('令和6年度末', '令和5年度末')]));
    assert.equal(otherYear.length, 1);
    assert.match(String(otherYear[0]!.message), /近い候補: 令和5年度末 振り返りシートの「2 \(1\) 区政会議の運営」/);
  });

  it('a quote cited after another sheet\'s address that is close to a title there is reported with the title', () => {
    const citing = review.replace('具体的取組: —', '具体的取組: 2 (1) 区政会議の運営の「区政会議を公開」と同じ');
    const found = dangling('file:///a.sheet.yaml', citing, view(['file:///b.sheet.yaml', review2(1)]));
    assert.equal(found.length, 0, 'under 80% alike: not claimed to be a slip');
    const close = review.replace('具体的取組: —', '具体的取組: 2 (1) 区政会議の運営の「区政会議の公開　」と同じ').replace('区政会議の公開　', '区政会議の公閉');
    const slip = dangling('file:///a.sheet.yaml', close, view(['file:///b.sheet.yaml', review2(1)]));
    assert.equal(slip.length, 1);
    assert.match(String(slip[0]!.message), /「区政会議の公開」のことなら/);
  });

  it('an id cited in text that the same ward\'s plan does not have is reported with its nearest ids', () => {
    const wrong = review.replace('具体的取組1-1-1', '具体的取組1-1-4');
    const found = dangling('file:///a.sheet.yaml', wrong, view(['file:///plan.sheet.yaml', plan])).filter((d) => String(d.message).includes('具体的取組'));
    assert.equal(found.length, 1);
    assert.match(String(found[0]!.message), /具体的取組「1-1-4」は北区 令和6年度 区運営方針にありません（近い候補: 1-1-1）/);
    assert.deepEqual(dangling('file:///a.sheet.yaml', wrong).filter((d) => String(d.message).includes('具体的取組')), [], 'alone, a cited id of another sheet is not judged');
  });

  it('definition, references and rename through a view, without a server', () => {
    const workspace = view(['file:///plan.sheet.yaml', plan], ['file:///minutes.yaml', minutes]);
    const r = doc(review, 'file:///review.sheet.yaml');
    assert.deepEqual(service.definition(r, at(review, '窓口サービス'), workspace).map((l) => l.uri), ['file:///plan.sheet.yaml']);
    const p = doc(plan, 'file:///plan.sheet.yaml');
    const refs = service.references(p, at(plan, '窓口サービス'), { files: () => [...workspace.files(), service.facts(r)] }, false);
    assert.deepEqual(refs.map((l) => l.uri).sort(), ['file:///minutes.yaml', 'file:///review.sheet.yaml']);
    assert.equal(service.rename(p, { line: 0, character: 0 }, 'x', workspace), null, 'nothing to rename on 様式');
  });

  it('renaming a 中項目 番号 rewrites the 再掲 addresses that point at it', () => {
    const target = doc(review2(1), 'file:///b.sheet.yaml');
    const workspace = view(['file:///a.sheet.yaml', review]);
    const edit = service.rename(target, { line: 6, character: 12 }, '4', workspace)!;
    assert.deepEqual(edit.changes!['file:///b.sheet.yaml']!.map((e) => e.newText), ['4']);
    assert.deepEqual(edit.changes!['file:///a.sheet.yaml']!.map((e) => e.newText), ['2 (4)']);
  });

  it('workspace symbols: any item by part of its name or id, with the sheet as container', () => {
    const workspace = view(['file:///plan.sheet.yaml', plan], ['file:///b.sheet.yaml', review2(1)]);
    assert.deepEqual(service.workspaceSymbols('1-1-1', workspace).map((s) => s.name), ['1-1-1 窓口サービスの向上と待ち時間の短縮']);
    assert.equal(service.workspaceSymbols('待ち 時間', workspace)[0]!.containerName, '北区 令和6年度 区運営方針 › 1-1');
    assert.ok(service.workspaceSymbols('', workspace).length >= 5);
  });
});
