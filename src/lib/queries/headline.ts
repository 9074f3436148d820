/** 总览 headline figures: reports, projects, 当年预算, 调整后预算, 执行数, 执行率, at-risk count. */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';

export interface HeadlineRow {
  reports: number;
  towns: number;
  budget_initial: number;
  budget_base: number;
  budget_executed: number;
  /** Σ执行数 ÷ Σ调整后预算数 (当年预算数 where not adjusted); null when the base is 0. */
  exec_rate: number | null;
  time_progress: number | null;
  at_risk: number;
  red: number;
  yellow: number;
  green: number;
  /** 调整后预算 (else 当年预算) of the 红灯 / 黄灯 reports, 元. */
  red_budget: number;
  yellow_budget: number;
  contradictions: number;
  rate_mismatches: number;
}

export function headlineQuery(f: Filters) {
  const s = factsSource(f, [], '', 'always');
  return sqlQuery<HeadlineRow>(
    'headline',
    `
SELECT count(*) AS reports,
  count(DISTINCT town) AS towns,
  coalesce(sum(budget_initial), 0) AS budget_initial,
  coalesce(sum(budget_base), 0) AS budget_base,
  coalesce(sum(budget_executed), 0) AS budget_executed,
  CASE WHEN sum(budget_base) > 0 THEN sum(budget_executed) / sum(budget_base) END AS exec_rate,
  avg(time_progress) AS time_progress,
  count(*) FILTER (WHERE at_risk) AS at_risk,
  count(*) FILTER (WHERE level = 'red') AS red,
  count(*) FILTER (WHERE level = 'yellow') AS yellow,
  count(*) FILTER (WHERE level = 'green') AS green,
  coalesce(sum(budget_base) FILTER (WHERE level = 'red'), 0) AS red_budget,
  coalesce(sum(budget_base) FILTER (WHERE level = 'yellow'), 0) AS yellow_budget,
  count(*) FILTER (WHERE conclusion_contradicts) AS contradictions,
  count(*) FILTER (WHERE rate_mismatch) AS rate_mismatches
FROM ${s.from} ${s.where}`,
    s.params,
  );
}
