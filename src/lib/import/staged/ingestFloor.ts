/**
 * The benchmark's floor for a Parquet import (scripts/bench.ts, `?bench=1` pages only): what the engine
 * of this page takes to take in the same files with nothing checked — each row group decoded to Arrow by
 * parquet-wasm and inserted as it is, once into the scratch catalog (uncompressed, as the import stages
 * raw cells) and once into the compressed database (where the loaded tables live). Any import that
 * stores the rows pays at least the decode and one insert; the import's ratio to native `read_parquet`
 * cannot fall below this one's. For CSV files (`csvIngestFloor`) the same with the engine's own
 * `read_csv`, every column as text, as the import's fast way reads a plain UTF-8 CSV.
 */
import { parquetMetadata } from 'hyparquet';
import { scratch, type Engine } from '../../engine/types';
import { parquetWasm, rowGroupIPC } from './parquetWasm';

export interface IngestFloor {
  rows: number;
  /** parquet-wasm (already started): every row group of the files → Arrow IPC. */
  decodeMs: number;
  /** The IPC inserted into a table of the scratch catalog (uncompressed). */
  insertScratchMs: number;
  /** The IPC inserted into a table of the compressed database. */
  insertCompressedMs: number;
}

export async function ingestFloor(engine: Engine, files: Uint8Array[]): Promise<IngestFloor> {
  let rows = 0;
  const ipcs: Uint8Array[][] = [];
  await parquetWasm(); // the decoder started beforehand: not counted (the lowest floor)
  const t = performance.now();
  for (const bytes of files) {
    const meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const groups: Uint8Array[] = [];
    for (const [g, group] of meta.row_groups.entries()) {
      if (Number(group.num_rows) === 0) continue;
      rows += Number(group.num_rows);
      groups.push(await rowGroupIPC(bytes, g));
    }
    ipcs.push(groups);
  }
  const decodeMs = performance.now() - t;
  const insert = async (name: (i: number) => string): Promise<number> => {
    // The engine's worker takes the bytes it is given (they are gone from this side): each row group is
    // copied for the pass, one at a time (a city's year would not fit twice), and only the inserts are timed.
    let ms = 0;
    for (const [i, groups] of ipcs.entries())
      for (const [g, ipc] of groups.entries()) {
        const copy = ipc.slice();
        const start = performance.now();
        await engine.insertArrowIPC(name(i), copy, g === 0);
        ms += performance.now() - start;
      }
    const n = await countAndDrop(engine, [...ipcs.keys()].map(name));
    if (n !== rows) throw new Error(`下限测量：写入 ${n} 行，应为 ${rows} 行`);
    return ms;
  };
  const insertScratchMs = await insert((i) => scratch(`_floor_${i}`));
  const insertCompressedMs = await insert((i) => `_floor_${i}`);
  return { rows, decodeMs, insertScratchMs, insertCompressedMs };
}

/** The rows a pass put into its tables (every one is checked: a pass that lost rows measured nothing), then the tables dropped. */
async function countAndDrop(engine: Engine, tables: string[]): Promise<number> {
  let n = 0;
  for (const t of tables) {
    n += (await engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${t}`))[0].n;
    await engine.exec(`DROP TABLE ${t}`);
  }
  return n;
}

export interface CsvIngestFloor {
  rows: number;
  /** `read_csv` of the files into tables of the scratch catalog (uncompressed). */
  readScratchMs: number;
  /** `read_csv` of the files into tables of the compressed database. */
  readCompressedMs: number;
}

export async function csvIngestFloor(engine: Engine, files: Uint8Array[]): Promise<CsvIngestFloor> {
  let rows = -1;
  const read = async (name: (i: number) => string): Promise<number> => {
    // The engine's worker takes the bytes it is given: a copy per pass, registered before the clock starts.
    for (const [i, bytes] of files.entries()) await engine.registerFile(`_floor_${i}.csv`, bytes.slice());
    const start = performance.now();
    for (const i of files.keys())
      await engine.exec(`CREATE TABLE ${name(i)} AS SELECT * FROM read_csv('_floor_${i}.csv', header = true, all_varchar = true)`);
    const ms = performance.now() - start;
    const n = await countAndDrop(engine, [...files.keys()].map(name));
    for (const i of files.keys()) await engine.dropFile(`_floor_${i}.csv`);
    if (rows >= 0 && n !== rows) throw new Error(`下限测量：两次读入 ${rows} 行与 ${n} 行`);
    rows = n;
    return ms;
  };
  const readScratchMs = await read((i) => scratch(`_floor_csv_${i}`));
  const readCompressedMs = await read((i) => `_floor_csv_${i}`);
  return { rows, readScratchMs, readCompressedMs };
}
