/**
 * Results of the queries the screen ran on the data now loaded, by exact query (name + SQL text +
 * parameters; see prerender.ts's `queryKey`), the way Mosaic caches its clients' queries: a chart
 * whose query a click did not change (the by-town chart when a town is clicked) or a filter
 * visited before is answered without the engine. Emptied whenever the data changes.
 */
import type { Engine } from '../engine/types';
import { queryKey } from './prerender';
import type { SqlQuery } from './query';

const MAX_ENTRIES = 500;
let owner: Engine | null = null;
const results = new Map<string, object[]>();

export function cachedRows<Row>(engine: Engine, q: SqlQuery<Row>): Row[] | undefined {
  if (engine !== owner) return undefined;
  return results.get(queryKey(q as SqlQuery<object>)) as Row[] | undefined;
}

export function cacheRows<Row>(engine: Engine, q: SqlQuery<Row>, rows: Row[], generation: number): void {
  // A result computed before the data changed must not be kept for the new data.
  if (generation !== dataGeneration) return;
  if (engine !== owner) {
    results.clear();
    owner = engine;
  }
  if (results.size >= MAX_ENTRIES) results.delete(results.keys().next().value as string);
  results.set(queryKey(q as SqlQuery<object>), rows as object[]);
}

let dataGeneration = 0;

/** The current data generation: take it before running a query, hand it to `cacheRows` after. */
export function cacheGeneration(): number {
  return dataGeneration;
}

/** Call whenever the loaded data changes. */
export function clearResultCache(): void {
  dataGeneration++;
  results.clear();
}
