/**
 * An Excel workbook (.xlsx / .xlsm / .xls) → one raw table per sheet, read by SheetJS (0.20, from the
 * registry as `@e965/xlsx`; loaded only when a workbook is opened). Every sheet is looked at; the
 * caller keeps those whose header reads as a contract table. Cells become the text the CSV path
 * reads, so the same normalisation, rejections and warnings apply: numbers as plain digits, a
 * percentage-formatted 0.36 as 「36%」, a date-formatted serial number as 「2024-08-31」, text as typed
 * (千分位 and all). Vertically merged cells (街镇名称 over several projects, 一级目标 over indicators)
 * give their value to every row they span, and each fill is reported. Rows are numbered as Excel
 * shows them. Limits (file, inflated parts, rows, columns, cell length) are checked before the work
 * they bound, and each refusal names the file and the limit.
 */
import { headerAt } from '../contract/headers';
import type { RawRecord, RawTable } from './readTable';
import { checkZip, ZipLimitError } from './zipLimits';
import { isDocx } from './forms/docx';
import { isOleFile } from './forms/doc';
import { FORM_TITLE } from './forms/parseForm';

/** Excel's, and WPS 表格's own .et/.ett (the same compound-file workbook as .xls, read by the same reader). */
export const WORKBOOK_NAME = /\.(xlsx|xlsm|xls|et|ett)$/i;
export const MAX_WORKBOOK_BYTES = 60 * 1024 * 1024;
/** Inflated size of the parts of an .xlsx that are read (sheets, shared strings, styles). */
export const WORKBOOK_ZIP_LIMITS = { memberBytes: 150 * 1024 * 1024, totalBytes: 300 * 1024 * 1024 };
export const MAX_SHEET_ROWS = 300_000;
export const MAX_SHEET_COLUMNS = 256;
/** Excel's own limit on the characters of a cell. */
export const MAX_CELL_CHARS = 32_767;

export type WorkbookFormat = 'xlsx' | 'xls';

export interface SheetTable {
  sheet: string;
  /** Rows and columns the sheet holds (its used range), for the report of a skipped sheet. */
  rows: number;
  /** Null: the sheet is empty. */
  table: RawTable | null;
  /** Why the sheet could not be read at all (over a limit). */
  error?: string;
  /** Merged cells whose value was given to the rows below (per column header): reported by the caller. */
  merged: { header: string; rows: number[]; count: number }[];
  /**
   * When the form's title is among the sheet's first rows (a town that filled the form in Excel): every
   * row as its cells, a horizontally merged cell as one cell (as a Word table's), for the form reader.
   */
  formLines?: string[][];
}

export type WorkbookResult =
  { format: WorkbookFormat; sheets: SheetTable[]; error?: undefined } | { error: string; format: WorkbookFormat };

/**
 * Systems that 「导出 Excel」 often write an HTML table or an XML Spreadsheet 2003 under an .xls name:
 * text starting with `<` (after a BOM or blanks).
 */
export function isMarkupWorkbook(head: Uint8Array): boolean {
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x09 || head[i] === 0x0a || head[i] === 0x0d)) i++;
  return head[i] === 0x3c;
}

/** A workbook by its name and its first bytes (a zip, an OLE compound file, or an HTML/XML table). */
export function isWorkbook(name: string, head: Uint8Array): boolean {
  return WORKBOOK_NAME.test(name) && (isDocx(head) || isOleFile(head) || isMarkupWorkbook(head));
}

type XLSX = typeof import('@e965/xlsx');
type Cell = import('@e965/xlsx').CellObject;

