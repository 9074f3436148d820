/**
 * Files → DuckDB: the single data path used by the browser, the CLI tools and the tests.
 * `prepareFile` reads, normalises and encodes one file (pure: in the browser it runs in the
 * import worker); `commitPrepared` stores the batches and checks, in SQL, what spans files
 * (indicator rows whose report is not loaded, 报告编号 loaded twice).
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
  type ReplacedIndicators,
  type TableBatch,
} from '../db/store';
import { importInput } from './importInput';
import { stageFile, type ImportedFile } from './importFile';
import { finishEmpty, normaliseStage } from './staged/normaliseStage';
import type { RawStage } from './staged/stageRaw';
import { putCsvStage, type PutCsv } from './staged/csvFast';
import { refused, type FileReport } from './report';
import { sameRoundKey } from '../db/views/current';
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

const WARN_LIMIT = 5000;

/** Indicator sets this file replaced: one line per report, or one summary line past 20 reports. */
function warnReplaced(report: FileReport, replaced: ReplacedIndicators[]): void {
  const tail = '计入本文件的指标（同一报告的指标按整套替换，不重复累计）';
  if (replaced.length <= 20) {
    for (const r of replaced) {
      report.warnings.push({
        row: 0,
        column: '报告编号',
        reason: `报告编号 ${r.report_id} 的指标已由本文件重新提供：之前从 ${r.old_file} 加载的 ${r.rows} 条指标不再计入，${tail}`,
      });
    }
    return;
  }
  const rows = replaced.reduce((s, r) => s + r.rows, 0);
  const files = [...new Set(replaced.map((r) => r.old_file))].join('、');
  report.warnings.push({
    row: 0,
    column: '报告编号',
    reason: `${replaced.length} 份报告（${replaced
      .slice(0, 20)
      .map((r) => r.report_id)
      .join('、')} 等）的指标已由本文件重新提供：之前从 ${files} 加载的 ${rows} 条指标不再计入，${tail}`,
  });
}

interface Superseded {
  l_seq: number;
  l_file: string;
  l_row: number;
  l_id: string;
  w_seq: number;
  w_file: string;
  w_row: number;
  w_id: string;
  why: string;
  what: string;
}

/**
 * What spans files, in SQL over everything loaded (this load and earlier ones): indicator rows whose
 * report is not loaded, and reports that do not count because another report of the same 报告编号, or of
 * the same project and round, does (docs/domain-rules.md). Each warning goes to the file of this load
 * that holds the row that does not count (or, if that row was loaded earlier, the row that now counts).
 * Run after the store's refresh: the current reports are report_facts' rows (one per report that
 * counts, chosen once by the refresh, not again here).
 */
