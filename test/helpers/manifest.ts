import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root. */
export const root = resolve(__dirname, '../..');

/** package.json as parsed (strings may be `%key%` placeholders resolved by VS Code from package.nls*.json). */
export const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as Record<string, unknown> & {
  contributes: { commands: { command: string; title: string; category?: string }[]; walkthroughs: { id: string; title: string; description: string; steps: { id: string; title: string; description: string; media: { markdown?: string }; completionEvents?: string[] }[] }[] };
};

/** The manifest's strings: English (package.nls.json, VS Code's default) and Japanese (package.nls.ja.json). */
export const nls = {
  en: JSON.parse(readFileSync(resolve(root, 'package.nls.json'), 'utf8')) as Record<string, string>,
  ja: JSON.parse(readFileSync(resolve(root, 'package.nls.ja.json'), 'utf8')) as Record<string, string>,
};

/** A manifest string as VS Code shows it in `locale`: a `%key%` placeholder resolved, anything else as is. */
export function localized(value: string, locale: 'en' | 'ja'): string {
  const m = /^%(.+)%$/.exec(value);
  if (!m) return value;
  const text = nls[locale][m[1]!] ?? nls.en[m[1]!];
  if (text === undefined) throw new Error(`${value} is in neither package.nls file`);
  return text;
}

/** The command palette label of a contributed command in `locale` ("Policy Sheets: Open Preview to the Side"). */
export function commandLabel(id: string, locale: 'en' | 'ja' = 'en'): string {
  const command = manifest.contributes.commands.find((c) => c.command === id);
  if (!command) throw new Error(`${id} is not contributed`);
  return command.category ? `${command.category}: ${localized(command.title, locale)}` : localized(command.title, locale);
}
