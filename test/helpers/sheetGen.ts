/**
 * Schema-driven generation of Policy Sheets for the fuzzer and the benchmark: plain data that
 * follows a kind's JSON Schema (required keys, enums, patterns of 年度 / 番号 / dates / times,
 * examples, texts taken from the real samples and recombined), then YAML text written by a small
 * emitter that can add anchors and aliases (shared and cyclic), flow collections and quoting.
 * Deterministic for a seed, so a fast-check counterexample replays.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { bundledSchemas } from '../../server/src/bundledSchemas';
import type { SheetKind } from '../../server/src/service';

/** A random source in [0, 1). */
export type Rng = () => number;

/** mulberry32: a small, fast, seedable generator. */
export function rngFrom(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

/** Every string scalar of the real samples: realistic Japanese cell texts to recombine. */
const textPool: string[] = (() => {
  const dir = resolve(__dirname, '../../samples');
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (v.length >= 4) out.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.sheet.yaml'))) walk(parse(readFileSync(resolve(dir, f), 'utf8')));
  return [...out];
})();

const wards = ['北区', '都島区', '福島区', '此花区', '中央区', '西区', '港区', '大正区', '天王寺区', '浪速区', '西淀川区', '淀川区', '東淀川区', '東成区', '生野区', '旭区', '城東区', '鶴見区', '阿倍野区', '住之江区', '住吉区', '東住吉区', '平野区', '西成区'];
const fullWidth = (s: string) => s.replace(/[0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** Strings for the patterns the schemas use. */
function patterned(rng: Rng, pattern: string): string | undefined {
  const year = () => int(rng, 1, 8);
  if (pattern.includes('～')) return pick(rng, [`令和${year()}～${year() + 2}年度`, `R${year()}～R${year() + 3}`]); // 計画期間
  if (pattern.includes('年度末')) return pick(rng, [`令和${year()}年度末`, `R${year()}年度末`, `${year()}年度末`]);
  if (pattern.includes('年度')) return pick(rng, [`令和${year()}年度`, `${year()}年度`, `R${year()}`, `平成${int(rng, 20, 30)}年度`, `令和${fullWidth(String(year()))}年度`]);
  if (pattern.includes('月 ?')) return `令和${fullWidth(String(int(rng, 1, 6)))}年${int(rng, 1, 12)}月${int(rng, 1, 28)}日`;
  if (pattern.includes(':[0-9]{2}')) return `${int(rng, 9, 17)}:${pick(rng, ['00', '15', '30', '45'])}`;
  if (pattern.includes('①')) return `${int(rng, 1, 5)}-${String.fromCharCode(0x2460 + int(rng, 0, 9))}`;
  if (pattern.includes('\\(')) return `${int(rng, 1, 5)} (${int(rng, 1, 5)})`;
  if (pattern.includes('(-[0-9]+)')) return Array.from({ length: int(rng, 1, 3) }, () => int(rng, 1, 9)).join('-');
  return undefined;
}

/** A realistic text: one or two sample sentences, sometimes with a figure, a date or a ward. */
function text(rng: Rng): string {
  let s = pick(rng, textPool);
  if (s.length > 120) s = s.slice(0, int(rng, 20, 120));
  const extra = rng();
  if (extra < 0.15) s += `（${pick(rng, wards)}）`;
  else if (extra < 0.3) s += ` ${int(rng, 1, 999).toLocaleString('en-US')}件`;
  else if (extra < 0.4) s += `（令和${int(rng, 1, 7)}年${int(rng, 1, 12)}月末現在）`;
  return s;
}

type Schema = Record<string, unknown>;
const schemaOf = (kind: SheetKind) => bundledSchemas.kinds[kind] as Schema;

/** Options of `generateData`. */
export interface GenerateOptions {
  /** Items in each top-level list (default 1–3, random). */
  topItems?: number;
  /** Probability of writing an optional key (default 0.6). */
  optional?: number;
}

/** Plain data of a `kind` sheet that follows its schema. */
export function generateData(kind: SheetKind, rng: Rng, options: GenerateOptions = {}): Record<string, unknown> {
  const root = schemaOf(kind);
  const common = bundledSchemas.common as Schema;
  const resolveRef = (ref: string, doc: Schema): [Schema, Schema] => {
    const [file, pointer] = ref.split('#');
    const base = file ? common : doc;
    let node: unknown = base;
    for (const seg of (pointer ?? '').split('/').filter(Boolean)) node = (node as Schema)[seg];
    return [node as Schema, base];
  };
  const gen = (schema: Schema, doc: Schema, depth: number): unknown => {
    if (typeof schema.$ref === 'string') {
      const [target, base] = resolveRef(schema.$ref, doc);
      return gen({ ...target, ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$ref')) }, base, depth);
    }
    if (Array.isArray(schema.allOf)) {
      // Merge the parts: properties (a `true` stub never replaces a real one) and required keys.
      const merged: Schema = { type: 'object', properties: {}, required: [] };
      let base = doc;
      for (const part of schema.allOf as Schema[]) {
        const [resolved, partBase] = typeof part.$ref === 'string' ? resolveRef(part.$ref, doc) : [part, doc];
        if (typeof part.$ref === 'string') base = partBase;
        for (const [k, v] of Object.entries(resolved)) if (k !== 'properties' && k !== 'required') merged[k] = v;
        for (const [k, v] of Object.entries((resolved.properties ?? {}) as Schema)) if (v !== true || !(k in (merged.properties as Schema))) (merged.properties as Schema)[k] = v;
        (merged.required as string[]).push(...((resolved.required ?? []) as string[]));
      }
      return gen(merged, base, depth);
    }
    if ('const' in schema) return schema.const;
    if (Array.isArray(schema.enum)) return pick(rng, schema.enum);
    const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
    if (alternatives && !schema.properties) return gen(pick(rng, alternatives), doc, depth);
    const type = Array.isArray(schema.type) ? pick(rng, schema.type as string[]) : (schema.type as string | undefined);
    if (type === 'object' || schema.properties) {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const required = new Set((schema.required ?? []) as string[]);
      const excluded = new Set<string>();
      if (alternatives) {
        // One alternative's keys; with oneOf, none of the keys only the others require.
        const chosen = pick(rng, alternatives);
        for (const k of (chosen.required ?? []) as string[]) required.add(k);
        for (const other of alternatives) if (other !== chosen) for (const k of (other.required ?? []) as string[]) if (!required.has(k)) excluded.add(k);
      }
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(properties)) {
        if (sub === (true as unknown) || excluded.has(key)) continue;
        if (required.has(key) || (depth < 11 && rng() < (options.optional ?? 0.6) * (depth < 9 ? 1 : 0.3))) out[key] = gen(sub, doc, depth + 1);
      }
      // Alternatives that only name a key (`{"properties": {"内容": true}}`) take a text there.
      for (const key of required) if (!(key in out)) out[key] = depth < 11 ? [{ 記号: 'ア', 内容: text(rng) }] : text(rng);
      return out;
    }
    if (type === 'array') {
      const min = Number(schema.minItems ?? 0);
      const count = depth === 1 && options.topItems !== undefined ? options.topItems : Math.max(min, int(rng, 1, depth < 4 ? 3 : 2));
      const items = (schema.items ?? { type: 'string' }) as Schema;
      const out = Array.from({ length: count }, () => gen(items, doc, depth + 1));
      return schema.uniqueItems ? [...new Set(out.map((v) => JSON.stringify(v)))].map((v) => JSON.parse(v) as unknown) : out;
    }
    if (type === 'integer' || type === 'number') {
      const min = Number(schema.minimum ?? 0);
      const max = Number(schema.maximum ?? (type === 'integer' ? 300 : 100_000));
      return type === 'integer' || rng() < 0.5 ? int(rng, min, Math.max(min, max)) : Math.round((min + rng() * (max - min)) * 10) / 10;
    }
    if (type === 'boolean') return rng() < 0.5;
    if (type === 'string' || schema.pattern || schema.examples) {
      if (typeof schema.pattern === 'string') return patterned(rng, schema.pattern) ?? String((schema.examples as unknown[] | undefined)?.[0] ?? '');
      if (schema.maxLength !== undefined && Number(schema.maxLength) <= 4) return pick(rng, (schema.examples as string[] | undefined) ?? ['〇']);
      return schema.maxLength !== undefined ? text(rng).slice(0, Number(schema.maxLength)) : text(rng);
    }
    return text(rng);
  };
  return gen(root, root, 0) as Record<string, unknown>;
}

/** Options of the YAML emitter. */
export interface EmitOptions {
  /** Probability that a nested collection gets an anchor (`&aN`). */
  anchors?: number;
  /** Probability that a value is written as an alias to an earlier anchor, possibly an open one (a cycle). */
  aliases?: number;
  /** Probability that a small collection is written in flow style (`[a, b]`, `{k: v}`). */
  flow?: number;
}

const plainSafe = /^[^\s\-?:,[\]{}#&*!|>'"%@`]/;
const looksTyped = /^(?:[-+]?(?:\.?[0-9].*|\.inf|\.nan)|true|false|null|~|yes|no|on|off)$/i;

/** One scalar as YAML: plain when that reads back as the same string, JSON-quoted otherwise. */
function scalar(value: unknown): string {
  if (typeof value === 'string') {
    const plain = plainSafe.test(value) && !looksTyped.test(value) && !/: |\s#|[\n\r\t]|\s$|[[\]{},]/.test(value);
    return plain ? value : JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  return String(value);
}

/** YAML text of `data` (a mapping), block style with the options' anchors, aliases and flow. */
export function emitYaml(data: Record<string, unknown>, rng: Rng, options: EmitOptions = {}): string {
  const lines: string[] = [];
  const anchors: string[] = [];
  let next = 0;
  const isCollection = (v: unknown): v is object => v !== null && typeof v === 'object';
  const small = (v: object) => JSON.stringify(v).length < 60 && Object.values(v).every((x) => !isCollection(x));
  const flow = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
    if (isCollection(v)) return `{${Object.entries(v).map(([k, x]) => `${scalar(k)}: ${flow(x)}`).join(', ')}}`;
    const s = scalar(v);
    return typeof v === 'string' && /[,[\]{}]/.test(s) && !s.startsWith('"') ? JSON.stringify(v) : s;
  };
  // `head` is the text before the value on its line ("key:" or "-"); `indent` the nested indentation.
  const value = (head: string, v: unknown, indent: string): void => {
    if (anchors.length > 0 && rng() < (options.aliases ?? 0)) {
      lines.push(`${head} *${pick(rng, anchors)}`);
      return;
    }
    if (!isCollection(v)) {
      lines.push(`${head} ${scalar(v)}`);
      return;
    }
    if (rng() < (options.flow ?? 0) && small(v)) {
      lines.push(`${head} ${flow(v)}`);
      return;
    }
    if ((Array.isArray(v) ? v.length : Object.keys(v).length) === 0) {
      lines.push(`${head} ${Array.isArray(v) ? '[]' : '{}'}`);
      return;
    }
    let anchor = '';
    if (rng() < (options.anchors ?? 0)) {
      const name = `a${next++}`;
      anchors.push(name);
      anchor = ` &${name}`;
    }
    lines.push(`${head}${anchor}`);
    block(v, indent);
  };
  const block = (v: object, indent: string): void => {
    if (Array.isArray(v)) for (const item of v) value(`${indent}-`, item, `${indent}  `);
    else for (const [k, x] of Object.entries(v)) value(`${indent}${scalar(k)}:`, x, `${indent}  `);
  };
  block(data, '');
  return `${lines.join('\n')}\n`;
}

/** A generated `kind` sheet of about `lines` lines (realistic, varied, schema-valid). */
export function sheetOfLines(kind: SheetKind, lines: number, seed: number): string {
  let items = 1;
  let text = emitYaml(generateData(kind, rngFrom(seed), { topItems: items }), rngFrom(seed + 1));
  const perItem = Math.max(1, text.split('\n').length);
  items = Math.max(1, Math.round(lines / perItem));
  for (let i = 0; i < 8; i++) {
    text = emitYaml(generateData(kind, rngFrom(seed), { topItems: items }), rngFrom(seed + 1));
    const got = text.split('\n').length - 1;
    if (Math.abs(got - lines) / lines < 0.05) break;
    items = Math.max(1, Math.round((items * lines) / got));
  }
  return text;
}
