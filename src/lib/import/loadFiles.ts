/**
 * Files → DuckDB: the single data path used by the browser, the CLI tools and the tests.
 * `prepareFile` reads, normalises and encodes one file (pure: in the browser it runs in the
 * import worker); `commitPrepared` stores the batches and checks, in SQL, what spans files
 * (indicator rows whose report is not loaded, 报告编号 loaded twice: crossFileWarnings.ts).
 */
import type { Engine } from '../engine/types';
import {
  INDICATOR_CHUNK,
  IndicatorStager,
  dropStages,
  encodeIndicators,
  encodeProjects,
  storeBatches,
  type LoadMode,
  type TableBatch,
} from '../db/store';
import { importInput } from './importInput';
import { stageFile, type ImportedFile } from './importFile';
import { finishEmpty, normaliseStage } from './staged/normaliseStage';
import type { RawStage } from './staged/stageRaw';
import { putCsvStage, type PutCsv } from './staged/csvFast';
import { refused, type FileReport } from './report';
import { crossFileWarnings, warnReplaced } from './crossFileWarnings';
import type { IndicatorRow } from '../contract/rows';
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
  /** A CSV or Parquet export whose raw cells are staged: normalised in the engine at commit (`finishStaged`). */
  stage?: RawStage;
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
 * A CSV larger than this is staged in the compressed catalog; a smaller one (a district's 61 MB projects
 * file) in scratch, written faster (0.3–0.5 s of the district's CSV pair over eight interleaved runs, its
 * peak 15–25 MB higher, ~900 MB): the larger cells of a district's indicators would take the page past 1 GB.
 */
const SCRATCH_CSV_BYTES = 80 * 1024 * 1024;

/** Whether `f`'s raw cells are staged compressed (see `IndicatorStager`): a Parquet file's never are. */
function stagedCompressed(f: InputFile): boolean {
  return !/\.parquet$/i.test(f.name) && (f.bytes instanceof Blob ? f.bytes.size : f.bytes.byteLength) > SCRATCH_CSV_BYTES;
}

/** A staged file (its rows in the engine, or in `raw` where no stager took them) as the load takes it. */
export function preparedOfStage(stage: RawStage, raw: Uint8Array[] = []): PreparedFile {
  return { report: stage.report, batch: { projects: null, indicators: [], raw }, projects: 0, indicators: 0, stage };
}

/**
 * `onChunk`: where each encoded chunk of indicator rows goes as soon as it is made (a staging table,
 * see `IndicatorStager`); without it the chunks are kept in the batch.
 */
export async function prepareFile(
  f: InputFile,
  onProgress?: Progress,
  chunkRows = INDICATOR_CHUNK,
  onChunk?: (ipc: Uint8Array) => Promise<void>,
  onCsv?: PutCsv,
): Promise<PreparedFile[]> {
  // Indicator rows are encoded as they are normalised, a chunk at a time, and not kept as objects.
  const chunks: Uint8Array[] = [];
  const handed: Promise<void>[] = [];
  let streamed = 0;
  const sink = (rows: IndicatorRow[]) => {
    const ipc = encodeIndicators(rows);
    if (onChunk) {
      const p = onChunk(ipc);
      p.catch(() => undefined); // awaited below
      handed.push(p);
    } else chunks.push(ipc);
    streamed += rows.length;
  };
  // A CSV or Parquet export: its raw cells are staged as they are read, and normalised in the engine.
  const raw: Uint8Array[] = [];
  const staged = await stageFile(f.name, f.bytes, onChunk ?? (async (ipc) => void raw.push(ipc)), onProgress, onCsv);
  if (staged) {
    if ('refused' in staged) return [{ report: staged.refused, batch: { projects: null, indicators: [] }, projects: 0, indicators: 0 }];
    return [preparedOfStage(staged, raw)];
  }
  const imported = await importInput(f.name, f.bytes, onProgress, { rows: chunkRows, sink });
  if (imported.length > 1) {
    // A workbook's sheets: each its own report and batch, their (few) indicator rows kept with it, not staged.
    onProgress?.(`正在编码 ${f.name}…`);
    return imported.map(preparedOf);
  }
  const [r] = imported;
  // A form (or a one-sheet workbook) returns its indicator rows with its project instead of through the sink: they go the same way.
  if (r.indicators.length) sink(r.indicators);
  await Promise.all(handed);
  onProgress?.(`正在编码 ${f.name}…`);
  // A file refused part-way (a row group that cannot be decoded) loads nothing, not its first chunks.
  if (r.report.status === 'refused') return [{ report: r.report, batch: { projects: null, indicators: [] }, projects: 0, indicators: 0 }];
  return [
    {
      report: r.report,
      batch: { projects: encodeProjects(r.projects), indicators: chunks },
      projects: r.projects.length,
      indicators: streamed,
    },
  ];
}

