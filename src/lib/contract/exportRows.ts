/** Normalised rows → contract CSV (Chinese form headers, UTF-8 BOM): what `npm run forms` writes. */
import type { IndicatorRow, ProjectRow } from './rows';
import { contractCsv } from './csv';

const cn = (iso: string) => iso.replace(/^(\d{4})-(\d\d)-(\d\d)$/, '$1年$2月$3日');

export const PROJECT_CSV_IDS = [
  'report_id',
  'district',
  'town',
  'project_name',
  'budget_unit',
  'implementing_unit',
  'period',
  'is_recurring',
  'budget_initial',
  'budget_executed',
  'execution_rate_reported',
  'needs_adjustment',
  'budget_adjusted',
  'adjust_decrease',
  'adjust_increase',
  'pre_assessment_budget',
  'focus_reason',
  'stage_conclusion',
  'budget_outlook',
  'target_outlook',
  'problems',
  'measures',
  'background',
  'implementation',
  'remarks',
  'report_date',
];

export const INDICATOR_CSV_IDS = [
  'report_id',
  'level1',
  'level2',
  'level3',
  'annual_target',
  'expected_value',
  'actual',
  'deviation',
  'deviation_reason',
  'corrective_action',
];

export function projectsCsv(rows: ProjectRow[]): string {
  return contractCsv(
    'projects',
    rows.map((r) => ({
      ...r,
      period: `${cn(r.period_start)} --- ${cn(r.period_end)}`,
      execution_rate_reported: r.execution_rate_reported === null ? null : `${(r.execution_rate_reported * 100).toFixed(2)}%`,
      report_date: r.report_date ? cn(r.report_date) : null,
    })),
    PROJECT_CSV_IDS,
  );
}

export function indicatorsCsv(rows: IndicatorRow[]): string {
  return contractCsv('indicators', rows as unknown as Record<string, string | number | null>[], INDICATOR_CSV_IDS);
}
