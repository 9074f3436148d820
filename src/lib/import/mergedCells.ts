/**
 * Excel sheets with merged cells (one 报告编号 or one 一级目标 spanning several indicator rows) export
 * the value on the first row of the merge only. An indicator row whose blank report columns agree with
 * the row above on every filled one continues that row's report; a blank 一级目标 of the same report is
 * the one above, and so is a blank 二级目标 under the same 一级目标. Every fill is reported.
 */
const REPORT_KEYS = ['report_id', 'town', 'project_name', 'period'];
const LEVELS = ['level1', 'level2'];

export interface MergedCellFiller {
  /** Fills the row's blank merged cells from the row above, in place; returns the column ids filled. */
  fill(cells: Record<string, unknown>): string[];
}

export function mergedCellFiller(present: Set<string>): MergedCellFiller {
  const keys = REPORT_KEYS.filter((k) => present.has(k));
  let prev: Record<string, string> | null = null;
  const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
  return {
    fill(cells) {
      const filled: string[] = [];
      const above = prev;
      if (above) {
        const get = (k: string) => text(cells[k]);
        const sameReport = keys.every((k) => get(k) === '' || get(k) === above[k]);
        if (sameReport) {
          for (const k of keys) if (get(k) === '' && above[k] !== '') { cells[k] = above[k]; filled.push(k); }
          if (get('level1') === '' && above.level1 !== '') { cells.level1 = above.level1; filled.push('level1'); }
          if (get('level2') === '' && above.level2 !== '' && get('level1') === above.level1) { cells.level2 = above.level2; filled.push('level2'); }
        }
      }
      prev = Object.fromEntries([...keys, ...LEVELS].map((k) => [k, text(cells[k])]));
      return filled;
    },
  };
}
