/** The values the filter bar offers, from what is loaded. */
import { sqlQuery } from './query';
import type { ChoiceOption } from '../domain/filterChoice';

export interface FilterOptionRow extends ChoiceOption {
  n: number;
  /** For units: the town they report under (the 预算单位 list follows the chosen town). */
  town: string | null;
}

export function filterOptionsQuery() {
  return sqlQuery<FilterOptionRow>(
    'filterOptions',
    `
SELECT 'town' AS kind, town AS value, count(*) AS n, NULL::VARCHAR AS town FROM report_facts GROUP BY ALL
UNION ALL SELECT 'year', CAST(budget_year AS VARCHAR), count(*), NULL FROM report_facts GROUP BY budget_year
UNION ALL SELECT 'round', round_label, count(*), NULL FROM report_facts GROUP BY round_label
UNION ALL SELECT 'unit', budget_unit, count(*), town FROM report_facts GROUP BY budget_unit, town
ORDER BY kind, value`,
  );
}
