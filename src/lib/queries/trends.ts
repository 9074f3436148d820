/** 趋势: every headline measure by budget year and tracking round (year/round filters not applied). */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';
import { isDeviationSql } from '../domain/conclusions';
import { QUERY_OMITS } from './omits';

export interface TrendRow {
  budget_year: number;
  round_label: string;
  round_end_month: number;
  reports: number;
  budget_initial: number;
  budget_base: number;
  budget_executed: number;
  exec_rate: number | null;
  time_progress: number;
  at_risk: number;
  at_risk_share: number;
  red: number;
  red_share: number;
  yellow: number;
  yellow_share: number;
  deviation_share: number;
  goal_completion: number | null;
}

export function trendsQuery(f: Filters) {
  const s = factsSource(f, QUERY_OMITS.trends, 'r', 'always');
  return sqlQuery<TrendRow>(
    'trends',
    `
SELECT r.budget_year, r.round_label, month(max(r.period_end)) AS round_end_month, count(*) AS reports,
  sum(r.budget_initial) AS budget_initial, sum(r.budget_base) AS budget_base, sum(r.budget_executed) AS budget_executed,
  CASE WHEN sum(r.budget_base) > 0 THEN sum(r.budget_executed) / sum(r.budget_base) END AS exec_rate,
  avg(r.time_progress) AS time_progress,
  count(*) FILTER (WHERE r.at_risk) AS at_risk,
  count(*) FILTER (WHERE r.at_risk) / count(*) AS at_risk_share,
  count(*) FILTER (WHERE r.level = 'red') AS red,
  count(*) FILTER (WHERE r.level = 'red') / count(*) AS red_share,
  count(*) FILTER (WHERE r.level = 'yellow') AS yellow,
  count(*) FILTER (WHERE r.level = 'yellow') / count(*) AS yellow_share,
  count(*) FILTER (WHERE ${isDeviationSql('r.conclusion_class')}) / count(*) AS deviation_share,
  CASE WHEN sum(r.n_applicable) > 0 THEN sum(r.n_met) / sum(r.n_applicable) END AS goal_completion
FROM ${s.from} ${s.where}
GROUP BY r.budget_year, r.round_label ORDER BY r.budget_year, round_end_month`,
    s.params,
  );
}
