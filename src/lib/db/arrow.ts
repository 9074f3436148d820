/**
 * Rows → Arrow IPC stream with explicit column types. Columns are assembled directly from typed
 * buffers (no Arrow builders: those compile code with `new Function`, which the page's
 * Content-Security-Policy forbids). IPC bytes, never Table objects, cross to DuckDB (stack notes).
 */
import { Bool, Float64, Int32, Table, Utf8, makeData, makeVector, tableToIPC, type Vector } from 'apache-arrow';

export type ArrowColType = 'utf8' | 'float64' | 'bool' | 'int32';

function validity(values: unknown[]): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nulls = 0;
  values.forEach((v, i) => {
    if (v === null || v === undefined) nulls++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  });
  return { bitmap, nulls };
}

const encoder = new TextEncoder();

function column(values: unknown[], type: ArrowColType): Vector {
  const length = values.length;
  const { bitmap, nulls } = validity(values);
  const nullBitmap = nulls > 0 ? bitmap : undefined;
  switch (type) {
    case 'float64':
      return makeVector(
        makeData({
          type: new Float64(),
          length,
          nullCount: nulls,
          nullBitmap,
          data: Float64Array.from(values, (v) => (typeof v === 'number' ? v : 0)),
        }),
      );
    case 'int32':
      return makeVector(
        makeData({
          type: new Int32(),
          length,
          nullCount: nulls,
          nullBitmap,
          data: Int32Array.from(values, (v) => (typeof v === 'number' ? v : 0)),
        }),
      );
    case 'bool': {
      const bits = new Uint8Array(Math.ceil(length / 8));
      values.forEach((v, i) => {
        if (v === true) bits[i >> 3] |= 1 << (i & 7);
      });
      return makeVector(makeData({ type: new Bool(), length, nullCount: nulls, nullBitmap, data: bits }));
    }
    case 'utf8': {
      // One buffer for the whole column (UTF-8 needs at most 3 bytes per UTF-16 unit); repeated
      // values (towns, levels, statuses) are encoded once.
      let cap = 0;
      for (const v of values) if (v !== null && v !== undefined) cap += String(v).length * 3;
      let data = new Uint8Array(Math.max(cap, 1));
      const offsets = new Int32Array(length + 1);
      const seen = new Map<string, [number, number]>();
      let pos = 0;
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v !== null && v !== undefined) {
          const str = String(v);
          const hit = str.length <= 32 ? seen.get(str) : undefined;
          if (hit) {
            data.copyWithin(pos, hit[0], hit[1]);
            pos += hit[1] - hit[0];
          } else {
            const start = pos;
            pos += encoder.encodeInto(str, data.subarray(pos)).written;
            if (str.length <= 32 && seen.size < 50_000) seen.set(str, [start, pos]);
          }
        }
        offsets[i + 1] = pos;
      }
      data = data.slice(0, pos);
      return makeVector(makeData({ type: new Utf8(), length, nullCount: nulls, nullBitmap, valueOffsets: offsets, data }));
    }
  }
}

export function rowsToIPC<T extends object>(rows: T[], columns: [keyof T & string, ArrowColType][]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, type] of columns)
    vectors[name] = column(
      rows.map((r) => (r as Record<string, unknown>)[name] ?? null),
      type,
    );
  return tableToIPC(new Table(vectors), 'stream');
}

/** Columns (already one array each) → Arrow IPC stream: the staged path's raw cells and dictionaries. */
export function columnsToIPC(columns: [string, ArrowColType, unknown[]][]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, type, values] of columns) vectors[name] = column(values, type);
  return tableToIPC(new Table(vectors), 'stream');
}
