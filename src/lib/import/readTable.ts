/**
 * A file's bytes → header row + raw records, for CSV (PapaParse) and Parquet (hyparquet, read in
 * JavaScript so no DuckDB extension is ever fetched). No interpretation of values happens here.
 */
import Papa from 'papaparse';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { decodeText } from './decode';

export interface RawTable {
  format: 'csv' | 'parquet';
  encoding?: string;
  headers: string[];
  records: { row: number; cells: unknown[]; problem?: string }[];
}

export type ReadResult = { table: RawTable; error?: undefined } | { error: string; format: 'csv' | 'parquet' | 'unknown'; encoding?: string };

export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

export async function readTable(name: string, bytes: Uint8Array): Promise<ReadResult> {
  if (bytes.length === 0) return { error: '文件是空的（0 字节）', format: 'unknown' };
  if (isParquet(bytes)) return readParquet(bytes);
  if (/\.parquet$/i.test(name)) return { error: '文件扩展名为 .parquet，但内容不是 Parquet 格式', format: 'parquet' };
  return readCsv(bytes);
}

function isBlankRecord(cells: unknown[]): boolean {
  return cells.every((c) => String(c ?? '').trim() === '');
}

export function readCsv(bytes: Uint8Array): ReadResult {
  const d = decodeText(bytes);
  if (d.error !== undefined) return { error: d.error, format: 'csv' };
  const text = d.text.replace(/^\ufeff/, '');
  if (text.trim() === '') return { error: '文件没有任何内容', format: 'csv', encoding: d.encoding };
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/\t/g) ?? []).length > (firstLine.match(/,/g) ?? []).length ? '\t' : firstLine.includes(',') ? ',' : (firstLine.includes(';') ? ';' : ',');
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const data = parsed.data;
  const problems = new Map<number, string>();
  for (const e of parsed.errors) {
    if (e.row === undefined || e.row === null) continue;
    if (e.code === 'MissingQuotes') problems.set(e.row, '引号不配对：此处开始的引号没有结束，之后的内容都被读进了同一个单元格');
    else if (e.code === 'InvalidQuotes') problems.set(e.row, '引号格式错误：字段内的引号应写成两个双引号 ""');
  }
  const headerIdx = data.findIndex((r) => !isBlankRecord(r));
  if (headerIdx < 0) return { error: '文件没有表头行', format: 'csv', encoding: d.encoding };
  const headers = data[headerIdx].map((h) => String(h).trim());
  const records: RawTable['records'] = [];
  for (let i = headerIdx + 1; i < data.length; i++) {
    const cells = data[i];
    if (isBlankRecord(cells) && !problems.has(i)) continue;
    let problem = problems.get(i);
    if (!problem && cells.length > headers.length && !isBlankRecord(cells.slice(headers.length))) {
      problem = `列数与表头不符：表头 ${headers.length} 列，此行 ${cells.length} 列（可能是未加引号的逗号）`;
    }
    records.push({ row: i + 1, cells, problem });
  }
  return { table: { format: 'csv', encoding: d.encoding, headers, records } };
}

async function readParquet(bytes: Uint8Array): Promise<ReadResult> {
  try {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(buf);
    const headers = parquetSchema(metadata).children.map((c) => c.element.name);
    const rows = (await parquetReadObjects({ file: buf, metadata, compressors })) as Record<string, unknown>[];
    const records = rows.map((r, i) => ({ row: i + 1, cells: headers.map((h) => r[h]) }));
    return { table: { format: 'parquet', headers, records } };
  } catch (e) {
    return { error: `Parquet 文件无法读取：${e instanceof Error ? e.message : String(e)}`, format: 'parquet' };
  }
}
