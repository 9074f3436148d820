/**
 * report_facts_v: the facts plus what the figures say of each report — the band the figures put
 * it in (and whether the stated conclusion contradicts it), the reported rate's mismatch, and its
 * warning level under the default rules (level, at_risk) with its reasons (risk_reasons, warning_headings).
 *
 * graded(…) / graded_reasons(…): report_facts with each report's warning level (红/黄/绿) — and for the
 * second its reasons and headings — graded again under the rules passed as the macros' parameters
 * (domain/warnings.ts). Queries bind the rules: `FROM graded(?, ?, …)` (gradedFrom, queries/filters.ts),
 * so a user's rules never reach SQL as text.
 */
import { computedBandSql } from '../../domain/conclusions';
import { RULES, type Rules } from '../../domain/rules';
import { sqlNumber } from '../../domain/sqlText';
import { DEFAULT_RULES, RULE_PARAMS, gradedColumnsWith, levelColumnsSql, reasonColumnsSql } from '../../domain/warnings';

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
  conclusion_class <> '未填' AND computed_band IS NOT NULL AND conclusion_class <> computed_band AS conclusion_contradicts,
  ${gradedColumnsWith(DEFAULT_RULES, true)}
FROM c;`;
}

/**
 * `graded(…)`: report_facts with level and at_risk graded again under the rules passed (and without the
 * stored reasons, which are the default rules'); `graded_reasons(…)`: the reasons in words graded again
 * too (risk list, project page). Created after report_facts exists (they read the materialised table,
 * whose own level, at_risk and reasons are the default rules': queries/filters.ts reads them there when
 * the filters' rules are the default).
 */
export function gradedMacroSql(): string {
  const params = RULE_PARAMS.map((p) => p.name).join(', ');
  return `CREATE OR REPLACE MACRO graded(${params}) AS TABLE
SELECT * EXCLUDE (risk_reasons, warning_headings) REPLACE (${levelColumnsSql()})
FROM report_facts;
CREATE OR REPLACE MACRO graded_reasons(${params}) AS TABLE
SELECT * REPLACE (${levelColumnsSql()},
  ${reasonColumnsSql()})
FROM report_facts;`;
}
