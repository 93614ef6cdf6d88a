/**
 * The 様式 preview in VS Code: one webview panel per sheet, rendered by the server
 * (`policySheets/render`) and updated as the user types. A preview either follows the active sheet
 * or is locked to its own (like the Markdown preview); panels come back after a window reload
 * through a `WebviewPanelSerializer`. Scroll sync both ways and double-click → select the YAML node.
 * Everything the webview sends is validated (`parseWebviewMessage`) before use.
 */
import * as vscode from 'vscode';
import { parsePreviewState, parseWebviewMessage, type PreviewState, type RenderResult, type ToWebviewMessage } from '../../../server/src/protocol';
import { createNonce, previewPage } from './page';

/** The webview panel type of the preview (also in `activeWebviewPanelId` for menus). */
export const previewViewType = 'policySheets.preview';

/** How the preview gets a rendering: the `policySheets/render` request (null: the server has no such open document). */
export type RenderFunction = (uri: string) => Promise<RenderResult | null>;

const languageId = 'policy-yaml';

/** One preview panel and the sheet it shows. */
class SheetPreview implements vscode.Disposable {
  private shownVersion = -1;
  /** The HTML last sent: an answer with the same version and HTML is not sent again (no needless morph). */
  private shownHtml = '';
  private rendering = false;
  private again = false;
  private disposed = false;
  /** The editor top line we set ourselves, so that its visible-range event is not echoed to the preview. */
  expectedEditorTop: number | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    public resource: vscode.Uri,
    public locked: boolean,
    private readonly manager: PreviewManager,
    initialLine?: number,
  ) {
    const media = vscode.Uri.joinPath(manager.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    panel.iconPath = vscode.Uri.joinPath(manager.extensionUri, 'images', 'icon.png');
    const state: PreviewState = { uri: resource.toString(), locked, ...(initialLine !== undefined ? { line: initialLine } : {}) };
    panel.webview.html = previewPage({
      nonce: createNonce(),
      cspSource: panel.webview.cspSource,
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.css')).toString(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.js')).toString(),
      state,
    });
    this.updateTitle();
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get uri(): string {
    return this.resource.toString();
  }

  updateTitle(title?: string): void {
    const name = this.resource.path.split('/').pop() ?? this.resource.toString();
    this.panel.title = `${this.locked ? '[ロック] ' : ''}プレビュー ${name}`;
    if (title) this.panel.title += ` — ${title}`;
  }

  /** Shows another sheet in this panel (follow-active, or a new Open Preview on an unlocked panel). */
  retarget(resource: vscode.Uri): void {
    if (resource.toString() === this.uri) return;
    this.resource = resource;
    this.shownVersion = -1;
    this.updateTitle();
    void this.refresh();
  }

  setLocked(locked: boolean): void {
    this.locked = locked;
    this.updateTitle();
    this.shownVersion = -1; // send the lock state with a fresh update
    void this.refresh();
  }

  post(message: ToWebviewMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /**
   * Asks the server for the current rendering and sends it to the webview. Calls while one is in
   * flight are coalesced into one more afterwards, so typing never queues a backlog.
   */
  async refresh(): Promise<void> {
    if (this.rendering) {
      this.again = true;
      return;
    }
    this.rendering = true;
    try {
      do {
        this.again = false;
        const uri = this.uri;
        let result = await this.manager.render(uri);
        if (result === null) {
          // Not open in the server (e.g. restored after a reload): opening it sends didOpen.
          await vscode.workspace.openTextDocument(this.resource);
          result = await this.manager.render(uri);
        }
        if (this.disposed || uri !== this.uri) continue;
        if (!result) {
          this.post({ type: 'error', message: 'このシートを表示できません（言語サーバーが文書を開いていません）。' });
        } else if (result.version !== this.shownVersion || result.html !== this.shownHtml) {
          this.shownVersion = result.version;
          this.shownHtml = result.html;
          this.updateTitle(result.title);
          this.post({ type: 'update', result, locked: this.locked });
        }
      } while (this.again && !this.disposed);
    } catch (error) {
      this.manager.log.error(`preview ${this.uri}: ${error instanceof Error ? error.message : String(error)}`);
      this.post({ type: 'error', message: `プレビューを更新できません: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      this.rendering = false;
    }
  }

  /** Forces the next refresh to send even an unchanged rendering (the webview reloaded). */
  invalidate(): void {
    this.shownVersion = -1;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (typeof message === 'string') {
      this.manager.log.warn(`preview: ignored a message from the webview (${message}): ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    switch (message.type) {
      case 'ready':
        this.invalidate();
        await this.refresh();
        return;
      case 'revealLine': {
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri);
        if (!editor) return;
        const line = Math.min(Math.floor(message.line), editor.document.lineCount - 1);
        this.expectedEditorTop = line;
        editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
        return;
      }
      case 'selectSource': {
        const document = await vscode.workspace.openTextDocument(this.resource);
        const length = document.getText().length;
        if (message.version !== document.version || message.end > length) {
          this.manager.log.warn(`preview: ignored selectSource ${message.start}-${message.end} of version ${message.version} (document version ${document.version}, length ${length})`);
          return;
        }
        const range = new vscode.Range(document.positionAt(message.start), document.positionAt(message.end));
        const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.uri);
        const shown = await vscode.window.showTextDocument(document, { viewColumn: editor?.viewColumn ?? vscode.ViewColumn.One, selection: range, preserveFocus: false });
        shown.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        return;
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.manager.removed(this);
    this.panel.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}

/** All previews, the commands that open and lock them, and the serializer that restores them. */
export class PreviewManager implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly previews: SheetPreview[] = [];
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly render: RenderFunction,
    readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.window.registerWebviewPanelSerializer(previewViewType, this),
      vscode.commands.registerCommand('policySheets.showPreview', (uri?: vscode.Uri) => this.show(uri, false)),
      vscode.commands.registerCommand('policySheets.showPreviewToSide', (uri?: vscode.Uri) => this.show(uri, true)),
      vscode.commands.registerCommand('policySheets.togglePreviewLock', () => this.toggleLock()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0) return;
        for (const preview of this.previewsOf(event.document.uri)) void preview.refresh();
      }),
      vscode.languages.onDidChangeDiagnostics((event) => {
        // Marks follow the diagnostics (e.g. after a settings change, at the same document version).
        for (const uri of event.uris) {
          // Sent only if the marks changed: same version and same HTML are not posted again.
          for (const preview of this.previewsOf(uri)) void preview.refresh();
        }
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.window.onDidChangeTextEditorVisibleRanges((event) => this.editorScrolled(event)),
    );
  }

  private previewsOf(uri: vscode.Uri): SheetPreview[] {
    const key = uri.toString();
    return this.previews.filter((p) => p.uri === key);
  }

  /** The sheet a command applies to: its argument (explorer, editor title) or the active editor's sheet. */
  private targetOf(uri: vscode.Uri | undefined): vscode.Uri | undefined {
    if (uri instanceof vscode.Uri) return uri;
    const editor = vscode.window.activeTextEditor;
    if (editor && editor.document.languageId === languageId) return editor.document.uri;
    return this.previews.find((p) => p.panel.active)?.resource;
  }

  /** Opens (or reveals) the preview of a sheet: in the active group, or beside it. One preview per document. */
  async show(uri: vscode.Uri | undefined, toSide: boolean): Promise<void> {
    const resource = this.targetOf(uri);
    if (!resource) {
      void vscode.window.showInformationMessage('プレビューするシート（Policy Sheet）を開いてください。');
      return;
    }
    const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active);
    const existing = this.previewsOf(resource)[0] ?? this.previews.find((p) => !p.locked);
    if (existing) {
      existing.retarget(resource);
      existing.panel.reveal(toSide ? undefined : column, toSide);
      return;
    }
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === resource.toString());
    const panel = vscode.window.createWebviewPanel(previewViewType, 'プレビュー', { viewColumn: column, preserveFocus: toSide }, { enableScripts: true, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] });
    this.add(new SheetPreview(panel, resource, false, this, editor?.visibleRanges[0]?.start.line));
  }

  /** Locks the active preview to its sheet, or lets it follow the active sheet again. */
  toggleLock(): void {
    const preview = this.previews.find((p) => p.panel.active) ?? (this.previews.length === 1 ? this.previews[0] : undefined);
    if (!preview) return;
    preview.setLocked(!preview.locked);
    if (!preview.locked) this.follow(vscode.window.activeTextEditor);
  }

  /** An unlocked preview follows the active sheet, unless another preview already shows that sheet. */
  private follow(editor: vscode.TextEditor | undefined): void {
    if (!editor || editor.document.languageId !== languageId) return;
    if (this.previewsOf(editor.document.uri).length > 0) return;
    this.previews.find((p) => !p.locked)?.retarget(editor.document.uri);
  }

  private editorScrolled(event: vscode.TextEditorVisibleRangesChangeEvent): void {
    const top = event.visibleRanges[0]?.start.line;
    if (top === undefined) return;
    for (const preview of this.previewsOf(event.textEditor.document.uri)) {
      if (preview.expectedEditorTop !== undefined) {
        const echo = preview.expectedEditorTop === top;
        preview.expectedEditorTop = undefined;
        if (echo) continue; // the preview scrolled the editor; do not scroll the preview back
      }
      preview.post({ type: 'scrollToLine', line: top });
    }
  }

  /** Restores a preview after a window reload from the state its webview saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, raw: unknown): Promise<void> {
    const state = parsePreviewState(raw);
    if (!state) {
      this.log.warn(`preview: cannot restore a preview from state ${JSON.stringify(raw)?.slice(0, 200)}`);
      panel.dispose();
      return;
    }
    let resource: vscode.Uri;
    try {
      resource = vscode.Uri.parse(state.uri, true);
    } catch (error) {
      this.log.warn(`preview: cannot restore a preview of ${state.uri}: ${String(error)}`);
      panel.dispose();
      return;
    }
    this.add(new SheetPreview(panel, resource, state.locked, this, state.line));
  }

  private add(preview: SheetPreview): void {
    this.previews.push(preview);
    void preview.refresh();
  }

  /** Called by a preview when its panel closes. */
  removed(preview: SheetPreview): void {
    const i = this.previews.indexOf(preview);
    if (i >= 0) this.previews.splice(i, 1);
  }

  dispose(): void {
    for (const preview of [...this.previews]) preview.dispose();
    for (const d of this.subscriptions) d.dispose();
  }
}
