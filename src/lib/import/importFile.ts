/**
 * One file → normalised rows + its load report. Pure (no engine): the browser worker, the CLI
 * and the tests all call this, then hand the rows to `store.ts`.
 */
import { columnsOf, TABLE_LABEL, chineseHeader, type TableKind } from '../contract/columns';
import { guessKind, looksLikeHeaderRow, mapHeaders, type HeaderMatch } from '../contract/headers';
import { normaliseIndicator, normaliseProject, type RowResult } from './normalise';
import type { IndicatorRow, ProjectRow } from '../contract/rows';
import { readTable, type RawTable } from './readTable';
import type { SheetTable } from './workbook';
import { refused, type FileReport } from './report';
import { decodeText } from './decode';
import { isDocx, docxLines } from './forms/docx';
import { docLines, isOleFile, MAX_DOC_BYTES } from './forms/doc';
import { importForm, looksLikeFormText } from './forms/importForm';
import { textLines } from './forms/parseForm';
import { byteSource, readAll, type ByteSource, type FileContent } from './byteSource';
import { mergedCellFiller } from './mergedCells';

export interface ImportedFile {
  report: FileReport;
  projects: ProjectRow[];
  indicators: IndicatorRow[];
}

const MAX_WARNINGS = 20_000;

function expectedColumns(kind: TableKind): string {
  return columnsOf(kind)
    .filter((c) => c.required)
    .map((c) => chineseHeader(c))
    .join('、');
}

/** Where indicator rows go, `rows` at a time, instead of the returned array (large files). */
export interface IndicatorSink {
  rows: number;
  sink: (rows: IndicatorRow[]) => void;
}

/** `content`: the file's bytes, or a Blob (a File the user chose) read a piece at a time. */
export async function importFile(
  name: string,
  content: FileContent,
  kindHint?: TableKind,
  onProgress?: (msg: string) => void,
  out?: IndicatorSink,
): Promise<ImportedFile> {
  onProgress?.(`正在解析 ${name}…`);
  const empty = { projects: [], indicators: [] };
  const form = await readAsForm(name, byteSource(content));
  if (form) {
    if ('error' in form) return { ...empty, report: refused(name, 'form', `无法读取表单「${name}」：${form.error}`) };
    const f = importForm(name, form.lines, 'form', form.encoding);
    return { report: f.report, projects: f.projects, indicators: f.indicators };
  }
  const read = await readTable(name, content, { onProgress, isHeader: looksLikeHeaderRow });
  if (read.error !== undefined) {
    const why = read.error.replace(/。$/, '');
    const expected = /上限/.test(why) ? '' : '应为项目表或指标表的 CSV（UTF-8、GBK 或 UTF-16）或 Parquet 文件。';
    return { ...empty, report: refused(name, read.format, `无法读取「${name}」：${why}。${expected}`, [], read.encoding) };
  }
  return importTable(name, read.table, kindHint, onProgress, out);
}

