/**
 * One file → normalised rows + its load report. Pure (no engine): the browser worker, the CLI
 * and the tests all call this, then hand the rows to `store.ts`.
 */
import type { TableKind } from '../contract/columns';
import { looksLikeHeaderRow } from '../contract/headers';
import { normaliseIndicator, normaliseProject, type RowResult } from './normalise';
import type { IndicatorRow, ProjectRow } from '../contract/rows';
import { isParquet, readTable, type RawTable } from './readTable';
import { isWorkbook, type SheetTable } from './workbook';
import { stageParquet, stageRecords, type PutChunk, type RawStage } from './staged/stageRaw';
import { stageCsvFast, type PutCsv } from './staged/csvFast';
import { EXPECTED_FILES, refused, type FileReport } from './report';
import { decodeText } from './decode';
import { isDocx, docxLines } from './forms/docx';
import { docLines, isOleFile, MAX_DOC_BYTES } from './forms/doc';
import { importForms, looksLikeFormLines, looksLikeFormText, looksLikeHtml, looksLikeMht } from './forms/importForm';
import { FORM_TITLE, textLines } from './forms/parseForm';
import { byteSource, readAll, type ByteSource, type FileContent } from './byteSource';
import { budgetMedian, eachRecord, finishReport, mergeWarnings, openTable, rawCells, warnUnitMismatch } from './tableRecords';

export interface ImportedFile {
  report: FileReport;
  projects: ProjectRow[];
  indicators: IndicatorRow[];
}

/** Where indicator rows go, `rows` at a time, instead of the returned array (large files). */
export interface IndicatorSink {
  rows: number;
  sink: (rows: IndicatorRow[]) => void;
}

/** The report of a file that could not be read as a table. */
function readRefused(name: string, read: { error: string; format: FileReport['format']; encoding?: string }): FileReport {
  const why = read.error.replace(/。$/, '');
  const expected = /上限/.test(why) ? '' : EXPECTED_FILES;
  return refused(name, read.format, `无法读取「${name}」：${why}。${expected}`, [], read.encoding);
}

/**
 * A CSV or Parquet export staged for the engine (`staged/`): its raw cells go to `put` a large piece at
 * a time, and what the engine needs to normalise them is returned. Null for anything else (a form, a
 * workbook), which `importInput` reads row by row.
 */
export async function stageFile(
  name: string,
  content: FileContent,
  put: PutChunk,
  onProgress?: (msg: string) => void,
  putCsv?: PutCsv,
): Promise<RawStage | { refused: FileReport } | null> {
  const src = byteSource(content);
  const head = await src.read(0, 64);
  if (isWorkbook(name, head) || (await readAsForm(name, src))) return null;
  onProgress?.(`正在解析 ${name}…`);
  if (isParquet(head)) return stageParquet(name, await readAll(src), put, onProgress);
  // A plain UTF-8 CSV is read by the engine's own reader; anything it cannot vouch for, record by record.
  const fast =
    putCsv && !/\.parquet$/i.test(name)
      ? await stageCsvFast(name, src, content instanceof Uint8Array, putCsv, onProgress, looksLikeHeaderRow)
      : null;
  if (fast) return fast;
  const read = await readTable(name, content, { onProgress, isHeader: looksLikeHeaderRow });
  if (read.error !== undefined) return { refused: readRefused(name, read) };
  return stageRecords(name, read.table, put, onProgress);
}

/**
 * One file → what it holds: one table, one form, or several forms one after another (each with its
 * own report, 「文件（第 k 份表单）」). `content`: the file's bytes, or a Blob (a File the user chose)
 * read a piece at a time.
 */
export async function importFiles(
  name: string,
  content: FileContent,
  kindHint?: TableKind,
  onProgress?: (msg: string) => void,
  out?: IndicatorSink,
): Promise<ImportedFile[]> {
  onProgress?.(`正在解析 ${name}…`);
  const empty = { projects: [], indicators: [] };
  const form = await readAsForm(name, byteSource(content));
  if (form) {
    if ('error' in form) return [{ ...empty, report: refused(name, 'form', `无法读取表单「${name}」：${form.error}`) }];
    return importForms(name, form.lines, form.encoding).map((f) => ({ report: f.report, projects: f.projects, indicators: f.indicators }));
  }
  const read = await readTable(name, content, { onProgress, isHeader: looksLikeHeaderRow });
  if (read.error !== undefined) return [{ ...empty, report: readRefused(name, read) }];
  return [await importTable(name, read.table, kindHint, onProgress, out)];
}

/** A file that holds one table or one form (the tests' files); one holding several forms is an error here — use `importFiles`. */
export async function importFile(
  name: string,
  content: FileContent,
  kindHint?: TableKind,
  onProgress?: (msg: string) => void,
  out?: IndicatorSink,
): Promise<ImportedFile> {
  const all = await importFiles(name, content, kindHint, onProgress, out);
  if (all.length !== 1) throw new Error(`「${name}」中有 ${all.length} 份表单：请用 importFiles 读取`);
  return all[0];
}

/**
 * A raw table (a CSV, a Parquet file, a workbook's sheet) → normalised rows + its load report, row
 * by row. `merged`: cells a workbook's merged ranges gave to the rows below (reported here, as the
 * CSV path's fills are).
 */
