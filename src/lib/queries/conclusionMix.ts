/** 阶段性跟踪结论 (normalised) by town: how many reports in each class. */
import { whereOf, type Filters } from './filters';
import { sqlQuery } from './query';
import { QUERY_OMITS } from './omits';

export interface ConclusionMixRow {
  town: string;
  conclusion_class: string;
  reports: number;
}

export function conclusionMixQuery(f: Filters) {
  const w = whereOf(f, QUERY_OMITS.conclusionMix);
  return sqlQuery<ConclusionMixRow>(
    'conclusionMix',
    `
SELECT town, conclusion_class, count(*) AS reports
FROM report_facts ${w.sql}
GROUP BY town, conclusion_class ORDER BY town, conclusion_class`,
    w.params,
  );
}
