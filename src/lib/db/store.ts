/** Normalised rows → Arrow IPC batches → the DuckDB tables, replacing or adding to what is loaded. */
import { scratch, type Engine } from '../engine/types';
import type { IndicatorRow, ProjectRow } from '../contract/rows';
import { rowsToIPC } from './arrow';
import { taxonomyRows } from '../domain/problemTaxonomy';
import { dropSnapshot, materialiseSnapshot } from './snapshot';
import { INDICATOR_STORED, PROJECT_STORED, REFRESH_DERIVED_SQL, createTablesSql, createViewsSql } from './schema';
import { linkIndicatorsByKey, type LinkedIndicators } from './linkByKey';

export type LoadMode = 'replace' | 'add';

/**
 * One file's rows, encoded for DuckDB (made in the import worker in the browser, in-process in Node).
 * Indicator rows come in chunks of at most `INDICATOR_CHUNK` rows: neither the import nor the engine
 * ever holds a million-row copy at once.
 */
export interface TableBatch {
  projects: Uint8Array | null;
  indicators: Uint8Array[];
  /** Indicator chunks already inserted, as they were made, into this staging table (see `IndicatorStager`). */
  indicatorStage?: string;
  /** A staged file's normalised project rows, in this table (see import/staged). */
  projectStage?: string;
  /** A staged file's raw cells, before they are normalised: in this table, or (no stager) these chunks. */
  rawStage?: string;
  raw?: Uint8Array[];
  /** When the stage is a view (a staged file's rows): what it reads, dropped with it. */
  relations?: Relations;
}

let stageSeq = 0;

/**
 * Indicator chunks go into a staging table of their own as soon as they are encoded, so neither the
 * import nor the page holds a file's encoded rows; `storeBatches` moves them into `indicators` when
 * the load is committed, and a refused file's staging table is dropped (the data stays as it was).
 */
export class IndicatorStager {
  readonly name: string;
  used = false;
  /**
   * `compressed`: the staged rows go into the compressed catalog (a large CSV's text: a district's
   * uncompressed indicator cells would take the page past 1 GB); else into the scratch catalog, written
   * faster (a Parquet file, decoded compactly; a smaller CSV: loadFiles.ts).
   */
  constructor(
    readonly engine: Engine,
    compressed = false,
  ) {
    const name = `_stage_indicators_${++stageSeq}_${Math.random().toString(36).slice(2, 8)}`;
    this.name = compressed ? name : scratch(name);
  }

  put(ipc: Uint8Array): Promise<void> {
    const create = !this.used;
    this.used = true;
    return this.engine.insertArrowIPC(this.name, ipc, create);
  }

  /** The staged rows go (a file that failed part-way, or was refused). */
  drop(): Promise<void> {
    return dropStage(this.engine, this.name);
  }
}

const dropStage = (engine: Engine, name: string) => engine.exec(`DROP TABLE IF EXISTS ${name}`);

/** A staged file's normalised rows are a view over these (import/staged): dropped once stored. */
export interface Relations {
  views: string[];
  tables: string[];
}

export async function dropRelations(engine: Engine, r: Relations): Promise<void> {
  // One statement list, one round trip to the engine (a district's load drops ~40 of them).
  const sql = [...r.views.map((v) => `DROP VIEW IF EXISTS ${v};`), ...r.tables.map((t) => `DROP TABLE IF EXISTS ${t};`)];
  if (sql.length) await engine.exec(sql.join('\n'));
}

/** Staging tables of batches that are not being stored (refused files, nothing to load, a failed load): one statement list. */
export async function dropStages(engine: Engine, batches: TableBatch[]): Promise<void> {
  const all: Relations = { views: [], tables: [] };
  for (const b of batches) {
    if (b.relations) {
      all.views.push(...b.relations.views);
      all.tables.push(...b.relations.tables);
    } else all.tables.push(...[b.indicatorStage, b.projectStage].filter((t): t is string => !!t));
    if (b.rawStage) all.tables.push(b.rawStage);
  }
  await dropRelations(engine, all);
}

export const INDICATOR_CHUNK = 100_000;

/**
 * Empty tables and the views over them. `refresh`: the derived tables made (empty) too — a load that
 * stores rows right after (`storeBatches`) makes them once, from its rows (0.15 s less per load).
 */
export async function initSchema(engine: Engine, refresh = true): Promise<void> {
  await dropSnapshot(engine);
  await engine.exec(createTablesSql());
  await loadTaxonomy(engine);
  await engine.exec(createViewsSql());
  if (refresh) await engine.exec(REFRESH_DERIVED_SQL);
}

/** A snapshot opened without the schema (fast start) gets the taxonomy and derived views before files are added. */
async function ensureDerivedViews(engine: Engine): Promise<void> {
  await engine.exec('CREATE TABLE IF NOT EXISTS problem_taxonomy (category VARCHAR, label VARCHAR, pattern VARCHAR, sort INTEGER)');
  await loadTaxonomy(engine);
  await engine.exec(createViewsSql());
}

/** The editable problem taxonomy, as data (bound via Arrow, never pasted into SQL). */
export async function loadTaxonomy(engine: Engine, rows = taxonomyRows()): Promise<void> {
  await engine.exec('DELETE FROM problem_taxonomy');
  await insert(
    engine,
    'problem_taxonomy',
    scratch('_stage_taxonomy'),
    rowsToIPC(rows, [
      ['category', 'utf8'],
      ['label', 'utf8'],
      ['pattern', 'utf8'],
      ['sort', 'int32'],
    ]),
    '*',
  );
}