export async function importTable(
  name: string,
  t: RawTable,
  kindHint?: TableKind,
  onProgress?: (msg: string) => void,
  out?: IndicatorSink,
  merged: SheetTable['merged'] = [],
): Promise<ImportedFile> {
  const empty = { projects: [], indicators: [] };
  const open = openTable(name, t, kindHint);
  if ('refused' in open) return { ...empty, report: open.refused };
  const { kind, headersById, report } = open;
  const projects: ProjectRow[] = [];
  let indicators: IndicatorRow[] = [];
  let indicatorsOut = 0;
  const flush = () => {
    if (!out || indicators.length === 0) return;
    out.sink(indicators);
    indicatorsOut += indicators.length;
    indicators = [];
  };
  let seq = 0;
  const read = await eachRecord(name, t, open, onProgress, (rec, cells) => {
    const result: RowResult<ProjectRow | IndicatorRow> =
      kind === 'projects'
        ? normaliseProject({ cells, headers: headersById }, name, rec.row)
        : normaliseIndicator({ cells, headers: headersById }, name, rec.row, seq++);
    for (const w of result.warnings) report.warnings.push({ row: rec.row, ...w });
    if (result.errors !== undefined) {
      report.rejected.push({ row: rec.row, issues: result.errors, raw: rawCells(t.headers, rec.cells) });
      return;
    }
    if (kind === 'projects') {
      // The same 报告编号 twice (in this file or against data loaded before) is found and said at commit.
      projects.push(result.row as ProjectRow);
    } else {
      indicators.push(result.row as IndicatorRow);
      if (out && indicators.length >= out.rows) flush();
    }
  });
  if ('refused' in read) return { ...empty, report: read.refused };
  flush();
  mergeWarnings(report, merged, read.fills);
  if (kind === 'projects') warnUnitMismatch(budgetMedian(projects.map((r) => r.budget_initial)), projects, headersById, report);
  finishReport(report, projects.length, indicators.length + indicatorsOut);
  return { report, projects, indicators };
}

/** Pictures and all: a 单个文件网页 of a few pages of form is well under this. */
const MAX_MHT_BYTES = 30 * 1024 * 1024;

/**
 * A 单个文件网页 (.mht): its page, decoded by postal-mime (MIME parts, quoted-printable or base64, the
 * page's charset — GB2312 as Word writes it), is read as a form saved as a web page. Anything else in
 * one is refused in words: its text is not a table.
 */
async function mhtForm(name: string, src: ByteSource): Promise<{ lines: string[][] } | { error: string }> {
  if (src.size > MAX_MHT_BYTES)
    return {
      error: `文件有 ${(src.size / 1024 / 1024).toFixed(1)} MB，超过单个文件网页（.mht）表单的上限 ${MAX_MHT_BYTES / 1024 / 1024} MB，未读取`,
    };
  // The MIME parser is loaded only when such a file is opened: it stays out of the first screen's bundle.
  const { default: PostalMime } = await import('postal-mime');
  let html: string | undefined;
  try {
    html = (await PostalMime.parse(await readAll(src))).html;
  } catch (e) {
    return {
      error: `这个单个文件网页（.mht）无法读取（可在 Word 或 WPS 中另存为 .docx 后再加载）。读取程序的原始信息：${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (!html) return { error: '这是一个单个文件网页（.mht），但其中没有网页正文' };
  const lines = await webPageForm(html);
  return lines
    ? { lines }
    : { error: '这是一个单个文件网页（.mht），但其中的网页不是跟踪评价表单（没有表单标题「财政项目支出绩效运行监控」或其表格）' };
}

/** A web page's form as lines of cells (its tables, not its tags), or null when the page is not the form. */
async function webPageForm(html: string): Promise<string[][] | null> {
  if (!FORM_TITLE.test(html)) return null;
  // The HTML parser is loaded only when a web page is opened: it stays out of the first screen's bundle.
  const { htmlLines } = await import('./forms/html');
  const lines = htmlLines(html);
  return looksLikeFormLines(lines) ? lines : null;
}

/** A .docx or .doc, or text that is the tracking form itself, is read as a form; anything else as a table. */
async function readAsForm(name: string, src: ByteSource): Promise<{ lines: string[][]; encoding?: string } | { error: string } | null> {
  const head = await src.read(0, 8);
  if (isDocx(head)) {
    // A .docx saved under a .doc name (WPS does) is read as what it is.
    if (!/\.docx?$/i.test(name)) return null;
    try {
      return { lines: docxLines(await readAll(src), name) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }
  // Word 97-2003, and WPS 文字's own .wps/.wpt (the same compound-file document).
  if (isOleFile(head) && /\.(doc|wps|wpt)$/i.test(name)) {
    if (src.size > MAX_DOC_BYTES)
      return { error: `文件有 ${(src.size / 1024 / 1024).toFixed(1)} MB，超过 Word 表单的上限 ${MAX_DOC_BYTES / 1024 / 1024} MB，未读取` };
    try {
      return { lines: await docLines(await readAll(src)) };
    } catch (e) {
      return {
        error: `这个 ${/\.wpt?$/i.test(name) ? 'WPS 文字' : 'Word 97-2003'} 文件无法读取（文件可能已损坏、加密，或不是 Word 文档；可在 Word 或 WPS 中另存为 .docx 后再加载）。读取程序的原始信息：${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  if (src.size > 0 && looksLikeMht(new TextDecoder('latin1').decode(await src.read(0, 4096)))) return mhtForm(name, src);
  // Forms are a few pages of text; anything large is an export table.
  if (src.size === 0 || src.size > 5 * 1024 * 1024 || /\.parquet$/i.test(name)) return null;
  const d = await decodeText(src);
  if (d.error !== undefined) return null;
  // A form saved as a web page (Word's 另存为网页, a system's print view): its tables, not its tags.
  if (looksLikeHtml(d.text)) {
    const lines = await webPageForm(d.text);
    return lines ? { lines, encoding: d.encoding } : null;
  }
  if (!looksLikeFormText(d.text)) return null;
  return { lines: textLines(d.text), encoding: d.encoding };
}
