/** A load report's rejected rows as a CSV the analyst can open, fix and load again. */
import { toCsv } from '../contract/csv';
import type { FileReport } from './report';

export function rejectedRowsCsv(report: FileReport): string {
  const keys = [...new Set(report.rejected.flatMap((r) => Object.keys(r.raw)))];
  // The file's columns, then any the rows hold besides (a misaligned row's whole line).
  const cols = report.headersFound.length ? [...report.headersFound, ...keys.filter((k) => !report.headersFound.includes(k))] : keys;
  const rows = report.rejected.map((r) => [
    report.file,
    r.row,
    r.issues.map((i) => i.column).join('；'),
    r.issues.map((i) => i.reason).join('；'),
    ...cols.map((c) => r.raw[c] ?? ''),
  ]);
  return toCsv(['文件', '行号', '问题列', '原因', ...cols], rows);
}