/**
 * A raw table (a CSV, a Parquet file, a workbook's sheet) → normalised rows + its load report.
 * `merged`: cells a workbook's merged ranges gave to the rows below (reported here, as the CSV
 * path's fills are).
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
  const kind = kindHint ?? guessKind(t.headers);
  if (!kind) {
    return {
      ...empty,
      report: refused(
        name,
        t.format,
        `「${name}」不是数据约定中的表：项目表至少需要 ${expectedColumns('projects')} 列，指标表至少需要 ${expectedColumns('indicators')} 列。文件中的列为：${t.headers.join('、') || '（无）'}`,
        t.headers,
        t.encoding,
      ),
    };
  }
  const mapping = mapHeaders(kind, t.headers);
  const have = new Set(mapping.matched.map((m) => m.def.id));
  const missing = columnsOf(kind)
    .filter((c) => c.required && !have.has(c.id))
    .map((c) => chineseHeader(c));
  if (kind === 'projects' && !have.has('period') && !(have.has('period_start') && have.has('period_end')))
    missing.push('跟踪时段（或 跟踪时段开始 + 跟踪时段结束）');
  if (
    kind === 'indicators' &&
    !have.has('report_id') &&
    !(have.has('town') && have.has('project_name') && (have.has('period') || have.has('period_start')))
  ) {
    missing.push('报告编号（或 街镇名称 + 项目名称 + 跟踪时段）');
  }
  if (missing.length) {
    return {
      ...empty,
      report: refused(
        name,
        t.format,
        `「${name}」看起来是${TABLE_LABEL[kind]}，但缺少必需的列：${missing.join('、')}。文件中的列为：${t.headers.join('、')}`,
        t.headers,
        t.encoding,
      ),
    };
  }
  const headersById: Record<string, HeaderMatch> = {};
  for (const m of mapping.matched) headersById[m.def.id] = m;
  const report: FileReport = {
    file: name,
    format: t.format,
    encoding: t.encoding,
    kind,
    status: 'loaded',
    headersFound: t.headers,
    unknownColumns: mapping.unknown,
    rowsRead: t.rowCount,
    rowsLoaded: 0,
    projectsLoaded: 0,
    indicatorsLoaded: 0,
    rowsRejected: 0,
    rejected: [],
    warnings: [],
  };
  for (const a of t.above)
    report.warnings.push({
      row: a.row,
      column: '（整行）',
      reason: `表头（第 ${t.headerRow} 行）之前的标题或说明行，已跳过：「${a.text}」`,
    });
  for (const d of mapping.duplicates) report.warnings.push({ row: t.headerRow, column: d, reason: `列「${d}」重复出现，只使用第一列` });
  if (mapping.unknown.length) {
    report.warnings.push({
      row: t.headerRow,
      column: mapping.unknown.join('、'),
      reason: `不在数据约定中的列已保留在文件中但不参与分析：${mapping.unknown.join('、')}`,
    });
  }
  const projects: ProjectRow[] = [];
  let indicators: IndicatorRow[] = [];
  let indicatorsOut = 0;
  const flush = () => {
    if (!out || indicators.length === 0) return;
    out.sink(indicators);
    indicatorsOut += indicators.length;
    indicators = [];
  };
  // Sheets saved from Excel with merged cells: blanks continue the row above (reported once per column set).
  const filler = t.format !== 'parquet' ? mergedCellFiller(kind, have) : null;
  const fills: Record<string, { rows: number[]; count: number }> = {};
  let seq = 0;
  let n = -1;
  try {
    for await (const chunk of t.chunks()) {
      for (let k = 0; k < chunk.length; k++) {
        n++;
        const rec = chunk[k];
        // Let the raw cells go as soon as the row is read (large files hold a million of them).
        (chunk as unknown[])[k] = undefined;
        if (n > 0 && n % 20000 === 0)
          onProgress?.(`${name}：已处理 ${n.toLocaleString('zh-CN')} / ${t.rowCount.toLocaleString('zh-CN')} 行`);
        /** The row as read, by header: kept only for rows that are rejected (shown and downloadable). */
        const raw = () => {
          const out: Record<string, string> = {};
          t.headers.forEach((h, i) => {
            out[h || `第${i + 1}列`] = rec.cells[i] === null || rec.cells[i] === undefined ? '' : String(rec.cells[i]);
          });
          return out;
        };
        if (rec.problem) {
          report.rejected.push({ row: rec.row, issues: [{ column: '（整行）', reason: rec.problem }], raw: raw() });
          continue;
        }
        // A row with fewer cells than the header: rejected when a required column is cut off, else warned.
        if (t.format === 'csv' && rec.cells.length < t.headers.length) {
          const cut = mapping.matched.filter((m) => m.index >= rec.cells.length);
          const required = cut.filter((m) => m.def.required);
          const what = `表头 ${t.headers.length} 列，此行只有 ${rec.cells.length} 列`;
          if (required.length) {
            report.rejected.push({
              row: rec.row,
              issues: [
                {
                  column: required.map((m) => m.header).join('、'),
                  reason: `列数与表头不符：${what}，缺少必填列「${required.map((m) => m.header).join('、')}」（此行可能被截断或换行断开）`,
                },
              ],
              raw: raw(),
            });
            continue;
          }
          report.warnings.push({
            row: rec.row,
            column: '（整行）',
            reason: `${what}：末尾的 ${t.headers.length - rec.cells.length} 列（${t.headers.slice(rec.cells.length).join('、')}）按空白处理`,
          });
        }
        const cells: Record<string, unknown> = {};
        for (const m of mapping.matched) cells[m.def.id] = rec.cells[m.index];
        if (filler) {
          const filled = filler.fill(cells);
          if (filled.length) {
            const cols = filled.map((id) => headersById[id]?.header ?? id).join('、');
            const f = (fills[cols] ??= { rows: [], count: 0 });
            f.count++;
            if (f.rows.length < 20) f.rows.push(rec.row);
          }
        }
        const result: RowResult<ProjectRow | IndicatorRow> =
          kind === 'projects'
            ? normaliseProject({ cells, headers: headersById }, name, rec.row)
            : normaliseIndicator({ cells, headers: headersById }, name, rec.row, seq++);
        for (const w of result.warnings) report.warnings.push({ row: rec.row, ...w });
        if (result.errors !== undefined) {
          report.rejected.push({ row: rec.row, issues: result.errors, raw: raw() });
          continue;
        }
        if (kind === 'projects') {
          // The same 报告编号 twice (in this file or against data loaded before) is found and said at commit.
          projects.push(result.row as ProjectRow);
        } else {
          indicators.push(result.row as IndicatorRow);
          if (out && indicators.length >= out.rows) flush();
        }
      }
    }
  } catch (e) {
    // A row group that cannot be decoded: nothing of the file is loaded (rows already read are dropped with it).
    return {
      ...empty,
      report: refused(
        name,
        t.format,
        `无法读取「${name}」第 ${(n + 2).toLocaleString('zh-CN')} 行起的数据：${e instanceof Error ? e.message : String(e)}。整个文件未载入。`,
        t.headers,
        t.encoding,
      ),
    };
  }
  flush();
  for (const m of merged) {
    report.warnings.push({
      row: m.rows[0],
      column: m.header,
      reason: `${m.count} 行的「${m.header}」在 Excel 合并单元格中，取合并单元格的值（第 ${m.rows.join('、')}${m.count > m.rows.length ? ' 等' : ''} 行）`,
    });
  }
  for (const [cols, f] of Object.entries(fills)) {
    report.warnings.push({
      row: f.rows[0],
      column: cols,
      reason: `${f.count} 行的「${cols}」为空，按 Excel 合并单元格处理，沿用了上一行的值（第 ${f.rows.join('、')}${f.count > f.rows.length ? ' 等' : ''} 行）`,
    });
  }
  if (kind === 'projects') warnUnitMismatch(projects, headersById, report);
  if (report.warnings.length > MAX_WARNINGS) {
    const extra = report.warnings.length - MAX_WARNINGS;
    report.warnings.length = MAX_WARNINGS;
    report.warnings.push({ row: 0, column: '（全部）', reason: `另有 ${extra} 条提示未列出` });
  }
  report.rowsRejected = report.rejected.length;
  report.projectsLoaded = projects.length;
  report.indicatorsLoaded = indicators.length + indicatorsOut;
  report.rowsLoaded = report.projectsLoaded + report.indicatorsLoaded;
  return { report, projects, indicators };
}

