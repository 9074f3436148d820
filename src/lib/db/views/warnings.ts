/**
 * report_facts_v: the facts plus what the figures say of each report — lagging behind time,
 * the band the figures put it in (and whether the stated conclusion contradicts it), the reported
 * rate's mismatch, and the warning (at_risk, risk_reasons) by the rules of domain/warnings.ts.
 */
import { computedBandSql } from '../../domain/conclusions';
import { RULES, type Rules } from '../../domain/rules';
import { sqlNumber } from '../../domain/sqlText';
import { laggingSql, warningColumnsSql } from '../../domain/warnings';

export function warningViewsSql(rules: Rules = RULES): string {
  return `
CREATE OR REPLACE VIEW report_facts_v AS
WITH b AS (
  SELECT *,
    CASE WHEN exec_rate IS NOT NULL AND time_progress > 0 THEN least(1.0, exec_rate / time_progress) END AS stage_exec_rate,
    ${laggingSql(rules)} AS lagging,
    execution_rate_reported IS NOT NULL AND exec_rate IS NOT NULL AND abs(execution_rate_reported - exec_rate) > ${sqlNumber(rules.rateMismatchTolerance)} AS rate_mismatch
  FROM report_base
), c AS (
  SELECT *,
    ${computedBandSql(rules)} AS computed_band
  FROM b
)
SELECT *,
  conclusion_class <> '未填' AND computed_band IS NOT NULL AND conclusion_class <> computed_band AS conclusion_contradicts,
  ${warningColumnsSql()}
FROM c;`;
}
