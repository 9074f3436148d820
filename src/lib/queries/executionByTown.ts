/** 执行率 by town against 时间进度. Shows every town (the town filter only highlights). */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';
import { QUERY_OMITS } from './omits';

export interface ExecutionByTownRow {
  town: string;
  reports: number;
  budget_base: number;
  budget_executed: number;
  exec_rate: number | null;
  time_progress: number;
  at_risk: number;
  red: number;
  yellow: number;
}

export function executionByTownQuery(f: Filters) {
  const s = factsSource(f, QUERY_OMITS.executionByTown, '', 'always');
  return sqlQuery<ExecutionByTownRow>(
    'executionByTown',
    `
SELECT town, count(*) AS reports,
  sum(budget_base) AS budget_base, sum(budget_executed) AS budget_executed,
  CASE WHEN sum(budget_base) > 0 THEN sum(budget_executed) / sum(budget_base) END AS exec_rate,
  avg(time_progress) AS time_progress,
  count(*) FILTER (WHERE at_risk) AS at_risk,
  count(*) FILTER (WHERE level = 'red') AS red,
  count(*) FILTER (WHERE level = 'yellow') AS yellow
FROM ${s.from} ${s.where}
GROUP BY town ORDER BY exec_rate DESC NULLS LAST, town`,
    s.params,
  );
}
