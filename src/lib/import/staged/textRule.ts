/**
 * `parseText` (contract/values.ts: line endings unified, trimmed as JavaScript trims, blank → NULL) in
 * SQL, and where the file is read, which columns never need it.
 *
 * The rule costs a regular expression per value in the engine (a district's million indicator rows,
 * 9 text columns: 0.9 s of a 10 s load, paid again by every pass that reads the values). Nearly every
 * column of a real export has no value with a blank at either end and no CR: the import worker sees
 * that as it reads the bytes (a CSV's fields, a Parquet row group's Arrow buffers, the long way's cell
 * strings), and such a column is read as it is (`nullif(col, '')`). Any column with one such value
 * gets the full rule for all its values, as before.
 */
import type { Table } from 'apache-arrow';

/** What String.prototype.trim removes (JavaScript's white space and line terminators). */
export const JS_SPACE = [
  9,
  10,
  11,
  12,
  13,
  32,
  0xa0,
  0x1680,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
];
export const SPACE_CLASS = `[${JS_SPACE.map((c) => `\\x{${c.toString(16)}}`).join('')}]`;

/**
 * A value that trimming or unifying line endings would change: one regular expression (RE2) per
 * value. Measured on a district's million indicator rows, 9 columns: 0.9 s, where testing the first
 * and last character against a list of the 24 space characters (left/right … IN) took 6 s.
 */
const NEEDS_TEXT_RULE = `'^${SPACE_CLASS}|${SPACE_CLASS}$|\\r'`;

/** `parseText` in SQL; `clean`: the column has no value the rule would change (see above). */
export function textSql(e: string, clean = false): string {
  if (clean) return `nullif(${e}, '')`;
  return `CASE WHEN ${e} IS NULL THEN NULL
    WHEN regexp_matches(${e}, ${NEEDS_TEXT_RULE})
    THEN nullif(regexp_replace(regexp_replace(${e}, '\\r\\n?', chr(10), 'g'), '^${SPACE_CLASS}+|${SPACE_CLASS}+$', '', 'g'), '')
    ELSE nullif(${e}, '') END`;
}

const CR = 0x0d;
const SPACE_CODES = new Set(JS_SPACE);
/** The UTF-8 bytes of each space past ASCII (2 or 3 bytes). */
const WIDE = JS_SPACE.filter((c) => c >= 0x80).map((c) => new TextEncoder().encode(String.fromCodePoint(c)));
/** By byte: 1 where a value starting (`FIRST`) or ending (`LAST`) with it may start or end with a space. */
const FIRST = new Uint8Array(256);
const LAST = new Uint8Array(256);
/** And the byte before a wide space's last (a value ending in 0x80 mostly ends in a character, not a space). */
const BEFORE_LAST = new Uint8Array(256);
for (const c of JS_SPACE.filter((x) => x < 0x80)) FIRST[c] = LAST[c] = 1;
for (const w of WIDE) {
  FIRST[w[0]] = 1;
  LAST[w[w.length - 1]] = 1;
  BEFORE_LAST[w[w.length - 2]] = 1;
}
/** Whether the value `b[s, e)` (not empty) may begin or end with a space: the exact test is `edgeSpaceSlow`. */
const mayEdge = (b: Uint8Array, s: number, e: number) =>
  FIRST[b[s]] === 1 || (LAST[b[e - 1]] === 1 && (b[e - 1] < 0x80 || (e - s >= 2 && BEFORE_LAST[b[e - 2]] === 1)));

/** The wide spaces' bytes as numbers (two bytes: 0xC2A0; three: 0xE38080 …). */
const WIDE_KEYS = new Set(WIDE.map((w) => w.reduce((k, x) => k * 256 + x, 0)));
const key2 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const key3 = (b: Uint8Array, at: number) => (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];

/** The exact test, once a value's first or last byte says it may begin or end with a space. */
function edgeSpaceSlow(b: Uint8Array, start: number, end: number): boolean {
  const len = end - start;
  const first = b[start];
  if (first < 0x80 ? SPACE_CODES.has(first) : (len >= 2 && WIDE_KEYS.has(key2(b, start))) || (len >= 3 && WIDE_KEYS.has(key3(b, start))))
    return true;
  const last = b[end - 1];
  if (last < 0x80) return SPACE_CODES.has(last);
  return (len >= 2 && WIDE_KEYS.has(key2(b, end - 2))) || (len >= 3 && WIDE_KEYS.has(key3(b, end - 3)));
}

/**
 * Whether the UTF-8 value `b[start, end)` begins or ends with a space trimming removes (a CR is looked
 * for apart): two table lookups per value, the exact test only where they say it may be needed.
 */
export function edgeSpaceBytes(b: Uint8Array, start: number, end: number): boolean {
  return end > start && mayEdge(b, start, end) && edgeSpaceSlow(b, start, end);
}

/** The columns `0 … width - 1` not marked in `dirty`: those the text rule can skip. */
export function cleanColumns(width: number, dirty: ArrayLike<boolean>): number[] {
  return Array.from({ length: width }, (_, i) => i).filter((i) => !dirty[i]);
}

/** Whether the rule would change the string `s` (a blank end, or a CR anywhere). */
export function needsTextRule(s: string): boolean {
  if (s.length === 0) return false;
  return SPACE_CODES.has(s.charCodeAt(0)) || SPACE_CODES.has(s.charCodeAt(s.length - 1)) || s.includes('\r');
}

/** Whether any of the values `lo`…`hi` of an Arrow text column (offsets, UTF-8 bytes) is one the rule changes. */
function valuesNeedRule(offsets: Int32Array, values: Uint8Array, lo: number, hi: number): boolean {
  if (values.subarray(offsets[lo], offsets[hi]).indexOf(CR) >= 0) return true;
  for (let i = lo; i < hi; i++) if (edgeSpaceBytes(values, offsets[i], offsets[i + 1])) return true;
  return false;
}

/** Arrow's type ids of the text columns a Parquet file decodes to (Utf8, LargeUtf8). */
const UTF8 = 5;
const LARGE_UTF8 = 20;

/** The text columns of an Arrow table (a decoded row group), and those holding a value the rule would change. */
export function textRuleColumns(table: Table): { text: string[]; dirty: string[] } {
  const out: string[] = [];
  const text: string[] = [];
  for (const [j, field] of table.schema.fields.entries()) {
    const id = field.type.typeId as number;
    if (id !== UTF8 && id !== LARGE_UTF8) continue;
    text.push(field.name);
    const col = table.getChildAt(j);
    if (!col) continue;
    const dirty = col.data.some((d) =>
      valuesNeedRule(
        d.valueOffsets instanceof Int32Array ? d.valueOffsets : Int32Array.from(d.valueOffsets as ArrayLike<number>, Number),
        d.values as Uint8Array,
        d.offset,
        d.offset + d.length,
      ),
    );
    if (dirty) out.push(field.name);
  }
  return { text, dirty: out };
}
