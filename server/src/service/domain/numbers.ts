/**
 * Japanese numbers as policy sheets write them, held exactly: 7,684 / ４，９００ / ８０．５％ /
 * ▲8.8 / 48.3%. Pure functions over strings and numbers; amounts and rates are compared as exact
 * decimals (bigint units at a scale), never as binary floating point.
 *
 * Source: ../shared/domain.md "Rules of the domain" (Money: ▲ is a minus sign, "－" in an amount
 * cell means no separate budget; Unicode look-alikes: full-width digits, comma, ％ and decimal point).
 */
import { toAsciiDigits } from './era';

/** An exact decimal: its value is `units / 10^scale` (scale ≥ 0). */
export interface Decimal {
  units: bigint;
  scale: number;
}

/** A number as written: its value, its exact decimal form and how many decimals were written. */
export interface WrittenNumber {
  /** The value as a JavaScript number (for ordering and display only, not for sums). */
  value: number;
  /** The exact value. */
  decimal: Decimal;
  /** Digits written after the decimal point ("62.0" → 1, "7,684" → 0). */
  decimals: number;
  /** True when the text ended in % or ％ ("48.3%"). */
  percent: boolean;
}

// Leading signs: ASCII and Unicode minus, full-width hyphen-minus, and ▲/△ (minus in accounting).
const minusSigns = new Set(['-', '−', '－', '▲', '△']);
const plusSigns = new Set(['+', '＋']);
const numberPattern = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Parses a number written in a sheet: ASCII or full-width digits, thousands commas (, or ，),
 * a decimal point (. or ．), a leading sign (- − － ▲ △ + ＋) and an optional trailing % / ％.
 * Surrounding spaces (also U+3000) are ignored. Returns undefined for anything else, including a
 * lone "－" (an empty amount cell), exponents and units other than %.
 */
export function parseWrittenNumber(text: string): WrittenNumber | undefined {
  let s = toAsciiDigits(text).replace(/[，]/g, ',').replace(/[．]/g, '.').trim(); // linear, same set as \s
  let percent = false;
  if (/[%％]$/.test(s)) {
    percent = true;
    s = s.slice(0, -1).trimEnd();
  }
  let negative = false;
  const first = s.charAt(0);
  if (minusSigns.has(first) || plusSigns.has(first)) {
    negative = minusSigns.has(first);
    s = s.slice(1).trimStart();
  }
  const m = numberPattern.exec(s);
  if (!m) return undefined;
  const fraction = m[2] ?? '';
  const units = BigInt(m[1]!.replace(/,/g, '') + fraction) * (negative ? -1n : 1n);
  const decimal: Decimal = { units, scale: fraction.length };
  return { value: Number((negative ? '-' : '') + m[1]!.replace(/,/g, '') + (fraction ? `.${fraction}` : '')), decimal, decimals: fraction.length, percent };
}

/**
 * Reads a number from sheet data: a YAML number (with `source`, the scalar's text as written, so
 * that "62.0" keeps its written decimal) or a string such as "48.3%" or "４，９００". Returns
 * undefined for anything that is not a number (booleans, "－", prose, non-finite numbers).
 */
export function readNumber(value: unknown, source?: string): WrittenNumber | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    // The written text keeps trailing zeros ("62.0"); use it when it denotes the same number.
    const written = source === undefined ? undefined : parseWrittenNumber(source);
    if (written && written.value === value && !written.percent) return written;
    return parseWrittenNumber(plainNumberText(value));
  }
  if (typeof value === 'string') return parseWrittenNumber(value);
  return undefined;
}

/** A finite number as plain decimal text (no exponent), e.g. 1e-7 → "0.0000001". */
function plainNumberText(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // toFixed handles up to 100 decimals; beyond that the number is not one a sheet would hold.
  return Math.abs(value) < 1 ? value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '') : BigInt(Math.round(value)).toString();
}

/** `a` rescaled to `scale` (≥ a.scale) without loss. */
function rescale(a: Decimal, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

/** Exact sum of decimals (0 for an empty list). */
export function sumDecimals(values: readonly Decimal[]): Decimal {
  const scale = values.reduce((m, v) => Math.max(m, v.scale), 0);
  return { units: values.reduce((s, v) => s + rescale(v, scale), 0n), scale };
}

/** Exact `a − b`. */
export function subtractDecimals(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

/** −1, 0 or 1 as `a` is less than, equal to or greater than `b` (exactly). */
export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const d = subtractDecimals(a, b).units;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Half a unit in the last of `decimals` written digits: 0 decimals → 0.5, 1 → 0.05. */
export function halfUnit(decimals: number): Decimal {
  return { units: 5n, scale: decimals + 1 };
}

/**
 * True when `a` and `b` differ by at most `tolerance` (inclusive). With integers and a tolerance of
 * half a unit this is exact equality.
 */
export function withinTolerance(a: Decimal, b: Decimal, tolerance: Decimal): boolean {
  const d = subtractDecimals(a, b);
  const abs: Decimal = { units: d.units < 0n ? -d.units : d.units, scale: d.scale };
  return compareDecimals(abs, tolerance) <= 0;
}

/** Floor division of bigints (rounds toward −∞; `d` ≠ 0). */
function floorDiv(n: bigint, d: bigint): bigint {
  if (d < 0n) return floorDiv(-n, -d);
  const q = n / d; // bigint division truncates toward zero
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/**
 * The percentage `numerator / denominator × 100` to `decimals` decimals, exactly: rounded half up
 * (四捨五入) and truncated (切り捨て), the two ways Japanese tables state rates. Undefined when the
 * denominator is 0. Example: 85 / 146 with 1 decimal → rounded 58.2, truncated 58.2.
 */
export function percentage(numerator: Decimal, denominator: Decimal, decimals: number): { rounded: Decimal; truncated: Decimal } | undefined {
  if (denominator.units === 0n) return undefined;
  // numerator/denominator × 100 × 10^decimals = (nu × 10^ds × 10^(2+decimals)) / (du × 10^ns)
  let n = numerator.units * 10n ** BigInt(denominator.scale + 2 + decimals);
  let d = denominator.units * 10n ** BigInt(numerator.scale);
  if (d < 0n) [n, d] = [-n, -d];
  const truncated = n / d; // bigint division truncates toward zero: 切り捨て of the written figure
  const rounded = floorDiv(2n * n + d, 2n * d); // half up: floor(x + 1/2)
  return { rounded: { units: rounded, scale: decimals }, truncated: { units: truncated, scale: decimals } };
}

/**
 * A decimal as text: {768400n, 2} → "7684.00", or "7,684.00" with `commas` (for messages; without
 * commas for quick-fix data, where the text must stay a YAML number).
 */
export function formatDecimal(value: Decimal, commas = false): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const integer = commas ? groupThousands(whole) : whole;
  const fraction = value.scale > 0 ? `.${digits.slice(digits.length - value.scale)}` : '';
  return `${negative ? '-' : ''}${integer}${fraction}`;
}

/** "1234567" → "1,234,567", in linear time (the look-ahead regex for this is quadratic in the digits). */
function groupThousands(digits: string): string {
  const head = digits.length % 3 || 3;
  const groups = [digits.slice(0, head)];
  for (let i = head; i < digits.length; i += 3) groups.push(digits.slice(i, i + 3));
  return groups.join(',');
}

/** True when a unit names percent: %, ％, パーセント. */
export function isPercentUnit(unit: unknown): boolean {
  return typeof unit === 'string' && /^[\s\u3000]*(%|％|パーセント)[\s\u3000]*$/.test(unit);
}
