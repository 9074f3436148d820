/**
 * A file's bytes → header row + raw records, for CSV (PapaParse) and Parquet (hyparquet, read in
 * JavaScript so no DuckDB extension is ever fetched). No interpretation of values happens here.
 */
import Papa from 'papaparse';
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { decodeText } from './decode';

export interface RawRecord {
  row: number;
  cells: unknown[];
  problem?: string;
}

export interface RawTable {
  format: 'csv' | 'parquet';
  encoding?: string;
  headers: string[];
  rowCount: number;
  /**
   * The records in file order, a chunk at a time: a Parquet file is decoded one row group at a
   * time, so its rows are never all in memory at once. A chunk may be emptied by its reader.
   */
  chunks(): AsyncIterable<RawRecord[]>;
}

async function* once(records: RawRecord[]): AsyncIterable<RawRecord[]> {
  yield records;
}

export type ReadResult = { table: RawTable; error?: undefined } | { error: string; format: 'csv' | 'parquet' | 'unknown'; encoding?: string };

/**
 * Above this many rows a file is refused before it is decoded: in a browser tab the decoded rows,
 * their normalised copy and the engine's tables would not fit in memory (see README, performance).
 */
export const MAX_ROWS_PER_FILE = 3_000_000;
export const MAX_CSV_BYTES = 400 * 1024 * 1024;

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

interface CsvRecord {
  cells: string[];
  problem?: string;
}

const MISSING_QUOTES = '引号不配对：此行有一个没有结束的引号（已单独拒收此行，并从下一行起继续读取）';

/**
 * Parse CSV text into records. A quote that never closes would swallow the rest of the file
 * into one cell: that line is kept as a rejected record and parsing resumes on the next line.
 */
function parseRecords(text: string, delimiter: string): CsvRecord[] {
  const out: CsvRecord[] = [];
  let rest = text;
  for (let guard = 0; guard < 100000 && rest.length > 0; guard++) {
    let broken = -1;
    let lastCursor = 0;
    Papa.parse<string[]>(rest, {
      delimiter,
      skipEmptyLines: false,
      step: (res, parser) => {
        if (res.errors.some((e) => e.code === 'MissingQuotes')) {
          broken = lastCursor;
          parser.abort();
          return;
        }
        const invalid = res.errors.some((e) => e.code === 'InvalidQuotes');
        out.push({ cells: res.data, problem: invalid ? '引号格式错误：字段内的引号应写成两个双引号 ""' : undefined });
        lastCursor = res.meta.cursor;
      },
    });
    if (broken < 0) break;
    const from = rest.slice(broken).replace(/^\r?\n/, '');
    const nl = from.search(/\r?\n/);
    const line = nl < 0 ? from : from.slice(0, nl);
    out.push({ cells: line.split(delimiter), problem: MISSING_QUOTES });
    rest = nl < 0 ? '' : from.slice(nl).replace(/^\r?\n/, '');
  }
  return out;
}

export function readCsv(bytes: Uint8Array): ReadResult {
  if (bytes.length > MAX_CSV_BYTES) {
    return { error: `CSV 文件有 ${(bytes.length / 1024 / 1024).toFixed(0)} MB，超过浏览器中可处理的上限 ${MAX_CSV_BYTES / 1024 / 1024} MB，未读取（以免耗尽内存）。请拆分，或转为 Parquet 后加载。`, format: 'csv' };
  }
  const d = decodeText(bytes);
  if (d.error !== undefined) return { error: d.error, format: 'csv' };
  const text = d.text.replace(/^\ufeff/, '');
  if (text.trim() === '') return { error: '文件没有任何内容', format: 'csv', encoding: d.encoding };
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => firstLine.split(c).length - 1;
  const delimiter = count('\t') > count(',') ? '\t' : count(',') === 0 && count(';') > 0 ? ';' : ',';
  const data = parseRecords(text, delimiter);
  const headerIdx = data.findIndex((r) => !isBlankRecord(r.cells));
  if (headerIdx < 0) return { error: '文件没有表头行', format: 'csv', encoding: d.encoding };
  const headers = data[headerIdx].cells.map((h) => String(h).trim());
  const body = data.slice(headerIdx + 1).map((r, i) => ({ ...r, row: headerIdx + i + 2 }));
  // A consistent trailing delimiter on every row (some exporters add one) is not an extra column.
  const lengths = new Set(body.filter((r) => !isBlankRecord(r.cells) && !r.problem).map((r) => r.cells.length));
  const uniformTrailing = lengths.size === 1 && [...lengths][0] > headers.length && body.every((r) => r.problem || isBlankRecord(r.cells.slice(headers.length)));
  const records: RawRecord[] = [];
  for (const r of body) {
    if (isBlankRecord(r.cells) && !r.problem) continue;
    let problem = r.problem;
    if (!problem && r.cells.length > headers.length && !uniformTrailing) {
      problem = `列数与表头不符：表头 ${headers.length} 列，此行 ${r.cells.length} 列（可能是金额或文字中有未加引号的逗号）`;
    }
    records.push({ row: r.row, cells: r.cells, problem });
  }
  return { table: { format: 'csv', encoding: d.encoding, headers, rowCount: records.length, chunks: () => once(records) } };
}

async function readParquet(bytes: Uint8Array): Promise<ReadResult> {
  try {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(buf);
    const rowCount = Number(metadata.num_rows);
    if (rowCount > MAX_ROWS_PER_FILE) {
      return { error: `文件有 ${rowCount.toLocaleString('zh-CN')} 行，超过浏览器中可处理的上限 ${MAX_ROWS_PER_FILE.toLocaleString('zh-CN')} 行，未读取（以免耗尽内存）。请按年度或街镇拆分后分别加载。`, format: 'parquet' };
    }
    const headers = parquetSchema(metadata).children.map((c) => c.element.name);
    // Row group by row group, rows as arrays in schema order (no per-row objects keyed by name).
    const groups: [number, number][] = [];
    let start = 0;
    for (const g of metadata.row_groups) {
      const end = start + Number(g.num_rows);
      if (end > start) groups.push([start, end]);
      start = end;
    }
    async function* chunks(): AsyncIterable<RawRecord[]> {
      for (const [rowStart, rowEnd] of groups) {
        const rows = await new Promise<unknown[][]>((resolve, reject) => {
          parquetRead({ file: buf, metadata, compressors, rowFormat: 'array', rowStart, rowEnd, onComplete: (r) => resolve(r as unknown[][]) }).catch(reject);
        });
        yield rows.map((cells, i) => ({ row: rowStart + i + 1, cells }));
      }
    }
    return { table: { format: 'parquet', headers, rowCount, chunks } };
  } catch (e) {
    return { error: `Parquet 文件无法读取：${e instanceof Error ? e.message : String(e)}`, format: 'parquet' };
  }
}
