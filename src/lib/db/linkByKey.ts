/**
 * Indicator rows without 报告编号 find their report by 街镇名称 + 项目名称 + 跟踪时段 (the data contract): at
 * import they get the id derived from those (`deriveReportId`), which is the project's own id only when
 * the project table gives no 报告编号 either. When it does (HC-2024-001), the rows are linked here, after
 * every load, to the project of the same 街镇, 项目名称 and 跟踪时段 — else they would count under no report.
 */
import type { Engine } from '../engine/types';
import { columnsToIPC } from './arrow';
import { deriveReportId } from '../contract/reportId';

/** Rows of one load's batch that were linked: how many, to how many reports, one of them for the message. */
export interface LinkedIndicators {
  load_seq: number;
  /** The load of the projects they were linked to, and the file the indicators came from. */
  project_seq: number;
  file: string;
  rows: number;
  reports: number;
  example: string;
}

const ORPHAN = (alias: string) => `NOT EXISTS (SELECT 1 FROM projects p WHERE p.report_id = ${alias}.report_id)`;

export async function linkIndicatorsByKey(engine: Engine): Promise<LinkedIndicators[]> {
  const [{ n }] = await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM indicators i WHERE ${ORPHAN('i')}`);
  if (n === 0) return [];
  // Every project's key as the import derives an id from it; the report that counts first, so that of
  // two reports of one project and round the indicators go to the one the figures use.
  const keys = await engine.query<{ report_id: string; town: string; project_name: string; s: string; e: string }>(
    `SELECT p.report_id, p.town, p.project_name, CAST(p.period_start AS VARCHAR) AS s, CAST(p.period_end AS VARCHAR) AS e
     FROM projects p LEFT JOIN projects_current c ON c.load_seq = p.load_seq AND c.source_row = p.source_row
     ORDER BY c.report_id IS NULL, p.load_seq DESC, p.source_row DESC`,
  );
  const byKey = new Map<string, string>();
  for (const k of keys) {
    const derived = deriveReportId(k.town, k.project_name, k.s, k.e);
    if (derived !== k.report_id && !byKey.has(derived)) byKey.set(derived, k.report_id);
  }
  if (byKey.size === 0) return [];
  const map = `_link_${Math.random().toString(36).slice(2, 8)}`;
  await engine.insertArrowIPC(
    map,
    columnsToIPC([
      ['derived', 'utf8', [...byKey.keys()]],
      ['report_id', 'utf8', [...byKey.values()]],
    ]),
    true,
  );
  try {
    const linked = await engine.query<LinkedIndicators>(
      `SELECT i.load_seq, b.load_seq AS project_seq, min(i.source_file) AS file, count(*)::INTEGER AS rows,
         count(DISTINCT m.report_id)::INTEGER AS reports, min(m.report_id) AS example
       FROM indicators i JOIN ${map} m ON m.derived = i.report_id JOIN projects_by_id b ON b.report_id = m.report_id
       WHERE ${ORPHAN('i')} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    if (linked.length)
      await engine.exec(
        `UPDATE indicators SET report_id = m.report_id FROM ${map} m WHERE indicators.report_id = m.derived AND ${ORPHAN('indicators')}`,
      );
    return linked;
  } finally {
    await engine.exec(`DROP TABLE IF EXISTS ${map}`);
  }
}
