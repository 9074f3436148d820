/**
 * Files → DuckDB: the single data path used by the browser, the CLI tools and the tests.
 * Reads and normalises every file, stores the rows (replace or add), then checks the
 * cross-file rules in SQL (indicator rows whose report is not loaded).
 */
import type { Engine } from '../engine/types';
import { storeRows, type LoadMode } from '../db/store';
import { importFile } from './importFile';
import type { IndicatorRow, ProjectRow } from './normalise';
import type { FileReport } from './report';

export interface InputFile {
  name: string;
  bytes: Uint8Array;
}

export interface LoadResult {
  reports: FileReport[];
  projects: number;
  indicators: number;
}

export async function loadFiles(
  engine: Engine,
  files: InputFile[],
  mode: LoadMode,
  onProgress?: (msg: string) => void,
): Promise<LoadResult> {
  const reports: FileReport[] = [];
  const projects: ProjectRow[] = [];
  const indicators: IndicatorRow[] = [];
  for (const [i, f] of files.entries()) {
    onProgress?.(`正在读取 ${f.name}（${i + 1}/${files.length}）…`);
    const r = await importFile(f.name, f.bytes);
    reports.push(r.report);
    projects.push(...r.projects);
    indicators.push(...r.indicators);
  }
  const usable = reports.some((r) => r.status === 'loaded' && r.rowsLoaded > 0);
  if (!usable) return { reports, projects: 0, indicators: 0 };
  onProgress?.(`正在写入分析引擎：${projects.length} 份报告，${indicators.length} 条指标…`);
  await storeRows(engine, projects, indicators, mode);
  await warnOrphans(engine, reports);
  return { reports, projects: projects.length, indicators: indicators.length };
}

async function warnOrphans(engine: Engine, reports: FileReport[]): Promise<void> {
  const orphans = await engine.query<{ source_file: string; source_row: number; report_id: string }>(
    `SELECT i.source_file, i.source_row, i.report_id FROM indicators i
     WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.report_id = i.report_id)
     ORDER BY i.source_file, i.source_row LIMIT 5000`,
  );
  for (const o of orphans) {
    const rep = reports.find((r) => r.file === o.source_file);
    rep?.warnings.push({ row: o.source_row, column: '报告编号', reason: `找不到报告编号为 ${o.report_id} 的项目报告（项目表中没有这份报告）` });
  }
}
