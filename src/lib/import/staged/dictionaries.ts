/**
 * The dictionaries of a staged file's normalisation (see normaliseStage.ts): each column's distinct
 * values, read from the engine a page at a time, parsed by the TypeScript rules on the page, stored
 * back as a table and joined to the raw cells by value. Also the context the normalisation carries.
 */
import { isBlank, parseText } from '../../contract/values';
import { columnsToIPC, type ArrowColType } from '../../db/arrow';
import type { Engine } from '../../engine/types';
import type { RawStage } from './stageRaw';
import { textSql } from './textRule';

/** Yield to the page between slices of work on the main thread. */
export const tick = () => new Promise<void>((r) => setTimeout(r, 0));

export interface Ctx {
  engine: Engine;
  /** The staged raw cells (a table). */
  raw: string;
  /**
   * Values computed once per row beside the raw cells (name → SQL over them), read by the view as `r.<name>`:
   * an expression the flags name several times is not evaluated again for each mention.
   */
  pre: Record<string, string>;
  stage: RawStage;
  /** Each raw column's engine type, by quoted identifier. */
  types: Map<string, string>;
  /** The tables made while normalising (dictionaries and the like), dropped with the load's scratch. */
  tables: string[];
  /** The scratch-catalog prefix of those tables' names. */
  prefix: string;
}

/** The raw cells with the values of `c.pre` beside them (and the table's row id as a column). */
export function rawWithPre(c: Ctx): string {
  const pre = Object.entries(c.pre).map(([n, e]) => `, ${e} AS ${n}`);
  return pre.length ? `(SELECT rowid AS rowid, *${pre.join('')} FROM ${c.raw} r)` : c.raw;
}

const SQL_OF: Record<ArrowColType, string> = { utf8: 'VARCHAR', float64: 'DOUBLE', bool: 'BOOLEAN', int32: 'INTEGER' };
const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL)/;

/** The staged column of a contract column (a quoted identifier), or null when the file has none. */
export function colOf(c: Ctx, id: string): string | null {
  const m = c.stage.headersById[id];
  return m ? c.stage.headerCols[m.index] : null;
}

const KEY_PAGE = 2_500;

/**
 * The rows of `sql` (made once into a table of their own), a page at a time: a column of tens of
 * thousands of distinct amounts is never converted, parsed and encoded in one main-thread task.
 * Yields at least one page (maybe empty). `small`: first try the whole result in one statement (its
 * query runs again when it has more than a page).
 */
