/**
 * The 24 wards (行政区) of Osaka City: names, local government codes and name lookup.
 *
 * Source: ../shared/domain.md "Rules of the domain" — "Wards (24): 北区 … 西成区 (local government
 * codes 27102–27128, with gaps). 全区 = 24." and "ideographic spaces inside names (北 区)".
 * The codes are the 5-digit 全国地方公共団体コード without check digit. The gaps (27101, 27105,
 * 27110, 27112) are the wards abolished in the 1989 reorganisation (旧北区, 東区, 南区, 大淀区);
 * today's 北区 (27127) and 中央区 (27128) were created then, hence their high codes.
 */
import { memoByText } from './memo';
import { editDistance, withoutTrailingNote } from '../text';

/** One ward: its official name (no spaces) and its local government code. */
export interface Ward {
  /** Official name, e.g. 北区. */
  name: string;
  /** 5-digit local government code without check digit, e.g. 27127 for 北区. */
  code: number;
}

/**
 * The 24 wards in the customary order of city documents (北区 first, 西成区 last), which is the
 * order of domain.md's list and of 001's 24-ward table; not the order of the codes.
 */
export const wards: readonly Ward[] = [
  { name: '北区', code: 27127 },
  { name: '都島区', code: 27102 },
  { name: '福島区', code: 27103 },
  { name: '此花区', code: 27104 },
  { name: '中央区', code: 27128 },
  { name: '西区', code: 27106 },
  { name: '港区', code: 27107 },
  { name: '大正区', code: 27108 },
  { name: '天王寺区', code: 27109 },
  { name: '浪速区', code: 27111 },
  { name: '西淀川区', code: 27113 },
  { name: '淀川区', code: 27123 },
  { name: '東淀川区', code: 27114 },
  { name: '東成区', code: 27115 },
  { name: '生野区', code: 27116 },
  { name: '旭区', code: 27117 },
  { name: '城東区', code: 27118 },
  { name: '鶴見区', code: 27124 },
  { name: '阿倍野区', code: 27119 },
  { name: '住之江区', code: 27125 },
  { name: '住吉区', code: 27120 },
  { name: '東住吉区', code: 27121 },
  { name: '平野区', code: 27126 },
  { name: '西成区', code: 27122 },
];

/** 全区 = 24: the number of wards. */
export const wardCount = wards.length;

/** The 24 names in customary order. */
export const wardNames: readonly string[] = wards.map((w) => w.name);

const byName = new Map(wards.map((w) => [w.name, w]));
const byCode = new Map(wards.map((w) => [w.code, w]));

/**
 * A written ward name without its padding: removes every kind of white space (ASCII space, tab,
 * U+3000 ideographic space, no-break space …) anywhere in the text, because PDF tables justify
 * short names with spaces (北 区, 西　区). Does not apply NFKC and does not change any other
 * character; returns '' for a text of spaces.
 */
export function normalizeWardName(text: string): string {
  return text.replace(/[\s\u3000\u00a0\u200b]+/g, '');
}

/**
 * The ward a written name denotes after removing padding spaces (see `normalizeWardName`), or
 * undefined when it is not one of the 24 (a typo, a former ward, 全市 …). Exact match only: no
 * 大阪市 prefix, no 区長 suffix.
 */
export function wardByName(text: string): Ward | undefined {
  return byName.get(normalizeWardName(text));
}

/** True when `text` names one of the 24 wards (padding spaces allowed). */
export function isWardName(text: string): boolean {
  return wardByName(text) !== undefined;
}

/** The ward with a 5-digit local government code (27102–27128, with gaps), or undefined. */
export function wardByCode(code: number): Ward | undefined {
  return byCode.get(code);
}

/**
 * The ward name closest to a written (unknown) name, for a "did you mean" suggestion: the one with
 * the smallest edit distance after normalisation, if that distance is at most 1 character, or 2
 * for names of 4 characters or more (東淀区 → 東淀川区, 阿部野区 → 阿倍野区). Undefined otherwise.
 */
function readNearestWardName(text: string): string | undefined {
  const written = normalizeWardName(text);
  if (written === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of wardNames) {
    const d = editDistance(written, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  const limit = written.length >= 4 ? 2 : 1;
  return bestDistance <= limit ? best : undefined;
}

/** `readNearestWardName`, memoised per text (./memo.ts). */
export const nearestWardName = memoByText(readNearestWardName);

/**
 * Wards abolished in the 1989 reorganisation and the ward that took their area (東区 and 南区 were
 * merged into 中央区, 大淀区 and the old 北区 into today's 北区). A sheet of today that names one
 * means a ward of today.
 */
export const formerWards: ReadonlyMap<string, string> = new Map([
  ['東区', '中央区'],
  ['南区', '中央区'],
  ['大淀区', '北区'],
]);

// Words before 区長 that are not ward names: 副区長, 担当区長, 各区長, 全区長, 当区長, 本区長, 区長.
const notAWard = new Set(['', '副', '担当', '各', '全', '当', '本', '部会', '関係', '所管', '24', '２４']);

/**
 * A ward chief's title as the minutes compare it: no padding spaces, and without the city's name
 * of the official full form (大阪市北区長 → 北区長, 大阪市 北 区長 → 北区長).
 */
export function normalizeChiefTitle(text: string): string {
  return normalizeWardName(text).replace(/^大阪市(?=.{1,8}区長)/, '');
}

/**
 * The ward part of a ward chief's title that names no ward of the 24 ("東区長" → 東区), with a
 * suggestion (the successor of a former ward, or the nearest name); undefined when the title is
 * not a ward chief's (副区長, 担当区長 …) or names one of the 24. A deputy of a ward (港区副区長,
 * 東区副区長 → 東区) is judged by the ward it names.
 */
export function unknownChiefWard(title: string): { written: string; suggestion?: string } | undefined {
  const name = withoutTrailingNote(normalizeChiefTitle(title));
  const m = /^(.{0,6}?)区長$/.exec(name);
  if (!m || notAWard.has(m[1]!)) return undefined;
  // Another role of a named ward (港区副区長, 北区担当区長): only its ward part can be unknown.
  const role = /^(.{1,6}区)(?:副|担当)$/.exec(m[1]!);
  const written = role ? role[1]! : `${m[1]}区`;
  if (wardByName(written)) return undefined;
  const suggestion = formerWards.get(written) ?? nearestWardName(written);
  return suggestion ? { written, suggestion } : { written };
}
