/**
 * The preview webview's HTML shell: a strict CSP (`default-src 'none'`; the stylesheet and the one
 * script from the extension's media/ by nonce; no inline script, no inline style, no network), an
 * empty #content that the script fills with the server's fragment, the syntax-error banner and the
 * initial state. Pure (no `vscode`), so its CSP is unit-tested.
 */
import { randomBytes } from 'node:crypto';
import type { PreviewState } from '../../../server/src/protocol';

/** A fresh CSP nonce: 128 random bits from `crypto.randomBytes`, base64. One per page load. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** Escapes a value for a double-quoted HTML attribute. */
function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** What the shell needs: webview URIs of media/preview.css and media/preview.js, and the state to restore. */
export interface PageOptions {
  nonce: string;
  /** `webview.cspSource` (for images and fonts of the extension's media, none of the document's). */
  cspSource: string;
  styleUri: string;
  scriptUri: string;
  state: PreviewState;
}

/** The Content-Security-Policy of the preview page. */
export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The full HTML of the preview page. */
export function previewPage(options: PageOptions): string {
  const { nonce } = options;
  return `<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attribute(contentSecurityPolicy(nonce, options.cspSource))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${attribute(nonce)}" href="${attribute(options.styleUri)}">
<title>プレビュー</title>
</head>
<body data-state="${attribute(JSON.stringify(options.state))}">
<div id="banner" class="syntax-banner" role="alert" hidden></div>
<div id="status" class="preview-status" role="status"></div>
<div id="content"><p class="loading">読み込み中…</p></div>
<script nonce="${attribute(nonce)}" src="${attribute(options.scriptUri)}"></script>
</body>
</html>`;
}
