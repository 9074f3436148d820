/**
 * Files → DuckDB: the single data path used by the browser, the CLI tools and the tests.
 * `prepareFile` reads, normalises and encodes one file (pure: in the browser it runs in the
 * import worker); `commitPrepared` stores the batches and checks, in SQL, what spans files
 * (indicator rows whose report is not loaded, 报告编号 loaded twice).
 */
import type { Engine } from '../engine/types';
import { INDICATOR_CHUNK, IndicatorStager, dropStages, encodeIndicators, encodeProjects, storeBatches, type LoadMode, type TableBatch } from '../db/store';
import { importFile } from './importFile';
import type { FileReport } from './report';
import type { IndicatorRow } from './normalise';
import type { FileContent } from './byteSource';

export interface InputFile {
  name: string;
  /** In memory, or a Blob (a File the user chose): read a piece at a time, never held whole. */
  bytes: FileContent;
}

export interface PreparedFile {
  report: FileReport;
  batch: TableBatch;
  projects: number;
  indicators: number;
}

export interface LoadResult {
  reports: FileReport[];
  projects: number;
  indicators: number;
  /** False when no file had a row to load: the data already loaded was left as it was. */
  changed: boolean;
}

export type Progress = (msg: string) => void;

/**
 * `onChunk`: where each encoded chunk of indicator rows goes as soon as it is made (a staging table,
 * see `IndicatorStager`); without it the chunks are kept in the batch.
 */
export async function prepareFile(f: InputFile, onProgress?: Progress, chunkRows = INDICATOR_CHUNK, onChunk?: (ipc: Uint8Array) => Promise<void>): Promise<PreparedFile> {
  // Indicator rows are encoded as they are normalised, a chunk at a time, and not kept as objects.
  const chunks: Uint8Array[] = [];
  const handed: Promise<void>[] = [];
  let indicators = 0;
  const sink = (rows: IndicatorRow[]) => {
    const ipc = encodeIndicators(rows);
    if (onChunk) {
      const p = onChunk(ipc);
      p.catch(() => undefined); // awaited below
      handed.push(p);
    } else chunks.push(ipc);
    indicators += rows.length;
  };
  const r = await importFile(f.name, f.bytes, undefined, onProgress, { rows: chunkRows, sink });
  await Promise.all(handed);
  onProgress?.(`正在编码 ${f.name}…`);
  // A file refused part-way (a row group that cannot be decoded) loads nothing, not its first chunks.
  if (r.report.status === 'refused') return { report: r.report, batch: { projects: null, indicators: [] }, projects: 0, indicators: 0 };
  return { report: r.report, batch: { projects: encodeProjects(r.projects), indicators: chunks }, projects: r.projects.length, indicators };
}

/** The batch names its staging table when the stager was used. */
function withStage(p: PreparedFile, stager: IndicatorStager): PreparedFile {
  if (stager.used) p.batch.indicatorStage = stager.name;
  return p;
}

/**
 * Prepares one file with its indicator chunks staged through `stager` as they are made: in-process
 * (Node, tests) or in the import worker (the browser, `prepareInWorker`).
 */
export type Prepare = (f: InputFile, stager: IndicatorStager, onProgress?: Progress) => Promise<PreparedFile>;

const prepareInProcess = (chunkRows: number): Prepare => (f, stager, onProgress) => prepareFile(f, onProgress, chunkRows, (ipc) => stager.put(ipc));

/** Prepare one file in-process with its indicator chunks staged in the engine. */
export async function prepareStaged(engine: Engine, f: InputFile, onProgress?: Progress, chunkRows = INDICATOR_CHUNK): Promise<PreparedFile> {
  const stager = new IndicatorStager(engine);
  return withStage(await prepareInProcess(chunkRows)(f, stager, onProgress), stager);
}

export async function commitPrepared(engine: Engine, prepared: PreparedFile[], mode: LoadMode, onProgress?: Progress): Promise<LoadResult> {
  const reports = prepared.map((p) => p.report);
  const projects = prepared.reduce((s, p) => s + p.projects, 0);
  const indicators = prepared.reduce((s, p) => s + p.indicators, 0);
  // Refused files (and a load with nothing to add) leave the data as it was: their staged rows go.
  await dropStages(engine, prepared.filter((p) => p.report.status === 'refused' || projects + indicators === 0).map((p) => p.batch));
  if (projects + indicators === 0) return { reports, projects: 0, indicators: 0, changed: false };
  onProgress?.(`正在写入分析引擎：${projects} 份报告，${indicators} 条指标…`);
  try {
    await storeBatches(engine, prepared.filter((p) => p.report.status !== 'refused').map((p) => p.batch), mode);
  } catch (e) {
    await dropStages(engine, prepared.map((p) => p.batch)).catch(() => undefined);
    throw e;
  }
  await crossFileWarnings(engine, reports);
  return { reports, projects, indicators, changed: true };
}

export async function loadFiles(engine: Engine, files: InputFile[], mode: LoadMode, onProgress?: Progress, prepare: Prepare = prepareInProcess(INDICATOR_CHUNK)): Promise<LoadResult> {
  const prepared: PreparedFile[] = [];
  const stagers: IndicatorStager[] = [];
  try {
    for (const [i, f] of files.entries()) {
      onProgress?.(`正在读取 ${f.name}（${i + 1}/${files.length}）…`);
      const stager = new IndicatorStager(engine);
      stagers.push(stager);
      prepared.push(withStage(await prepare(f, stager, onProgress), stager));
    }
  } catch (e) {
    // Every stage made so far goes, the failing file's partial one included.
    for (const s of stagers) await s.drop().catch(() => undefined);
    throw e;
  }
  return commitPrepared(engine, prepared, mode, onProgress);
}

const WARN_LIMIT = 5000;

async function crossFileWarnings(engine: Engine, reports: FileReport[]): Promise<void> {
  const byFile = new Map(reports.map((r) => [r.file, r]));
  const orphans = await engine.query<{ source_file: string; source_row: number; report_id: string }>(
    `SELECT i.source_file, i.source_row, i.report_id FROM indicators i
     WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.report_id = i.report_id)
     ORDER BY i.source_file, i.source_row LIMIT ${WARN_LIMIT}`,
  );
  for (const o of orphans) {
    byFile.get(o.source_file)?.warnings.push({ row: o.source_row, column: '报告编号', reason: `找不到报告编号为 ${o.report_id} 的项目报告（已加载的项目表中没有这份报告），该指标不计入任何报告` });
  }
  // Same 报告编号 in two files (within one file it is reported at import).
  const dups = await engine.query<{ source_file: string; source_row: number; report_id: string; other_file: string; other_row: number }>(
    `SELECT a.source_file, a.source_row, a.report_id, b.source_file AS other_file, b.source_row AS other_row
     FROM projects a JOIN projects b ON a.report_id = b.report_id AND a.source_file <> b.source_file
       AND (a.source_file > b.source_file)
     ORDER BY a.source_file, a.source_row LIMIT ${WARN_LIMIT}`,
  );
  for (const d of dups) {
    byFile.get(d.source_file)?.warnings.push({ row: d.source_row, column: '报告编号', reason: `报告编号 ${d.report_id} 已在 ${d.other_file} 第 ${d.other_row} 行加载过，两份都计入统计，请确认是否重复` });
  }
}
