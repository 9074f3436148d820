/**
 * A file's bytes → header row + raw records, for CSV (PapaParse) and Parquet (hyparquet, read in
 * JavaScript so no DuckDB extension is ever fetched). No interpretation of values happens here.
 */
import { parquetMetadata, parquetRead, parquetSchema } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { decodeWith, textPieces, type DecodeStats, type Encoding } from './decode';
import { csvChunks, type CsvRecord } from './csvRecords';
import { byteSource, readAll, type ByteSource, type FileContent } from './byteSource';
import { headerAt } from '../contract/headers';

export interface RawRecord {
  row: number;
  cells: unknown[];
  problem?: string;
}

export interface RawTable {
  format: 'csv' | 'parquet' | 'xlsx' | 'xls';
  encoding?: string;
  headers: string[];
  /** The header's row in the file (1 for Parquet), and the non-blank rows above it (a title, a note), skipped. */
  headerRow: number;
  /** A header of two rows (group cells above the columns' names): the second row's number. */
  subHeaderRow?: number;
  above: { row: number; text: string }[];
  rowCount: number;
  /**
   * The records in file order, a chunk at a time: a Parquet file is decoded one row group at a
   * time, so its rows are never all in memory at once. A chunk may be emptied by its reader.
   */
  chunks(): AsyncIterable<RawRecord[]>;
}

export type ReadResult =
  { table: RawTable; error?: undefined } | { error: string; format: 'csv' | 'parquet' | 'unknown'; encoding?: string };

/**
 * Above this many rows a file is refused before it is decoded: in a browser tab the decoded rows,
 * their normalised copy and the engine's tables would not fit in memory (see README, performance).
 */
export const MAX_ROWS_PER_FILE = 3_000_000;
export const MAX_CSV_BYTES = 400 * 1024 * 1024;

export function isParquet(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
}

export interface ReadOptions {
  /** Progress of a long first pass over a CSV. */
  onProgress?: (msg: string) => void;
  /** Whether a CSV row is the header (else the first non-blank row is); rows above it are reported in `above`. */
  isHeader?: (cells: string[]) => boolean;
  /** Bytes decoded at a time (tests use a few). */
  pieceBytes?: number;
}

export async function readTable(name: string, content: FileContent, opts: ReadOptions = {}): Promise<ReadResult> {
  const src = byteSource(content);
  if (src.size === 0) return { error: '文件是空的（0 字节）', format: 'unknown' };
  if (isParquet(await src.read(0, 8))) return readParquet(await readAll(src));
  if (/\.parquet$/i.test(name)) return { error: '文件扩展名为 .parquet，但内容不是 Parquet 格式', format: 'parquet' };
  return readCsv(src, { ...opts, name });
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
  /** A header of two rows: the second one's record index (else -1). */
  subIdx: number;
  /** Non-blank rows above the header (a title, a note): skipped and reported. */
  above: { row: number; text: string }[];
  rowCount: number;
  /** Every row ends in the same trailing delimiter (some exporters add one: then it is not an extra column). */
  uniformTrailing: boolean;
  /** Anything but blank lines (a line of delimiters counts). */
  anyText: boolean;
}

/** How many non-blank rows are looked at for a header below titles and notes. */
const HEADER_SEARCH_ROWS = 20;

async function csvFigures(
  src: ByteSource,
  encoding: Encoding,
  stats: DecodeStats,
  pieceBytes: number,
  onPiece?: (bytesRead: number) => void,
  isHeader?: (cells: string[]) => boolean,
): Promise<CsvFigures> {
  let headers: string[] | null = null;
  let headerIdx = -1;
  let subIdx = -1;
  let above: CsvFigures['above'] = [];
  let rowCount = 0;
  const lengths = new Set<number>();
  let trailingBlank = true;
  let anyText = false;
  const countRow = (r: CsvRecord, width: number) => {
    rowCount++;
    if (r.problem) return;
    lengths.add(r.cells.length);
    if (r.cells.length > width && !isBlankRecord(r.cells.slice(width))) trailingBlank = false;
  };
  // Until the header is known: the first non-blank rows (index = record number from 0).
  const early: { index: number; r: CsvRecord }[] = [];
  // The header found at early row k (with the row after it, when that one is known and readable).
  const headerOf = (k: number) => {
    if (!isHeader || early[k].r.problem) return null;
    const next = k + 1 < early.length && !early[k + 1].r.problem ? early[k + 1].r.cells.map(String) : null;
    return headerAt(early[k].r.cells.map(String), next, isHeader);
  };
  /** The header is decided once a row reads as one and the row after it is known (it may name the columns under groups). */
  const decidable = () => !isHeader || early.length >= HEADER_SEARCH_ROWS || (early.length >= 2 && headerOf(early.length - 2) !== null);
  const decide = () => {
    if (early.length === 0) return;
    let h = -1;
    let found: ReturnType<typeof headerOf> = null;
    for (let k = 0; k < early.length && h < 0; k++) {
      found = headerOf(k);
      if (found) h = k;
    }
    if (h < 0) h = 0; // no row reads as a header: the first one is it (and the file is refused by its columns)
    const two = found?.rows === 2;
    headers = (found?.headers ?? early[h].r.cells).map((c) => String(c).trim());
    headerIdx = early[h].index;
    if (two) subIdx = early[h + 1].index;
    above = early.slice(0, h).map((e) => ({
      row: e.index + 1,
      text: e.r.cells
        .map((c) => String(c).trim())
        .filter(Boolean)
        .join(' ')
        .slice(0, 200),
    }));
    for (const e of early.slice(two ? h + 2 : h + 1)) countRow(e.r, headers.length);
  };
  let index = 0;
  for await (const chunk of csvChunks(textPieces(src, encoding, pieceBytes, stats, onPiece), CSV_CHUNK)) {
    for (const r of chunk) {
      if (headers === null) {
        if (r.cells.length > 1 || String(r.cells[0] ?? '').trim() !== '') anyText = true;
        if (!isBlankRecord(r.cells) || r.problem) {
          early.push({ index, r });
          if (decidable()) decide();
        }
      } else if (!isBlankRecord(r.cells) || r.problem) countRow(r, (headers as string[]).length);
      index++;
    }
  }
  if (headers === null) decide();
  const width = (headers as string[] | null)?.length ?? 0;
  return {
    headers,
    headerIdx,
    subIdx,
    above,
    rowCount,
    anyText,
    uniformTrailing: lengths.size === 1 && [...lengths][0] > width && trailingBlank,
  };
}

