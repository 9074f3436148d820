/**
 * A plain UTF-8 CSV export read by the engine's own CSV reader (DuckDB `read_csv` on the file's
 * bytes), instead of record by record in JavaScript: ten times faster for a district's 150 MB.
 *
 * Only a file the row-by-row reader would read exactly as the engine does takes this way. The import
 * worker checks the bytes in one pass (`scanRecords`: every record has the header's number of cells,
 * quotes open and close where a field does, one kind of line ending, no empty line, no record longer
 * than the reader's limit, no value written with a leading ' as our own exports escape formulas; the
 * engine's reader refuses bytes that are not UTF-8); the engine then checks what is in the cells
 * (`readCsvStage`: the record count agrees, no blank cell where a merged cell would be filled from the
 * row above or a required value is missing, no 合计 row, no header repeated inside the table).
 * Anything else — another encoding, a title with odd quotes, a two-row header, one bad record — goes
 * the long way (`stageRecords`), which says exactly what is wrong.
 * Both ways stage the same raw cells, normalised by the same SQL (`normaliseStage.ts`).
 */
import { columnsOf, type TableKind } from '../../contract/columns';
import type { Engine } from '../../engine/types';
import type { IndicatorStager } from '../../db/store';
import { readAll, byteSource, type ByteSource } from '../byteSource';
import { csvLayout, MAX_RECORD_CHARS } from '../csvRecords';
import { encodingFromHead } from '../decode';
import { MAX_CSV_BYTES, readCsv } from '../readTable';
import { openTable } from '../tableRecords';
import type { RawStage } from './stageRaw';
import { quoteIdent } from './stageRaw';
import { JS_SPACE, SPACE_CLASS, cleanColumns, edgeSpaceBytes } from './textRule';

/** What the engine needs to read a file's records: handed from the worker to the page. */
export interface CsvFastSpec {
  /** The records after the header, UTF-8 (no BOM); a Blob when handed from the import worker to the page. */
  data: Uint8Array | Blob;
  delimiter: string;
  width: number;
  records: number;
  headers: string[];
  /** Columns whose blank cell sends the file the long way (merged cells, required values). */
  mustHave: number[];
  /** Columns with no value the text rule changes (textRule.ts): a blank cell of theirs is NULL or ''. */
  clean: number[];
}

/**
 * Reads `spec` into `table` (true), or leaves nothing and says the file must be read the long way (false).
 * `stage`: what the file's staging is once the engine has read it (the import worker hands it to the page
 * with the bytes, and ends: see workerClient.ts).
 */
export type PutCsv = (spec: CsvFastSpec, stage: RawStage) => Promise<boolean>;

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const APOSTROPHE_CELL = "单元格以 ' 开头";
const LF = 0x0a;
const CR = 0x0d;

type Scan = { records: number; end: number } | { fail: string };

/**
 * Records of `b` from `from`, as PapaParse splits them (quotes, doubled quotes, line breaks inside
 * quotes). `width`: every record must have that many cells (null: any); `stopAfter`: stop after that
 * many records (empty lines count, as the header search counts them).
 */
