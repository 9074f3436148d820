/**
 * DuckDB-WASM in the browser: a worker and the `eh` engine build, both served from this app's
 * own origin (Vite copies them into dist/assets). Nothing is fetched from any other host.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { OFFLINE_SETTINGS, rowsOf, serialQueue, type Engine, type SqlParam } from './types';

const INSTANTIATE_TIMEOUT_MS = 60_000;

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e instanceof Error ? e : new Error(String(e))); });
  });
}

export async function createBrowserEngine(): Promise<Engine> {
  performance.mark('engine-start');
  const worker = new Worker(workerUrl);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await withTimeout(
    db.instantiate(wasmUrl),
    INSTANTIATE_TIMEOUT_MS,
    `分析引擎加载超时：${wasmUrl} 未能在 ${INSTANTIATE_TIMEOUT_MS / 1000} 秒内完成编译。请确认服务器以 application/wasm 类型发送 .wasm 文件。`,
  );
  performance.mark('engine-instantiated');
  await db.open({ query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = await db.connect();
  for (const s of OFFLINE_SETTINGS) await conn.query(s);
  const serial = serialQueue();
  return {
    query<T extends object>(sql: string, params: SqlParam[] = [], signal?: AbortSignal): Promise<T[]> {
      return serial(async () => {
        if (params.length === 0) return rowsOf<T>(await conn.query(sql));
        const stmt = await conn.prepare(sql);
        try {
          return rowsOf<T>(await stmt.query(...params));
        } finally {
          await stmt.close();
        }
      }, signal);
    },
    exec(sql: string): Promise<void> {
      return serial(async () => { await conn.query(sql); });
    },
    insertArrowIPC(table: string, ipc: Uint8Array, create: boolean): Promise<void> {
      return serial(() => conn.insertArrowFromIPCStream(ipc, { name: table, create }));
    },
    registerFile(name: string, bytes: Uint8Array): Promise<void> {
      return serial(() => db.registerFileBuffer(name, bytes));
    },
    version(): Promise<string> {
      return serial(async () => rowsOf<{ v: string }>(await conn.query('SELECT version() AS v'))[0].v);
    },
  };
}
