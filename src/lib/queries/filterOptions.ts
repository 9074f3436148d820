/** The values the filter bar offers, from what is loaded. */
import { sqlQuery } from './query';

export interface FilterOptionRow {
  kind: 'town' | 'year' | 'round' | 'unit';
  value: string;
  n: number;
}

export function filterOptionsQuery() {
  return sqlQuery<FilterOptionRow>('filterOptions', `
SELECT 'town' AS kind, town AS value, count(*) AS n FROM report_facts GROUP BY town
UNION ALL SELECT 'year', CAST(budget_year AS VARCHAR), count(*) FROM report_facts GROUP BY budget_year
UNION ALL SELECT 'round', round_label, count(*) FROM report_facts GROUP BY round_label
UNION ALL SELECT 'unit', budget_unit, count(*) FROM report_facts GROUP BY budget_unit
ORDER BY kind, value`);
}