/** `isHeader`: whether a row is the header (rows above it are titles and notes, skipped and reported). */
export async function readWorkbook(name: string, bytes: Uint8Array, isHeader: (cells: string[]) => boolean): Promise<WorkbookResult> {
  const format: WorkbookFormat = isDocx(bytes) ? 'xlsx' : 'xls';
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (bytes.length > MAX_WORKBOOK_BYTES) {
    return {
      format,
      error: `工作簿有 ${mb(bytes.length)}，超过可加载的上限 ${mb(MAX_WORKBOOK_BYTES)}，未读取。请在 Excel 中把各表「另存为」CSV UTF-8 后加载（CSV 无此上限）`,
    };
  }
  if (isDocx(bytes)) {
    try {
      checkZip(name, bytes, (n) => /\.(xml|rels|bin)$/i.test(n), WORKBOOK_ZIP_LIMITS);
    } catch (e) {
      return { format, error: e instanceof ZipLimitError ? e.message : `工作簿无法解压：${String(e)}` };
    }
  }
  const XLSX: XLSX = await import('@e965/xlsx');
  let wb: import('@e965/xlsx').WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', dense: true, cellNF: true, cellDates: false, cellHTML: false, sheetRows: MAX_SHEET_ROWS + 1 });
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return {
      format,
      error: `工作簿无法读取（文件可能已损坏、加密，或不是 Excel 工作簿${/\.ett?$/i.test(name) ? '；WPS 表格文件可在 WPS 中「另存为」Excel 工作簿 .xlsx 后再加载' : ''}）。读取程序的原始信息：${why}`,
    };
  }
  const date1904 = !!wb.Workbook?.WBProps?.date1904;
  const sheets = wb.SheetNames.map((sheet) => readSheet(format, XLSX, sheet, wb.Sheets[sheet], date1904, isHeader));
  return { format, sheets };
}

function readSheet(
  format: WorkbookFormat,
  XLSX: XLSX,
  sheet: string,
  ws: import('@e965/xlsx').WorkSheet,
  date1904: boolean,
  isHeader: (cells: string[]) => boolean,
): SheetTable {
  const ref = ws['!fullref'] ?? ws['!ref'];
  if (!ref) return { sheet, rows: 0, table: null, merged: [] };
  const range = XLSX.utils.decode_range(ref);
  const rows = range.e.r - range.s.r + 1;
  const cols = range.e.c - range.s.c + 1;
  if (rows > MAX_SHEET_ROWS + 1)
    return {
      sheet,
      rows,
      table: null,
      merged: [],
      error: `工作表「${sheet}」有 ${rows.toLocaleString('zh-CN')} 行，超过上限 ${MAX_SHEET_ROWS.toLocaleString('zh-CN')} 行，未读取。请拆分，或另存为 CSV 后加载`,
    };
  if (cols > MAX_SHEET_COLUMNS)
    return {
      sheet,
      rows,
      table: null,
      merged: [],
      error: `工作表「${sheet}」有 ${cols} 列，超过上限 ${MAX_SHEET_COLUMNS} 列，未读取`,
    };
  const data = (ws['!data'] ?? []) as (Cell | undefined)[][];
  const text = (r: number, c: number): string => cellText(XLSX, data[r]?.[c], date1904);
  const line = (r: number) => Array.from({ length: range.e.c + 1 }, (_, c) => (c < range.s.c ? '' : text(r, c)));
  const blank = (cells: string[]) => cells.every((c) => c.trim() === '');
  // The header: the first row that reads as one within the first 20 non-blank rows (else the first
  // non-blank row) — with the row below it when that one names the columns under its group cells.
  const early: number[] = [];
  let headerIdx = -1;
  let subIdx = -1;
  let combined: string[] | null = null;
  for (let r = range.s.r; r <= range.e.r && early.length < 20; r++) {
    const cells = line(r);
    if (blank(cells)) continue;
    early.push(r);
    let r2 = r + 1;
    while (r2 <= range.e.r && blank(line(r2))) r2++;
    const found = headerAt(cells, r2 <= range.e.r ? line(r2) : null, isHeader);
    if (found) {
      headerIdx = r;
      if (found.rows === 2) [subIdx, combined] = [r2, found.headers];
      break;
    }
  }
  if (early.length === 0) return { sheet, rows, table: null, merged: [] };
  const formLines = early.some((r) => line(r).some((c) => FORM_TITLE.test(c))) ? sheetLines(ws, range, text) : undefined;
  if (headerIdx < 0) headerIdx = early[0];
  const lastHeader = Math.max(headerIdx, subIdx);
  const headerCells = (combined ?? line(headerIdx)).map((c) => c.trim());
  // Trailing blank header cells are not columns.
  let width = headerCells.length;
  while (width > 0 && headerCells[width - 1] === '') width--;
  const headers = headerCells.slice(0, width);
  const above = early
    .filter((r) => r < headerIdx)
    .map((r) => ({
      row: r + 1,
      text: line(r)
        .map((c) => c.trim())
        .filter(Boolean)
        .join(' ')
        .slice(0, 200),
    }));
  // Vertically merged cells below the header: the top cell's value on every row of the merge (first column of it only).
  const filled = new Map<string, string>();
  const merged = new Map<number, { rows: number[]; count: number }>();
  for (const m of ws['!merges'] ?? []) {
    if (m.s.r <= lastHeader || m.e.r === m.s.r || m.s.c >= width) continue;
    const v = text(m.s.r, m.s.c);
    if (v.trim() === '') continue;
    for (let r = m.s.r + 1; r <= m.e.r; r++) {
      if (text(r, m.s.c).trim() !== '') continue;
      filled.set(`${r}:${m.s.c}`, v);
      const f = merged.get(m.s.c) ?? { rows: [], count: 0 };
      f.count++;
      if (f.rows.length < 20) f.rows.push(r + 1);
      merged.set(m.s.c, f);
    }
  }
  const records: RawRecord[] = [];
  for (let r = lastHeader + 1; r <= range.e.r; r++) {
    const cells = Array.from({ length: width }, (_, c) => filled.get(`${r}:${c}`) ?? text(r, c));
    // A value in a column with no header: said, as a CSV row with more cells than its header is.
    let extra = '';
    for (let c = width; c <= range.e.c; c++) {
      if (text(r, c).trim() !== '') {
        extra = XLSX.utils.encode_cell({ r, c });
        break;
      }
    }
    if (blank(cells) && !extra) continue;
    const long = cells.findIndex((c) => c.length > MAX_CELL_CHARS);
    const problem =
      long >= 0
        ? `单元格 ${XLSX.utils.encode_cell({ r, c: long })}（「${headers[long] || `第${long + 1}列`}」）有 ${cells[long].length.toLocaleString('zh-CN')} 个字符，超过单元格上限 ${MAX_CELL_CHARS.toLocaleString('zh-CN')} 个字符`
        : extra
          ? `单元格 ${extra} 有内容，但该列没有表头（表头只有 ${width} 列）`
          : undefined;
    records.push({ row: r + 1, cells: long >= 0 ? cells.map((c) => c.slice(0, 2000)) : cells, problem });
  }
  const table: RawTable = {
    format,
    headers,
    headerRow: headerIdx + 1,
    subHeaderRow: subIdx >= 0 ? subIdx + 1 : undefined,
    above,
    rowCount: records.length,
    async *chunks() {
      yield records;
    },
  };
  return {
    sheet,
    rows,
    table,
    merged: [...merged].map(([c, f]) => ({ header: headers[c] || `第${c + 1}列`, ...f })),
    formLines,
  };
}