/** One table's normalised rows, encoded whole (a workbook's sheet; the tests' row-by-row reference). */
export function preparedOf(r: ImportedFile): PreparedFile {
  const loaded = r.report.status !== 'refused';
  return {
    report: r.report,
    batch: {
      projects: loaded ? encodeProjects(r.projects) : null,
      indicators: loaded && r.indicators.length ? [encodeIndicators(r.indicators)] : [],
    },
    projects: loaded ? r.projects.length : 0,
    indicators: loaded ? r.indicators.length : 0,
  };
}

/** The batch names its staging table when the stager was used (only a file of one table streams its indicators). */
function withStage(p: PreparedFile[], stager: IndicatorStager): PreparedFile[] {
  if (stager.used && p.length === 1) {
    if (p[0].stage) p[0].batch.rawStage = stager.name;
    else p[0].batch.indicatorStage = stager.name;
  }
  return p;
}

/**
 * Staged files are normalised in the engine (import/staged/normaliseStage.ts): their reports are
 * completed and their batches name the normalised rows' table. A refused file's raw cells are dropped.
 */
async function finishStaged(engine: Engine, prepared: PreparedFile[], onProgress?: Progress): Promise<void> {
  for (const p of prepared) {
    const stage = p.stage;
    if (!stage) continue;
    p.stage = undefined;
    let raw = p.batch.rawStage;
    p.batch.rawStage = undefined;
    if (p.report.status === 'refused') {
      if (raw) await engine.exec(`DROP TABLE IF EXISTS ${raw}`);
      continue;
    }
    if (!raw && p.batch.raw?.length) {
      const stager = new IndicatorStager(engine);
      for (const ipc of p.batch.raw) await stager.put(ipc);
      raw = stager.name;
    }
    p.batch.raw = undefined;
    if (!raw) {
      // Nothing past the header: the report as far as it goes.
      finishEmpty(stage);
      continue;
    }
    let r: Awaited<ReturnType<typeof normaliseStage>>;
    try {
      r = await normaliseStage(engine, stage, raw, onProgress);
    } catch (e) {
      // The engine could not check this file (its tables are gone with it): it is refused, the others load.
      const why = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim().replace(/。$/, '');
      p.report = refused(
        stage.file,
        p.report.format,
        `无法在分析引擎中校验「${stage.file}」的取值：${why}。整个文件未载入。`,
        stage.headers,
        p.report.encoding,
      );
      continue;
    }
    p.batch.relations = r.relations ?? undefined;
    if (stage.kind === 'projects') {
      p.batch.projectStage = r.table ?? undefined;
      p.projects = r.rows;
    } else {
      p.batch.indicatorStage = r.table ?? undefined;
      p.indicators = r.rows;
    }
  }
}

/**
 * Prepares one file with its indicator chunks staged through `stager` as they are made: in-process
 * (Node, tests) or in the import worker (the browser, `prepareInWorker`).
 */
export type Prepare = (f: InputFile, stager: IndicatorStager, onProgress?: Progress) => Promise<PreparedFile[]>;

const prepareInProcess =
  (chunkRows: number): Prepare =>
  (f, stager, onProgress) =>
    prepareFile(
      f,
      onProgress,
      chunkRows,
      (ipc) => stager.put(ipc),
      (csv) => putCsvStage(stager, csv),
    );

/** Prepare one file in-process with its indicator chunks staged in the engine. */
export async function prepareStaged(
  engine: Engine,
  f: InputFile,
  onProgress?: Progress,
  chunkRows = INDICATOR_CHUNK,
): Promise<PreparedFile[]> {
  const stager = new IndicatorStager(engine);
  return withStage(await prepareInProcess(chunkRows)(f, stager, onProgress), stager);
}

