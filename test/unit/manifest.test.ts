import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manifest, nls } from '../helpers/manifest';

/** Every `%key%` placeholder in a JSON value. */
function placeholders(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = /^%(.+)%$/.exec(value);
    if (m) out.push(m[1]!);
  } else if (Array.isArray(value)) for (const v of value) placeholders(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) placeholders(v, out);
  return out;
}

describe('manifest strings (package.nls.json English, package.nls.ja.json Japanese)', () => {
  const keys = placeholders(manifest);

  it('every placeholder of package.json is in both files, and the files hold nothing else', () => {
    assert.ok(keys.length >= 20, `${keys.length} placeholders`);
    assert.deepEqual(Object.keys(nls.en).sort(), [...new Set(keys)].sort());
    assert.deepEqual(Object.keys(nls.ja).sort(), [...new Set(keys)].sort());
  });

  it('command titles, settings and the walkthrough are placeholders, not literal text', () => {
    for (const c of manifest.contributes.commands) assert.match(c.title, /^%command\./, c.command);
    const properties = (manifest.contributes as unknown as { configuration: { properties: Record<string, { description?: string; markdownDescription?: string }> } }).configuration.properties;
    for (const [name, p] of Object.entries(properties)) assert.match(p.description ?? p.markdownDescription ?? '', /^%config\./, name);
  });

  it('the Japanese strings are Japanese and the English ones are not', () => {
    const japanese = /[\u3040-\u30ff]/;
    for (const key of keys.filter((k) => k.startsWith('command.') || k.startsWith('walkthrough.'))) {
      assert.match(nls.ja[key]!, japanese, `ja ${key}`);
      assert.doesNotMatch(nls.en[key]!, /^[^A-Za-z]*$/, `en ${key}`);
    }
  });
});
