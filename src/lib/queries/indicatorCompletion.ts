/** 指标完成: completion by 一级/二级 category and by town, and the indicators not met. */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';
import { QUERY_OMITS } from './omits';

export interface CompletionRow {
  level1: string;
  level2: string;
  met: number;
  partial: number;
  not_met: number;
  na: number;
  /** 已完成 ÷ applicable (not-applicable rows excluded); null when none applies. */
  completion: number | null;
}

const COUNTS = `count(*) FILTER (WHERE i.status = 'met') AS met,
  count(*) FILTER (WHERE i.status = 'partial') AS partial,
  count(*) FILTER (WHERE i.status = 'not_met') AS not_met,
  count(*) FILTER (WHERE i.status = 'na') AS na,
  CASE WHEN count(*) FILTER (WHERE i.status <> 'na') > 0
       THEN count(*) FILTER (WHERE i.status = 'met') / count(*) FILTER (WHERE i.status <> 'na') END AS completion`;

const LEVEL1_ORDER = `CASE i.level1 WHEN '投入与管理' THEN 1 WHEN '产出目标' THEN 2 WHEN '效果目标' THEN 3 WHEN '影响力目标' THEN 4 ELSE 5 END`;

export function completionByCategoryQuery(f: Filters) {
  const s = factsSource(f, [], 'r');
  return sqlQuery<CompletionRow>(
    'completionByCategory',
    `
SELECT i.level1, coalesce(i.level2, '（未填）') AS level2, ${COUNTS}
FROM indicators i JOIN ${s.from} USING (report_id) ${s.where}
GROUP BY ALL ORDER BY min(${LEVEL1_ORDER}), i.level1, level2`,
    s.params,
  );
}

export interface CompletionByTownRow {
  town: string;
  met: number;
  partial: number;
  not_met: number;
  na: number;
  completion: number | null;
}

export function completionByTownQuery(f: Filters) {
  const s = factsSource(f, QUERY_OMITS.completionByTown, 'r');
  return sqlQuery<CompletionByTownRow>(
    'completionByTown',
    `
SELECT r.town, ${COUNTS}
FROM indicators i JOIN ${s.from} USING (report_id) ${s.where}
GROUP BY r.town ORDER BY completion DESC NULLS LAST, r.town`,
    s.params,
  );
}

export interface DeviationRow {
  report_id: string;
  town: string;
  project_name: string;
  budget_year: number;
  round_label: string;
  level1: string;
  level2: string | null;
  level3: string;
  expected_value: string | null;
  actual: string | null;
  status: string;
  deviation: string | null;
  deviation_reason: string | null;
  corrective_action: string | null;
}

export function deviationsQuery(f: Filters, limit = 2000) {
  const s = factsSource(f, [], 'r');
  const cond = `${s.where ? `${s.where} AND` : 'WHERE'} i.status IN ('not_met', 'partial')`;
  return sqlQuery<DeviationRow>(
    'deviations',
    `
SELECT r.report_id, r.town, r.project_name, r.budget_year, r.round_label, i.level1, i.level2, i.level3,
  i.expected_value, i.actual, i.status, i.deviation, i.deviation_reason, i.corrective_action
FROM indicators i JOIN ${s.from} USING (report_id) ${cond}
ORDER BY CASE i.status WHEN 'not_met' THEN 0 ELSE 1 END, r.town, r.project_name, i.seq
LIMIT ${Math.max(1, Math.floor(limit))}`,
    s.params,
  );
}
