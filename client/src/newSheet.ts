import * as vscode from 'vscode';
import { wardNames } from '../../server/src/service/domain/wards';
import type { SheetKind } from '../../server/src/service/kinds';
import {
  type TemplateYear,
  TemplateInputError,
  createTemplate,
  fullYear,
  parseTemplateKind,
  parseTemplateWard,
  parseTemplateYear,
  placeholderPattern,
  templateFileName,
  templateKinds,
} from '../../server/src/service/templates';

/** Command id of 「新しいシートを作成」. */
export const newSheetCommand = 'policySheets.newSheet';

/**
 * Arguments that skip the prompts (for tests and for other commands such as a walkthrough link):
 * every field given means no QuickPick; `target` 'untitled' opens an untitled document, a file
 * URI (string) writes there (never over an existing file).
 */
export interface NewSheetArgs {
  kind?: string;
  ward?: string;
  year?: string;
  target?: 'untitled' | string;
}

const lastWardKey = 'policySheets.newSheet.lastWard';
const languageId = 'policy-yaml';

/** The fiscal year a date falls in (April–March). */
function currentFiscalYear(now: Date): number {
  return now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
}

async function pickKind(): Promise<SheetKind | undefined> {
  const picked = await vscode.window.showQuickPick(
    templateKinds.map((k) => ({ label: k.kind, detail: k.description, sheetKind: k.kind })),
    { title: '新しいシートを作成 (1/3)：様式', placeHolder: '様式を選んでください', matchOnDetail: true, ignoreFocusOut: true },
  );
  return picked?.sheetKind;
}

async function pickWard(context: vscode.ExtensionContext): Promise<string | undefined> {
  const last = context.globalState.get<string>(lastWardKey);
  const names = last && wardNames.includes(last) ? [last, ...wardNames.filter((w) => w !== last)] : [...wardNames];
  const picked = await vscode.window.showQuickPick(
    names.map((name) => ({ label: name, description: name === last ? '前回の区' : undefined })),
    { title: '新しいシートを作成 (2/3)：区', placeHolder: '区を選んでください（名前の一部で絞り込めます）', ignoreFocusOut: true },
  );
  if (picked) await context.globalState.update(lastWardKey, picked.label);
  return picked?.label;
}

async function pickYear(): Promise<TemplateYear | undefined> {
  const n = currentFiscalYear(new Date());
  const roles: [number, string][] = [[n, '今年度'], [n + 1, '来年度'], [n - 1, '前年度'], [n - 2, '前々年度']];
  const other = { label: 'その他の年度を入力…', year: undefined as TemplateYear | undefined, description: '' };
  const items = roles.map(([fy, role]) => {
    const year = parseTemplateYear(String(fy));
    return { label: fullYear(fy, year.era), description: `${role}・${fy}年度（${fy}年4月1日〜${fy + 1}年3月31日）`, year };
  });
  const picked = await vscode.window.showQuickPick([...items, other], { title: '新しいシートを作成 (3/3)：年度', placeHolder: '年度を選んでください', ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.year) return picked.year;
  const typed = await vscode.window.showInputBox({
    title: '新しいシートを作成：年度',
    prompt: '年度（令和7年度、R7、2025 など）',
    ignoreFocusOut: true,
    validateInput: (text) => {
      try {
        parseTemplateYear(text);
        return undefined;
      } catch (e) {
        return e instanceof TemplateInputError ? e.message : String(e);
      }
    },
  });
  return typed === undefined ? undefined : parseTemplateYear(typed);
}

/** Where the new sheet goes: an untitled document, or a file chosen in a save dialog. */
async function pickTarget(fileName: string): Promise<'untitled' | vscode.Uri | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: '無題のシートとして開く', detail: 'あとで「名前を付けて保存」できます', target: 'untitled' as const },
      { label: 'ファイルに保存して開く…', detail: fileName, target: 'save' as const },
    ],
    { title: '新しいシートを作成：保存先', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (picked.target === 'untitled') return 'untitled';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.window.showSaveDialog({
    title: '新しいシートの保存先',
    saveLabel: '作成',
    defaultUri: folder ? vscode.Uri.joinPath(folder, fileName) : undefined,
    filters: { 'Policy Sheet': ['sheet.yaml', 'yaml'] },
  });
}

/** Opens `text` in an editor (untitled or written to `uri`) with the first placeholder selected. */
async function openSheet(text: string, target: 'untitled' | vscode.Uri): Promise<vscode.TextEditor> {
  let document: vscode.TextDocument;
  if (target === 'untitled') document = await vscode.workspace.openTextDocument({ language: languageId, content: text });
  else {
    const exists = await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    );
    if (exists) throw new TemplateInputError(`${target.fsPath} はもうあります。上書きはしません。`);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    document = await vscode.workspace.openTextDocument(target);
    if (document.languageId !== languageId) document = await vscode.languages.setTextDocumentLanguage(document, languageId);
  }
  const editor = await vscode.window.showTextDocument(document);
  const first = new RegExp(placeholderPattern.source).exec(text);
  if (first) {
    const range = new vscode.Range(document.positionAt(first.index), document.positionAt(first.index + first[0].length));
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range);
  }
  return editor;
}

/**
 * Runs 「新しいシートを作成」: asks for the 様式, the ward and the fiscal year (QuickPick; fields in
 * `args` are not asked), then where to put the sheet, and opens it. Returns the opened document, or
 * undefined when cancelled. Bad arguments are shown as an error message.
 */
async function newSheet(context: vscode.ExtensionContext, args: NewSheetArgs = {}): Promise<vscode.TextDocument | undefined> {
  try {
    const kind = args.kind !== undefined ? parseTemplateKind(args.kind) : await pickKind();
    if (!kind) return undefined;
    const ward = args.ward !== undefined ? parseTemplateWard(args.ward) : await pickWard(context);
    if (!ward) return undefined;
    const year = args.year !== undefined ? parseTemplateYear(args.year) : await pickYear();
    if (!year) return undefined;
    const options = { ward, year };
    const target = args.target === 'untitled' ? 'untitled' : args.target !== undefined ? vscode.Uri.parse(args.target) : await pickTarget(templateFileName(kind, options));
    if (!target) return undefined;
    return (await openSheet(createTemplate(kind, options), target)).document;
  } catch (e) {
    if (!(e instanceof TemplateInputError)) throw e;
    void vscode.window.showErrorMessage(`新しいシートを作成できません: ${e.message}`);
    return undefined;
  }
}

/** Registers `policySheets.newSheet`. */
export function registerNewSheet(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(newSheetCommand, (args?: NewSheetArgs) => newSheet(context, args));
}
