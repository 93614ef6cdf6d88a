import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, createNonce, previewPage } from '../../client/src/preview/page';

describe('preview page (webview shell)', () => {
  const nonce = createNonce();
  const page = previewPage({
    nonce,
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.css',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.js',
    state: { uri: 'file:///w/"><script>alert(1)</script>.sheet.yaml', locked: false },
  });

  it('nonces are 128 random bits, fresh each time', () => {
    assert.equal(Buffer.from(nonce, 'base64').length, 16);
    assert.notEqual(createNonce(), nonce);
  });

  it("CSP: default-src 'none', style and script only by nonce, nothing from the network", () => {
    const csp = contentSecurityPolicy(nonce, 'vscode-resource:');
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, new RegExp(`script-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'(;|$)`));
    assert.match(csp, new RegExp(`style-src 'nonce-${nonce.replace(/[+/]/g, '\\$&')}'(;|$)`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
    assert.ok(page.includes('http-equiv="Content-Security-Policy"'));
  });

  it('has exactly one script, from media/ with the nonce, and no inline handler', () => {
    const scripts = [...page.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [`<script nonce="${nonce}" src="https://file+.vscode-resource.vscode-cdn.net/ext/media/preview.js">`]);
    assert.doesNotMatch(page, /\son[a-z]+=/i);
    assert.match(page, new RegExp(`<link rel="stylesheet" nonce="${nonce.replace(/[+/]/g, '\\$&')}" href="[^"]+/media/preview.css">`));
  });

  it('escapes the state (a uri can hold any characters)', () => {
    assert.doesNotMatch(page, /<script>alert/);
    const state = /data-state="([^"]*)"/.exec(page)![1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(state), { uri: 'file:///w/"><script>alert(1)</script>.sheet.yaml', locked: false });
  });
});
