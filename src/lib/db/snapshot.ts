/**
 * Database snapshots (made by `npm run snapshot`): the normalised tables and their pre-aggregation
 * in DuckDB's own file format. The page ATTACHes the file read-only and reads it in place through
 * views, so a district's million indicator rows need no parsing at all. Loading files on top of a
 * snapshot first copies it into ordinary tables.
 */
import type { Engine } from '../engine/types';
import { schemaVersion } from './schema';
import { gradedMacroSql } from './views/warnings';

/** The snapshot was made by another version of the dashboard: reading it another way will not help. */
export class SnapshotVersionError extends Error {}

export const SNAPSHOT_TABLES = ['projects', 'indicators', 'report_facts', 'problem_tags'] as const;
const FILE = 'snapshot.duckdb';

async function snapshotViews(engine: Engine): Promise<string[]> {
  const rows = await engine.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_catalog = current_database() AND table_type = 'VIEW' AND table_name IN (${SNAPSHOT_TABLES.map(() => '?').join(', ')})`,
    [...SNAPSHOT_TABLES],
  );
  return rows.map((r) => r.name);
}

async function attached(engine: Engine): Promise<boolean> {
  const rows = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM duckdb_databases() WHERE database_name = 'snap'`);
  return rows[0].n > 0;
}

/**
 * Attach a snapshot and point the dashboard's tables at it: from its bytes, or (browser, server
 * answering byte ranges) from its URL, read in place. Throws (leaving nothing attached) if it is not usable.
 */
export async function attachSnapshot(
  engine: Engine,
  source: Uint8Array | { url: string },
): Promise<{ projects: number; indicators: number; dataId: string | null }> {
  await dropSnapshot(engine);
  if (source instanceof Uint8Array) await engine.registerFile(FILE, source);
  else if (engine.registerFileUrl) await engine.registerFileUrl(FILE, source.url);
  else throw new Error('此运行环境不能按地址读取数据快照');
  await engine.exec(`ATTACH '${FILE}' AS snap (READ_ONLY)`);
  try {
    const meta = await engine.query<{ schema_version: string; data_id?: string }>('SELECT * FROM snap.snapshot_meta');
    if (meta[0]?.schema_version !== schemaVersion()) {
      throw new SnapshotVersionError(
        `数据快照由另一版本的看板生成（${meta[0]?.schema_version ?? '未知'}，当前 ${schemaVersion()}），请用 npm run snapshot 重新生成`,
      );
    }
    for (const t of SNAPSHOT_TABLES) await engine.exec(`DROP TABLE IF EXISTS ${t}; CREATE VIEW ${t} AS SELECT * FROM snap.${t};`);
    // The warning levels are computed per query, under the user's rules, over the snapshot's facts.
    await engine.exec(gradedMacroSql());
    const [c] = await engine.query<{ p: number; i: number }>(
      'SELECT (SELECT count(*) FROM projects) AS p, (SELECT count(*) FROM indicators) AS i',
    );
    return { projects: c.p, indicators: c.i, dataId: meta[0].data_id ?? null };
  } catch (e) {
    await engine.exec('DETACH snap');
    throw e;
  }
}

/** Before replacing the data: drop the views over the snapshot and detach it. */
export async function dropSnapshot(engine: Engine): Promise<void> {
  for (const v of await snapshotViews(engine)) await engine.exec(`DROP VIEW ${v}`);
  if (await attached(engine)) await engine.exec('DETACH snap');
}

/** Before adding files to a snapshot: copy it into ordinary tables that can take more rows. True if there was one. */
export async function materialiseSnapshot(engine: Engine): Promise<boolean> {
  const views = await snapshotViews(engine);
  for (const v of views)
    await engine.exec(`CREATE OR REPLACE TABLE __${v} AS SELECT * FROM snap.${v}; DROP VIEW ${v}; ALTER TABLE __${v} RENAME TO ${v};`);
  const had = await attached(engine);
  if (had) await engine.exec('DETACH snap');
  return had || views.length > 0;
}
