/**
 * Excel sheets with merged cells export the value on the first row of each merge only.
 * - Indicator rows: a row whose blank report columns agree with the row above on every filled one
 *   continues that row's report; a blank 一级目标 of the same report is the one above, and so is a
 *   blank 二级目标 under the same 一级目标.
 * - Project rows (a summary sheet grouped by town): a blank 街镇名称 or 跟踪时段 is the one above.
 * Every fill is reported by the caller; nothing else is ever filled in.
 */
import type { TableKind } from '../contract/columns';

const REPORT_KEYS = ['report_id', 'town', 'project_name', 'period'];
const LEVELS = ['level1', 'level2'];
const PROJECT_GROUPS = ['town', 'period', 'period_start', 'period_end'];

export interface MergedCellFiller {
  /** Fills the row's blank merged cells from the row above, in place; returns the column ids filled. */
  fill(cells: Record<string, unknown>): string[];
}

const text = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());

export function mergedCellFiller(kind: TableKind, present: Set<string>): MergedCellFiller {
  if (kind === 'projects') {
    const cols = PROJECT_GROUPS.filter((k) => present.has(k));
    return rowFiller(cols, (cells, above) => cols.filter((k) => take(cells, above, k)));
  }
  const keys = REPORT_KEYS.filter((k) => present.has(k));
  return rowFiller([...keys, ...LEVELS], (cells, above) => {
    if (!keys.every((k) => text(cells[k]) === '' || text(cells[k]) === above[k])) return []; // another report
    const filled = keys.filter((k) => take(cells, above, k));
    if (take(cells, above, 'level1')) filled.push('level1');
    if (text(cells.level1) === above.level1 && take(cells, above, 'level2')) filled.push('level2');
    return filled;
  });
}

/** A blank cell takes the value above (if that one is not blank too); true when it did. */
function take(cells: Record<string, unknown>, above: Record<string, string>, k: string): boolean {
  if (text(cells[k]) !== '' || !above[k]) return false;
  cells[k] = above[k];
  return true;
}

/** Remembers the row above (its `remembered` columns, after filling) for the next row. */
function rowFiller(
  remembered: string[],
  fillFrom: (cells: Record<string, unknown>, above: Record<string, string>) => string[],
): MergedCellFiller {
  let prev: Record<string, string> | null = null;
  return {
    fill(cells) {
      const filled = prev ? fillFrom(cells, prev) : [];
      prev = Object.fromEntries(remembered.map((k) => [k, text(cells[k])]));
      return filled;
    },
  };
}
