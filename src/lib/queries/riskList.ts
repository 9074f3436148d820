/** 风险项目: every at-risk report under the filters, with its reasons in words. */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';

export interface RiskRow {
  report_id: string;
  town: string;
  project_name: string;
  budget_unit: string;
  budget_year: number;
  round_label: string;
  budget_base: number;
  budget_executed: number;
  exec_rate: number | null;
  time_progress: number;
  conclusion_class: string;
  budget_outlook: string | null;
  target_outlook: string | null;
  n_not_met: number;
  conclusion_contradicts: boolean;
  level: 'red' | 'yellow';
  risk_reasons: string;
}

export const RISK_LIMIT = 5000;

/** 红灯 first, then 黄灯; within a level by money behind schedule ((时间进度 − 执行率) × 预算). */
export function riskListQuery(f: Filters) {
  const s = factsSource(f, [], '', 'reasons');
  return sqlQuery<RiskRow>(
    'riskList',
    `
SELECT report_id, town, project_name, budget_unit, budget_year, round_label, budget_base, budget_executed,
  exec_rate, time_progress, conclusion_class, budget_outlook, target_outlook, n_not_met,
  coalesce(conclusion_contradicts, false) AS conclusion_contradicts, level, risk_reasons
FROM ${s.from} ${s.where}${s.where ? ' AND' : ' WHERE'} at_risk
ORDER BY level = 'red' DESC, (time_progress - coalesce(exec_rate, 0)) * budget_base DESC, report_id
LIMIT ${RISK_LIMIT}`,
    s.params,
  );
}

/** Where at-risk and other reports sit: budget vs 执行率 (one point per report). */
export interface RiskPoint {
  report_id: string;
  town: string;
  project_name: string;
  budget_base: number;
  exec_rate: number | null;
  time_progress: number;
  at_risk: boolean;
  level: 'red' | 'yellow' | 'green';
}

export function riskScatterQuery(f: Filters) {
  const s = factsSource(f, [], '', 'always');
  return sqlQuery<RiskPoint>(
    'riskScatter',
    `
SELECT report_id, town, project_name, budget_base, exec_rate, time_progress, at_risk, level
FROM ${s.from} ${s.where}${s.where ? ' AND' : ' WHERE'} budget_base > 0
ORDER BY report_id LIMIT 20000`,
    s.params,
  );
}

/** How many at-risk reports each reason accounts for (a report can have several). */
export interface RiskReasonRow {
  reason: string;
  reports: number;
}

export function riskReasonsQuery(f: Filters) {
  const s = factsSource(f, [], '', 'reasons');
  return sqlQuery<RiskReasonRow>(
    'riskReasons',
    `
SELECT reason, count(*) AS reports
FROM (SELECT unnest(warning_headings) AS reason FROM ${s.from} ${s.where})
WHERE reason IS NOT NULL GROUP BY reason ORDER BY reason LIKE '红灯%' DESC, reports DESC, reason`,
    s.params,
  );
}
