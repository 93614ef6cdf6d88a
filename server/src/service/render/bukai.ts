/**
 * Layout of the 部会議事概要 (seed 000): the title 「第254回 人事・財政部会（非公開）議事概要」, a box
 * 日時 / 場所 / 出席者, then 「議事・報告事項」 with one numbered heading per item
 * (「1. 件名【報告】」), its ≪担当≫ line, 【案件概要】 and 【要旨】. Each line is a field so the
 * problems found in it (a wrong weekday, a 担当 who did not attend) are shown on it.
 */
import type { Node as YamlNode } from 'yaml';
import { SheetReader, textContent } from './build';
import type { Layout } from './index';
import type { Block, CellContent, Fields, Section, SourceSpan } from './model';

/** The 部会議事概要 layout. */
export const bukaiLayout: Layout = (input) => {
  const r = new SheetReader(input);
  const root = r.root();
  const round = r.text(root, '回');
  const committee = r.text(root, '部会名') ?? '';
  const openness = r.text(root, '公開区分');
  const title = `${round ? `第${round}回 ` : ''}${committee}${openness ? `（${openness}）` : ''}議事概要`;
  const blocks: Block[] = [meetingBox(r, root)];
  const agenda: Section = { type: 'section', level: 1, heading: [{ text: '議事・報告事項' }], children: [], ...spanSource(r.span(r.written(root, '議事'))) };
  for (const item of r.items(r.get(root, '議事'))) agenda.children.push(agendaItem(r, item));
  blocks.push(agenda);
  return { kind: '部会議事概要', title, subtitle: [], blocks, notices: [] };
};

function spanSource(source: SourceSpan | undefined): { source?: SourceSpan } {
  return source ? { source } : {};
}

/** 日時 「令和５年12月14日（木）9:30～10:50」, 場所, 出席者 「旭区長、住吉区長、…」. */
function meetingBox(r: SheetReader, root: YamlNode | undefined): Fields {
  const items: Fields['items'] = [];
  const when = r.get(root, '日時');
  if (r.has(root, '日時')) {
    const date = r.text(when, '日付') ?? '';
    const weekday = r.text(when, '曜日');
    const start = r.text(when, '開始');
    const end = r.text(when, '終了');
    const text = `${date}${weekday ? `（${weekday}）` : ''}${start ?? ''}${start || end ? '～' : ''}${end ?? ''}`;
    const source = r.span(r.written(root, '日時'));
    items.push({ label: '日　時', value: text ? [textContent(text, source)] : [], problems: [], ...spanSource(source) });
  }
  const place = r.written(root, '場所');
  if (r.has(root, '場所')) items.push({ label: '場　所', value: r.content(place).map(asText), problems: [], ...spanSource(r.span(place)) });
  const attendees = r.written(root, '出席者');
  if (r.has(root, '出席者')) {
    const names = r.runs(attendees);
    items.push({ label: '出席者', value: names.length ? [textContent(names.map((n) => n.text).join('、'), r.span(attendees))] : [], problems: [], ...spanSource(r.span(attendees)) });
  }
  return { type: 'fields', items, ...spanSource(r.span(root)) };
}

/** A list printed inline as one paragraph (the minutes have no bullets). */
function asText(content: CellContent): CellContent {
  return content.type === 'list' ? { type: 'text', runs: content.items } : content;
}

/** 「n. 件名【区分】」 with ≪担当≫, 【案件概要】 and 【要旨】. */
function agendaItem(r: SheetReader, item: YamlNode): Section {
  const number = r.text(item, '番号');
  const kind = r.text(item, '区分');
  const nameSource = r.span(r.written(item, '件名'));
  const heading = `${number ? `${number}. ` : ''}${r.text(item, '件名') ?? ''}${kind ? `【${kind}】` : ''}`;
  const items: Fields['items'] = [];
  const owners = r.written(item, '担当');
  if (r.has(item, '担当')) {
    const names = r.runs(owners);
    items.push({ label: '', value: [textContent(`≪${names.map((n) => n.text).join('・')}≫`, r.span(owners), 'label')], problems: [], ...spanSource(r.span(owners)) });
  }
  for (const [key, label] of [
    ['案件概要', '【案件概要】'],
    ['要旨', '【要旨】'],
  ] as const) {
    const node = r.written(item, key);
    if (!r.has(item, key)) continue;
    // An item with only a 要旨 (「8. その他」) is printed as its sentence, without the heading (seed 000).
    const bare = key === '要旨' && !r.has(item, '区分') && !r.has(item, '担当') && !r.has(item, '案件概要');
    items.push({ label: bare ? '' : label, value: r.content(node).map(asText), problems: [], ...spanSource(r.span(node)) });
  }
  return {
    type: 'section',
    level: 2,
    heading: [{ text: heading, ...spanSource(nameSource) }],
    children: [{ type: 'fields', items, ...spanSource(r.span(item)) }],
    ...spanSource(r.span(item)),
  };
}
