/**
 * A file's bytes → header row + raw records, for CSV (PapaParse) and Parquet (hyparquet, read in
 * JavaScript so no DuckDB extension is ever fetched). No interpretation of values happens here.
 */
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { checkStats, encodingFromHead, EncodingError, textPieces, type DecodeStats, type Encoding } from './decode';
import { csvChunks, type CsvLayout } from './csvRecords';
import { byteSource, readAll, type ByteSource, type FileContent } from './byteSource';

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

export async function readTable(name: string, content: FileContent, onProgress?: (msg: string) => void): Promise<ReadResult> {
  const src = byteSource(content);
  if (src.size === 0) return { error: '文件是空的（0 字节）', format: 'unknown' };
  if (isParquet(await src.read(0, 8))) return readParquet(await readAll(src));
  if (/\.parquet$/i.test(name)) return { error: '文件扩展名为 .parquet，但内容不是 Parquet 格式', format: 'parquet' };
  return readCsv(src, CSV_PIECE_BYTES, onProgress, name);
}

function isBlankRecord(cells: unknown[]): boolean {
  return cells.every((c) => String(c ?? '').trim() === '');
}

const CSV_CHUNK = 50_000;
/** Bytes decoded at a time: the text of a file is never held whole. */
export const CSV_PIECE_BYTES = 4 * 1024 * 1024;

/** What the first pass over a CSV found, keeping nothing but figures. */
interface CsvFigures {
  headers: string[] | null;
  headerIdx: number;
  rowCount: number;
  /** Every row ends in the same trailing delimiter (some exporters add one: then it is not an extra column). */
  uniformTrailing: boolean;
  layout: CsvLayout | null;
  /** Anything but blank lines (a line of delimiters counts). */
  anyText: boolean;
}

async function csvFigures(src: ByteSource, encoding: Encoding, stats: DecodeStats, pieceBytes: number, onPiece?: (bytesRead: number) => void): Promise<CsvFigures> {
  let headers: string[] | null = null;
  let headerIdx = -1;
  let index = 0;
  let rowCount = 0;
  const lengths = new Set<number>();
  let trailingBlank = true;
  let layout: CsvLayout | null = null;
  let anyText = false;
  for await (const chunk of csvChunks(textPieces(src, encoding, pieceBytes, stats, onPiece), CSV_CHUNK, (l) => (layout = l))) {
    for (const r of chunk) {
      if (headers === null) {
        if (r.cells.length > 1 || String(r.cells[0] ?? '').trim() !== '') anyText = true;
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
  const width = headers?.length ?? 0;
  return { headers, headerIdx, rowCount, layout, anyText, uniformTrailing: lengths.size === 1 && [...lengths][0] > width && trailingBlank };
}

/**
 * A CSV read twice from its source, a piece at a time: first for its encoding, header and row count
 * (nothing kept), then for its records. UTF-8 is tried first; a file that is not valid UTF-8 is read
 * again as GBK/GB18030.
 */
export async function readCsv(src: ByteSource, pieceBytes = CSV_PIECE_BYTES, onProgress?: (msg: string) => void, name = 'CSV 文件'): Promise<ReadResult> {
  if (src.size > MAX_CSV_BYTES) {
    return { error: `CSV 文件有 ${(src.size / 1024 / 1024).toFixed(0)} MB，超过浏览器中可处理的上限 ${MAX_CSV_BYTES / 1024 / 1024} MB，未读取（以免耗尽内存）。请拆分，或转为 Parquet 后加载。`, format: 'csv' };
  }
  const head = encodingFromHead(await src.read(0, 8192));
  if (head.error !== undefined) return { error: head.error, format: 'csv' };
  // The first pass reads the whole file before any row is normalised: its progress is shown by the megabyte.
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  const onPiece = src.size > pieceBytes && onProgress ? (read: number) => onProgress(`正在检查 ${name}：已读 ${mb(read)} / ${mb(src.size)} MB`) : undefined;
  let encoding: Encoding = head.encoding ?? 'utf-8';
  let stats: DecodeStats = { chars: 0, unknown: 0 };
  let f: CsvFigures;
  try {
    f = await csvFigures(src, encoding, stats, pieceBytes, onPiece);
  } catch (e) {
    if (!(e instanceof EncodingError)) throw e;
    if (head.encoding) return { error: e.message, format: 'csv' };
    encoding = 'gb18030';
    stats = { chars: 0, unknown: 0 };
    f = await csvFigures(src, encoding, stats, pieceBytes, onPiece);
  }
  const bad = checkStats(stats);
  if (bad) return { error: bad, format: 'csv' };
  if (f.headers === null) return { error: f.anyText ? '文件没有表头行' : '文件没有任何内容', format: 'csv', encoding };
  const { headers: head_, headerIdx, uniformTrailing } = f;
  // Second pass: the records themselves, a chunk at a time, numbered as in the file (header = its row).
  async function* chunks(): AsyncIterable<RawRecord[]> {
    let i = 0;
    for await (const chunk of csvChunks(textPieces(src, encoding, pieceBytes), CSV_CHUNK)) {
      const records: RawRecord[] = [];
      for (const r of chunk) {
        const row = i + 1;
        i++;
        if (row <= headerIdx + 1) continue;
        if (isBlankRecord(r.cells) && !r.problem) continue;
        let problem = r.problem;
        if (!problem && r.cells.length > head_.length && !uniformTrailing) {
          problem = `列数与表头不符：表头 ${head_.length} 列，此行 ${r.cells.length} 列（可能是金额或文字中有未加引号的逗号）`;
        }
        records.push({ row, cells: r.cells, problem });
      }
      if (records.length) yield records;
    }
  }
  return { table: { format: 'csv', encoding, headers: head_, rowCount: f.rowCount, chunks } };
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
