/** What an import says about each file: the load report shown on screen and by `check-data`. */
import { TABLE_LABEL, type TableKind } from '../contract/columns';
import type { CellIssue } from './normalise';

export interface RejectedRow {
  /** Row number as the user sees it: in a CSV the header is row 1, the first record row 2. */
  row: number;
  issues: CellIssue[];
  /** The row's cells as read, by header, so it can be shown and downloaded. */
  raw: Record<string, string>;
}

export interface RowWarning extends CellIssue {
  row: number;
  /** A line about other lines (their total, that some are not listed): shown, not counted as a hint. */
  summary?: boolean;
}

export interface FileReport {
  file: string;
  format: 'csv' | 'parquet' | 'xlsx' | 'xls' | 'form' | 'unknown';
  encoding?: string;
  kind: TableKind | null;
  status: 'loaded' | 'refused';
  /** Why the whole file was refused, in Chinese. */
  refusedReason?: string;
  headersFound: string[];
  unknownColumns: string[];
  rowsRead: number;
  rowsLoaded: number;
  /** Of `rowsLoaded`: project reports and indicator rows (a form has both). */
  projectsLoaded: number;
  indicatorsLoaded: number;
  /** Of `projectsLoaded`: rows another report of the same 报告编号, or of the same project and round, replaces (not counted). */
  projectsNotCounted?: number;
  /** Of `indicatorsLoaded`: rows whose report is not loaded (they count in no report). */
  indicatorsNotCounted?: number;
  /** Hints past a listing limit: counted in the report's total, not listed one by one. */
  warningsNotListed?: number;
  rowsRejected: number;
  rejected: RejectedRow[];
  warnings: RowWarning[];
}

/** A report before any row is counted: nothing loaded, rejected or warned yet. */
export function loadingReport(
  r: Pick<FileReport, 'file' | 'format' | 'encoding' | 'kind'> & Partial<Pick<FileReport, 'headersFound' | 'unknownColumns' | 'rowsRead'>>,
): FileReport {
  return {
    headersFound: [],
    unknownColumns: [],
    rowsRead: 0,
    ...r,
    status: 'loaded',
    rowsLoaded: 0,
    projectsLoaded: 0,
    indicatorsLoaded: 0,
    rowsRejected: 0,
    rejected: [],
    warnings: [],
  };
}

export function refused(
  file: string,
  format: FileReport['format'],
  reason: string,
  headersFound: string[] = [],
  encoding?: string,
): FileReport {
  return { ...loadingReport({ file, format, encoding, kind: null, headersFound }), status: 'refused', refusedReason: reason };
}

/** "加载 项目 1 份、指标 10 条": what a file added, by table. */
export function loadedText(r: FileReport): string {
  const parts: string[] = [];
  if (r.kind === 'projects' || r.projectsLoaded)
    parts.push(
      `项目报告 ${r.projectsLoaded} 份${r.projectsNotCounted ? `，其中 ${r.projectsNotCounted} 份因重复或被更正不计入统计，见提示` : ''}`,
    );
  if (r.kind === 'indicators' || r.indicatorsLoaded || r.format === 'form')
    parts.push(
      `指标 ${r.indicatorsLoaded} 条${r.indicatorsNotCounted ? `，其中 ${r.indicatorsNotCounted} 条找不到所属的项目报告、不计入统计，见提示` : ''}`,
    );
  return parts.join('、');
}

/** How many hints a file has: those listed (not the lines about them) and those past a listing limit. */
export function warningCount(r: FileReport): number {
  return r.warnings.filter((w) => !w.summary).length + (r.warningsNotListed ?? 0);
}

/** 「提示 12 条」, or 「提示 1047541 条（列出 5000 条）」 when not all are listed. */
export function warningsText(r: FileReport): string {
  const n = warningCount(r);
  return `提示 ${n} 条${r.warningsNotListed ? `（列出 ${n - r.warningsNotListed} 条）` : ''}`;
}

/** `n` hints past a listing limit: counted in the file's total, and a line (`reason`) says what is not listed. */
export function notListed(r: FileReport, n: number, column: string, reason: string): void {
  r.warningsNotListed = (r.warningsNotListed ?? 0) + n;
  r.warnings.push({ row: 0, column, reason, summary: true });
}

const FORMAT_LABEL: Record<FileReport['format'], string> = {
  csv: 'CSV',
  parquet: 'Parquet',
  xlsx: 'Excel 工作簿 .xlsx',
  xls: 'Excel 97-2003 工作簿 .xls',
  form: '跟踪评价表单',
  unknown: '未知格式',
};

/** 「项目表 · CSV」, 「跟踪评价表单」: what a loaded file was read as (a form holds a project and its indicators). */
export function kindText(r: FileReport): string {
  if (r.format === 'form') return FORMAT_LABEL.form;
  return [r.kind ? TABLE_LABEL[r.kind] : '', FORMAT_LABEL[r.format]].filter(Boolean).join(' · ');
}

/** What a file should be, said after every refusal of a file that is none of them. */
export const EXPECTED_FILES =
  '应为项目表或指标表（CSV：UTF-8、GBK 或 UTF-16；Parquet；Excel 工作簿 .xlsx/.xls），或各街镇的跟踪评价表单（Word .docx/.doc 或其文本）。';
