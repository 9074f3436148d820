/** Column specs for on-screen tables and their CSV/XLSX exports (one definition for both). */
import { formatInt, formatPct, formatWan, formatYuan } from '../domain/format';

/** `num1`: a plain number with one decimal (points: 执行率 − 时间进度). */
export type ColumnKind = 'text' | 'wan' | 'yuan' | 'pct' | 'int' | 'num1' | 'bool';

export interface Column<Row> {
  key: keyof Row & string;
  label: string;
  kind?: ColumnKind;
  /** Display text; defaults by kind. */
  format?: (row: Row) => string;
  width?: string;
}

export function cellText<Row>(c: Column<Row>, row: Row): string {
  if (c.format) return c.format(row);
  const v = row[c.key] as unknown;
  switch (c.kind ?? 'text') {
    case 'wan':
      return formatWan(v as number | null);
    case 'yuan':
      return formatYuan(v as number | null);
    case 'pct':
      return formatPct(v as number | null);
    case 'int':
      return formatInt(v as number | null);
    case 'num1':
      return v === null || v === undefined ? '—' : (v as number).toFixed(1);
    case 'bool':
      return v === null || v === undefined ? '' : v ? '是' : '否';
    default:
      return v === null || v === undefined ? '' : String(v);
  }
}

export function compareRows<Row>(c: Column<Row>, dir: 1 | -1, collator = new Intl.Collator('zh-CN')): (a: Row, b: Row) => number {
  return (a, b) => {
    const x = a[c.key] as unknown;
    const y = b[c.key] as unknown;
    if (x === null || x === undefined) return 1;
    if (y === null || y === undefined) return -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    return collator.compare(String(x), String(y)) * dir;
  };
}
