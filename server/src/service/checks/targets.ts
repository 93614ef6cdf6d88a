/**
 * Missing targets written as placeholders (../shared/domain.md, "Checks the language server must
 * make" 1; issue 9 §1): a めざす姿, 目標, 成果目標, 業績目標 or 目標値 written 「—」「－」「-」「未定」.
 * The schema accepts any text there, so a placeholder passes it; but a target that says nothing
 * cannot be judged against any result. An empty-cell dash is right in other cells (具体的取組: —,
 * 課題: —), so only target keys are read.
 */
import { DiagnosticCode } from '../diagnosticCodes';
import type { Problem } from '../problem';
import type { CheckContext, CheckRegistration } from './index';
import { ItemMemo, walkItems } from './itemMemo';
import { problemAt } from './support';

/** Per-item memo (./itemMemo.ts): a target is judged by its text alone. */
const placeholderMemo = new ItemMemo();

/** Keys whose value is a target, per kind of sheet. */
const targetKeys = new Set(['めざす姿', '目標', '成果目標', '業績目標', '目標値']);

// Dashes of every look-alike (— ― － - − ‐ ー ｰ …), 未定, 調整中, 検討中, なし, TBD, ?, alone.
const placeholder = /^[\s\u3000]*[（(]?[\s\u3000]*(?:[—―－\-−‐‑–ーｰ・…]{1,3}|未定|調整中|検討中|なし|無し|TBD|tbd|[?？]{1,3})[\s\u3000]*[）)]?[\s\u3000]*$/;

/** True when a target text says nothing: a dash, 未定 and the like. */
export function isPlaceholderTarget(text: string): boolean {
  return placeholder.test(text);
}

/**
 * target/placeholder (warning): a target written as a placeholder. A list of goals is read item
 * by item; 業績目標 items of 市政改革プラン進捗 ({記号, 内容}) by their 内容. Range: the placeholder.
 */
function checkPlaceholderTargets(context: CheckContext): Problem[] {
  const report = (problems: Problem[], path: (string | number)[], key: string, text: string) => {
    problems.push(
      problemAt(context, path, DiagnosticCode.targetPlaceholder, `${key}が「${text.trim()}」のままです。めざす状態と期限・数量（例：令和8年度末までに全区で実施）を書いてください。まだ決まっていなければ、決める時期を書いてください。`, {
        severity: 'warning',
      }),
    );
  };
  return walkItems(context, context.data, placeholderMemo, '', ({ value, path, key, entry }, out) => {
    if (!entry || !targetKeys.has(key)) return;
    if (typeof value === 'string') {
      if (isPlaceholderTarget(value)) report(out.problems, [...path], key, value);
      return;
    }
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => {
      if (typeof item === 'string' && isPlaceholderTarget(item)) report(out.problems, [...path, i], key, item);
      else if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        const content = (item as Record<string, unknown>)['内容'];
        if (typeof content === 'string' && isPlaceholderTarget(content)) report(out.problems, [...path, i, '内容'], key, content);
      }
    });
  }).problems;
}

/** The target checks, registered in checks/index.ts. */
export const targetChecks: readonly CheckRegistration[] = [{ kinds: 'all', check: checkPlaceholderTargets }];
