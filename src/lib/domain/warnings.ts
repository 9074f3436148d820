/**
 * What puts a report on the warning list, rule by rule: the condition (SQL over the report's facts),
 * the sentence that explains it in 预警原因, and the heading it is counted under in the reasons chart.
 * A report is 预警 when any rule holds. The facts view (db/views/warnings.ts) writes `at_risk` and
 * `risk_reasons` from this list, the reasons chart (queries/riskList.ts) counts by it; nothing else
 * says what a warning is. Rules in docs/domain-rules.md.
 */
import { RULES, type Rules } from './rules';
import { isDeviationSql } from './conclusions';
import { sqlList, sqlNumber, sqlText } from './sqlText';

/** Outlook answers that mean "may not be done": 有可能完成 is a doubt, 确定不能完成 a certainty. */
export const DOUBTFUL_OUTLOOKS = ['有可能完成', '确定不能完成'] as const;

export interface WarningRule {
  id: 'lagging' | 'conclusion' | 'budget_outlook' | 'target_outlook' | 'indicators';
  /** Heading in the reasons chart (two rules may share one: a report counts once under it). */
  heading: string;
  /** SQL predicate over report facts (columns of report_base plus `lagging`). */
  when: string;
  /** SQL text expression: the reason as read in 预警原因. */
  reason: string;
}

const pct = (e: string) => `printf('%.1f', ${e} * 100)`;

export function warningRules(): WarningRule[] {
  const doubtful = sqlList(DOUBTFUL_OUTLOOKS);
  return [
    {
      id: 'lagging',
      heading: '执行率低于时间进度',
      when: 'lagging',
      reason: `'执行率 ' || ${pct('exec_rate')} || '% 低于时间进度 ' || ${pct('time_progress')} || '%（落后 ' || ${pct('(time_progress - exec_rate)')} || ' 个百分点）'`,
    },
    { id: 'conclusion', heading: '阶段性结论为偏差', when: isDeviationSql(), reason: `'阶段性结论为' || conclusion_class` },
    {
      id: 'budget_outlook',
      heading: '完成可能性存疑',
      when: `budget_outlook IN (${doubtful})`,
      reason: `'预算完成可能性：' || budget_outlook`,
    },
    {
      id: 'target_outlook',
      heading: '完成可能性存疑',
      when: `target_outlook IN (${doubtful})`,
      reason: `'绩效目标完成可能性：' || target_outlook`,
    },
    { id: 'indicators', heading: '有指标未完成', when: 'n_not_met > 0', reason: `CAST(n_not_met AS VARCHAR) || ' 项指标未完成'` },
  ];
}

/** SQL predicate: 执行率 trails 时间进度 by more than the margin. */
export function laggingSql(rules: Rules = RULES): string {
  return `exec_rate IS NOT NULL AND exec_rate < time_progress - ${sqlNumber(rules.lagMargin)}`;
}

/** SQL: `risk_reasons` (the sentences of the rules that hold, joined by ；) and `at_risk` (never NULL). */
export function warningColumnsSql(): string {
  const list = warningRules();
  return `concat_ws('；',\n    ${list.map((r) => `CASE WHEN ${r.when} THEN ${r.reason} END`).join(',\n    ')}\n  ) AS risk_reasons,
  coalesce(${list.map((r) => `(${r.when})`).join(' OR ')}, false) AS at_risk`;
}

/** SQL list expression: the distinct headings of the rules that hold for a report (for counting by heading). */
export function warningHeadingsSql(): string {
  return `list_distinct([${warningRules()
    .map((r) => `CASE WHEN ${r.when} THEN ${sqlText(r.heading)} END`)
    .join(', ')}])`;
}