export async function* pagesOf<T extends object>(c: Ctx, sql: string, small = true): AsyncGenerator<T[]> {
  if (small) {
    // Most columns have a few distinct values: one statement reads them whole (a district's load makes
    // ~20 dictionaries; four round trips to the engine each took ~0.2 s in all).
    const whole = await c.engine.query<T>(`${sql} LIMIT ${KEY_PAGE + 1}`);
    if (whole.length <= KEY_PAGE) {
      yield whole;
      return;
    }
  }
  const t = `${c.prefix}_keys`;
  await c.engine.exec(`CREATE OR REPLACE TABLE ${t} AS ${sql}`);
  try {
    const [{ n }] = await c.engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`);
    for (let lo = 0; lo === 0 || lo < n; lo += KEY_PAGE)
      yield n === 0 ? [] : await c.engine.query<T>(`SELECT * FROM ${t} WHERE rowid >= ${lo} AND rowid < ${lo + KEY_PAGE} ORDER BY rowid`);
  } finally {
    await c.engine.exec(`DROP TABLE IF EXISTS ${t}`);
  }
}

/** Each page's outputs by `fn`, yielding to the page every 500 values. */
export async function mapPage<T, R>(page: T[], fn: (x: T) => R): Promise<R[]> {
  const out = new Array<R>(page.length);
  for (let i = 0; i < page.length; i++) {
    if (i % 500 === 499) await tick();
    out[i] = fn(page[i]);
  }
  return out;
}

/**
 * A dictionary table `name` of (k, ...outs): `sql` gives each distinct k (and what `fn` reads), `fn`
 * its outputs by the TypeScript rule.
 */
async function dictionaryOf<T extends { k: string }>(
  c: Ctx,
  name: string,
  sql: string,
  outs: [string, ArrowColType][],
  fn: (row: T) => unknown[],
): Promise<void> {
  let create = true;
  for await (const keys of pagesOf<T>(c, sql)) {
    const values = await mapPage(keys, fn);
    await c.engine.insertArrowIPC(
      name,
      columnsToIPC([
        ['k', 'utf8', keys.map((x) => x.k)],
        ...outs.map(([n, t], j): [string, ArrowColType, unknown[]] => [n, t, values.map((v) => v[j])]),
      ]),
      create,
    );
    create = false;
  }
}

/** A dictionary of one column's (or expression's) distinct values (`dictionaryOf`). Returns its table name. */
export async function dictionary(
  c: Ctx,
  key: string,
  from: string,
  outs: [string, ArrowColType][],
  fn: (k: string) => unknown[],
  where = 'true',
): Promise<string> {
  const name = `${c.prefix}_d${c.tables.length}`;
  c.tables.push(name);
  const sql = `SELECT DISTINCT CAST(${key} AS VARCHAR) AS k FROM ${from} WHERE ${key} IS NOT NULL AND (${where})`;
  await dictionaryOf<{ k: string }>(c, name, sql, outs, (x) => fn(x.k));
  return name;
}

export interface Joined {
  joins: string[];
  /** Output expressions by name. */
  e: Record<string, string>;
}

/** A contract column's text (parseText), NULL when the file has no such column. */
export async function text(c: Ctx, j: Joined, id: string): Promise<string> {
  const col = colOf(c, id);
  if (!col) return 'NULL::VARCHAR';
  const type = c.types.get(col) ?? 'VARCHAR';
  if (type === 'VARCHAR') return textSql(`r.${col}`, c.stage.cleanText.includes(col));
  if (!NUMERIC.test(type)) return textSql(`CAST(r.${col} AS VARCHAR)`);
  // A number read as text: written as JavaScript writes it (100, not 100.0).
  const d = await dictionary(c, `r.${col}`, `${c.raw} r`, [['v', 'utf8']], (k) => [parseText(String(Number(k)))]);
  return `${joinDict(j, d, `r.${col}`)}.v`;
}

/** Joins a dictionary on the row's value as text; returns the dictionary's alias in the row's SELECT. */
export function joinDict(j: Joined, dict: string, key: string): string {
  const alias = `j${j.joins.length}`;
  j.joins.push(`LEFT JOIN ${dict} ${alias} ON ${alias}.k = CAST(${key} AS VARCHAR)`);
  return alias;
}

/** A parsed column: its value and whether it did not parse (`bad`), from a dictionary. */
export async function parsed(
  c: Ctx,
  j: Joined,
  id: string,
  type: ArrowColType,
  fn: (raw: string) => { value?: unknown; error?: string },
  /** Only the values meeting this (SQL over `r`) are parsed into the dictionary; the others get NULL. */
  where = 'true',
): Promise<{ v: string; bad: string; has: string }> {
  const col = colOf(c, id);
  if (!col) return { v: `NULL::${SQL_OF[type]}`, bad: 'false', has: 'false' };
  const d = await dictionary(
    c,
    `r.${col}`,
    `${c.raw} r`,
    [
      ['v', type],
      ['bad', 'bool'],
      ['has', 'bool'],
    ],
    (k) => {
      const p = fn(k);
      return [p.error !== undefined ? null : (p.value ?? null), p.error !== undefined, !isBlank(k)];
    },
    where,
  );
  const alias = joinDict(j, d, `r.${col}`);
  return { v: `${alias}.v`, bad: `coalesce(${alias}.bad, false)`, has: `coalesce(${alias}.has, false)` };
}
