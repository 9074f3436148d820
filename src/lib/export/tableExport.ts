/** A table's columns → export headers and cells (numbers stay numbers: 万元 and % with their unit in the header). */
import { cellText, type Column } from '../charts/table';
import { toCsv, type CsvCell } from '../contract/csv';

const round2 = (v: number) => Math.round(v * 100) / 100;

export function exportHeaders<Row>(columns: Column<Row>[]): string[] {
  return columns.map((c) =>
    c.format
      ? c.label
      : c.kind === 'wan'
        ? `${c.label}（万元）`
        : c.kind === 'pct'
          ? `${c.label}（%）`
          : c.kind === 'yuan'
            ? `${c.label}（元）`
            : c.label,
  );
}

export function exportCells<Row>(columns: Column<Row>[], row: Row): CsvCell[] {
  return columns.map((c) => {
    const v = row[c.key] as unknown;
    if (!c.format && typeof v === 'number') {
      if (c.kind === 'wan') return round2(v / 10000);
      if (c.kind === 'pct') return round2(v * 100);
      if (c.kind === 'yuan' || c.kind === 'int') return v;
      if (c.kind === 'num1') return Math.round(v * 10) / 10;
    }
    return cellText(c, row);
  });
}

export function tableCsv<Row>(columns: Column<Row>[], rows: Row[]): string {
  return toCsv(
    exportHeaders(columns),
    rows.map((r) => exportCells(columns, r)),
  );
}