export function scanRecords(
  b: Uint8Array,
  from: number,
  delimiter: number,
  crlf: boolean,
  width: number | null,
  stopAfter: number | null,
  /**
   * The records' cells are looked at (the body's scan): each column (0-based) with a value `parseText`
   * would change is set here (textRule.ts), and a cell that begins with ' (as our own exports escape a
   * formula) sends the file the long way.
   */
  dirty: boolean[] | null = null,
  /** Set when a quoted cell holds a CR (its line break is the cell's own: `recordsWithLf` keeps it). */
  seen: { quotedCr: boolean } | null = null,
): Scan {
  // Bytes with no meaning to the scan (all but the quote, the delimiter, CR and LF): skipped a run at a time.
  const plain = new Uint8Array(256).fill(1);
  for (const c of [QUOTE, delimiter, LF, CR]) plain[c] = 0;
  let nextCr = -2;
  let i = from;
  let fields = 1;
  let records = 0;
  let fieldStart = true;
  let afterQuote = false;
  let recStart = from;
  let fieldAt = from;
  const n = b.length;
  // An unquoted field ends here (at i): is its value one the text rule changes? True: it begins with '.
  const checkField = (): boolean => {
    if (!dirty || afterQuote) return false;
    if (!dirty[fields - 1] && edgeSpaceBytes(b, fieldAt, i)) dirty[fields - 1] = true;
    return i > fieldAt && b[fieldAt] === APOSTROPHE;
  };
  const endRecord = (): string | null => {
    if (stopAfter === null) {
      if (i === recStart) return '空行';
      if (width !== null && fields !== width) return `第 ${records + 1} 条记录有 ${fields} 列`;
      if (i - recStart > MAX_RECORD_CHARS) return '记录过长';
    }
    records++;
    return null;
  };
  while (i < n) {
    const c = b[i];
    if (c === QUOTE) {
      if (!fieldStart) return { fail: '引号不在单元格开头' };
      let j = i + 1;
      for (;;) {
        const q = b.indexOf(QUOTE, j);
        if (q < 0) return { fail: '引号未闭合' };
        if (b[q + 1] === QUOTE) {
          j = q + 2;
          continue;
        }
        if (dirty && !dirty[fields - 1] && (edgeSpaceBytes(b, i + 1, q) || b.subarray(i + 1, q).indexOf(CR) >= 0)) dirty[fields - 1] = true;
        if (dirty && q > i + 1 && b[i + 1] === APOSTROPHE) return { fail: APOSTROPHE_CELL };
        if (seen && !seen.quotedCr) {
          if (nextCr !== -1 && nextCr <= i) nextCr = b.indexOf(CR, i + 1);
          if (nextCr !== -1 && nextCr < q) seen.quotedCr = true;
        }
        i = q + 1;
        break;
      }
      fieldStart = false;
      afterQuote = true;
      continue;
    }
    if (c === delimiter) {
      if (checkField()) return { fail: APOSTROPHE_CELL };
      fields++;
      fieldStart = true;
      afterQuote = false;
      i++;
      fieldAt = i;
      continue;
    }
    if (c === LF || c === CR) {
      if (c === CR ? !crlf || b[i + 1] !== LF : crlf) return { fail: '换行符不一致' };
      if (checkField()) return { fail: APOSTROPHE_CELL };
      const bad = endRecord();
      if (bad) return { fail: bad };
      i += c === CR ? 2 : 1;
      fields = 1;
      fieldStart = true;
      afterQuote = false;
      recStart = i;
      fieldAt = i;
      if (stopAfter !== null && records === stopAfter) return { records, end: i };
      continue;
    }
    if (afterQuote) return { fail: '引号后还有文字' };
    fieldStart = false;
    i++;
    while (i < n && plain[b[i]] === 1) i++;
  }
  if (i > recStart) {
    if (checkField()) return { fail: APOSTROPHE_CELL };
    const bad = endRecord();
    if (bad) return { fail: bad };
  }
  return stopAfter !== null && records < stopAfter ? { fail: '表头之后没有记录' } : { records, end: i };
}

/**
 * The bytes from `from` with each record's CR LF written as LF (a CR LF inside quotes is the cell's
 * own and stays): the engine's reader is told its line ending (`new_line = '\\n'`), as its CR LF
 * setting misreads quoted line breaks. `b` is known to scan cleanly (`scanRecords`).
 */
function recordsWithLf(b: Uint8Array, from: number, inPlace: boolean, quotedCr: boolean): Uint8Array {
  // In place when `b` is this reader's own copy (a Blob's bytes): the records move towards its start.
  const out = inPlace ? b : new Uint8Array(b.length - from);
  let o = 0;
  if (!quotedCr) {
    // No CR inside quotes: every CR ends a record (before its LF) and goes; the rest moves a run at a time.
    for (let pos = from; ;) {
      const cr = b.indexOf(CR, pos);
      const end = cr < 0 ? b.length : cr;
      if (inPlace) b.copyWithin(o, pos, end);
      else out.set(b.subarray(pos, end), o);
      o += end - pos;
      if (cr < 0) break;
      pos = cr + 1;
    }
    return out.subarray(0, o);
  }
  let inQuotes = false;
  for (let i = from; i < b.length; i++) {
    const c = b[i];
    if (c === QUOTE) inQuotes = !inQuotes;
    else if (c === CR && !inQuotes && b[i + 1] === LF) continue;
    out[o++] = c;
  }
  return inPlace || o < out.length ? out.subarray(0, o) : out;
}

