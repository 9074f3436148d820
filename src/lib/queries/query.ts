/**
 * Queries are named, typed objects: `{ name, sql, params }`. Every figure on screen and in the
 * CLI comes from one of the builders in this folder, run through `runQuery`.
 */
import type { Engine, SqlParam } from '../engine/types';

export interface SqlQuery<Row> {
  name: string;
  sql: string;
  params: SqlParam[];
  /** Phantom field carrying the row type. */
  readonly __row?: Row;
}

export function sqlQuery<Row>(name: string, sql: string, params: SqlParam[] = []): SqlQuery<Row> {
  return { name, sql, params };
}

export function runQuery<Row extends object>(engine: Engine, q: SqlQuery<Row>, signal?: AbortSignal): Promise<Row[]> {
  return engine.query<Row>(q.sql, q.params, signal);
}
