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

export interface CsvRecord {
  cells: string[];
  problem?: string;
}

const MISSING_QUOTES = '引号不配对：此行有一个没有结束的引号（已单独拒收此行，并从下一行起继续读取）';

/**
 * CSV records from `pos`, at most `max` of them, and where the next call continues (`text.length`
 * at the end). A quote that never closes would swallow the rest of the file into one cell: that
 * line is kept as a rejected record and reading resumes on the next line.
 */
function scanFrom(text: string, delimiter: string, pos: number, max: number): { records: CsvRecord[]; next: number } {
  const out: CsvRecord[] = [];
  const rest = text.slice(pos);
  let next = text.length;
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
      lastCursor = res.meta.cursor; // where the next record starts
      if (out.length >= max && pos + lastCursor < text.length) {
        next = pos + lastCursor;
        parser.abort();
      }
    },
  });
  if (broken >= 0) {
    const lead = /^\r?\n/.exec(rest.slice(broken, broken + 2))?.[0].length ?? 0;
    const fromPos = pos + broken + lead;
    const from = text.slice(fromPos);
    const nl = from.search(/\r?\n/);
    out.push({ cells: (nl < 0 ? from : from.slice(0, nl)).split(delimiter), problem: MISSING_QUOTES });
    next = nl < 0 ? text.length : fromPos + nl + (from.startsWith('\r\n', nl) ? 2 : 1);
  }
  return { records: out, next };
}

const CSV_CHUNK = 50_000;

/** Every record of the text, a chunk at a time (each chunk is parsed only when asked for). */
export function* csvChunks(text: string, delimiter: string, size = CSV_CHUNK): Generator<CsvRecord[]> {
  let pos = 0;
  while (pos < text.length) {
    const { records, next } = scanFrom(text, delimiter, pos, size);
    if (records.length) yield records;
    if (next <= pos) break;
    pos = next;
  }
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
  // First pass, keeping nothing but figures: the header, the row count, and whether every row ends
  // in the same trailing delimiter (some exporters add one: then it is not an extra column).
  let headers: string[] | null = null;
  let headerIdx = -1;
  let index = 0;
  let rowCount = 0;
  const lengths = new Set<number>();
  let trailingBlank = true;
  for (const chunk of csvChunks(text, delimiter)) {
    for (const r of chunk) {
      if (headers === null) {
        if (!isBlankRecord(r.cells)) { headers = r.cells.map((h) => String(h).trim()); headerIdx = index; }
      } else if (!isBlankRecord(r.cells) || r.problem) {
        rowCount++;
        if (!r.problem) {
          lengths.add(r.cells.length);
          if (r.cells.length > headers.length && !isBlankRecord(r.cells.slice(headers.length))) trailingBlank = false;
        }
      }
      index++;
    }
  }
  if (headers === null) return { error: '文件没有表头行', format: 'csv', encoding: d.encoding };
  const head = headers;
  const uniformTrailing = lengths.size === 1 && [...lengths][0] > head.length && trailingBlank;
  // Second pass: the records themselves, a chunk at a time, numbered as in the file (header = its row).
  async function* chunks(): AsyncIterable<RawRecord[]> {
    let i = 0;
    for (const chunk of csvChunks(text, delimiter)) {
      const records: RawRecord[] = [];
      for (const r of chunk) {
        const row = i + 1;
        i++;
        if (row <= headerIdx + 1) continue;
        if (isBlankRecord(r.cells) && !r.problem) continue;
        let problem = r.problem;
        if (!problem && r.cells.length > head.length && !uniformTrailing) {
          problem = `列数与表头不符：表头 ${head.length} 列，此行 ${r.cells.length} 列（可能是金额或文字中有未加引号的逗号）`;
        }
        records.push({ row, cells: r.cells, problem });
      }
      if (records.length) yield records;
    }
  }
  return { table: { format: 'csv', encoding: d.encoding, headers: head, rowCount, chunks } };
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
