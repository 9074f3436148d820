import { columnsOf, type ColumnDef, type TableKind } from './columns';

export interface HeaderMatch {
  /** Index of the column in the file. */
  index: number;
  header: string;
  def: ColumnDef;
  /** The unit the header gives in brackets (元, 万元, %, 比例 …), '' when it gives none. */
  unit: string;
  /** 10000 when the header says 万元 (or, with no unit of its own, the sheet's title does). */
  scale: number;
  /** The header declares values as a ratio (1 = 100%). */
  ratio: boolean;
}

export interface HeaderMapping {
  matched: HeaderMatch[];
  /** Headers that are not contract columns: kept aside and reported, never fatal. */
  unknown: string[];
  /** Contract columns that appear twice: the first one is used. */
  duplicates: string[];
}

function stripUnit(h: string): { base: string; unit: string } {
  const t = h.replace(/^\ufeff/, '').replace(/[\s\u3000]+/g, '');
  const m = /^(.*?)[（(]([^（()）]*)[）)]$/.exec(t);
  if (m && /^(元|万元|%|％|比例|ratio|百分比)$/i.test(m[2])) return { base: m[1], unit: m[2] };
  return { base: t, unit: '' };
}

/** Match a file's headers (Chinese form labels, with or without unit, or English ids) to the contract. */
export function mapHeaders(kind: TableKind, headers: string[]): HeaderMapping {
  const defs = columnsOf(kind);
  const seen = new Set<string>();
  const matched: HeaderMatch[] = [];
  const unknown: string[] = [];
  const duplicates: string[] = [];
  headers.forEach((header, index) => {
    const { base, unit } = stripUnit(header);
    const lower = base.toLowerCase();
    const def = defs.find((d) => d.id === lower || d.labels.some((l) => stripUnit(l).base === base));
    if (!def) {
      if (header.trim() !== '') unknown.push(header.trim());
      return;
    }
    if (seen.has(def.id)) {
      duplicates.push(header.trim());
      return;
    }
    seen.add(def.id);
    matched.push({ index, header: header.trim(), def, unit, scale: unit === '万元' ? 10000 : 1, ratio: /^(比例|ratio)$/i.test(unit) });
  });
  return { matched, unknown, duplicates };
}

/** Which contract table a header row looks like, by its required columns. */
export function guessKind(headers: string[]): TableKind | null {
  const score = (k: TableKind) => {
    const m = mapHeaders(k, headers);
    const ids = new Set(m.matched.map((x) => x.def.id));
    const req = columnsOf(k).filter((d) => d.required);
    return req.filter((d) => ids.has(d.id)).length / req.length;
  };
  const p = score('projects');
  const i = score('indicators');
  if (p === 0 && i === 0) return null;
  return i > p ? 'indicators' : 'projects';
}

/**
 * A row that reads as a contract table's header: at least three named cells, nearly all of them
 * contract columns, including some of a table's required ones. Used to find the header under a
 * title row, and to tell a table from the form's text.
 */
export function looksLikeHeaderRow(cells: string[]): boolean {
  const named = cells.map((c) => String(c ?? '').trim()).filter((c) => c !== '');
  if (named.length < 3 || guessKind(named) === null) return false;
  const known = Math.max(mapHeaders('projects', named).matched.length, mapHeaders('indicators', named).matched.length);
  return known / named.length >= 0.8;
}

/**
 * A header of two rows, as summary sheets print it: group cells (「预算情况」, spanning columns)
 * above the columns' own names, the other names printed once across both rows. `next` is a
 * sub-header when each of its named cells is a contract column standing under a blank or group
 * cell of `head` (never under a column of `head` itself), and `head` names columns of its own
 * (a title or note above a header is not its first row); then the header is `head` with those
 * names put in. A group cell's unit (「预算情况（万元）」) goes to names below it that have none.
 * Returns null when `next` is not a sub-header of `head`.
 */
export function combineHeaderRows(head: string[], next: string[]): string[] | null {
  const h = head.map((c) => String(c ?? '').trim());
  const n = next.map((c) => String(c ?? '').trim());
  const named = n.map((c, i) => [c, i] as const).filter(([c]) => c !== '');
  if (named.length === 0) return null;
  const isColumn = (c: string) => mapHeaders('projects', [c]).matched.length + mapHeaders('indicators', [c]).matched.length > 0;
  // The first row names columns of its own (a title or note row above a header is not a header's first row).
  if (h.filter(isColumn).length < 2) return null;
  if (!named.every(([c, i]) => isColumn(c) && (h[i] === undefined || h[i] === '' || !isColumn(h[i])))) return null;
  const width = Math.max(h.length, n.length);
  const out: string[] = [];
  let group = '';
  for (let i = 0; i < width; i++) {
    if (h[i]) group = h[i];
    const sub = n[i] ?? '';
    if (sub === '') {
      out.push(h[i] ?? '');
      continue;
    }
    const groupUnit = stripUnit(group).unit;
    out.push(groupUnit && !stripUnit(sub).unit && !isColumn(group) ? `${sub}（${groupUnit}）` : sub);
  }
  return out;
}

/**
 * Whether a row (with the row after it, when there is one) is a table's header: the header of two
 * rows if `next` names the columns under the row's group cells, else the row alone if it reads as
 * a header. The one rule for CSV and workbook sheets.
 */
export function headerAt(
  cells: string[],
  next: string[] | null,
  isHeader: (cells: string[]) => boolean,
): { headers: string[]; rows: 1 | 2 } | null {
  const two = next ? combineHeaderRows(cells, next) : null;
  if (two && isHeader(two)) return { headers: two, rows: 2 };
  return isHeader(cells) ? { headers: cells, rows: 1 } : null;
}
