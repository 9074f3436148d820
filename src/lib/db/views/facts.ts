/**
 * Facts of each report that counts: indicator counts, budget base, execution rate, time progress,
 * conclusion class, latest round. Every query reads these (through report_facts).
 */
import { conclusionClassSql } from '../../domain/conclusions';

/** Project columns kept out of report_facts (read from projects where one project is shown). */
export const NARRATIVE_COLUMNS = ['background', 'implementation', 'remarks'] as const;

export function factsViewsSql(): string {
  return `
CREATE OR REPLACE VIEW indicator_facts AS
SELECT report_id,
  count(*) AS n_indicators,
  count(*) FILTER (WHERE status <> 'na') AS n_applicable,
  count(*) FILTER (WHERE status = 'met') AS n_met,
  count(*) FILTER (WHERE status = 'partial') AS n_partial,
  count(*) FILTER (WHERE status = 'not_met') AS n_not_met,
  count(*) FILTER (WHERE status = 'na') AS n_na,
  -- Reported short of the stage target with no 偏差原因 (a form consistency finding).
  count(*) FILTER (WHERE status IN ('partial', 'not_met') AND (deviation_reason IS NULL OR trim(deviation_reason) = '')) AS n_short_no_reason
FROM indicators GROUP BY report_id;

-- The form's three long narratives (项目基本情况, 具体实施情况, 需要说明的情况) are not carried: only one
-- project's page shows them, read from projects (queries/projectDetail.ts); a district's refresh copies
-- 16 MB less text (0.2–0.3 s of its load).
CREATE OR REPLACE VIEW report_base AS
SELECT p.* EXCLUDE (${NARRATIVE_COLUMNS.join(', ')}),
  year(p.period_end) AS budget_year,
  CAST(month(p.period_start) AS VARCHAR) || '–' || CAST(month(p.period_end) AS VARCHAR) || '月' AS round_label,
  coalesce(p.budget_adjusted, p.budget_initial) AS budget_base,
  CASE WHEN coalesce(p.budget_adjusted, p.budget_initial) > 0
       THEN p.budget_executed / coalesce(p.budget_adjusted, p.budget_initial) END AS exec_rate,
  (month(p.period_end) - 1 + day(p.period_end) / day(last_day(p.period_end))) / 12.0 AS time_progress,
  ${conclusionClassSql()} AS conclusion_class,
  coalesce(f.n_indicators, 0) AS n_indicators,
  coalesce(f.n_applicable, 0) AS n_applicable,
  coalesce(f.n_met, 0) AS n_met,
  coalesce(f.n_partial, 0) AS n_partial,
  coalesce(f.n_not_met, 0) AS n_not_met,
  coalesce(f.n_na, 0) AS n_na,
  coalesce(f.n_short_no_reason, 0) AS n_short_no_reason,
  CASE WHEN coalesce(f.n_applicable, 0) > 0 THEN f.n_met / f.n_applicable END AS goal_completion,
  p.period_end = l.latest_end AS is_latest
FROM projects_current p LEFT JOIN indicator_facts f USING (report_id)
LEFT JOIN (
  -- The latest round of each project and year, from the current reports' key columns.
  SELECT town, budget_unit, project_name, year(period_end) AS budget_year, max(period_end) AS latest_end
  FROM projects_current_keys GROUP BY ALL
) l ON l.town IS NOT DISTINCT FROM p.town AND l.budget_unit IS NOT DISTINCT FROM p.budget_unit
   AND l.project_name IS NOT DISTINCT FROM p.project_name AND l.budget_year IS NOT DISTINCT FROM year(p.period_end);`;
}