/** Header columns the row-by-row reader fills from the row above when blank (import/mergedCells.ts). */
const FILLED: Record<TableKind, string[]> = {
  projects: ['town', 'period', 'period_start', 'period_end'],
  indicators: ['report_id', 'town', 'project_name', 'period', 'level1', 'level2'],
};

const HEAD_BYTES = 1 << 20;

interface CsvPlan {
  spec: CsvFastSpec;
  open: Exclude<ReturnType<typeof openTable>, { refused: unknown }>;
  headers: string[];
  headerRow: number;
}

/** The checks of the bytes, and what the engine is handed; null when the file must go the long way. */
async function planCsv(
  name: string,
  src: ByteSource,
  inMemory: boolean,
  onProgress?: (msg: string) => void,
  isHeader?: (cells: string[]) => boolean,
): Promise<CsvPlan | null> {
  if (src.size === 0 || src.size > MAX_CSV_BYTES) return null;
  const enc = encodingFromHead(await src.read(0, 8192));
  if (enc.error !== undefined || (enc.encoding !== null && enc.encoding !== 'utf-8-bom')) return null;
  const bytes = await readAll(src);
  const bom = enc.encoding === 'utf-8-bom' ? 3 : 0;
  onProgress?.(`正在检查 ${name}…`);
  // The header as the row-by-row reader finds it, from the file's first megabyte (cut at a line end).
  const cut = bytes.length <= HEAD_BYTES ? bytes.length : bytes.lastIndexOf(LF, HEAD_BYTES) + 1;
  if (cut <= 0) return null;
  const head = await readCsv(byteSource(bytes.subarray(0, cut)), { isHeader, name });
  // Valid UTF-8 past the first megabyte is the engine's reader's to check: it refuses anything else.
  if (head.error !== undefined || head.table.subHeaderRow !== undefined || !/^utf-8/.test(head.table.encoding ?? '')) return null;
  const t = head.table;
  const layout = csvLayout(new TextDecoder().decode(bytes.subarray(bom, cut)));
  if (layout.newline === '\r' || layout.delimiter.length !== 1) return null;
  const crlf = layout.newline === '\r\n';
  const delimiter = layout.delimiter.charCodeAt(0);
  const atData = scanRecords(bytes, bom, delimiter, crlf, null, t.headerRow);
  if ('fail' in atData) return null;
  const dirty: boolean[] = [];
  const seen = { quotedCr: false };
  const body = scanRecords(bytes, atData.end, delimiter, crlf, t.headers.length, null, dirty, seen);
  if ('fail' in body || body.records === 0) return null;
  const open = openTable(name, { ...t, rowCount: body.records });
  if ('refused' in open) return null;
  const required = new Set(
    columnsOf(open.kind)
      .filter((c) => c.required)
      .map((c) => c.id),
  );
  const mustHave = new Set<number>([0]);
  for (const m of open.mapping.matched) if (required.has(m.def.id) || FILLED[open.kind].includes(m.def.id)) mustHave.add(m.index);
  const spec: CsvFastSpec = {
    data: crlf
      ? recordsWithLf(bytes, atData.end, !inMemory, seen.quotedCr)
      : inMemory
        ? bytes.slice(atData.end)
        : bytes.subarray(atData.end),
    delimiter: layout.delimiter,
    width: t.headers.length,
    records: body.records,
    headers: t.headers,
    mustHave: [...mustHave].sort((x, y) => x - y),
    clean: cleanColumns(t.headers.length, dirty),
  };
  return { spec, open, headers: t.headers, headerRow: t.headerRow };
}

/**
 * A CSV export staged by the engine's reader, or null when it must be read the long way. `put` is
 * where the records go (the engine: `readCsvStage`); the file itself is not held meanwhile (the long
 * way reads it again from its source).
 */