async function insert(engine: Engine, table: string, stage: string, ipc: Uint8Array, select: string): Promise<void> {
  await engine.exec(`DROP TABLE IF EXISTS ${stage}`);
  await engine.insertArrowIPC(stage, ipc, true);
  await engine.exec(`INSERT INTO ${table} BY NAME SELECT ${select} FROM ${stage}; DROP TABLE ${stage};`);
}

export function encodeProjects(projects: ProjectRow[]): Uint8Array | null {
  const pcols = PROJECT_STORED.map((c) => [c.id, c.arrow] as [keyof ProjectRow & string, typeof c.arrow]);
  return projects.length ? rowsToIPC(projects, pcols) : null;
}

export function encodeIndicators(indicators: IndicatorRow[]): Uint8Array {
  const icols = INDICATOR_STORED.map((c) => [c.id, c.arrow] as [keyof IndicatorRow & string, typeof c.arrow]);
  return rowsToIPC(indicators, icols);
}

/** Indicator rows of a report that a later file replaced with its own set (see `storeBatches`). */
export interface ReplacedIndicators {
  report_id: string;
  rows: number;
  old_file: string;
  new_seq: number;
}

/**
 * Stores each batch under a load number of its own (one per file, after any already loaded) and
 * returns those numbers, in batch order. A report's indicator rows come as a set: a later file with
 * rows for the same 报告编号 replaces the earlier set (an indicators file appended twice is not doubled);
 * what was replaced is returned so the load report can say so.
 */
export async function storeBatches(
  engine: Engine,
  batches: TableBatch[],
  mode: LoadMode,
): Promise<{ seqs: number[]; replaced: ReplacedIndicators[]; linked: LinkedIndicators[] }> {
  if (mode === 'replace') await initSchema(engine, false);
  else if (await materialiseSnapshot(engine)) await ensureDerivedViews(engine);
  let stored: Awaited<ReturnType<typeof storeRows>>;
  try {
    stored = await storeRows(engine, batches);
  } catch (e) {
    // The derived tables follow what the tables now hold, stored or not: a failed store leaves no
    // figures of the data it replaced.
    await engine.exec(REFRESH_DERIVED_SQL).catch(() => undefined);
    throw e;
  }
  await engine.exec(REFRESH_DERIVED_SQL);
  return stored;
}

async function storeRows(
  engine: Engine,
  batches: TableBatch[],
): Promise<{ seqs: number[]; replaced: ReplacedIndicators[]; linked: LinkedIndicators[] }> {
  const dates = PROJECT_STORED.filter((c) => c.sql === 'DATE').map((c) => `CAST("${c.id}" AS DATE) AS "${c.id}"`);
  const [{ last }] = await engine.query<{ last: number }>(
    'SELECT greatest((SELECT coalesce(max(load_seq), 0) FROM projects), (SELECT coalesce(max(load_seq), 0) FROM indicators)) AS last',
  );
  const seqs: number[] = [];
  const replaced: ReplacedIndicators[] = [];
  for (const [k, b] of batches.entries()) {
    const seq = Number(last) + k + 1;
    seqs.push(seq);
    if (b.projects)
      await insert(engine, 'projects', scratch('_stage_projects'), b.projects, `* REPLACE (${dates.join(', ')}), ${seq} AS load_seq`);
    if (b.projectStage)
      await engine.exec(
        `INSERT INTO projects BY NAME SELECT * REPLACE (${dates.join(', ')}), ${seq} AS load_seq FROM ${b.projectStage} ORDER BY source_row`,
      );
    for (const chunk of b.indicators) await insert(engine, 'indicators', scratch('_stage_indicator_chunk'), chunk, `*, ${seq} AS load_seq`);
    if (b.indicatorStage) await engine.exec(`INSERT INTO indicators BY NAME SELECT *, ${seq} AS load_seq FROM ${b.indicatorStage}`);
    if (b.projectStage || b.indicatorStage) {
      if (b.relations) await dropRelations(engine, b.relations);
      else for (const t of [b.projectStage, b.indicatorStage]) if (t) await dropStage(engine, t);
    }
  }
  // Indicators that name their report by 街镇 + 项目 + 跟踪时段 get the project's own 报告编号 — before the
  // sets are replaced, so a resubmitted set replaces the one it corrects instead of counting beside it.
  const linked = await linkIndicatorsByKey(engine);
  for (const [k, b] of batches.entries()) {
    const seq = seqs[k];
    if (b.indicators.length || b.indicatorStage) {
      const gone = await engine.query<ReplacedIndicators>(
        `SELECT report_id, count(*)::INTEGER AS rows, min(source_file) AS old_file, ${seq} AS new_seq FROM indicators
         WHERE load_seq < ${seq} AND report_id IN (SELECT DISTINCT report_id FROM indicators WHERE load_seq = ${seq})
         GROUP BY report_id ORDER BY report_id`,
      );
      if (gone.length) {
        await engine.exec(
          `DELETE FROM indicators WHERE load_seq < ${seq} AND report_id IN (SELECT DISTINCT report_id FROM indicators WHERE load_seq = ${seq})`,
        );
        replaced.push(...gone);
      }
    }
  }
  return { seqs, replaced, linked };
}
