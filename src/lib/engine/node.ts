/**
 * DuckDB-WASM in Node, for tests and the command-line tools: the same engine build as the
 * browser (so SQL that needs an extension fails here too), run in-process with the blocking API.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ENGINE_SETUP, SupersededError, insertTarget, rowsOf, type Engine, type SqlParam } from './types';

type Blocking = typeof import('@duckdb/duckdb-wasm/blocking');

const require = createRequire(import.meta.url);

/** Offline in Node, an extension fetch would hang forever; answer every XHR with 404 instead. */
function stubNetwork(): void {
  const g = globalThis as { XMLHttpRequest?: unknown };
  if (g.XMLHttpRequest) return;
  g.XMLHttpRequest = class {
    status = 404;
    response = null;
    responseText = '';
    open(): void {}
    setRequestHeader(): void {}
    send(): void {
      this.status = 404;
    }
    getAllResponseHeaders(): string {
      return '';
    }
  };
}

export async function createNodeEngine(): Promise<Engine> {
  stubNetwork();
  const duck: Blocking = require('@duckdb/duckdb-wasm/blocking');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const db = await duck.createDuckDB(
    {
      mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
      eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
    },
    new duck.VoidLogger(),
    duck.NODE_RUNTIME,
  );
  await db.instantiate();
  db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = db.connect();
  for (const s of ENGINE_SETUP) conn.query(s);
  return {
    async query<T extends object>(sql: string, params: SqlParam[] = [], signal?: AbortSignal): Promise<T[]> {
      if (signal?.aborted) throw new SupersededError();
      if (params.length === 0) return rowsOf<T>(conn.query(sql));
      const stmt = conn.prepare(sql);
      try {
        return rowsOf<T>(stmt.query(...params));
      } finally {
        stmt.close();
      }
    },
    async exec(sql: string): Promise<void> {
      conn.query(sql);
    },
    async insertArrowIPC(table: string, ipc: Uint8Array, create: boolean): Promise<void> {
      const t = insertTarget(table);
      if (t.catalog) conn.query(`USE ${t.catalog}`);
      try {
        conn.insertArrowFromIPCStream(ipc, { name: t.name, create });
      } finally {
        if (t.catalog) conn.query('USE data');
      }
    },
    async registerFile(name: string, content: Uint8Array | Blob): Promise<void> {
      db.registerFileBuffer(name, content instanceof Uint8Array ? content : new Uint8Array(await content.arrayBuffer()));
    },
    async dropFile(name: string): Promise<void> {
      db.dropFile(name);
    },
    async version(): Promise<string> {
      return rowsOf<{ v: string }>(conn.query('SELECT version() AS v'))[0].v;
    },
  };
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
