/** 填报一致性检查: which reports contradict themselves, by check, by town, and report by report. */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';
import { consistencyChecks, consistencyFindingsSql } from '../domain/consistency';
import { sqlText } from '../domain/sqlText';

export interface ConsistencyCountRow {
  check: string;
  label: string;
  reports: number;
  towns: number;
}

export function consistencyCountsQuery(f: Filters) {
  const s = factsSource(f);
  const checks = consistencyChecks();
  return sqlQuery<ConsistencyCountRow>(
    'consistencyCounts',
    `
SELECT c.id AS "check", c.label, count(r.report_id) AS reports, count(DISTINCT r.town) AS towns
FROM (VALUES ${checks.map((c, i) => `(${sqlText(c.id)}, ${i}, ${sqlText(c.label)})`).join(', ')}) AS c(id, ord, label)
LEFT JOIN (SELECT report_id, town, ${consistencyFindingsSql()} AS findings FROM ${s.from} ${s.where}) r ON list_contains(r.findings, c.label)
GROUP BY c.id, c.ord, c.label ORDER BY c.ord`,
    s.params,
  );
}

export interface ConsistencyFindingRow {
  report_id: string;
  town: string;
  project_name: string;
  budget_year: number;
  round_label: string;
  findings: string;
  n_findings: number;
}

export function consistencyListQuery(f: Filters) {
  const s = factsSource(f);
  return sqlQuery<ConsistencyFindingRow>(
    'consistencyList',
    `
SELECT report_id, town, project_name, budget_year, round_label, array_to_string(findings, '；') AS findings, len(findings) AS n_findings
FROM (SELECT *, ${consistencyFindingsSql()} AS findings FROM ${s.from} ${s.where})
WHERE len(findings) > 0
ORDER BY n_findings DESC, town, project_name, report_id
LIMIT 5000`,
    s.params,
  );
}

export interface ConsistencyTownRow {
  town: string;
  reports: number;
  with_findings: number;
  share: number;
}

/** Per town: reports with at least one finding, and their share (every town, the town filter aside). */
export function consistencyByTownQuery(f: Filters) {
  const s = factsSource(f, ['town']);
  return sqlQuery<ConsistencyTownRow>(
    'consistencyByTown',
    `
SELECT town, count(*) AS reports, count(*) FILTER (WHERE len(findings) > 0) AS with_findings,
  count(*) FILTER (WHERE len(findings) > 0) / count(*) AS share
FROM (SELECT town, ${consistencyFindingsSql()} AS findings FROM ${s.from} ${s.where})
GROUP BY town ORDER BY share DESC, town`,
    s.params,
  );
}
