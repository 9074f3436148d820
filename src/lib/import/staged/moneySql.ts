/**
 * Money columns of a staged file in SQL, computed exactly as parseMoney (contract/values.ts) computes
 * them: numbers and plain digits in the engine, every other spelling through the dictionary.
 */
import { parseMoney } from '../../contract/values';
import { sqlNumber } from '../../domain/sqlText';
import { colOf, parsed, type Ctx, type Joined } from './dictionaries';

/**
 * A money column stored as numbers (Parquet DOUBLE): parseMoney of a number is round2(v × scale),
 * written here as JavaScript computes it (`round2Sql`); not finite → the row rules.
 */
export async function numericMoney(c: Ctx, id: string): Promise<{ v: string; bad: string; has: string } | null> {
  const col = colOf(c, id);
  if (!col || !/^(DOUBLE|FLOAT|REAL)$/.test(c.types.get(col) ?? '')) return null;
  const scale = sqlNumber(c.stage.headersById[id]?.scale ?? 1);
  // A negative amount flags its row (the row rules then say what): round2Sql's rounding is for n ≥ 0.
  return {
    v: `CASE WHEN isfinite(r.${col}) THEN ${round2Sql(`r.${col} * ${scale}`)} END`,
    bad: `coalesce(NOT isfinite(r.${col}), false)`,
    has: `(r.${col} IS NOT NULL)`,
  };
}

/** Digits with a decimal part or none, as most money cells of a CSV are written (and as parseMoney reads them, unchanged by its clean-up). */
export const PLAIN_NUMBER = `'[0-9]{1,15}(\\.[0-9]{1,9})?'`;

/**
 * A money column of text (a CSV's): a cell of plain digits is parsed in SQL as parseMoney parses it —
 * Number(s) × scale, rounded as `numericMoney` rounds — and only the other spellings (千分位, 万元, ￥,
 * full-width digits, …) go through parseMoney in the dictionary. A district's project CSV has 170,000
 * distinct amounts; nearly all are plain.
 */
export async function textMoney(c: Ctx, j: Joined, id: string): Promise<{ v: string; bad: string; has: string }> {
  const col = colOf(c, id);
  const scale = c.stage.headersById[id]?.scale ?? 1;
  const money = (k: string) => parseMoney(k, scale);
  if (!col || (c.types.get(col) ?? 'VARCHAR') !== 'VARCHAR') return parsed(c, j, id, 'float64', money);
  const plain = `coalesce(regexp_full_match(r.${col}, ${PLAIN_NUMBER}), false)`;
  const p = await parsed(c, j, id, 'float64', money, `NOT ${plain}`);
  // The test and the value once per row (c.pre): the flags read the amount several times.
  const [isPlain, value] = [`_plain_${id}`, `_money_${id}`];
  c.pre[isPlain] = plain;
  c.pre[value] = plainMoneySql(`r.${col}`, scale); // read only where the test holds
  return { v: `CASE WHEN r.${isPlain} THEN r.${value} ELSE ${p.v} END`, bad: p.bad, has: `(r.${isPlain} OR ${p.has})` };
}

/** parseMoney of a cell of plain digits (`PLAIN_NUMBER`) in SQL: round2(Number(s) × scale); of other text, no meaning. */
export function plainMoneySql(e: string, scale: number): string {
  return round2Sql(`TRY_CAST(${e} AS DOUBLE) * ${sqlNumber(scale)}`);
}

/**
 * round2 (Math.round(n × 100) / 100) of a non-negative n in SQL, exactly as JavaScript computes it:
 * halves up, and no error from adding 0.5 (floor(y + 0.5) is one more than Math.round(y) where y + 0.5
 * rounds, as for 0.49999999999999994 or above 2^52).
 */
function round2Sql(n: string): string {
  const y = `(${n} * 100)`;
  return `(CASE WHEN ${y} - floor(${y}) >= 0.5 THEN ceil(${y}) ELSE floor(${y}) END) / 100`;
}
