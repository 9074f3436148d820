/**
 * The one CSV writer (PapaParse `unparse`): UTF-8 with BOM and CRLF so Excel opens it as UTF-8;
 * fields quoted when they need it; text that starts with = + - @ (or tab/CR) is prefixed with '
 * (`escapeFormulae`) so it never runs as a formula. Numbers stay numbers, 是/否 for booleans. The
 * CSV reader (import/csvRecords.ts) takes that ' off again, so what we write loads back unchanged.
 */
import Papa from 'papaparse';
import { chineseHeader, columnsOf, type TableKind } from './columns';

export type CsvCell = string | number | boolean | null | undefined;

/** Papa's own test for a cell that Excel would run as a formula. */
export const FORMULA_START = /^[=+\-@\t\r]/;

function cell(v: CsvCell): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v;
}

export function toCsv(headers: string[], rows: CsvCell[][]): string {
  return (
    '\ufeff' + Papa.unparse({ fields: headers, data: rows.map((r) => r.map(cell)) }, { newline: '\r\n', escapeFormulae: true }) + '\r\n'
  );
}

/** Contract tables → CSV with the form's Chinese headers; columns: the contract's ids present in `ids`, in contract order. */
export function contractCsv(kind: TableKind, rows: Record<string, CsvCell>[], ids: string[]): string {
  const defs = columnsOf(kind).filter((c) => ids.includes(c.id));
  return toCsv(
    defs.map(chineseHeader),
    rows.map((r) => defs.map((d) => r[d.id])),
  );
}
