/**
 * 街镇排名 (for the 通报): each town's measures for one year and round, with 同比 (same round of the
 * previous year) and 环比 (the previous round of the same year) as signed changes, and the district
 * (全区) row to compare with. Year and round: the filters', else the latest year loaded and its last
 * round. Other filters (unit, conclusion, warning level, problem category) apply; the town filter
 * does not (every town is ranked). Warning measures follow the filters' rules.
 */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';
import { isDeviationSql } from '../domain/conclusions';
import { QUERY_OMITS } from './omits';

export interface RankingRow {
  town: string;
  /** The 全区 row (all towns together), for comparison. */
  is_district: boolean;
  budget_year: number;
  round_label: string;
  reports: number;
  budget_base: number;
  exec_rate: number | null;
  time_progress: number;
  /** (执行率 − 时间进度) × 100: negative is behind schedule. */
  gap_points: number | null;
  red_share: number;
  yellow_share: number;
  red_budget: number;
  goal_completion: number | null;
  deviation_share: number;
  /** Same measures one year earlier (same round) and one round earlier (same year): this minus that. */
  gap_points_yoy: number | null;
  gap_points_mom: number | null;
  red_share_yoy: number | null;
  red_share_mom: number | null;
  yellow_share_yoy: number | null;
  yellow_share_mom: number | null;
  red_budget_yoy: number | null;
  red_budget_mom: number | null;
  goal_completion_yoy: number | null;
  goal_completion_mom: number | null;
  deviation_share_yoy: number | null;
  deviation_share_mom: number | null;
  /** The periods compared: 同比 and 环比 (null where the data has none). */
  yoy_label: string | null;
  mom_label: string | null;
}

export const RANKING_MEASURES = ['gap_points', 'red_share', 'yellow_share', 'red_budget', 'goal_completion', 'deviation_share'] as const;
export type RankingMeasure = (typeof RANKING_MEASURES)[number];

export function rankingQuery(f: Filters) {
  const s = factsSource(f, [...QUERY_OMITS.ranking, 'year', 'round'], '', 'always');
  // A chosen year needs only itself and the year before (同比): the other years are not graded at all.
  const years =
    f.year === null
      ? { sql: '', params: [] }
      : { sql: `${s.where ? ' AND' : ' WHERE'} budget_year IN (?, ? - 1)`, params: [f.year, f.year] };
  const measures = RANKING_MEASURES.flatMap((m) => [`c.${m} - y.${m} AS ${m}_yoy`, `c.${m} - p.${m} AS ${m}_mom`]).join(',\n  ');
  return sqlQuery<RankingRow>(
    'ranking',
    `
WITH g AS (SELECT * FROM ${s.from} ${s.where}${years.sql}),
rounds AS (SELECT DISTINCT budget_year, round_label, month(period_end) AS m FROM g),
cur_year AS (SELECT coalesce(?::INTEGER, (SELECT max(budget_year) FROM g)) AS y),
cur AS (
  SELECT y, coalesce(?::VARCHAR, (SELECT round_label FROM rounds WHERE budget_year = y ORDER BY m DESC, round_label LIMIT 1)) AS r FROM cur_year
),
cur_m AS (SELECT max(m) AS m FROM rounds, cur WHERE budget_year = cur.y AND round_label = cur.r),
prev AS (SELECT (SELECT round_label FROM rounds, cur, cur_m WHERE budget_year = cur.y AND rounds.m < cur_m.m ORDER BY rounds.m DESC LIMIT 1) AS r),
per AS (
  SELECT town, budget_year, round_label, false AS is_district, * EXCLUDE (town, budget_year, round_label) FROM (
    SELECT town, budget_year, round_label, count(*) AS reports, sum(budget_base) AS budget_base,
      CASE WHEN sum(budget_base) > 0 THEN sum(budget_executed) / sum(budget_base) END AS exec_rate, avg(time_progress) AS time_progress,
      count(*) FILTER (WHERE level = 'red') / count(*) AS red_share, count(*) FILTER (WHERE level = 'yellow') / count(*) AS yellow_share,
      coalesce(sum(budget_base) FILTER (WHERE level = 'red'), 0) AS red_budget,
      CASE WHEN sum(n_applicable) > 0 THEN sum(n_met) / sum(n_applicable) END AS goal_completion,
      count(*) FILTER (WHERE ${isDeviationSql()}) / count(*) AS deviation_share
    FROM g GROUP BY town, budget_year, round_label)
  UNION ALL
  SELECT '全区', budget_year, round_label, true, * EXCLUDE (budget_year, round_label) FROM (
    SELECT budget_year, round_label, count(*) AS reports, sum(budget_base) AS budget_base,
      CASE WHEN sum(budget_base) > 0 THEN sum(budget_executed) / sum(budget_base) END AS exec_rate, avg(time_progress) AS time_progress,
      count(*) FILTER (WHERE level = 'red') / count(*) AS red_share, count(*) FILTER (WHERE level = 'yellow') / count(*) AS yellow_share,
      coalesce(sum(budget_base) FILTER (WHERE level = 'red'), 0) AS red_budget,
      CASE WHEN sum(n_applicable) > 0 THEN sum(n_met) / sum(n_applicable) END AS goal_completion,
      count(*) FILTER (WHERE ${isDeviationSql()}) / count(*) AS deviation_share
    FROM g GROUP BY budget_year, round_label)
),
m AS (SELECT *, (exec_rate - time_progress) * 100 AS gap_points FROM per)
SELECT c.town, c.is_district, c.budget_year, c.round_label, c.reports, c.budget_base, c.exec_rate, c.time_progress,
  ${RANKING_MEASURES.map((x) => `c.${x}`).join(', ')},
  ${measures},
  CASE WHEN (SELECT count(*) FROM m, cur WHERE m.budget_year = cur.y - 1 AND m.round_label = cur.r) > 0
    THEN CAST((SELECT y FROM cur) - 1 AS VARCHAR) || '年' || (SELECT r FROM cur) END AS yoy_label,
  CASE WHEN (SELECT r FROM prev) IS NOT NULL THEN CAST((SELECT y FROM cur) AS VARCHAR) || '年' || (SELECT r FROM prev) END AS mom_label
FROM m c CROSS JOIN cur
LEFT JOIN m y ON y.town = c.town AND y.budget_year = cur.y - 1 AND y.round_label = cur.r
LEFT JOIN m p ON p.town = c.town AND p.budget_year = cur.y AND p.round_label = (SELECT r FROM prev)
WHERE c.budget_year = cur.y AND c.round_label = cur.r
ORDER BY c.is_district, c.gap_points DESC NULLS LAST, c.town`,
    [...s.params, ...years.params, f.year, f.round],
  );
}