/** `work`, and if it fails, every staged table of the load dropped before the error goes on. */
async function orDropStages<T>(engine: Engine, prepared: PreparedFile[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    await dropStages(
      engine,
      prepared.map((p) => p.batch),
    ).catch(() => undefined);
    throw e;
  }
}

export async function commitPrepared(engine: Engine, prepared: PreparedFile[], mode: LoadMode, onProgress?: Progress): Promise<LoadResult> {
  await orDropStages(engine, prepared, () => finishStaged(engine, prepared, onProgress));
  const reports = prepared.map((p) => p.report);
  const projects = prepared.reduce((s, p) => s + p.projects, 0);
  const indicators = prepared.reduce((s, p) => s + p.indicators, 0);
  // Refused files (and a load with nothing to add) leave the data as it was: their staged rows go.
  await dropStages(
    engine,
    prepared.filter((p) => p.report.status === 'refused' || projects + indicators === 0).map((p) => p.batch),
  );
  if (projects + indicators === 0) return { reports, projects: 0, indicators: 0, changed: false };
  onProgress?.(`正在写入分析引擎：${projects} 份报告，${indicators} 条指标…`);
  const stored = prepared.filter((p) => p.report.status !== 'refused');
  const result = await orDropStages(engine, prepared, () =>
    storeBatches(
      engine,
      stored.map((p) => p.batch),
      mode,
    ),
  );
  const bySeq = new Map(result.seqs.map((seq, k) => [seq, stored[k].report]));
  for (const [seq, report] of bySeq)
    warnReplaced(
      report,
      result.replaced.filter((r) => r.new_seq === seq),
    );
  // Linked indicators are said on their file's report, or, loaded earlier, on the projects file they now count under.
  for (const l of result.linked) {
    const how = '没有报告编号，已按 街镇名称 + 项目名称 + 跟踪时段 对应到';
    const own = bySeq.get(l.load_seq);
    const projects = bySeq.get(l.project_seq);
    if (own)
      own.warnings.push({
        row: 0,
        column: '报告编号',
        reason: `${l.rows} 条指标${how}项目表中 ${l.reports} 份报告的报告编号（如 ${l.example}）`,
      });
    else
      projects?.warnings.push({
        row: 0,
        column: '报告编号',
        reason: `之前从 ${l.file} 加载的 ${l.rows} 条指标${how}本文件 ${l.reports} 份报告的报告编号（如 ${l.example}），现已计入`,
      });
  }
  await crossFileWarnings(engine, bySeq);
  return { reports, projects, indicators, changed: true };
}

/**
 * Each file is read (in the browser by its import worker, on the other core) while the engine
 * normalises the file read before it: a projects file is checked while its indicators file is decoded.
 */
export async function loadFiles(
  engine: Engine,
  files: InputFile[],
  mode: LoadMode,
  onProgress?: Progress,
  prepare: Prepare = prepareInProcess(INDICATOR_CHUNK),
): Promise<LoadResult> {
  const prepared: PreparedFile[] = [];
  const stagers: IndicatorStager[] = [];
  const finishing: Promise<void>[] = [];
  try {
    for (const [i, f] of files.entries()) {
      onProgress?.(`正在读取 ${f.name}（${i + 1}/${files.length}）…`);
      const stager = new IndicatorStager(engine, stagedCompressed(f));
      stagers.push(stager);
      const p = withStage(await prepare(f, stager, onProgress), stager);
      prepared.push(...p);
      const done = finishStaged(engine, p, onProgress);
      done.catch(() => undefined); // awaited below
      finishing.push(done);
    }
    await Promise.all(finishing);
  } catch (e) {
    // Every stage made so far goes, the failing file's partial one included, once no check still reads it.
    await Promise.allSettled(finishing);
    for (const s of stagers) await s.drop().catch(() => undefined);
    await dropStages(
      engine,
      prepared.map((p) => p.batch),
    ).catch(() => undefined);
    throw e;
  }
  return commitPrepared(engine, prepared, mode, onProgress);
}
