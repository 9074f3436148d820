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
      return makeVector(makeData({ type: new Float64(), length, nullCount: nulls, nullBitmap, data: Float64Array.from(values, (v) => (typeof v === 'number' ? v : 0)) }));
    case 'int32':
      return makeVector(makeData({ type: new Int32(), length, nullCount: nulls, nullBitmap, data: Int32Array.from(values, (v) => (typeof v === 'number' ? v : 0)) }));
    case 'bool': {
      const bits = new Uint8Array(Math.ceil(length / 8));
      values.forEach((v, i) => { if (v === true) bits[i >> 3] |= 1 << (i & 7); });
      return makeVector(makeData({ type: new Bool(), length, nullCount: nulls, nullBitmap, data: bits }));
    }
    case 'utf8': {
      const parts = values.map((v) => (v === null || v === undefined ? new Uint8Array(0) : encoder.encode(String(v))));
      const offsets = new Int32Array(length + 1);
      let total = 0;
      parts.forEach((p, i) => { total += p.length; offsets[i + 1] = total; });
      const data = new Uint8Array(total);
      parts.forEach((p, i) => data.set(p, offsets[i]));
      return makeVector(makeData({ type: new Utf8(), length, nullCount: nulls, nullBitmap, valueOffsets: offsets, data }));
    }
  }
}

export function rowsToIPC<T extends object>(rows: T[], columns: [keyof T & string, ArrowColType][]): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [name, type] of columns) vectors[name] = column(rows.map((r) => (r as Record<string, unknown>)[name] ?? null), type);
  return tableToIPC(new Table(vectors), 'stream');
}
