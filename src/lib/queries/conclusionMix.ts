/** 阶段性跟踪结论 (normalised) by town: how many reports in each class. */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';
import { QUERY_OMITS } from './omits';

export interface ConclusionMixRow {
  town: string;
  conclusion_class: string;
  reports: number;
}

export function conclusionMixQuery(f: Filters) {
  const s = factsSource(f, QUERY_OMITS.conclusionMix);
  return sqlQuery<ConclusionMixRow>(
    'conclusionMix',
    `
SELECT town, conclusion_class, count(*) AS reports
FROM ${s.from} ${s.where}
GROUP BY town, conclusion_class ORDER BY town, conclusion_class`,
    s.params,
  );
}
