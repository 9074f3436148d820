/**
 * The one way a rule's value reaches SQL. The derived views are DDL (CREATE VIEW), which takes no
 * bound parameters, so thresholds and the rules' own word lists are written into the SQL as checked
 * literals — numbers that must be finite, text quoted by doubling '. User-chosen values never come
 * here: queries bind them as parameters (queries/filters.ts).
 */
export function sqlNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`阈值不是有限数字：${n}`);
  return String(n);
}

export function sqlText(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** `'a', 'b'` for an IN list. */
export function sqlList(values: readonly string[]): string {
  return values.map(sqlText).join(', ');
}