async function crossFileWarnings(engine: Engine, bySeq: Map<number, FileReport>): Promise<void> {
  const seqs = [...bySeq.keys()];
  if (seqs.length === 0) return;
  const inLoad = `(${seqs.map((s) => String(Math.trunc(s))).join(', ')})`;
  // Indicator rows whose report is not loaded: counted per file (they count in no report), listed up to the limit.
  const orphanOf = `FROM indicators i WHERE i.load_seq IN ${inLoad} AND NOT EXISTS (SELECT 1 FROM projects p WHERE p.report_id = i.report_id)`;
  const orphanCounts = await engine.query<{ load_seq: number; n: number }>(
    `SELECT i.load_seq, count(*)::INTEGER AS n ${orphanOf} GROUP BY 1`,
  );
  if (orphanCounts.length) {
    const orphans = await engine.query<{ load_seq: number; source_row: number; report_id: string }>(
      `SELECT i.load_seq, i.source_row, i.report_id ${orphanOf} ORDER BY i.load_seq, i.source_row LIMIT ${WARN_LIMIT}`,
    );
    for (const { load_seq, n } of orphanCounts) {
      const r = bySeq.get(load_seq);
      if (!r) continue;
      r.indicatorsNotCounted = n;
      const listed = orphans.filter((o) => o.load_seq === load_seq).length;
      if (listed < n) {
        r.warningsNotListed = (r.warningsNotListed ?? 0) + n - listed;
        r.warnings.push({
          row: 0,
          column: '报告编号',
          reason: `本文件共有 ${n} 条指标找不到所属的项目报告（已加载的项目表中没有这些报告），不计入任何报告；${listed ? `以下只列出前 ${listed} 条` : '未逐条列出'}`,
          summary: true,
        });
      }
    }
    for (const o of orphans) {
      bySeq.get(o.load_seq)?.warnings.push({
        row: o.source_row,
        column: '报告编号',
        reason: `找不到报告编号为 ${o.report_id} 的项目报告（已加载的项目表中没有这份报告），该指标不计入任何报告`,
      });
    }
  }
  const cols = (t: string) =>
    `${t}.load_seq AS ${t[0]}_seq, ${t}.source_file AS ${t[0]}_file, ${t}.source_row AS ${t[0]}_row, ${t}.report_id AS ${t[0]}_id`;
  const notSame = 'NOT (l.load_seq = w.load_seq AND l.source_row = w.source_row)';
  const touches = `(l.load_seq IN ${inLoad} OR w.load_seq IN ${inLoad})`;
  const round = `w.town || ' · ' || w.budget_unit || ' · ' || w.project_name || ' · ' || CAST(year(w.period_end) AS VARCHAR) || '年 ' || CAST(month(w.period_start) AS VARCHAR) || '–' || CAST(month(w.period_end) AS VARCHAR) || '月'`;
  const sameIdFrom = `FROM projects l JOIN projects_by_id w ON l.report_id = w.report_id WHERE ${notSame} AND ${touches}`;
  const sameRoundFrom = `FROM projects_by_id l JOIN report_facts w ON ${sameRoundKey('l')
    .map((k, n) => `${k} = ${sameRoundKey('w')[n]}`)
    .join(' AND ')} WHERE ${notSame} AND ${touches}`;
  const sameId = await engine.query<Superseded>(
    `SELECT ${cols('l')}, ${cols('w')}, '后加载的一份计入' AS why, '' AS what
     ${sameIdFrom} ORDER BY l.load_seq, l.source_row LIMIT ${WARN_LIMIT}`,
  );
  const sameRound = await engine.query<Superseded>(
    `SELECT ${cols('l')}, ${cols('w')},
       CASE WHEN l.report_date IS NOT NULL AND w.report_date IS NOT NULL AND l.report_date <> w.report_date THEN '填报日期较晚（' || CAST(w.report_date AS VARCHAR) || '）的一份计入'
            WHEN w.report_date IS NOT NULL AND l.report_date IS NULL THEN '有填报日期的一份计入'
            ELSE '后加载的一份计入' END AS why,
       ${round} AS what
     ${sameRoundFrom} ORDER BY l.load_seq, l.source_row LIMIT ${WARN_LIMIT}`,
  );
  /** The file of this load a pair's warning goes to (see below): the row that does not count, else the one that does. */
  const warnedSeq = (d: { l_seq: number; w_seq: number }) => (bySeq.has(d.l_seq) ? d.l_seq : d.w_seq);
  if (sameId.length === WARN_LIMIT || sameRound.length === WARN_LIMIT) {
    // Past the listing limit the total is still said: how many loaded rows do not count, and each file's
    // count of such warnings (those not listed counted in its total).
    const [{ n }] = await engine.query<{ n: number }>(
      'SELECT ((SELECT count(*) FROM projects) - (SELECT count(*) FROM report_facts))::INTEGER AS n',
    );
    const first = bySeq.values().next().value;
    first?.warnings.push({
      row: 0,
      column: '报告编号',
      reason: `已加载的数据中共有 ${n} 行项目报告因重复或被更正而不计入统计，以下只列出前 ${WARN_LIMIT} 条`,
      summary: true,
    });
    const to = `CASE WHEN l.load_seq IN ${inLoad} THEN l.load_seq ELSE w.load_seq END`;
    const totals = await engine.query<{ seq: number; n: number }>(
      `SELECT seq, count(*)::INTEGER AS n FROM (SELECT ${to} AS seq ${sameIdFrom} UNION ALL SELECT ${to} AS seq ${sameRoundFrom}) GROUP BY seq`,
    );
    for (const t of totals) {
      const r = bySeq.get(t.seq);
      const listed = [...sameId, ...sameRound].filter((d) => warnedSeq(d) === t.seq).length;
      if (r && t.n > listed) r.warningsNotListed = (r.warningsNotListed ?? 0) + t.n - listed;
    }
  }
  // How many of each file's reports do not count, for its counts line (the warnings list them).
  const uncounted = await engine.query<{ load_seq: number; n: number }>(
    `SELECT p.load_seq, count(*)::INTEGER AS n FROM projects p
     WHERE p.load_seq IN ${inLoad}
       AND NOT EXISTS (SELECT 1 FROM report_facts c WHERE c.load_seq = p.load_seq AND c.source_row = p.source_row)
     GROUP BY 1`,
  );
  for (const u of uncounted) {
    const r = bySeq.get(u.load_seq);
    if (r) r.projectsNotCounted = u.n;
  }
  const at = (file: string, row: number) => `${file} 第 ${row} 行`;
  for (const d of [...sameId, ...sameRound]) {
    // A space only between Chinese and a file name, as the rest of the report writes it.
    const and = (other: string) => (/^[\x21-\x7e]/.test(other) ? `与 ${other}` : `与${other}`);
    const pair = (self: string, other: string, selfId: string, otherId: string) =>
      d.what
        ? `${self}（报告编号 ${selfId}）${and(other)}（报告编号 ${otherId}）是同一项目同一轮次（${d.what}）的两份报告`
        : `${self}${and(other)}的报告编号同为 ${selfId}，是重复的报告`;
    const loser = bySeq.get(d.l_seq);
    if (loser) {
      loser.warnings.push({
        row: d.l_row,
        column: '报告编号',
        reason: `${pair('本行', at(d.w_file, d.w_row), d.l_id, d.w_id)}；${d.why}：计入 ${at(d.w_file, d.w_row)}，本行不计入统计`,
      });
    } else {
      bySeq.get(d.w_seq)?.warnings.push({
        row: d.w_row,
        column: '报告编号',
        reason: `${pair('本行', `之前加载的 ${at(d.l_file, d.l_row)}`, d.w_id, d.l_id)}；${d.why}：计入本行，${at(d.l_file, d.l_row)} 不再计入统计`,
      });
    }
  }
}