/**
 * Money in 元 that looks like 万元: a 当年预算数 three orders of magnitude below the file's median,
 * or an 执行数 more than 50 times its budget (one of the two typed in another unit).
 */
function warnUnitMismatch(rows: ProjectRow[], headers: Record<string, HeaderMatch>, report: FileReport): void {
  const budgets = rows
    .map((r) => r.budget_initial)
    .filter((v) => v > 0)
    .sort((a, b) => a - b);
  if (budgets.length >= 5) {
    const median = budgets[Math.floor(budgets.length / 2)];
    for (const r of rows) {
      if (r.budget_initial > 0 && r.budget_initial * 1000 < median) {
        report.warnings.push({
          row: r.source_row,
          column: headers.budget_initial?.header ?? '当年预算数',
          reason: `当年预算数 ${r.budget_initial} 元比本文件中位数 ${median} 元小三个数量级以上，可能是按万元填写的`,
        });
      }
    }
  }
  for (const r of rows) {
    const base = r.budget_adjusted ?? r.budget_initial;
    if (base > 0 && r.budget_executed > base * 50) {
      report.warnings.push({
        row: r.source_row,
        column: headers.budget_executed?.header ?? '预算执行数',
        reason: `预算执行数 ${r.budget_executed} 元是预算数 ${base} 元的 ${Math.round(r.budget_executed / base)} 倍，两者单位可能不一致（元/万元）`,
      });
    }
  }
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
  if (isOleFile(head) && /\.doc$/i.test(name)) {
    if (src.size > MAX_DOC_BYTES)
      return { error: `文件有 ${(src.size / 1024 / 1024).toFixed(1)} MB，超过 Word 表单的上限 ${MAX_DOC_BYTES / 1024 / 1024} MB，未读取` };
    try {
      return { lines: await docLines(await readAll(src)) };
    } catch (e) {
      return {
        error: `这个 Word 97-2003 文件无法读取（文件可能已损坏、加密，或不是 Word 文档；可在 Word 或 WPS 中另存为 .docx 后再加载）。读取程序的原始信息：${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  // Forms are a few pages of text; anything large is an export table.
  if (src.size === 0 || src.size > 5 * 1024 * 1024 || /\.parquet$/i.test(name)) return null;
  const d = await decodeText(src);
  if (d.error !== undefined || !looksLikeFormText(d.text)) return null;
  return { lines: textLines(d.text), encoding: d.encoding };
}
