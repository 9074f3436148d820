/**
 * CSV that Excel opens correctly and safely: UTF-8 with BOM, CRLF, every field quoted when
 * needed, and text that starts with = + - @ (or tab/CR) prefixed with ' so it never runs as a
 * formula. Numbers stay numbers.
 */
export type CsvCell = string | number | boolean | null | undefined;

export function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? '是' : '否';
  const s = neutralise(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(headers: string[], rows: CsvCell[][]): string {
  return '\ufeff' + [headers, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}
