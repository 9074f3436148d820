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
import { INDICATOR_STORED, PROJECT_STORED, REFRESH_DERIVED_SQL, createViewsSql, schemaVersion } from '../src/lib/db/schema';
import { taxonomyRows } from '../src/lib/domain/problemTaxonomy';
import { PRERENDER_FILE, firstViewQueries, prerender, type Prerendered } from '../src/lib/queries/prerender';
import { argValue, dataFiles, engineFor } from './cli/dataDir';

export async function writeSnapshot(files: string[], out: string, log: (m: string) => void = () => undefined): Promise<{ projects: number; indicators: number; refused: string[] }> {
  const { engine, load } = await engineFor(files);
  const dataId = crypto.randomUUID();
  const years = (await engine.query<{ y: number }>('SELECT DISTINCT budget_year AS y FROM report_facts WHERE budget_year IS NOT NULL ORDER BY 1')).map((r) => r.y);
  const towns = (await engine.query<{ t: string }>('SELECT DISTINCT town AS t FROM report_facts WHERE town IS NOT NULL ORDER BY 1')).map((r) => r.t);
  const results = await prerender(engine, firstViewQueries(years, towns));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-'));
  const q = (p: string) => p.replace(/'/g, "''");
  try {
    for (const t of ['projects', 'indicators']) await engine.exec(`COPY ${t} TO '${q(path.join(tmp, `${t}.csv`))}' (HEADER, DELIMITER ',')`);
    for (const f of [out, `${out}.wal`, path.join(path.dirname(out), PRERENDER_FILE)]) fs.rmSync(f, { force: true });
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const inst = await DuckDBInstance.create(out);
    const c = await inst.connect();
    const cols = (defs: { id: string; sql: string }[]) => `{${defs.map((d) => `'${d.id}': '${d.sql}'`).join(', ')}}`;
    await c.run(`CREATE TABLE projects AS SELECT * FROM read_csv('${q(path.join(tmp, 'projects.csv'))}', header = true, columns = ${cols(PROJECT_STORED)});
      CREATE TABLE indicators AS SELECT * FROM read_csv('${q(path.join(tmp, 'indicators.csv'))}', header = true, columns = ${cols(INDICATOR_STORED)});
      CREATE TABLE problem_taxonomy (category VARCHAR, label VARCHAR, keyword VARCHAR, sort INTEGER);`);
    for (const r of taxonomyRows()) await c.run('INSERT INTO problem_taxonomy VALUES (?, ?, ?, ?)', [r.category, r.label, r.keyword, r.sort]);
    await c.run(createViewsSql());
    await c.run(REFRESH_DERIVED_SQL);
    await c.run('CREATE TABLE snapshot_meta AS SELECT ? AS schema_version, current_timestamp::VARCHAR AS created, ? AS source_files, ? AS data_id', [schemaVersion(), files.map((f) => path.basename(f)).join('、'), dataId]);
    const counts = (await c.runAndReadAll('SELECT (SELECT count(*) FROM projects) AS p, (SELECT count(*) FROM indicators) AS i')).getRowObjects()[0];
    await c.run('CHECKPOINT');
    c.closeSync();
    inst.closeSync();
    const first: Prerendered = { format: 1, schemaVersion: schemaVersion(), dataId, snapshotBytes: fs.statSync(out).size, results };
    fs.writeFileSync(path.join(path.dirname(out), PRERENDER_FILE), JSON.stringify(first));
    log(`snapshot ${out}: ${counts.p} reports, ${counts.i} indicators, ${(fs.statSync(out).size / 1e6).toFixed(1)} MB`);
    return { projects: Number(counts.p), indicators: Number(counts.i), refused: load.reports.filter((r) => r.status === 'refused').map((r) => r.refusedReason ?? r.file) };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  const dir = argValue(argv, 'data');
  const out = argValue(argv, 'out');
  if (!dir || !out) {
    console.error('用法：npm run snapshot -- --data 数据目录 --out 输出目录/snapshot.duckdb');
    return 2;
  }
  const r = await writeSnapshot(dataFiles(dir), out, console.log);
  for (const x of r.refused) console.error(x);
  return r.refused.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e: Error) => { console.error(e.message); process.exit(1); });
}
