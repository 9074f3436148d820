/**
 * The rows a staged file's SQL pass flagged (see normaliseStage.ts), read back a page at a time and
 * normalised by the row-by-row rules themselves (normalise.ts): what they say about a row is what the
 * load report says.
 */
import type { IndicatorRow, ProjectRow } from '../../contract/rows';
import { encodeIndicators, encodeProjects } from '../../db/store';
import { normaliseIndicator, normaliseProject } from '../normalise';
import type { RejectedRow, RowWarning } from '../report';
import { rawCells } from '../tableRecords';
import { tick, type Ctx } from './dictionaries';

const FLAGGED_PAGE = 2_000;
const STORE_BATCH = 20_000;

/** The flagged rows, read back a page at a time and normalised row by row: their warnings, rejections and rows. */
export async function flaggedRows(
  c: Ctx,
  view: string,
  flagged: string,
  out: string,
): Promise<{ warnings: RowWarning[]; rejected: RejectedRow[] }> {
  const { stage, engine } = c;
  const warnings: RowWarning[] = [];
  const rejected: RejectedRow[] = [];
  const cells = stage.headerCols.map((col, i) => {
    const t = c.types.get(col) ?? 'VARCHAR';
    return `${/^(DATE|TIME)/.test(t) ? `CAST(r.${col} AS VARCHAR)` : `r.${col}`} AS h${i}`;
  });
  const filled = stage.filledCol ? `r.${stage.filledCol}` : 'NULL';
  // Pages as ranges of row ids: the engine reads only that stretch of the raw cells (a join per page
  // would scan the whole file each time — minutes for a file with many bad rows).
  const pages = await engine.query<{ lo: number; hi: number }>(
    `SELECT min(_i)::BIGINT AS lo, max(_i)::BIGINT AS hi FROM (SELECT _i, (row_number() OVER (ORDER BY _i) - 1) // ${FLAGGED_PAGE} AS p FROM ${flagged})
     GROUP BY p ORDER BY p`,
  );
  let rows: (ProjectRow | IndicatorRow)[] = [];
  // The rows the rules kept, stored a large batch at a time.
  const store = async () => {
    if (rows.length === 0) return;
    const ipc = stage.kind === 'projects' ? encodeProjects(rows as ProjectRow[]) : encodeIndicators(rows as IndicatorRow[]);
    rows = [];
    if (!ipc) return;
    const tmp = `${out}_tmp`;
    await engine.insertArrowIPC(tmp, ipc, true);
    await engine.exec(`INSERT INTO ${out} BY NAME SELECT * FROM ${tmp}; DROP TABLE ${tmp};`);
  };
  for (const b of pages) {
    // Row ids from the engine itself, written as integer literals (a bound number would be a DOUBLE).
    const [lo, hi] = [Math.trunc(b.lo), Math.trunc(b.hi)];
    const page = await engine.query<Record<string, unknown> & { _i: number; _row: number; _filled: string | null }>(
      `SELECT v._i, v._row, ${filled} AS _filled, ${cells.join(', ')}
       FROM (SELECT * FROM ${flagged} WHERE _i BETWEEN ${lo} AND ${hi}) v JOIN ${c.raw} r ON r.rowid = v._i
       WHERE r.rowid BETWEEN ${lo} AND ${hi} ORDER BY v._i`,
    );
    for (const p of page) {
      const values = stage.headers.map((_, i) => p[`h${i}`]);
      const rec: Record<string, unknown> = {};
      for (const m of Object.values(stage.headersById)) rec[m.def.id] = values[m.index];
      const result =
        stage.kind === 'projects'
          ? normaliseProject({ cells: rec, headers: stage.headersById }, stage.file, p._row)
          : normaliseIndicator({ cells: rec, headers: stage.headersById }, stage.file, p._row, p._i);
      for (const w of result.warnings) warnings.push({ row: p._row, ...w });
      if (result.errors !== undefined) {
        // As read: a merged cell filled from the row above shows blank, as in the file.
        for (const f of p._filled ? p._filled.split(',') : []) values[Number(f)] = null;
        rejected.push({ row: p._row, issues: result.errors, raw: rawCells(stage.headers, values) });
      } else rows.push(result.row);
    }
    if (rows.length >= STORE_BATCH) await store();
    await tick();
  }
  await store();
  return { warnings, rejected };
}
