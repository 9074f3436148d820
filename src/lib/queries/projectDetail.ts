/** 项目详情: one report laid out like the form, its indicators, and the project's history. */
import { sqlQuery } from './query';
import { NO_FILTERS, gradedFrom } from './filters';
import { DEFAULT_RULES, type WarningRules } from '../domain/warnings';
import { consistencyFindingsSql } from '../domain/consistency';
import { NARRATIVE_COLUMNS } from '../db/views/facts';

export interface ProjectDetailRow {
  report_id: string;
  district: string;
  town: string;
  project_name: string;
  budget_unit: string;
  implementing_unit: string | null;
  period_start_text: string;
  period_end_text: string;
  is_recurring: boolean | null;
  budget_initial: number;
  budget_executed: number;
  execution_rate_reported: number | null;
  exec_rate: number | null;
  time_progress: number;
  needs_adjustment: boolean | null;
  budget_adjusted: number | null;
  adjust_decrease: number | null;
  adjust_increase: number | null;
  pre_assessment_budget: number | null;
  focus_reason: string | null;
  stage_conclusion: string | null;
  conclusion_class: string;
  computed_band: string | null;
  conclusion_contradicts: boolean | null;
  rate_mismatch: boolean | null;
  budget_outlook: string | null;
  target_outlook: string | null;
  problems: string | null;
  measures: string | null;
  background: string | null;
  implementation: string | null;
  remarks: string | null;
  report_date_text: string | null;
  at_risk: boolean;
  level: 'red' | 'yellow' | 'green';
  risk_reasons: string;
  /** Form consistency findings, joined by ；(empty: none). */
  findings: string;
  goal_completion: number | null;
  source_file: string;
  source_row: number;
}

export function projectDetailQuery(reportId: string, rules: WarningRules = DEFAULT_RULES) {
  const g = gradedFrom({ ...NO_FILTERS, rules }, '', { reasons: true });
  return sqlQuery<ProjectDetailRow>(
    'projectDetail',
    `
SELECT d.*, ${NARRATIVE_COLUMNS.map((c) => `n.${c}`).join(', ')} FROM (
  SELECT * EXCLUDE (period_start, period_end, report_date),
    strftime(period_start, '%Y年%m月%d日') AS period_start_text, strftime(period_end, '%Y年%m月%d日') AS period_end_text,
    strftime(report_date, '%Y年%m月%d日') AS report_date_text,
    array_to_string(${consistencyFindingsSql()}, '；') AS findings
  FROM ${g.sql} WHERE report_id = ?
) d
-- The narratives are not in report_facts (db/views/facts.ts): from the loaded row itself.
LEFT JOIN projects n ON n.load_seq = d.load_seq AND n.source_row = d.source_row`,
    [...g.params, reportId],
  );
}

export interface ProjectIndicatorRow {
  level1: string;
  level2: string | null;
  level3: string;
  annual_target: string | null;
  expected_value: string | null;
  actual: string | null;
  deviation: string | null;
  deviation_reason: string | null;
  corrective_action: string | null;
  status: string;
  status_reason: string;
}

export function projectIndicatorsQuery(reportId: string) {
  return sqlQuery<ProjectIndicatorRow>(
    'projectIndicators',
    `
SELECT level1, level2, level3, annual_target, expected_value, actual, deviation, deviation_reason, corrective_action, status, status_reason
FROM indicators WHERE report_id = ? ORDER BY seq`,
    [reportId],
  );
}

export interface ProjectHistoryRow {
  report_id: string;
  budget_year: number;
  round_label: string;
  budget_base: number;
  budget_executed: number;
  exec_rate: number | null;
  time_progress: number;
  conclusion_class: string;
  budget_outlook: string | null;
  target_outlook: string | null;
  goal_completion: number | null;
  at_risk: boolean;
  level: 'red' | 'yellow' | 'green';
  problems: string | null;
}

export function projectHistoryQuery(reportId: string, rules: WarningRules = DEFAULT_RULES) {
  const g = gradedFrom({ ...NO_FILTERS, rules }, 'h');
  return sqlQuery<ProjectHistoryRow>(
    'projectHistory',
    `
SELECT h.report_id, h.budget_year, h.round_label, h.budget_base, h.budget_executed, h.exec_rate, h.time_progress,
  h.conclusion_class, h.budget_outlook, h.target_outlook, h.goal_completion, h.at_risk, h.level, h.problems
FROM ${g.sql} JOIN report_facts r ON r.town = h.town AND r.project_name = h.project_name
WHERE r.report_id = ? ORDER BY h.period_end, h.report_id`,
    [...g.params, reportId],
  );
}

export interface ProjectSearchRow {
  report_id: string;
  town: string;
  project_name: string;
  budget_year: number;
  round_label: string;
}

/** Projects under the filters whose name contains the text typed (bound, LIKE-escaped). */
/** What is typed, as compared: full-width letters and digits as half-width (NFKC), no spaces of any width. */
export function searchText(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u3000]+/g, '');
}

export function projectSearchQuery(text: string, town: string | null, year: number | null) {
  const params: (string | number)[] = [`%${searchText(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`];
  // The names are compared the same way: without spaces (a name typed 「国际 社区」 finds 国际社区…).
  let sql = `SELECT report_id, town, project_name, budget_year, round_label FROM report_facts
WHERE regexp_replace(project_name, '[\\s\u3000]+', '', 'g') LIKE ? ESCAPE '\\'`;
  if (town !== null) {
    sql += ' AND town = ?';
    params.push(town);
  }
  if (year !== null) {
    sql += ' AND budget_year = ?';
    params.push(year);
  }
  return sqlQuery<ProjectSearchRow>(
    'projectSearch',
    `${sql} ORDER BY budget_year DESC, period_end DESC, town, project_name LIMIT 50`,
    params,
  );
}