/** The sheet's rows as cells, the cells a merge covers to the right of its first column left out. */
function sheetLines(
  ws: import('@e965/xlsx').WorkSheet,
  range: import('@e965/xlsx').Range,
  text: (r: number, c: number) => string,
): string[][] {
  const covered = new Set<string>();
  for (const m of ws['!merges'] ?? [])
    for (let r = m.s.r; r <= m.e.r; r++) for (let c = m.s.c + 1; c <= m.e.c; c++) covered.add(`${r}:${c}`);
  const out: string[][] = [];
  for (let r = range.s.r; r <= range.e.r; r++) {
    const cells: string[] = [];
    for (let c = range.s.c; c <= range.e.c; c++) if (!covered.has(`${r}:${c}`)) cells.push(text(r, c));
    out.push(cells);
  }
  return out;
}

const DATE_ONLY = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** A cell as the text the CSV path reads. */
function cellText(XLSX: XLSX, cell: Cell | undefined, date1904: boolean): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  const fmt = typeof cell.z === 'string' ? cell.z : '';
  switch (cell.t) {
    case 's':
    case 'str' as Cell['t']:
      return String(cell.v);
    case 'b':
      return cell.v ? '是' : '否';
    case 'e':
      return cell.w ?? '#错误';
    case 'd':
      return cell.v instanceof Date ? DATE_ONLY(cell.v.getFullYear(), cell.v.getMonth() + 1, cell.v.getDate()) : String(cell.v);
    case 'n': {
      const v = Number(cell.v);
      if (fmt && XLSX.SSF.is_date(fmt)) {
        const p = XLSX.SSF.parse_date_code(v, { date1904 });
        if (p) return DATE_ONLY(p.y, p.m, p.d);
      }
      // A percentage format shows 0.36 as 36%: the CSV path reads 「36%」 as 36.
      if (/%/.test(fmt.replace(/"[^"]*"|\\./g, ''))) return `${Number((v * 100).toPrecision(12))}%`;
      return String(Number(v.toPrecision(15)));
    }
    default:
      return cell.w ?? String(cell.v);
  }
}
