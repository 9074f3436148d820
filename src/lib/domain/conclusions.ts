/**
 * 阶段性跟踪结论 as the towns write it (free text) → one of four classes, by keyword, in order: the
 * first class whose words the text contains. Used by the facts view (db/views/facts.ts), the filter
 * bar and the charts. Rules in docs/domain-rules.md.
 */
import { RULES, type Rules } from './rules';
import { sqlList, sqlNumber, sqlText } from './sqlText';

export const CONCLUSION_CLASSES = ['运行正常', '轻度偏差', '严重偏差', '未填'] as const;
export type ConclusionClass = (typeof CONCLUSION_CLASSES)[number];

/** The classes that count as a deviation (a warning, and the trends' 偏差结论占比). */
export const DEVIATION_CLASSES: readonly ConclusionClass[] = ['轻度偏差', '严重偏差'];

/** Checked in this order; LIKE patterns over the conclusion text. */
const CLASS_PATTERNS: { cls: ConclusionClass; like: string[] }[] = [
  { cls: '严重偏差', like: ['%严重%', '%50%以下%', '%低于50%'] },
  { cls: '轻度偏差', like: ['%偏差%', '%偏离%', '%不正常%', '%异常%', '%滞后%', '%偏慢%', '%较慢%', '%缓慢%', '%未达%'] },
  { cls: '运行正常', like: ['%正常%'] },
];

/**
 * SQL expression: the class of the text in column `col`. A conclusion written in words of its own
 * (「执行进度偏慢，需加快」) is not 运行正常: as the data contract says, any option but 运行正常 reads as a
 * deviation, so a filled-in text no keyword places is 轻度偏差 (未填 is for a blank one only).
 */
export function conclusionClassSql(col = 'stage_conclusion'): string {
  const whens = CLASS_PATTERNS.map((p) => `  WHEN ${p.like.map((l) => `${col} LIKE ${sqlText(l)}`).join(' OR ')} THEN ${sqlText(p.cls)}`);
  return `CASE\n  WHEN ${col} IS NULL OR trim(${col}) = '' THEN '未填'\n${whens.join('\n')}\n  ELSE '轻度偏差' END`;
}

/** SQL predicate: the class column `col` is a deviation. */
export function isDeviationSql(col = 'conclusion_class'): string {
  return `${col} IN (${sqlList(DEVIATION_CLASSES)})`;
}

/**
 * SQL expression: the band the figures themselves put a report in (运行正常 / 轻度偏差 / 严重偏差, NULL
 * without an execution rate): the lower of 阶段执行率 and 指标完成度 against the two thresholds. A stated
 * conclusion that differs is flagged as contradicting the data.
 */
export function computedBandSql(rules: Rules = RULES): string {
  const level = 'least(stage_exec_rate, coalesce(goal_completion, stage_exec_rate))';
  return `CASE
      WHEN stage_exec_rate IS NULL THEN NULL
      WHEN ${level} >= ${sqlNumber(rules.normalBand)} THEN '运行正常'
      WHEN ${level} >= ${sqlNumber(rules.mildBand)} THEN '轻度偏差'
      ELSE '严重偏差' END`;
}
