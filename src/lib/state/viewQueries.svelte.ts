/**
 * One pattern for a view's data: name its queries (builders from the filters), get one QueryState
 * per name, re-run whenever the filters or the loaded data change. Call during component setup.
 *
 *   const q = useQueries({ list: riskListQuery, points: CHARTS.riskScatter.query });
 *   q.list.rows, q.points.loading, q.points.error
 */
import type { Filters } from '../queries/filters';
import type { SqlQuery } from '../queries/query';
import { QueryState } from './queryState.svelte';
import { getApp, getSession } from './context';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each builder keeps its own row type (inferred below)
type Builders = Record<string, (f: Filters) => SqlQuery<any>>;
type RowOf<B> = B extends (f: Filters) => SqlQuery<infer R> ? (R extends object ? R : never) : never;
export type ViewQueries<B extends Builders> = { [K in keyof B]: QueryState<RowOf<B[K]>> };

/** The query builders of the views on screen (warmUp.ts prepares their statements one click away). */
// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a registry read on demand, never rendered
const shown = new Set<Builders>();
export const shownBuilders = (): Builders[] => [...shown];

export function useQueries<B extends Builders>(builders: B): ViewQueries<B> {
  const app = getApp();
  const session = getSession();
  const states = Object.fromEntries(Object.keys(builders).map((k) => [k, new QueryState<object>()])) as ViewQueries<B>;
  $effect(() => {
    shown.add(builders);
    return () => {
      shown.delete(builders);
    };
  });
  $effect(() => {
    void session.version;
    const f = app.filters;
    for (const k of Object.keys(builders) as (keyof B)[]) states[k].run(session.engine, builders[k](f), f);
  });
  return states;
}
