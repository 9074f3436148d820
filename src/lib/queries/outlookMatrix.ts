/** 3×3 matrix: 年度项目预算完成可能性 × 年度绩效目标完成可能性 (未填 kept as its own row/column). */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';

export interface OutlookCell {
  budget_outlook: string;
  target_outlook: string;
  reports: number;
}

export function outlookMatrixQuery(f: Filters) {
  const s = factsSource(f);
  return sqlQuery<OutlookCell>(
    'outlookMatrix',
    `
SELECT coalesce(budget_outlook, '未填') AS budget_outlook, coalesce(target_outlook, '未填') AS target_outlook, count(*) AS reports
FROM ${s.from} ${s.where}
GROUP BY ALL ORDER BY ALL`,
    s.params,
  );
}
