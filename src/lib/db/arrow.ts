/** Rows → Arrow IPC stream with explicit column types (IPC bytes, never Table objects: see stack notes). */
import { Bool, Float64, Int32, Table, Utf8, tableToIPC, vectorFromArray, type DataType } from 'apache-arrow';

export type ArrowColType = 'utf8' | 'float64' | 'bool' | 'int32';

const TYPES: Record<ArrowColType, () => DataType> = {
  utf8: () => new Utf8(),
  float64: () => new Float64(),
  bool: () => new Bool(),
  int32: () => new Int32(),
};

export function rowsToIPC<T extends object>(rows: T[], columns: [keyof T & string, ArrowColType][]): Uint8Array {
  const vectors: Record<string, ReturnType<typeof vectorFromArray>> = {};
  for (const [name, type] of columns) {
    const values = rows.map((r) => (r as Record<string, unknown>)[name] ?? null);
    vectors[name] = vectorFromArray(values, TYPES[type]());
  }
  return tableToIPC(new Table(vectors), 'stream');
}
