/** Indicator lines of the filtered reports: how many, how many apply in the period, and how they stand. */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';

export interface IndicatorTotalsRow {
  total: number;
  applicable: number;
  met: number;
  partial: number;
  notMet: number;
}

export function indicatorTotalsQuery(f: Filters) {
  const s = factsSource(f);
  return sqlQuery<IndicatorTotalsRow>(
    'indicatorTotals',
    `
SELECT coalesce(sum(n_indicators), 0)::INTEGER AS total, coalesce(sum(n_applicable), 0)::INTEGER AS applicable,
  coalesce(sum(n_met), 0)::INTEGER AS met, coalesce(sum(n_partial), 0)::INTEGER AS partial, coalesce(sum(n_not_met), 0)::INTEGER AS "notMet"
FROM ${s.from} ${s.where}`,
    s.params,
  );
}

/** Indicator rows loaded at all (whatever the filters): none means only a projects table was loaded. */
export function indicatorsLoadedQuery() {
  return sqlQuery<{ n: number }>('indicatorsLoaded', 'SELECT count(*)::INTEGER AS n FROM indicators');
}
