/**
 * The contract's two tables as typed rows, after normalisation (money in 元, rates as fractions,
 * dates as ISO text). Every layer above reads these types from here; this module depends on nothing
 * but the contract's own value sets.
 */
import type { Outlook } from './columns';

/** How one indicator row is judged against its target (see domain/indicatorStatus.ts). */
export type IndicatorStatus = 'met' | 'partial' | 'not_met' | 'na';

export interface ProjectRow {
  report_id: string;
  district: string;
  town: string;
  project_name: string;
  budget_unit: string;
  implementing_unit: string | null;
  period_start: string;
  period_end: string;
  is_recurring: boolean | null;
  budget_initial: number;
  budget_executed: number;
  execution_rate_reported: number | null;
  needs_adjustment: boolean | null;
  budget_adjusted: number | null;
  adjust_decrease: number | null;
  adjust_increase: number | null;
  pre_assessment_budget: number | null;
  focus_reason: string | null;
  stage_conclusion: string | null;
  budget_outlook: Outlook | null;
  target_outlook: Outlook | null;
  problems: string | null;
  measures: string | null;
  background: string | null;
  implementation: string | null;
  remarks: string | null;
  report_date: string | null;
  source_file: string;
  source_row: number;
}

export interface IndicatorRow {
  report_id: string;
  seq: number;
  level1: string;
  level2: string | null;
  level3: string;
  annual_target: string | null;
  expected_value: string | null;
  actual: string | null;
  deviation: string | null;
  deviation_reason: string | null;
  corrective_action: string | null;
  status: IndicatorStatus;
  status_reason: string;
  source_file: string;
  source_row: number;
}