export async function stageCsvFast(
  name: string,
  src: ByteSource,
  /** The file's bytes are the caller's (read again the long way): copied, not changed in place. */
  inMemory: boolean,
  put: PutCsv,
  onProgress?: (msg: string) => void,
  isHeader?: (cells: string[]) => boolean,
): Promise<RawStage | null> {
  const plan = await planCsv(name, src, inMemory, onProgress, isHeader);
  if (!plan) return null;
  const { open, headers, headerRow, spec } = plan;
  const stage: RawStage = {
    kind: open.kind,
    file: name,
    report: open.report,
    headerWarnings: open.report.warnings.length,
    headers,
    headersById: open.headersById,
    headerCols: headers.map((_, i) => quoteIdent(`c${i}`)),
    cleanText: spec.clean.map((i) => quoteIdent(`c${i}`)),
    rowExpr: `(r.rowid + ${Math.trunc(headerRow) + 1})`,
    filledCol: null,
    fills: {},
    rows: spec.records,
  };
  return (await put(spec, stage)) ? stage : null;
}

/** A cell of only what trimming removes is blank. */
const BLANK = `'${SPACE_CLASS}*'`;

/** The same characters, for trim(): a cell equal to a header but for surrounding blanks repeats it. */
const SPACES = `'${JS_SPACE.map((c) => String.fromCodePoint(c)).join('')}'`;

let fileSeq = 0;

/**
 * The engine side: the records of `spec` into `table` (created) by DuckDB's CSV reader, then the
 * cell checks; false (and no table) when the reader or a check says the file must be read the long way.
 */
export async function readCsvStage(engine: Engine, table: string, spec: CsvFastSpec): Promise<boolean> {
  const file = `_import_${++fileSeq}.csv`;
  const cols = Array.from({ length: spec.width }, (_, i) => `c${i}`);
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  await engine.registerFile(file, spec.data);
  try {
    await engine.exec(
      `CREATE TABLE ${table} AS SELECT * FROM read_csv(${q(file)}, header = false, auto_detect = false, delim = ${q(spec.delimiter)},
         quote = '"', escape = '"', new_line = '\\n', columns = {${cols.map((c) => `${q(c)}: 'VARCHAR'`).join(', ')}}, strict_mode = true,
         null_padding = false, max_line_size = ${MAX_RECORD_CHARS * 4}, compression = 'none')`,
    );
  } catch {
    await engine.exec(`DROP TABLE IF EXISTS ${table}`);
    return false;
  } finally {
    await engine.dropFile(file);
  }
  // A column with no value the text rule changes has no cell of blanks only: blank is NULL or ''.
  const blank = (i: number) =>
    spec.clean.includes(i) ? `(${cols[i]} IS NULL OR ${cols[i]} = '')` : `(${cols[i]} IS NULL OR regexp_full_match(${cols[i]}, ${BLANK}))`;
  const heads = spec.headers.map((h, i) => [h.trim(), cols[i]] as const).filter(([h]) => h !== '');
  const [check] = await engine.query<{ n: number; odd: number }>(
    `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE
        ${spec.mustHave.map(blank).join(' OR ')}
        OR contains(c0, '合计') OR contains(c0, '总计') OR contains(c0, '小计')
        OR ${heads.length ? heads.map(([, c]) => `(CASE WHEN contains(${c}, ?) THEN trim(${c}, ${SPACES}) = ? ELSE false END)::INTEGER`).join(' + ') : '0'} >= 2
      )::INTEGER AS odd
     FROM ${table}`,
    heads.flatMap(([h]) => [h, h]),
  );
  if (check.n === spec.records && check.odd === 0) return true;
  await engine.exec(`DROP TABLE IF EXISTS ${table}`);
  return false;
}

/** `readCsvStage` into a file's staging table (nothing staged in it yet). */
export async function putCsvStage(stager: IndicatorStager, spec: CsvFastSpec): Promise<boolean> {
  if (stager.used) return false;
  const ok = await readCsvStage(stager.engine, stager.name, spec);
  if (ok) stager.used = true;
  return ok;
}
