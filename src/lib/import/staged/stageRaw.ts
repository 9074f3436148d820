/**
 * A CSV or Parquet export → its raw cells in an engine table, a large piece at a time, plus what
 * the engine needs to normalise them (`normaliseStage.ts`). Runs where the file is read (the import
 * worker in the browser): the header checks and the structural checks of each record happen here,
 * no value is interpreted. A Parquet file's row groups are decoded by parquet-wasm straight into
 * Arrow IPC (no JavaScript value per cell); a CSV's records become columns of text.
 */
import { parquetMetadata, parquetSchema } from 'hyparquet';
import type { HeaderMatch } from '../../contract/headers';
import type { TableKind } from '../../contract/columns';
import { columnsToIPC, type ArrowColType } from '../../db/arrow';
import { MAX_ROWS_PER_FILE, type RawTable } from '../readTable';
import { EXPECTED_FILES, refused, type FileReport } from '../report';
import { eachRecord, openTable, type Fills } from '../tableRecords';
import { rowGroupIPC } from './parquetWasm';
import { cleanColumns, needsTextRule, textRuleColumns } from './textRule';
import { tableFromIPC } from 'apache-arrow';

/** Everything about a staged file but its rows (those are in the engine): passed from the worker to the page. */
export interface RawStage {
  kind: TableKind;
  file: string;
  /** The report so far: header warnings, then the structural ones, in row order. */
  report: FileReport;
  /** How many of `report.warnings` come before the rows' own (title rows, headers). */
  headerWarnings: number;
  headers: string[];
  headersById: Record<string, HeaderMatch>;
  /** The staged column holding each header's cells, as a quoted identifier. */
  headerCols: string[];
  /**
   * Staged text columns (of `headerCols`) with no value `parseText` would change, seen as the file was
   * read: read as they are, without the text rule's regular expression (textRule.ts).
   */
  cleanText: string[];
  /** SQL giving a staged row's number in the file (as the report numbers rows). */
  rowExpr: string;
  /** CSV: a column listing the header indexes whose blank cell was filled from the row above (merged cells). */
  filledCol: string | null;
  fills: Fills;
  rows: number;
}

export type PutChunk = (ipc: Uint8Array) => Promise<void>;

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

const CSV_STAGE_ROWS = 50_000;

/** A CSV (or any table read as records): records past the structural checks → staged columns c0…cN. */
export async function stageRecords(
  name: string,
  t: RawTable,
  put: PutChunk,
  onProgress?: (msg: string) => void,
): Promise<RawStage | { refused: FileReport }> {
  const open = openTable(name, t, undefined);
  if ('refused' in open) return open;
  const headerWarnings = open.report.warnings.length;
  const width = t.headers.length;
  const cols: unknown[][] = Array.from({ length: width }, () => []);
  let rowsCol: number[] = [];
  let filledCol: (string | null)[] = [];
  let rows = 0;
  const pending: Promise<void>[] = [];
  const flush = () => {
    if (rowsCol.length === 0) return;
    const ipc = columnsToIPC([
      ['_row', 'int32', rowsCol],
      ['_filled', 'utf8', filledCol],
      ...cols.map((c, i): [string, ArrowColType, unknown[]] => [`c${i}`, 'utf8', c]),
    ]);
    for (const c of cols) c.length = 0;
    rowsCol = [];
    filledCol = [];
    const p = put(ipc);
    p.catch(() => undefined); // awaited below
    pending.push(p);
  };
  const byIndex = open.mapping.matched;
  const dirty = new Array<boolean>(width).fill(false);
  const cell = (i: number, v: unknown) => {
    if (v === undefined || v === null) return null;
    const s = String(v);
    if (!dirty[i] && needsTextRule(s)) dirty[i] = true;
    return s;
  };
  const read = await eachRecord(name, t, open, onProgress, (rec, cells) => {
    let filled: string | null = null;
    for (let i = 0; i < width; i++) cols[i].push(cell(i, rec.cells[i]));
    // Merged cells filled from the row above: the staged cell holds the fill, `_filled` says which.
    for (const m of byIndex) {
      const v = cells[m.def.id];
      const was = rec.cells[m.index];
      if (v !== was && !(v === undefined && was === undefined)) {
        cols[m.index][cols[m.index].length - 1] = cell(m.index, v);
        filled = filled === null ? String(m.index) : `${filled},${m.index}`;
      }
    }
    rowsCol.push(rec.row);
    filledCol.push(filled);
    rows++;
    if (rowsCol.length >= CSV_STAGE_ROWS) flush();
  });
  if ('refused' in read) return read;
  flush();
  await Promise.all(pending);
  return {
    kind: open.kind,
    file: name,
    report: open.report,
    headerWarnings,
    headers: t.headers,
    headersById: open.headersById,
    headerCols: t.headers.map((_, i) => quoteIdent(`c${i}`)),
    cleanText: cleanColumns(width, dirty).map((i) => quoteIdent(`c${i}`)),
    rowExpr: 'r._row',
    filledCol: '_filled',
    fills: read.fills,
    rows,
  };
}

