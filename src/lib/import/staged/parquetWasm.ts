/**
 * Parquet → Arrow IPC, a row group at a time, by parquet-wasm (Rust's arrow/parquet compiled to
 * WebAssembly: no network, no DuckDB extension). The wasm file is served by our own host in the
 * browser and read from node_modules in Node; it is loaded only when a Parquet file is opened.
 */
import type * as ParquetWasm from 'parquet-wasm/esm';

let ready: Promise<typeof ParquetWasm> | null = null;

const inNode = () =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string' &&
  typeof (globalThis as { document?: unknown }).document === 'undefined' &&
  typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'undefined';

async function load(): Promise<typeof ParquetWasm> {
  const mod = await import('parquet-wasm/esm');
  if (inNode()) {
    // Specifiers in variables: the browser bundle never sees Node's modules.
    const [fsName, moduleName] = ['node:fs', 'node:module'];
    const fs = (await import(/* @vite-ignore */ fsName)) as typeof import('node:fs');
    const { createRequire } = (await import(/* @vite-ignore */ moduleName)) as typeof import('node:module');
    const file = createRequire(import.meta.url).resolve('parquet-wasm/esm/parquet_wasm_bg.wasm');
    mod.initSync({ module: fs.readFileSync(file) });
  } else {
    const { default: url } = await import('parquet-wasm/esm/parquet_wasm_bg.wasm?url');
    await mod.default({ module_or_path: url });
  }
  return mod;
}

export function parquetWasm(): Promise<typeof ParquetWasm> {
  ready ??= load().catch((e: unknown) => {
    ready = null;
    throw new Error(`Parquet 解码程序（parquet-wasm）无法启动：${e instanceof Error ? e.message : String(e)}`);
  });
  return ready;
}

/** One row group of `bytes` as an Arrow IPC stream (the engine's input). */
export async function rowGroupIPC(bytes: Uint8Array, group: number): Promise<Uint8Array> {
  const pq = await parquetWasm();
  const table = pq.readParquet(bytes, { rowGroups: [group] });
  return table.intoIPCStream();
}
