/**
 * The one interface every part of the product talks to DuckDB through. The browser uses a
 * worker-backed DuckDB-WASM (browser.ts), Node (tests, command-line tools) uses the same
 * DuckDB-WASM engine in-process (node.ts). Queries never know which one runs them.
 */
export type SqlParam = string | number | boolean | null;

export interface Engine {
  /**
   * Run a query with `?` placeholders bound to `params` (never pasted into the SQL text). A query
   * whose `signal` is aborted before its turn comes is not run at all: it rejects with a
   * `SupersededError` (the engine runs one statement at a time, so a click's queries never queue
   * behind those of the clicks before it).
   */
  query<T extends object>(sql: string, params?: SqlParam[], signal?: AbortSignal): Promise<T[]>;
  /** Run statements that return nothing of interest (DDL, INSERT … SELECT). */
  exec(sql: string): Promise<void>;
  /** Create (or append to) `table` from an Arrow IPC stream; `table` may be a `scratch(…)` name. */
  insertArrowIPC(table: string, ipc: Uint8Array, create: boolean): Promise<void>;
  /**
   * Make bytes available to SQL under `name` (a database snapshot to ATTACH, a CSV to read). A Blob is
   * read by the engine a piece at a time where it runs in a browser (never copied into its memory whole).
   */
  registerFile(name: string, content: Uint8Array | Blob): Promise<void>;
  /** Forget a file made available by `registerFile` (its bytes are freed). */
  dropFile(name: string): Promise<void>;
  /**
   * Browser only: make a file on this page's own server available under `name`, read in place by
   * HTTP range requests (only the blocks a query touches are fetched).
   */
  registerFileUrl?(name: string, url: string): Promise<void>;
  /** Engine version, for reports and the footer. */
  version(): Promise<string>;
}

export class SupersededError extends Error {
  constructor() {
    super('查询已被新的筛选取代，未执行');
    this.name = 'SupersededError';
  }
}

/** One statement at a time, in call order; work whose signal was aborted while waiting is skipped. */
export function serialQueue(): <T>(work: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> => {
    const run = tail.then(() => {
      if (signal?.aborted) throw new SupersededError();
      return work();
    });
    tail = run.catch(() => undefined);
    return run;
  };
}

export interface EngineQueue {
  /**
   * A query, posted to the engine in call order once fewer than `depth` are in flight; `post` sends it
   * and returns its pending result (`{ done }`, so the queue does not wait for it). Skipped, with a
   * `SupersededError`, when `signal` was aborted before it was posted.
   */
  query<T>(post: () => Promise<{ done: Promise<T> }>, signal?: AbortSignal): Promise<T>;
  /** Work that changes tables: it waits for every query in flight and runs alone. */
  alone<T>(work: () => Promise<T>): Promise<T>;
}

/**
 * The engine's worker runs one statement at a time, in the order it receives them. With `depth` 2 the
 * next query is already waiting in the worker while the page handles (draws) the previous result,
 * instead of the worker sitting idle until the page asks again; at most one query more than the one
 * running can no longer be skipped when a click supersedes it.
 */
export function engineQueue(depth = 2): EngineQueue {
  const serial = serialQueue();
  let free = depth;
  const waiting: (() => void)[] = [];
  const acquire = (): Promise<void> => {
    if (free > 0) {
      free--;
      return Promise.resolve();
    }
    return new Promise((r) => waiting.push(r));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    async query<T>(post: () => Promise<{ done: Promise<T> }>, signal?: AbortSignal): Promise<T> {
      const posted = await serial(async () => {
        await acquire();
        if (signal?.aborted) {
          release();
          throw new SupersededError();
        }
        try {
          return await post();
        } catch (e) {
          release();
          throw e;
        }
      }, signal);
      try {
        return await posted.done;
      } finally {
        release();
      }
    },
    alone<T>(work: () => Promise<T>): Promise<T> {
      return serial(async () => {
        for (let i = 0; i < depth; i++) await acquire();
        try {
          return await work();
        } finally {
          for (let i = 0; i < depth; i++) release();
        }
      });
    },
  };
}

/**
 * Scratch space of an import: DuckDB's own uncompressed in-memory catalog, beside the compressed
 * `data` one the tables live in. A file's raw cells and the tables made while normalising them are
 * written here once and dropped when the file is stored (compressing them would cost as much as the
 * copy itself, for tables that live a second).
 */
export const SCRATCH = 'memory.main';

/** `name` in the scratch catalog (a qualified name every statement and `insertArrowIPC` accepts). */
export const scratch = (name: string) => `${SCRATCH}.${name}`;

/** A table name as `insertArrowIPC` takes it: the catalog to `USE` for the insert and the bare name. */
export function insertTarget(table: string): { catalog: string | null; name: string } {
  return table.startsWith(`${SCRATCH}.`) ? { catalog: 'memory', name: table.slice(SCRATCH.length + 1) } : { catalog: null, name: table };
}

/**
 * Settings applied to every fresh engine: never reach for an extension on the network, and keep
 * the tables in a compressed in-memory database (a district's tables take ~45 MB instead of ~450 MB).
 */
export const ENGINE_SETUP = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
  "ATTACH ':memory:' AS data (COMPRESS)",
  'USE data',
];

interface ArrowColumn extends Iterable<unknown> {
  nullCount: number;
  type: { typeId: number };
  toArray(): ArrayLike<unknown>;
}

interface ArrowLike {
  numRows: number;
  schema: { fields: { name: string }[] };
  getChildAt(i: number): ArrowColumn | null;
}

/** Arrow type ids of Int (2) and Float (3): their toArray() is a typed array, exact when nothing is null. */
const PLAIN_NUMERIC = new Set([2, 3]);

function columnValues(col: ArrowColumn | null): ArrayLike<unknown> {
  if (!col) return [];
  return col.nullCount === 0 && PLAIN_NUMERIC.has(col.type.typeId) ? col.toArray() : Array.from(col);
}

/** Arrow result → plain row objects, column by column (much faster than row proxies for large results). */
export function rowsOf<T>(result: object): T[] {
  const table = result as ArrowLike;
  const names = table.schema.fields.map((f) => f.name);
  const cols = names.map((_, i) => columnValues(table.getChildAt(i)));
  const out: T[] = new Array(table.numRows);
  for (let r = 0; r < table.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < names.length; c++) {
      const v = cols[c][r];
      row[names[c]] = v === undefined ? null : v;
    }
    out[r] = row as T;
  }
  return out;
}