/**
 * A CSV read twice from its source, a piece at a time: first for its encoding, header and row count
 * (nothing kept), then for its records. UTF-8 is tried first; a file that is not valid UTF-8 is read
 * again as GBK/GB18030.
 */
export async function readCsv(
  src: ByteSource,
  { onProgress, isHeader, pieceBytes = CSV_PIECE_BYTES, name = 'CSV 文件' }: ReadOptions & { name?: string } = {},
): Promise<ReadResult> {
  if (src.size > MAX_CSV_BYTES) {
    return {
      error: `CSV 文件有 ${(src.size / 1024 / 1024).toFixed(0)} MB，超过浏览器中可处理的上限 ${MAX_CSV_BYTES / 1024 / 1024} MB，未读取（以免耗尽内存）。请拆分，或转为 Parquet 后加载。`,
      format: 'csv',
    };
  }
  // The first pass reads the whole file before any row is normalised: its progress is shown by the megabyte.
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  const onPiece =
    src.size > pieceBytes && onProgress
      ? (read: number) => onProgress(`正在检查 ${name}：已读 ${mb(read)} / ${mb(src.size)} MB`)
      : undefined;
  const first = await decodeWith(src, (encoding, stats) => csvFigures(src, encoding, stats, pieceBytes, onPiece, isHeader));
  if (first.error !== undefined) return { error: first.error, format: 'csv' };
  const { value: f, encoding } = first;
  if (f.headers === null) return { error: f.anyText ? '文件没有表头行' : '文件没有任何内容', format: 'csv', encoding };
  const { headers, headerIdx, subIdx, uniformTrailing } = f;
  const lastHeader = Math.max(headerIdx, subIdx);
  // Second pass: the records themselves, a chunk at a time, numbered as in the file (header = its row).
  async function* chunks(): AsyncIterable<RawRecord[]> {
    let i = 0;
    for await (const chunk of csvChunks(textPieces(src, encoding, pieceBytes), CSV_CHUNK)) {
      const records: RawRecord[] = [];
      for (const r of chunk) {
        const row = i + 1;
        i++;
        if (row <= lastHeader + 1) continue;
        if (isBlankRecord(r.cells) && !r.problem) continue;
        let problem = r.problem;
        if (!problem && r.cells.length > headers.length && !uniformTrailing) {
          problem = `列数与表头不符：表头 ${headers.length} 列，此行 ${r.cells.length} 列（可能是金额或文字中有未加引号的逗号）`;
        }
        records.push({ row, cells: r.cells, problem });
      }
      if (records.length) yield records;
    }
  }
  return {
    table: {
      format: 'csv',
      encoding,
      headers,
      headerRow: headerIdx + 1,
      subHeaderRow: subIdx >= 0 ? subIdx + 1 : undefined,
      above: f.above,
      rowCount: f.rowCount,
      chunks,
    },
  };
}

async function readParquet(bytes: Uint8Array): Promise<ReadResult> {
  try {
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(buf);
    const rowCount = Number(metadata.num_rows);
    if (rowCount > MAX_ROWS_PER_FILE) {
      return {
        error: `文件有 ${rowCount.toLocaleString('zh-CN')} 行，超过浏览器中可处理的上限 ${MAX_ROWS_PER_FILE.toLocaleString('zh-CN')} 行，未读取（以免耗尽内存）。请按年度或街镇拆分后分别加载。`,
        format: 'parquet',
      };
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
          parquetRead({
            file: buf,
            metadata,
            compressors,
            rowFormat: 'array',
            rowStart,
            rowEnd,
            onComplete: (r) => resolve(r as unknown[][]),
          }).catch(reject);
        });
        yield rows.map((cells, i) => ({ row: rowStart + i + 1, cells }));
      }
    }
    return { table: { format: 'parquet', headers, headerRow: 1, above: [], rowCount, chunks } };
  } catch (e) {
    return { error: `Parquet 文件无法读取：${e instanceof Error ? e.message : String(e)}`, format: 'parquet' };
  }
}
