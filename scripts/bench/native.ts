/** Native DuckDB (@duckdb/node-api, one thread): the baseline every browser figure is compared with. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createNodeEngine } from '../../src/lib/engine/node';
import { initSchema } from '../../src/lib/db/store';
import { loadFiles } from '../../src/lib/import/loadFiles';
import { INDICATOR_STORED, PROJECT_STORED, REFRESH_DERIVED_SQL, createViewsSql } from '../../src/lib/db/schema';
import { taxonomyRows } from '../../src/lib/domain/problemTaxonomy';
import type { SqlQuery } from '../../src/lib/queries/query';

export const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
export const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN; };

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export interface NativeResult {
  parquetLoadMs: number;
  csvLoadMs: number | null;
  rows: { projects: number; indicators: number };
  queries: Record<string, number>;
}

/**
 * The same normalised tables the browser holds: made by our own import in DuckDB-WASM (Node),
 * written out as CSV by that engine, read natively with the schema's types. Then the same views,
 * the same pre-aggregation and the same SQL text with the same bound parameters.
 */
export async function runNative(dir: string, queries: SqlQuery<object>[], runs: number, log: (m: string) => void): Promise<NativeResult> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c: DuckDBConnection = await inst.connect();
  const pq = (n: string) => path.join(dir, n).replace(/'/g, "''");
  log('native: loading the contract files (floor for the browser load)…');
  const parquetLoadMs = await timed(() => c.run(`CREATE TABLE raw_p AS SELECT * FROM read_parquet('${pq('projects.parquet')}'); CREATE TABLE raw_i AS SELECT * FROM read_parquet('${pq('indicators.parquet')}');`));
  let csvLoadMs: number | null = null;
  if (fs.existsSync(path.join(dir, 'indicators.csv'))) {
    csvLoadMs = await timed(() => c.run(`CREATE TABLE raw_pc AS SELECT * FROM read_csv('${pq('projects.csv')}'); CREATE TABLE raw_ic AS SELECT * FROM read_csv('${pq('indicators.csv')}');`));
  }
  await c.run('DROP TABLE IF EXISTS raw_p; DROP TABLE IF EXISTS raw_i; DROP TABLE IF EXISTS raw_pc; DROP TABLE IF EXISTS raw_ic;');

  log('native: building the same normalised tables through DuckDB-WASM in Node…');
  const wasm = await createNodeEngine();
  await initSchema(wasm);
  await loadFiles(wasm, ['projects.parquet', 'indicators.parquet'].map((n) => ({ name: n, bytes: new Uint8Array(fs.readFileSync(path.join(dir, n))) })), 'replace');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  // In Node the engine writes to the real file system: an absolute path in a temporary folder.
  for (const t of ['projects', 'indicators']) await wasm.exec(`COPY ${t} TO '${path.join(tmp, `${t}.csv`).replace(/'/g, "''")}' (HEADER, DELIMITER ',')`);
  const cols = (defs: { id: string; sql: string }[]) => `{${defs.map((d) => `'${d.id}': '${d.sql}'`).join(', ')}}`;
  await c.run(`CREATE TABLE projects AS SELECT * FROM read_csv('${path.join(tmp, 'projects.csv')}', header = true, columns = ${cols(PROJECT_STORED)});
    CREATE TABLE indicators AS SELECT * FROM read_csv('${path.join(tmp, 'indicators.csv')}', header = true, columns = ${cols(INDICATOR_STORED)});
    CREATE TABLE problem_taxonomy (category VARCHAR, label VARCHAR, keyword VARCHAR, sort INTEGER);`);
  for (const r of taxonomyRows()) await c.run('INSERT INTO problem_taxonomy VALUES (?, ?, ?, ?)', [r.category, r.label, r.keyword, r.sort]);
  await c.run(createViewsSql());
  await c.run(REFRESH_DERIVED_SQL);
  fs.rmSync(tmp, { recursive: true, force: true });
  const counts = (await c.runAndReadAll('SELECT (SELECT count(*) FROM projects) AS p, (SELECT count(*) FROM indicators) AS i')).getRowObjects()[0];

  log('native: timing every dashboard query…');
  const out: Record<string, number> = {};
  for (const q of queries) {
    const run = () => c.runAndReadAll(q.sql, q.params as (string | number | boolean | null)[]);
    await run();
    const ts: number[] = [];
    for (let i = 0; i < runs; i++) ts.push(await timed(run));
    out[q.name] = median(ts);
  }
  return { parquetLoadMs, csvLoadMs, rows: { projects: Number(counts.p), indicators: Number(counts.i) }, queries: out };
}
