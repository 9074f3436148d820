/**
 * One input file → one load report per table it holds: a CSV, a Parquet file or a form gives one (a
 * document of several forms one each);
 * an Excel workbook one per sheet that reads as a contract table (named 「文件（工作表：名称）」, its
 * rows numbered as Excel shows them), with the sheets that do not listed as skipped, by name.
 */
import { guessKind, looksLikeHeaderRow } from '../contract/headers';
import { importFiles, importTable, type ImportedFile, type IndicatorSink } from './importFile';
import { refused } from './report';
import { byteSource, readAll, type FileContent } from './byteSource';
import { isWorkbook, readWorkbook, type SheetTable } from './workbook';
import { importForms, looksLikeFormLines } from './forms/importForm';

export const sheetFileName = (file: string, sheet: string) => `${file}（工作表：${sheet}）`;

/** The input file a report is of: a sheet's report names its workbook, the k-th form's its document. */
export const inputFileOf = (reportFile: string) => reportFile.replace(/(（工作表：[^）]*）)?(（第 \d+ 份表单）)?$/, '');

export async function importInput(
  name: string,
  content: FileContent,
  onProgress?: (msg: string) => void,
  out?: IndicatorSink,
): Promise<ImportedFile[]> {
  const src = byteSource(content);
  if (!isWorkbook(name, await src.read(0, 64))) return importFiles(name, content, undefined, onProgress, out);
  onProgress?.(`正在读取工作簿 ${name}…`);
  return importWorkbook(name, await readAll(src));
}

const skippedWhy = (s: SheetTable) =>
  s.table === null
    ? '是空的'
    : `不是项目表或指标表（列为：${s.table.headers.slice(0, 12).join('、') || '（无）'}${s.table.headers.length > 12 ? ' 等' : ''}）`;

/** Every sheet of a workbook: the contract tables loaded, the others listed (on the first loaded sheet's report). */
export async function importWorkbook(name: string, bytes: Uint8Array): Promise<ImportedFile[]> {
  const empty = { projects: [], indicators: [] };
  const wb = await readWorkbook(name, bytes, looksLikeHeaderRow);
  if (wb.error !== undefined) return [{ ...empty, report: refused(name, wb.format, `无法读取「${name}」：${wb.error}。`) }];
  // A sheet laid out as the form itself (a town that filled the form in Excel) is read as a form.
  const forms = wb.sheets.filter((s) => s.error === undefined && s.formLines && looksLikeFormLines(s.formLines));
  const tables = wb.sheets.filter((s) => forms.includes(s) || s.error !== undefined || (s.table && guessKind(s.table.headers)));
  const skipped = wb.sheets.filter((s) => !tables.includes(s));
  if (tables.length === 0) {
    const list = skipped.map((s) => `工作表「${s.sheet}」${skippedWhy(s)}`).join('；');
    return [
      {
        ...empty,
        report: refused(
          name,
          wb.format,
          `工作簿「${name}」中没有数据约定中的表（项目表或指标表，按表头识别）：${list || '工作簿中没有工作表'}。`,
        ),
      },
    ];
  }
  const out: ImportedFile[] = [];
  for (const s of tables) {
    const file = sheetFileName(name, s.sheet);
    if (forms.includes(s) && s.formLines) {
      out.push(...importForms(file, s.formLines));
      continue;
    }
    if (s.error !== undefined || !s.table) {
      out.push({ ...empty, report: refused(file, wb.format, `无法读取「${file}」：${s.error ?? '工作表是空的'}。`) });
      continue;
    }
    out.push(await importTable(file, s.table, undefined, undefined, undefined, s.merged));
  }
  const first = out.find((f) => f.report.status === 'loaded') ?? out[0];
  for (const s of skipped)
    first.report.warnings.push({ row: 0, column: '（工作表）', reason: `工作簿中的工作表「${s.sheet}」${skippedWhy(s)}，已跳过` });
  return out;
}
