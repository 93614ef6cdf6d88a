import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Message } from 'vscode-languageserver/node';
import { publicationEncoder } from '../../server/src/publicationEncoder';

const options = { charset: 'utf-8' as const };
const diagnostic = (line: number, message: string) => ({
  range: { start: { line, character: 2 }, end: { line, character: 4 } },
  severity: 2,
  code: 'ward/unknown-name',
  codeDescription: { href: 'https://example.invalid/docs#wardunknown-name' },
  source: 'policy-sheets',
  message,
  data: { missing: ['北区', '都島区'], note: '"quoted" \\ \u0000 \u2028' },
});
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
};
const publication = (uri: string, version: number | undefined, diagnostics: unknown[]): Message =>
  ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri, ...(version === undefined ? {} : { version }), diagnostics } }) as Message;

describe('publicationEncoder', () => {
  it('writes every message byte for byte as JSON.stringify in UTF-8, publications from kept fragments of frozen diagnostics', async () => {
    const encoder = publicationEncoder();
    const kept = deepFreeze(diagnostic(1, '「北 区」は区名ではありません'));
    const messages: Message[] = [
      publication('file:///a.sheet.yaml', 1, [kept, diagnostic(2, '変わる')]),
      // The same frozen Diagnostic in a later publication (another version), beside new ones.
      publication('file:///a.sheet.yaml', 2, [diagnostic(0, 'まえ'), kept, deepFreeze(diagnostic(3, 'あと'))]),
      publication('file:///a.sheet.yaml', 3, [kept]),
      publication('file:///a.sheet.yaml', undefined, []),
      // A uri holding the envelope's marker text does not confuse the assembly.
      publication('file:///x/%00policy-sheets:diagnostics%00\u0000policy-sheets:diagnostics\u0000.yaml', 4, [kept, undefined]),
      { jsonrpc: '2.0', id: 7, result: { diagnostics: [kept] } } as Message,
      { jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'ログ' } } as Message,
    ];
    for (const message of messages) {
      const bytes = Buffer.from(await encoder.encode(message, options));
      assert.equal(bytes.toString('utf-8'), JSON.stringify(message));
      assert.deepEqual(bytes, Buffer.from(JSON.stringify(message), 'utf-8'));
    }
    // `kept` was serialised once and then reused three times; the unfrozen ones every time.
    assert.equal(encoder.stats.reused, 3);
    assert.equal(encoder.stats.encoded, 5);
  });

  it('serialises an unfrozen Diagnostic again each time (it may have changed)', async () => {
    const encoder = publicationEncoder();
    const open = diagnostic(1, 'まえ');
    await encoder.encode(publication('file:///b.sheet.yaml', 1, [open]), options);
    open.message = 'あと';
    const message = publication('file:///b.sheet.yaml', 2, [open]);
    assert.equal(Buffer.from(await encoder.encode(message, options)).toString('utf-8'), JSON.stringify(message));
    assert.equal(encoder.stats.reused, 0);
  });
});
