/**
 * The queries behind the 总览 view, as builders from the filters: the view binds them
 * (state/viewQueries) and a published snapshot pre-computes them (prerender.ts) — the same builders,
 * so a pre-computed result is found by its exact query.
 */
import type { Filters } from './filters';
import { headlineQuery } from './headline';
import { executionByTownQuery } from './executionByTown';
import { conclusionMixQuery } from './conclusionMix';
import { outlookMatrixQuery } from './outlookMatrix';

export const OVERVIEW_QUERIES = {
  headline: headlineQuery,
  byTown: executionByTownQuery,
  mix: conclusionMixQuery,
  outlook: outlookMatrixQuery,
};

/** The overview's queries for these filters. */
export function overviewQueries(f: Filters) {
  return Object.fromEntries(Object.entries(OVERVIEW_QUERIES).map(([k, build]) => [k, build(f)])) as {
    [K in keyof typeof OVERVIEW_QUERIES]: ReturnType<(typeof OVERVIEW_QUERIES)[K]>;
  };
}
