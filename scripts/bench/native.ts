/** Native DuckDB (@duckdb/node-api, one thread): the baseline every browser figure is compared with. */
import { gradedMacroSql } from '../../src/lib/db/views/warnings';
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement } from '@duckdb/node-api';
import type { SqlQuery } from '../../src/lib/queries/query';

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};
export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export interface NativeResult {
  /** Native equivalent of the page's load: attach the same snapshot file and answer the headline query. */
  snapshotOpenMs: number;
  parquetLoadMs: number;
  csvLoadMs: number | null;
  rows: { projects: number; indicators: number };
  queries: Record<string, number>;
}

/** Native timings on the same data (the snapshot in `dir`) and the same SQL text with the same bound parameters. */
/** `parquet`: the files the browser's load is timed on (the same pair, for a like-for-like ratio). */
export async function runNative(
  dir: string,
  parquet: [string, string],
  queries: SqlQuery<object>[],
  runs: number,
  log: (m: string) => void,
): Promise<NativeResult> {
  const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c: DuckDBConnection = await inst.connect();
  const pq = (n: string) => path.join(dir, n).replace(/'/g, "''");
  log('native: loading the contract files (floor for the browser load)…');
  const parquetLoadMs = await timed(() =>
    c.run(
      `CREATE TABLE raw_p AS SELECT * FROM read_parquet('${pq(parquet[0])}'); CREATE TABLE raw_i AS SELECT * FROM read_parquet('${pq(parquet[1])}');`,
    ),
  );
  let csvLoadMs: number | null = null;
  if (fs.existsSync(path.join(dir, 'indicators.csv'))) {
    csvLoadMs = await timed(() =>
      c.run(
        `CREATE TABLE raw_pc AS SELECT * FROM read_csv('${pq('projects.csv')}'); CREATE TABLE raw_ic AS SELECT * FROM read_csv('${pq('indicators.csv')}');`,
      ),
    );
  }
  await c.run('DROP TABLE IF EXISTS raw_p; DROP TABLE IF EXISTS raw_i; DROP TABLE IF EXISTS raw_pc; DROP TABLE IF EXISTS raw_ic;');
  const snapshotOpenMs = await timed(async () => {
    await c.run(`ATTACH '${pq('snapshot.duckdb')}' AS snap0 (READ_ONLY)`);
    // The snapshot holds the views and the graded(…) macro: run the first query inside it.
    await c.run('USE snap0');
    await c.runAndReadAll(queries[0].sql, queries[0].params as (string | number | boolean | null)[]);
  });
  await c.run('USE memory');
  await c.run('DETACH snap0');

  // The same normalised tables the browser holds: the snapshot made by our own import code.
  await c.run(`ATTACH '${pq('snapshot.duckdb')}' AS s (READ_ONLY)`);
  for (const t of ['projects', 'indicators', 'problem_taxonomy', 'report_facts', 'problem_tags'])
    await c.run(`CREATE TABLE ${t} AS SELECT * FROM s.${t}`);
  await c.run('DETACH s');
  await c.run(gradedMacroSql());
  const counts = (
    await c.runAndReadAll('SELECT (SELECT count(*) FROM projects) AS p, (SELECT count(*) FROM indicators) AS i')
  ).getRowObjects()[0];

  log('native: timing every dashboard query…');
  // Prepared once, as the browser engine keeps its prepared statements; two warm-up passes, as in the browser.
  const prepared = new Map<string, DuckDBPreparedStatement>();
  for (const q of queries) {
    const stmt = await c.prepare(q.sql);
    if (q.params.length) stmt.bind(q.params as (string | number | boolean | null)[]);
    prepared.set(q.name, stmt);
  }
  for (let i = 0; i < 2; i++) for (const q of queries) await prepared.get(q.name)!.runAndReadAll();
  const out: Record<string, number> = {};
  for (const q of queries) {
    const run = () => prepared.get(q.name)!.runAndReadAll();
    await run();
    const ts: number[] = [];
    for (let i = 0; i < runs; i++) ts.push(await timed(run));
    out[q.name] = median(ts);
  }
  return { snapshotOpenMs, parquetLoadMs, csvLoadMs, rows: { projects: Number(counts.p), indicators: Number(counts.i) }, queries: out };
}