/** A Parquet file: its row groups decoded by parquet-wasm and staged as they are, one at a time. */
export async function stageParquet(
  name: string,
  bytes: Uint8Array,
  put: PutChunk,
  onProgress?: (msg: string) => void,
): Promise<RawStage | { refused: FileReport }> {
  let meta: ReturnType<typeof parquetMetadata>;
  try {
    meta = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (e) {
    return {
      refused: refused(
        name,
        'parquet',
        `无法读取「${name}」：Parquet 文件无法读取：${(e instanceof Error ? e.message : String(e)).replace(/。$/, '')}。${EXPECTED_FILES}`,
      ),
    };
  }
  const rowCount = Number(meta.num_rows);
  if (rowCount > MAX_ROWS_PER_FILE) {
    return {
      refused: refused(
        name,
        'parquet',
        `无法读取「${name}」：文件有 ${rowCount.toLocaleString('zh-CN')} 行，超过浏览器中可处理的上限 ${MAX_ROWS_PER_FILE.toLocaleString('zh-CN')} 行，未读取（以免耗尽内存）。请按年度或街镇拆分后分别加载。`,
      ),
    };
  }
  const headers = parquetSchema(meta).children.map((c) => c.element.name);
  const open = openTable(name, { format: 'parquet', headers, headerRow: 1, above: [], rowCount });
  if ('refused' in open) return open;
  let done = 0;
  // Text columns seen to hold a value the text rule changes (any row group): the others are read as they are.
  const dirty = new Set<string>();
  const text = new Set<string>();
  for (const [g, group] of meta.row_groups.entries()) {
    const n = Number(group.num_rows);
    if (n === 0) continue;
    try {
      const ipc = await rowGroupIPC(bytes, g);
      const table = tableFromIPC(ipc);
      const seen = textRuleColumns(table);
      for (const c of seen.text) text.add(c);
      for (const c of seen.dirty) dirty.add(c);
      await put(ipc);
    } catch (e) {
      return {
        refused: refused(
          name,
          'parquet',
          `无法读取「${name}」第 ${(done + 1).toLocaleString('zh-CN')} 行起的数据：${e instanceof Error ? e.message : String(e)}。整个文件未载入。`,
          headers,
        ),
      };
    }
    done += n;
    onProgress?.(`${name}：已解码 ${done.toLocaleString('zh-CN')} / ${rowCount.toLocaleString('zh-CN')} 行`);
  }
  return {
    kind: open.kind,
    file: name,
    report: open.report,
    headerWarnings: open.report.warnings.length,
    headers,
    headersById: open.headersById,
    headerCols: headers.map(quoteIdent),
    cleanText: headers.filter((h) => text.has(h) && !dirty.has(h)).map(quoteIdent),
    rowExpr: '(r.rowid + 1)',
    filledCol: null,
    fills: {},
    rows: done,
  };
}
