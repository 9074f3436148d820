/**
 * The one interface every part of the product talks to DuckDB through. The browser uses a
 * worker-backed DuckDB-WASM (browser.ts), Node (tests, command-line tools) uses the same
 * DuckDB-WASM engine in-process (node.ts). Queries never know which one runs them.
 */
export type SqlParam = string | number | boolean | null;

export interface Engine {
  /** Run a query with `?` placeholders bound to `params` (never pasted into the SQL text). */
  query<T extends object>(sql: string, params?: SqlParam[]): Promise<T[]>;
  /** Run statements that return nothing of interest (DDL, INSERT … SELECT). */
  exec(sql: string): Promise<void>;
  /** Create (or append to) `table` from an Arrow IPC stream. */
  insertArrowIPC(table: string, ipc: Uint8Array, create: boolean): Promise<void>;
  /** Make bytes available to SQL under `name` (e.g. a database snapshot to ATTACH). */
  registerFile(name: string, bytes: Uint8Array): Promise<void>;
  /** Engine version, for reports and the footer. */
  version(): Promise<string>;
}

/** Settings applied to every fresh engine: never reach for an extension on the network. */
export const OFFLINE_SETTINGS = [
  'SET autoinstall_known_extensions = false',
  'SET autoload_known_extensions = false',
];

/** Quote an identifier (table/column) for SQL. Values never go through here: they are bound. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Arrow rows → plain objects. */
export function rowsOf<T>(table: { toArray(): { toJSON(): unknown }[] }): T[] {
  return table.toArray().map((r) => r.toJSON() as T);
}
