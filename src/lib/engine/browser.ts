/**
 * DuckDB-WASM in the browser: a worker and the `eh` engine build, both served from this app's
 * own origin (Vite copies them into dist/assets). Nothing is fetched from any other host.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import wasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import workerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { ENGINE_SETUP, engineQueue, insertTarget, rowsOf, type Engine, type SqlParam } from './types';

const INSTANTIATE_TIMEOUT_MS = 60_000;

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Prepared statements by SQL text: a filter change runs the same statements with new parameters,
 * one round trip to the engine's worker instead of three (prepare, run, close).
 */
class StatementCache {
  private readonly byText = new Map<string, Promise<duckdb.AsyncPreparedStatement>>();
  private static readonly MAX = 64;
  constructor(private readonly conn: duckdb.AsyncDuckDBConnection) {}

  get(sql: string): Promise<duckdb.AsyncPreparedStatement> {
    let stmt = this.byText.get(sql);
    if (stmt)
      this.byText.delete(sql); // re-inserted below: most recently used last
    else {
      stmt = this.conn.prepare(sql);
      stmt.catch(() => this.byText.delete(sql));
    }
    this.byText.set(sql, stmt);
    if (this.byText.size > StatementCache.MAX) {
      const [oldest, old] = this.byText.entries().next().value as [string, Promise<duckdb.AsyncPreparedStatement>];
      this.byText.delete(oldest);
      old.then((s) => s.close()).catch(() => undefined);
    }
    return stmt;
  }

  async clear(): Promise<void> {
    const all = [...this.byText.values()];
    this.byText.clear();
    await Promise.all(all.map((p) => p.then((s) => s.close()).catch(() => undefined)));
  }
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
  // Published snapshots are read in place with byte ranges (see db/snapshot.ts); a server without
  // them gets the whole file downloaded by the session instead.
  await db.open({
    query: { castBigIntToDouble: true, castDecimalToDouble: true },
    filesystem: { reliableHeadRequests: true, allowFullHTTPReads: false, forceFullHTTPReads: false },
  });
  const conn = await db.connect();
  for (const s of ENGINE_SETUP) await conn.query(s);
  const queue = engineQueue(2);
  // Where a page (the benchmark) sets `window.__engineLog = []` before the engine starts, every statement's
  // text, start and duration are appended to it: where an import's time goes, measured in the page itself.
  const PROF = (globalThis as { __engineLog?: [string, number, number][] }).__engineLog;
  const prof = <T>(label: string, p: Promise<T>): Promise<T> => {
    if (!PROF) return p;
    const t = performance.now();
    return p.finally(() => PROF.push([label.replace(/\s+/g, ' ').slice(0, 120), t, performance.now() - t]));
  };
  const statements = new StatementCache(conn);
  return {
    query<T extends object>(sql: string, params: SqlParam[] = [], signal?: AbortSignal): Promise<T[]> {
      return queue.query(async () => {
        const result = prof(sql, params.length === 0 ? conn.query(sql) : (await statements.get(sql)).query(...params));
        return { done: result.then((t) => rowsOf<T>(t)) };
      }, signal);
    },
    // Anything that may change tables first forgets the prepared statements.
    exec(sql: string): Promise<void> {
      return queue.alone(async () => {
        await statements.clear();
        await prof(sql, conn.query(sql));
      });
    },
    insertArrowIPC(table: string, ipc: Uint8Array, create: boolean): Promise<void> {
      return queue.alone(async () => {
        await statements.clear();
        const t = insertTarget(table);
        if (t.catalog) await conn.query(`USE ${t.catalog}`);
        try {
          await prof(`insert ${t.name}`, conn.insertArrowFromIPCStream(ipc, { name: t.name, create }));
        } finally {
          if (t.catalog) await conn.query('USE data');
        }
      });
    },
    registerFile(name: string, content: Uint8Array | Blob): Promise<void> {
      return queue.alone(async () => {
        await statements.clear();
        if (content instanceof Uint8Array) await db.registerFileBuffer(name, content);
        else await db.registerFileHandle(name, content, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
      });
    },
    dropFile(name: string): Promise<void> {
      return queue.alone(async () => {
        await db.dropFile(name);
      });
    },
    registerFileUrl(name: string, url: string): Promise<void> {
      if (new URL(url).origin !== window.location.origin) return Promise.reject(new Error(`只读取本站的数据文件：${url}`));
      return queue.alone(async () => {
        await statements.clear();
        await db.registerFileURL(name, url, duckdb.DuckDBDataProtocol.HTTP, false);
      });
    },
    version(): Promise<string> {
      return queue.alone(async () => rowsOf<{ v: string }>(await conn.query('SELECT version() AS v'))[0].v);
    },
  };
}
