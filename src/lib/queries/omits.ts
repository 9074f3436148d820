/**
 * The filters a query does not apply because its chart shows them itself (every town side by side,
 * every year and round as a trend). One list, used by the query's WHERE and by every caption that
 * states the chart's filters, so the two cannot disagree.
 */
import type { FilterKey } from './filters';

export const QUERY_OMITS = {
  conclusionMix: ['town', 'conclusion'],
  executionByTown: ['town'],
  completionByTown: ['town'],
  problemCategories: ['category'],
  problemTownMatrix: ['town', 'category'],
  problemByYear: ['year', 'category'],
  trends: ['year', 'round'],
  // Every town ranked; the year and round are the filters' (or the latest), chosen by the query itself.
  ranking: ['town'],
  consistencyByTown: ['town'],
} satisfies Record<string, FilterKey[]>;

export type OmittingQuery = keyof typeof QUERY_OMITS;

export function omitsOf(queryName: string | undefined): FilterKey[] {
  return queryName !== undefined && queryName in QUERY_OMITS ? QUERY_OMITS[queryName as OmittingQuery] : [];
}
