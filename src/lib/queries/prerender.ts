/**
 * Pre-computed first view (the way Evidence pre-renders its pages): when data is published as a
 * snapshot, `npm run snapshot` also runs the opening view's named queries on the same engine and
 * writes their results to `first-view.json` beside it. The page draws those results while the
 * engine starts, and replaces them with live results as soon as the engine has opened the snapshot.
 * A result is found only by its exact query (name + SQL text + parameters), so a changed query or
 * filter never shows a stale figure: it waits for the engine instead.
 */
import type { Engine } from '../engine/types';
import { NO_FILTERS, type Filters } from './filters';
import { filterOptionsQuery } from './filterOptions';
import { overviewQueries } from './overview';
import { runQuery, type SqlQuery } from './query';
import { fnv64 } from '../contract/hash';

export const PRERENDER_FILE = 'first-view.json';

export interface Prerendered {
  format: 1;
  schemaVersion: string;
  /** The snapshot's `snapshot_meta.data_id`: the results belong to that snapshot only. */
  dataId: string;
  /** Byte size of the snapshot file, checked against the server's Content-Length before use. */
  snapshotBytes: number;
  results: Record<string, object[]>;
}

/** The cache key of a query: its name and a hash of name, SQL text and parameters. */
export function queryKey(q: SqlQuery<object>): string {
  return `${q.name}:${fnv64(`${q.name}\u0000${q.sql}\u0000${JSON.stringify(q.params)}`)}`;
}

/** The opening screen with no filter, one year, or one town: the clicks most likely before the engine is up. */
export function firstViewQueries(years: number[], towns: string[]): SqlQuery<object>[] {
  const filters: Filters[] = [
    NO_FILTERS,
    ...years.map((year) => ({ ...NO_FILTERS, year })),
    ...towns.map((town) => ({ ...NO_FILTERS, town })),
  ];
  return [filterOptionsQuery(), ...filters.flatMap((f) => Object.values(overviewQueries(f)))];
}

export async function prerender(engine: Engine, queries: SqlQuery<object>[]): Promise<Record<string, object[]>> {
  const out: Record<string, object[]> = {};
  for (const q of queries) out[queryKey(q)] = await runQuery(engine, q);
  return out;
}

export function isPrerendered(x: unknown, schemaVersion: string): x is Prerendered {
  const p = x as Prerendered | null;
  return (
    !!p &&
    p.format === 1 &&
    p.schemaVersion === schemaVersion &&
    typeof p.dataId === 'string' &&
    typeof p.snapshotBytes === 'number' &&
    typeof p.results === 'object' &&
    p.results !== null
  );
}

let cache: Record<string, object[]> | null = null;

/** Set while pre-computed results are on screen; cleared when the live data is there (or turned out different). */
export function usePrerendered(results: Record<string, object[]> | null): void {
  cache = results;
}

export function prerenderedRows<Row>(q: SqlQuery<Row>): Row[] | undefined {
  return cache?.[queryKey(q as SqlQuery<object>)] as Row[] | undefined;
}
