/**
 * Every threshold of the domain rules, in one place (see docs/domain-rules.md).
 * They reach SQL one way: as checked literals (domain/sqlText.ts) in the derived views, which are
 * DDL and take no parameters; nothing else hard-codes them.
 */
export const RULES = {
  /** 运行正常 needs 执行率 and 目标完成度 both at or above this. */
  normalBand: 0.75,
  /** 轻度偏差 is [mildBand, normalBand); below it 严重偏差. */
  mildBand: 0.5,
  /** Consistency: 运行正常 declared while 执行率 trails 时间进度 by more than this many points. */
  normalButBehindPoints: 20,
  /** Consistency: 确定能完成 declared while 执行率 is below this share of 时间进度. */
  certainButBelowRatio: 0.5,
  /** Consistency: 调整后预算数 vs 当年预算数 − 调减 + 调增, tolerance in 元. */
  adjustmentTolerance: 1,
  /** Reported 执行进度 vs recomputed: a mismatch above this (in ratio) is flagged. */
  rateMismatchTolerance: 0.005,
  /** A numeric indicator at or above this share of its target is 部分完成, below it 未完成. */
  indicatorPartialRatio: 0.5,
} as const;

export type Rules = typeof RULES;
