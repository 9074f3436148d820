/**
 * A ready-to-open database snapshot of the normalised data, for deployments that publish their
 * data with the dashboard (the fastest first chart: no parsing in the browser):
 *   npm run snapshot -- --data DIR --out FILE.duckdb
 * The files are read by the same import code as the browser (DuckDB-WASM in Node); the result is
 * written by native DuckDB as one self-contained file that the page ATTACHes (see README). Beside it,
 * `first-view.json` holds the opening view's query results, computed by the same engine and queries,
 * for the page to draw while its engine starts (src/lib/queries/prerender.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { INDICATOR_TABLE, PROJECT_TABLE, REFRESH_DERIVED_SQL, createViewsSql, schemaVersion } from '../src/lib/db/schema';
import { taxonomyRows } from '../src/lib/domain/problemTaxonomy';
import { PRERENDER_FILE, firstViewQueries, prerender, type Prerendered } from '../src/lib/queries/prerender';
import { dataFolder, engineFor, filesReadText, rejectedRows } from './cli/dataDir';
import { UsageError, parseFlags, runWhenMain } from './cli/args';
import type { LoadResult } from '../src/lib/import/loadFiles';

/** Why a snapshot was not published: the published files were left as they were. */
export class PublishRefused extends Error {}

/**
 * Publishing is all or nothing: the new snapshot and its first-view.json are written beside the
 * published ones under temporary names and moved into place only when every file loaded, no row was
 * rejected (unless `allowRejected`) and there is at least one report. Any failure leaves the
 * published files byte for byte as they were.
 */
export async function writeSnapshot(
  files: string[],
  out: string,
  log: (m: string) => void = () => undefined,
  opts: { allowRejected?: boolean } = {},
): Promise<{ projects: number; indicators: number; load: LoadResult }> {
  const { engine, load } = await engineFor(files);
  const refused = load.reports.filter((r) => r.status === 'refused');
  if (refused.length)
    throw new PublishRefused(
      `${refused.length} 个文件未能加载，未发布，已发布的数据快照保持不变：\n${refused.map((r) => `  ${r.refusedReason}`).join('\n')}`,
    );
  const rejected = rejectedRows(load);
  if (rejected && !opts.allowRejected)
    throw new PublishRefused(
      `有 ${rejected} 行被拒收，未发布，已发布的数据快照保持不变（用 npm run check-data 查看原因；确认后可加 --allow-rejected 发布其余的行）`,
    );
  const [{ n: reports }] = await engine.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM report_facts');
  if (reports === 0) throw new PublishRefused('这些文件中没有可用的项目报告，未发布，已发布的数据快照保持不变');
  const dataId = crypto.randomUUID();
  const years = (
    await engine.query<{ y: number }>('SELECT DISTINCT budget_year AS y FROM report_facts WHERE budget_year IS NOT NULL ORDER BY 1')
  ).map((r) => r.y);
  const towns = (await engine.query<{ t: string }>('SELECT DISTINCT town AS t FROM report_facts WHERE town IS NOT NULL ORDER BY 1')).map(
    (r) => r.t,
  );
  const results = await prerender(engine, firstViewQueries(years, towns));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-'));
  const q = (p: string) => p.replace(/'/g, "''");
  try {
    for (const t of ['projects', 'indicators'])
      await engine.exec(`COPY ${t} TO '${q(path.join(tmp, `${t}.csv`))}' (HEADER, DELIMITER ',')`);
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const part = `${out}.${process.pid}.part`;
    const partView = `${path.join(path.dirname(out), PRERENDER_FILE)}.${process.pid}.part`;
    for (const f of [part, `${part}.wal`]) fs.rmSync(f, { force: true });
    const inst = await DuckDBInstance.create(part);
    const c = await inst.connect();
    const cols = (defs: { id: string; sql: string }[]) => `{${defs.map((d) => `'${d.id}': '${d.sql}'`).join(', ')}}`;
    await c.run(`CREATE TABLE projects AS SELECT * FROM read_csv('${q(path.join(tmp, 'projects.csv'))}', header = true, columns = ${cols(PROJECT_TABLE)});
      CREATE TABLE indicators AS SELECT * FROM read_csv('${q(path.join(tmp, 'indicators.csv'))}', header = true, columns = ${cols(INDICATOR_TABLE)});
      CREATE TABLE problem_taxonomy (category VARCHAR, label VARCHAR, pattern VARCHAR, sort INTEGER);`);
    for (const r of taxonomyRows())
      await c.run('INSERT INTO problem_taxonomy VALUES (?, ?, ?, ?)', [r.category, r.label, r.pattern, r.sort]);
    await c.run(createViewsSql());
    await c.run(REFRESH_DERIVED_SQL);
    await c.run(
      'CREATE TABLE snapshot_meta AS SELECT ? AS schema_version, current_timestamp::VARCHAR AS created, ? AS source_files, ? AS data_id',
      [schemaVersion(), files.map((f) => path.basename(f)).join('、'), dataId],
    );
    const counts = (
      await c.runAndReadAll('SELECT (SELECT count(*) FROM projects) AS p, (SELECT count(*) FROM indicators) AS i')
    ).getRowObjects()[0];
    await c.run('CHECKPOINT');
    c.closeSync();
    inst.closeSync();
    const first: Prerendered = { format: 1, schemaVersion: schemaVersion(), dataId, snapshotBytes: fs.statSync(part).size, results };
    fs.writeFileSync(partView, JSON.stringify(first));
    // Both complete: now they replace the published pair (a rename within the folder).
    fs.rmSync(`${out}.wal`, { force: true });
    fs.renameSync(part, out);
    fs.renameSync(partView, path.join(path.dirname(out), PRERENDER_FILE));
    log(`已发布 ${out}：${counts.p} 份报告，${counts.i} 条指标，${(fs.statSync(out).size / 1e6).toFixed(1)} MB`);
    return { projects: Number(counts.p), indicators: Number(counts.i), load };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    for (const f of fs
      .readdirSync(path.dirname(path.resolve(out)))
      .filter((n) => n.endsWith(`.${process.pid}.part`) || n.endsWith(`.${process.pid}.part.wal`))) {
      fs.rmSync(path.join(path.dirname(path.resolve(out)), f), { force: true });
    }
  }
}

const USAGE = '用法：npm run snapshot -- --data 数据目录 --out 输出目录/snapshot.duckdb [--allow-rejected]';

async function main(argv: string[]): Promise<number> {
  const { values: a } = parseFlags(argv, { data: 'string', out: 'string', 'allow-rejected': 'boolean' }, USAGE);
  if (!a.data || !a.out) throw new UsageError(USAGE);
  const found = dataFolder(a.data);
  try {
    const r = await writeSnapshot(found.files, a.out, console.log, { allowRejected: a['allow-rejected'] });
    console.log(filesReadText(r.load, found.shadowed));
    return 0;
  } catch (e) {
    if (!(e instanceof PublishRefused)) throw e;
    console.error(e.message);
    return 1;
  }
}

runWhenMain(import.meta.url, main);
