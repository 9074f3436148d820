/**
 * Form consistency checks: what a town's form says against itself. Data-quality findings for the
 * towns to correct, apart from the warnings (a contradiction is not a risk, but the figures behind
 * it cannot be trusted until it is fixed). One list; the SQL and the words come from here.
 */
import { RULES, type Rules } from './rules';
import { sqlNumber, sqlText } from './sqlText';

export interface ConsistencyCheck {
  id: string;
  label: string;
  /** SQL predicate over report_facts. */
  when: string;
}

export function consistencyChecks(r: Rules = RULES): ConsistencyCheck[] {
  return [
    {
      id: 'normal_but_behind',
      label: `填报「运行正常」但执行率落后时间进度超过 ${r.normalButBehindPoints} 个百分点`,
      when: `conclusion_class = '运行正常' AND exec_rate IS NOT NULL AND (time_progress - exec_rate) * 100 > ${sqlNumber(r.normalButBehindPoints)}`,
    },
    {
      id: 'certain_but_far_below',
      label: `预算「确定能完成」但执行率不足时间进度的 ${Math.round(r.certainButBelowRatio * 100)}%`,
      when: `budget_outlook = '确定能完成' AND exec_rate IS NOT NULL AND exec_rate < time_progress * ${sqlNumber(r.certainButBelowRatio)}`,
    },
    { id: 'executed_over_budget', label: '预算执行数大于调整后预算数', when: `budget_executed > budget_base` },
    {
      id: 'adjustment_mismatch',
      label: '调整后预算数 ≠ 当年预算数 − 调减金额 + 调增金额',
      when: `budget_adjusted IS NOT NULL AND (adjust_decrease IS NOT NULL OR adjust_increase IS NOT NULL)
        AND abs(budget_adjusted - (budget_initial - coalesce(adjust_decrease, 0) + coalesce(adjust_increase, 0))) > ${sqlNumber(r.adjustmentTolerance)}`,
    },
    { id: 'short_without_reason', label: '指标未达到阶段目标但未填偏差原因', when: `n_short_no_reason > 0` },
    { id: 'rate_mismatch', label: '填报的预算执行进度与 执行数 ÷ 预算数 不一致', when: `coalesce(rate_mismatch, false)` },
  ];
}

/** SQL: the labels of the checks a report fails, as a list. */
export function consistencyFindingsSql(r: Rules = RULES): string {
  return `list_filter([${consistencyChecks(r)
    .map((c) => `CASE WHEN coalesce(${c.when}, false) THEN ${sqlText(c.label)} END`)
    .join(', ')}], x -> x IS NOT NULL)`;
}
