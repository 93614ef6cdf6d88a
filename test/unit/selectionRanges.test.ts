import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { doc, realService } from '../helpers/service';

const service = realService();
const sample = (name: string) => readFileSync(resolve(__dirname, '../../samples', name), 'utf8');

describe('selection ranges', () => {
  it('grow from the scalar to its entry, the mapping, the list item’s entry … up to the document', () => {
    const text = sample('000-jinji-zaisei-bukai-254.sheet.yaml');
    const document = doc(text);
    const line = text.split('\n').findIndex((l) => l === '  曜日: 木');
    const [chain] = service.selectionRanges(document, [{ line, character: 6 }]);
    const texts: string[] = [];
    for (let r: typeof chain | undefined = chain; r; r = r.parent) texts.push(document.getText(r.range));
    assert.equal(texts[0], '木');
    assert.equal(texts[1], '曜日: 木');
    assert.ok(texts[2]!.startsWith('日付: 令和５年12月14日') && texts[2]!.endsWith('終了: "10:50"'));
    assert.ok(texts[3]!.startsWith('日時:\n'));
    assert.equal(texts[texts.length - 1], text);
    for (let i = 1; i < texts.length; i++) assert.ok(texts[i]!.includes(texts[i - 1]!), `level ${i} does not contain level ${i - 1}`);
  });
});
