/**
 * The preview webview's one script (bundled by esbuild into media/preview.js, loaded by nonce).
 * Receives `ToWebviewMessage`s, morphs the body in place (no reload, no flicker, scroll kept),
 * shows the syntax-error banner over the last good rendering, syncs scrolling both ways and sends
 * double-clicked cells' source offsets. Never inserts anything but the server's escaped fragment;
 * banner and notices go through textContent.
 */
import morphdom from 'morphdom';
import { type FromWebviewMessage, type PreviewState, type RenderResult, syntaxErrorBanner, type ToWebviewMessage } from '../../../../server/src/protocol';
import { byLine, byTop, type LineAnchor, lineAtOffset, offsetForLine } from './scrollSync';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const content = document.getElementById('content')!;
const banner = document.getElementById('banner')!;
const status = document.getElementById('status')!;

const initial = JSON.parse(document.body.dataset.state ?? '{}') as PreviewState;
let state: PreviewState = { ...initial, ...((vscode.getState() as PreviewState | undefined) ?? {}) };
let shown: RenderResult | undefined;
let anchors: { byLine: LineAnchor[]; byTop: LineAnchor[] } | undefined;
/** Set while the preview scrolls because the editor did, so that the scroll is not echoed back. */
let scrollingFromEditor = false;

function post(message: FromWebviewMessage): void {
  vscode.postMessage(message);
}

function saveState(patch: Partial<PreviewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

/** The anchors of scroll sync, measured once per rendering (and after a resize). */
function measure(): { byLine: LineAnchor[]; byTop: LineAnchor[] } {
  if (!anchors) {
    const list: LineAnchor[] = [];
    for (const element of document.querySelectorAll<HTMLElement>('.code-line[data-line]')) {
      const line = Number(element.dataset.line);
      const box = element.getBoundingClientRect();
      if (!Number.isFinite(line) || box.height === 0) continue;
      list.push({ line, top: box.top + window.scrollY, height: box.height });
    }
    anchors = { byLine: byLine(list), byTop: byTop(list) };
  }
  return anchors;
}

function applyColumnWidths(): void {
  // Widths come as data-width (percent): the CSP forbids inline style attributes, CSSOM is allowed.
  for (const col of document.querySelectorAll<HTMLElement>('col[data-width]')) {
    const width = Number(col.dataset.width);
    if (Number.isFinite(width)) col.style.width = `${width}%`;
  }
}

function showBanner(text: string | undefined): void {
  banner.textContent = text ?? '';
  banner.hidden = !text;
}

function update(result: RenderResult, locked: boolean): void {
  document.body.classList.toggle('locked', locked);
  if (shown && result.uri === shown.uri && result.version < shown.version) return; // an older answer
  if (result.syntaxError) {
    showBanner(syntaxErrorBanner(result.syntaxError));
    // Keep the last good rendering of this document; without one, show what the parser recovered.
    if (shown && shown.uri === result.uri && !shown.syntaxError) return;
  } else showBanner(undefined);
  const first = !shown || shown.uri !== result.uri;
  const next = document.createElement('div');
  next.id = 'content';
  next.innerHTML = result.html; // the server's fragment: every document string escaped (html.ts)
  morphdom(content, next, { onBeforeElUpdated: (from, to) => !from.isEqualNode(to) });
  applyColumnWidths();
  shown = result;
  anchors = undefined;
  document.title = result.title;
  status.textContent = '';
  saveState({ uri: result.uri, locked });
  if (first && state.line !== undefined) scrollToLine(state.line);
}

function scrollToLine(line: number): void {
  const top = line <= 0 ? 0 : offsetForLine(measure().byLine, line);
  if (Math.abs(window.scrollY - top) < 1) return;
  const before = window.scrollY;
  scrollingFromEditor = true;
  window.scrollTo(window.scrollX, top);
  // At the end of the page the scroll may not move at all: then no scroll event comes to clear the flag.
  if (window.scrollY === before) scrollingFromEditor = false;
}

window.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as ToWebviewMessage;
  if (!message || typeof message !== 'object') return;
  switch (message.type) {
    case 'update':
      update(message.result, message.locked);
      break;
    case 'scrollToLine':
      if (typeof message.line === 'number') scrollToLine(message.line);
      break;
    case 'error':
      status.textContent = String(message.message);
      break;
  }
});

let scrollFrame = 0;
window.addEventListener('scroll', () => {
  if (scrollingFromEditor) {
    scrollingFromEditor = false;
    saveState({ line: lineAtOffset(measure().byTop, window.scrollY) });
    return;
  }
  if (scrollFrame) return;
  scrollFrame = requestAnimationFrame(() => {
    scrollFrame = 0;
    const line = lineAtOffset(measure().byTop, window.scrollY);
    saveState({ line });
    post({ type: 'revealLine', line });
  });
});

window.addEventListener('resize', () => {
  anchors = undefined;
});

document.addEventListener('dblclick', (event) => {
  const target = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-start][data-end]') : null;
  if (!target || !shown) return;
  event.preventDefault();
  post({ type: 'selectSource', start: Number(target.dataset.start), end: Number(target.dataset.end), version: shown.version });
});

post({ type: 'ready' });
