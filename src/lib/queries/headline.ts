/** 总览 headline figures: reports, projects, 当年预算, 调整后预算, 执行数, 执行率, at-risk count. */
import { formatInt } from '../domain/format';
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';

export interface HeadlineRow {
  reports: number;
  towns: number;
  /** 预算单位 of the reports (what the reach line names within one town). */
  units: number;
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
  /** The budget years the reports span, and their round when they all share one (else null): what a title may name. */
  year_min: number | null;
  year_max: number | null;
  only_round: string | null;
}

export function headlineQuery(f: Filters) {
  const s = factsSource(f, [], '', 'always');
  return sqlQuery<HeadlineRow>(
    'headline',
    `
SELECT count(*) AS reports,
  count(DISTINCT town) AS towns,
  count(DISTINCT budget_unit) AS units,
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
  count(*) FILTER (WHERE rate_mismatch) AS rate_mismatches,
  min(budget_year) AS year_min,
  max(budget_year) AS year_max,
  CASE WHEN count(DISTINCT round_label) = 1 THEN min(round_label) END AS only_round
FROM ${s.from} ${s.where}`,
    s.params,
  );
}

/**
 * The line under the reports figure: how far the reports reach — the towns, or within one town (a
 * town filter, or data of one town) its 预算单位, where 「涉及 1 个街镇」 would say nothing.
 */
export function reachLine(h: Pick<HeadlineRow, 'towns' | 'units'>): string {
  return h.towns === 1 ? `涉及 ${formatInt(h.units)} 个预算单位` : `涉及 ${formatInt(h.towns)} 个街镇`;
}
