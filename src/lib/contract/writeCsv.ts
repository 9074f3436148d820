/** Contract tables → CSV text with the form's Chinese headers (UTF-8 with BOM for Excel). */
import Papa from 'papaparse';
import { chineseHeader, columnsOf, type TableKind } from './columns';

export type Cell = string | number | boolean | null | undefined;

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

/** Columns written: the contract's ids present in `ids` (in contract order). */
export function contractCsv(kind: TableKind, rows: Record<string, Cell>[], ids: string[]): string {
  const defs = columnsOf(kind).filter((c) => ids.includes(c.id));
  const data = rows.map((r) => defs.map((d) => cellText(r[d.id])));
  return '\ufeff' + Papa.unparse({ fields: defs.map(chineseHeader), data }, { newline: '\r\n' });
}
