/**
 * report_facts_v: the facts plus what the figures say of each report — the band the figures put
 * it in (and whether the stated conclusion contradicts it) and the reported rate's mismatch.
 *
 * graded(…): report_facts with each report's warning level (红/黄/绿), its reasons and headings,
 * under the rules passed as the macro's parameters (domain/warnings.ts). Queries bind the rules:
 * `FROM graded(?, ?, …)` (queries/graded.ts), so a user's rules never reach SQL as text.
 */
import { computedBandSql } from '../../domain/conclusions';
import { RULES, type Rules } from '../../domain/rules';
import { sqlNumber } from '../../domain/sqlText';
import { RULE_PARAMS, gradedColumnsSql } from '../../domain/warnings';

export function warningViewsSql(rules: Rules = RULES): string {
  return `
CREATE OR REPLACE VIEW report_facts_v AS
WITH b AS (
  SELECT *,
    CASE WHEN exec_rate IS NOT NULL AND time_progress > 0 THEN least(1.0, exec_rate / time_progress) END AS stage_exec_rate,
    execution_rate_reported IS NOT NULL AND exec_rate IS NOT NULL AND abs(execution_rate_reported - exec_rate) > ${sqlNumber(rules.rateMismatchTolerance)} AS rate_mismatch
  FROM report_base
), c AS (
  SELECT *,
    ${computedBandSql(rules)} AS computed_band
  FROM b
)
SELECT *,
  conclusion_class <> '未填' AND computed_band IS NOT NULL AND conclusion_class <> computed_band AS conclusion_contradicts
FROM c;`;
}

/**
 * `graded(…)`: level and at_risk; `graded_reasons(…)`: also the reasons in words (risk list, project page).
 * Created after report_facts exists (they read the materialised table).
 */
export function gradedMacroSql(): string {
  const params = RULE_PARAMS.map((p) => p.name).join(', ');
  return `CREATE OR REPLACE MACRO graded(${params}) AS TABLE
SELECT *,
  ${gradedColumnsSql()}
FROM report_facts;
CREATE OR REPLACE MACRO graded_reasons(${params}) AS TABLE
SELECT *,
  ${gradedColumnsSql(true)}
FROM report_facts;`;
}
