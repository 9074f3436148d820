/**
 * A staged file's raw cells → its normalised rows, in the engine, with the same load report as the
 * row-by-row import (`importTable`). How:
 *  1. Each column's distinct values are parsed once by the same TypeScript rules (contract/values.ts,
 *     normalise.ts, indicatorStatus.ts) into a dictionary table: a district's million indicator rows
 *     have 16,603 distinct (目标值, 完成值, 年度目标) triples.
 *  2. One SQL pass gives every row its values from the dictionaries and a flag: set when anything of
 *     the row could be warned about or rejected (a value that did not parse, a blank required cell,
 *     a negative amount, a rate that disagrees, an unknown town, …). The flag is a superset.
 *  3. Flagged rows only — typically a few — are read back and normalised by `normaliseProject` /
 *     `normaliseIndicator` themselves, which say exactly what the row-by-row import says; unflagged
 *     rows (nothing to say about them) go from SQL straight into the normalised table.
 * The tables made here are dropped when the file is done; the normalised one is handed to the commit.
 * The dictionaries are made in dictionaries.ts, money columns in moneySql.ts, flagged rows read in flaggedRows.ts.
 */
import { INDICATOR_COLUMNS, MINHANG_TOWNS, OUTLOOK_VALUES, PROJECT_COLUMNS, type ColumnDef } from '../../contract/columns';
import {
  BLANK_TEXTS,
  isBlankText,
  normaliseTown,
  parseBool,
  parseDate,
  parseEnum,
  parseName,
  parsePercent,
  parsePeriod,
  parseText,
  tickedText,
} from '../../contract/values';
import { classifyIndicator } from '../../domain/indicatorStatus';
import { RULES } from '../../domain/rules';
import { sqlNumber, sqlText } from '../../domain/sqlText';
import { columnsToIPC } from '../../db/arrow';
import { dropRelations, type Relations } from '../../db/store';
import { INDICATOR_STORED, PROJECT_STORED } from '../../db/schema';
import { scratch, type Engine } from '../../engine/types';
import { deriveReportId, normaliseIndicator, normaliseLevel1, unknownTown } from '../normalise';
import type { RowWarning } from '../report';
import { finishReport, mergeWarnings, warnUnitMismatch } from '../tableRecords';
import { colOf, dictionary, joinDict, mapPage, pagesOf, parsed, rawWithPre, text, type Ctx, type Joined } from './dictionaries';
import { flaggedRows } from './flaggedRows';
import { numericMoney, textMoney } from './moneySql';
import type { RawStage } from './stageRaw';

export interface NormalisedStage {
  /** The normalised rows (projects or indicators, as `stage.kind`): a view, or null when none was loaded. */
  table: string | null;
  rows: number;
  /** What the view reads: dropped once its rows are stored (or the load is abandoned). */
  relations: Relations | null;
}

let seq = 0;
const KNOWN_TOWNS = new Set<string>(MINHANG_TOWNS);
export async function normaliseStage(
  engine: Engine,
  stage: RawStage,
  raw: string,
  onProgress?: (msg: string) => void,
): Promise<NormalisedStage> {
  const c: Ctx = {
    engine,
    raw,
    stage,
    types: new Map(),
    pre: {},
    tables: [],
    prefix: scratch(`_norm_${++seq}_${Math.random().toString(36).slice(2, 7)}`),
  };
  const view = `${c.prefix}_v`;
  const out = `${c.prefix}_rows`;
  const flagged = `${c.prefix}_flagged`;
  const byRule = `${c.prefix}_ts`;
  const relations: Relations = { views: [out, view], tables: [] };
  try {
    for (const t of await engine.query<{ column_name: string; column_type: string }>(`DESCRIBE ${raw}`))
      c.types.set(`"${t.column_name.replace(/"/g, '""')}"`, t.column_type);
    onProgress?.(`正在校验 ${stage.file} 的取值…`);
    const j: Joined = { joins: [], e: {} };
    if (stage.kind === 'projects') await projectValues(c, j);
    else await indicatorValues(c, j);
    const select = Object.entries(j.e)
      .map(([n, e]) => `${e} AS ${n}`)
      .join(',\n  ');
    const viewSql = `SELECT r.rowid AS _i, ${stage.rowExpr}::INTEGER AS _row, ${select} FROM ${rawWithPre(c)} r ${j.joins.join(' ')}`;
    if (stage.kind === 'projects') {
      // Projects: the rows' values computed once into a table (the flags, the kept rows and the town
      // warnings each read them; a view would join every dictionary again for each).
      await engine.exec(`CREATE TABLE ${view} AS ${viewSql}`);
      c.tables.push(view);
      relations.views = relations.views.filter((v) => v !== view);
    } else await engine.exec(`CREATE VIEW ${view} AS ${viewSql}`);
    await engine.exec(`CREATE TABLE ${flagged} AS SELECT _i, _row FROM ${view} WHERE _flag ORDER BY _i`);
    c.tables.push(flagged);
    const stored = stage.kind === 'projects' ? PROJECT_STORED : INDICATOR_STORED;
    const sqlType = (id: string, t: string) =>
      stage.kind === 'projects' && t === 'DATE' ? 'VARCHAR' : id === 'source_row' ? 'INTEGER' : t;
    await engine.exec(`CREATE TABLE ${byRule} (${stored.map((s) => `"${s.id}" ${sqlType(s.id, s.sql)}`).join(', ')})`);
    c.tables.push(byRule);
    if (stage.kind === 'indicators') await indicatorStatus(c, view);
    const final =
      stage.kind === 'projects'
        ? storedSelect(c, PROJECT_STORED, { district: `coalesce(v.district, '闵行区')` })
        : storedSelect(c, INDICATOR_STORED, { seq: 'v._i::INTEGER', status: 's.status', status_reason: 's.status_reason' });
    const status = stage.kind === 'indicators' ? `LEFT JOIN ${view}_st s ON ${STATUS_JOIN}` : '';
    // The kept rows: the unflagged ones straight from the values (computed as the commit copies them),
    // then those the TypeScript rules kept. Projects' values are a table (above), so the report's
    // further reads of them do not join the dictionaries again.
    await engine.exec(
      `CREATE VIEW ${out} AS SELECT ${final} FROM ${view} v ${status} WHERE NOT v._flag UNION ALL BY NAME SELECT * FROM ${byRule}`,
    );
    const issues = await flaggedRows(c, view, flagged, byRule);
    if (stage.kind === 'projects') issues.warnings = byRow(issues.warnings, await townWarnings(c, view));
    // The report: the rows' warnings and rejections (structural ones first on the same row), then the tail.
    const { report } = stage;
    const head = report.warnings.slice(0, stage.headerWarnings);
    report.warnings = [...head, ...byRow(report.warnings.slice(stage.headerWarnings), issues.warnings)];
    report.rejected = byRow(report.rejected, issues.rejected);
    mergeWarnings(report, [], stage.fills);
    if (stage.kind === 'projects') await unitWarnings(c, out);
    const [{ n }] = await engine.query<{ n: number }>(
      stage.kind === 'projects'
        ? `SELECT ((SELECT count(*) FROM ${view} WHERE NOT _flag) + (SELECT count(*) FROM ${byRule}))::INTEGER AS n`
        : `SELECT (${Math.trunc(stage.rows)} - (SELECT count(*) FROM ${flagged}) + (SELECT count(*) FROM ${byRule}))::INTEGER AS n`,
    );
    finishReport(report, stage.kind === 'projects' ? n : 0, stage.kind === 'indicators' ? n : 0);
    relations.tables.push(...c.tables, raw);
    if (stage.kind === 'projects' && n > 0) {
      // The project rows' values are tables of their own: the raw cells and dictionaries go now, not
      // after the indicators file read next (a district's 60 MB of project text).
      const kept = [view, byRule];
      await dropRelations(engine, { views: [], tables: relations.tables.filter((t) => !kept.includes(t)) });
      return { table: out, rows: n, relations: { views: [out], tables: kept } };
    }
    if (n === 0) {
      await dropRelations(engine, relations);
      return { table: null, rows: 0, relations: null };
    }
    return { table: out, rows: n, relations };
  } catch (e) {
    relations.tables.push(...c.tables, raw);
    await dropRelations(engine, relations).catch(() => undefined);
    throw e;
  }
}

/** A staged file with no row past its header: its report as far as it goes. */
export function finishEmpty(stage: RawStage): void {
  mergeWarnings(stage.report, [], stage.fills);
  finishReport(stage.report, 0, 0);
}

/** Two row-ordered lists as one, row-ordered; on the same row `a`'s first. */
function byRow<T extends { row: number }>(a: T[], b: T[]): T[] {
  if (b.length === 0) return a;
  const out: T[] = [];
  let i = 0;
  let k = 0;
  while (i < a.length || k < b.length) {
    if (k >= b.length || (i < a.length && a[i].row <= b[k].row)) out.push(a[i++]);
    else out.push(b[k++]);
  }
  return out;
}

/** A required text that is blank: empty, or a dash or a slash written for blank (the row is read back and rejected). */
const blankSql = (v: string) => `(${v} IS NULL OR ${v} IN (${BLANK_TEXTS.map(sqlText).join(', ')}))`;

const MONEY = ['budget_initial', 'budget_executed', 'budget_adjusted', 'adjust_decrease', 'adjust_increase', 'pre_assessment_budget'];
/** Text columns read as they are (parseText): the contract's, but for those with rules of their own. */
const textColumns = (cols: ColumnDef[], own: string[]) => cols.filter((c) => c.type === 'text' && !own.includes(c.id)).map((c) => c.id);
const NAMES = ['project_name', 'budget_unit', 'implementing_unit'];
const PROJECT_TEXT = textColumns(PROJECT_COLUMNS, ['town', 'period', 'stage_conclusion', ...NAMES]);

async function projectValues(c: Ctx, j: Joined): Promise<void> {
  const e = j.e;
  const h = c.stage.headersById;
  for (const id of PROJECT_TEXT) e[id] = await text(c, j, id);
  for (const id of NAMES) e[id] = await name(c, j, id);
  // An unknown town is only a warning: said from the dictionary, the row is not flagged for it.
  const townCol = colOf(c, 'town');
  let town = 'NULL::VARCHAR';
  e._town_warn = 'NULL::VARCHAR';
  if (townCol) {
    const d = await dictionary(
      c,
      `r.${townCol}`,
      `${c.raw} r`,
      [
        ['v', 'utf8'],
        ['warn', 'utf8'],
      ],
      (k) => {
        const t = parseText(k);
        if (t === null || isBlankText(t)) return [null, null];
        const v = normaliseTown(t);
        return [v, KNOWN_TOWNS.has(v) ? null : unknownTown(t)];
      },
    );
    const alias = joinDict(j, d, `r.${townCol}`);
    town = `${alias}.v`;
    e._town_warn = `${alias}.warn`;
  }
  e.town = town;
  const period = await parsed(c, j, 'period', 'utf8', (k) => {
    const p = parsePeriod(k);
    return p.error !== undefined ? p : { value: p.value ? `${p.value.start}|${p.value.end}` : null };
  });
  const start = await parsed(c, j, 'period_start', 'utf8', parseDate);
  const end = await parsed(c, j, 'period_end', 'utf8', parseDate);
  e.period_start = `CASE WHEN ${period.has} THEN split_part(${period.v}, '|', 1) ELSE ${start.v} END`;
  e.period_end = `CASE WHEN ${period.has} THEN split_part(${period.v}, '|', 2) ELSE ${end.v} END`;
  await derivedProjectId(c, j, town);
  const flags: string[] = [
    `${town} IS NULL`,
    blankSql(e.project_name),
    blankSql(e.budget_unit),
    `${e.report_id} IS NULL`,
    `CASE WHEN ${period.has} THEN ${period.bad} OR ${period.v} IS NULL
      WHEN ${start.has} OR ${end.has} THEN ${start.bad} OR ${end.bad} OR ${start.v} IS NULL OR ${end.v} IS NULL OR ${start.v} > ${end.v}
      ELSE true END`,
  ];
  for (const id of MONEY) {
    const m = (await numericMoney(c, id)) ?? (await textMoney(c, j, id));
    e[id] = m.v;
    flags.push(m.bad, `coalesce(${m.v} < 0, false)`);
  }
  flags.push(`${e.budget_initial} IS NULL`, `${e.budget_executed} IS NULL`);
  const rate = await parsed(c, j, 'execution_rate_reported', 'float64', (k) => parsePercent(k, h.execution_rate_reported?.ratio ?? false));
  e.execution_rate_reported = rate.v;
  flags.push(rate.bad);
  for (const id of ['is_recurring', 'needs_adjustment']) {
    const b = await parsed(c, j, id, 'bool', parseBool);
    e[id] = b.v;
    flags.push(b.bad);
  }
  for (const id of ['budget_outlook', 'target_outlook']) {
    const o = await parsed(c, j, id, 'utf8', (k) => parseEnum(k, OUTLOOK_VALUES));
    e[id] = o.v;
    flags.push(o.bad);
  }
  const concl = await parsed(c, j, 'stage_conclusion', 'utf8', (k) => {
    const t = parseText(k);
    if (t === null) return { value: null };
    const r = tickedText(t);
    return r.error !== undefined ? { error: r.error } : { value: r.value };
  });
  e.stage_conclusion = concl.v;
  flags.push(concl.bad);
  const date = await parsed(c, j, 'report_date', 'utf8', parseDate);
  e.report_date = date.v;
  flags.push(date.bad);
  // Spent beyond the budget, or a reported rate off the computed one: the row-by-row rules say what.
  const base = `coalesce(${e.budget_adjusted}, ${e.budget_initial}, 0)`;
  flags.push(`(${base} > 0 AND ${e.budget_executed} > ${base})`);
  flags.push(
    `(${rate.v} IS NOT NULL AND ${base} > 0 AND abs(coalesce(${e.budget_executed}, 0) / ${base} - ${rate.v}) > ${sqlNumber(RULES.rateMismatchTolerance - 1e-9)})`,
  );
  e._flag = flags.map((f) => `coalesce(${f}, true)`).join(' OR ');
}

/** A name column (项目名称, 预算单位, 具体实施) by `parseName`, once per distinct value; a column of numbers as text. */
async function name(c: Ctx, j: Joined, id: string): Promise<string> {
  const col = colOf(c, id);
  if (!col || (c.types.get(col) ?? 'VARCHAR') !== 'VARCHAR') return text(c, j, id);
  return (await parsed(c, j, id, 'utf8', (k) => ({ value: parseName(k) }))).v;
}

/** Parts of a dictionary key (chr(31) between them; chr(30) for a blank cell). */
const SEP = '\x1f';
const NUL = '\x1e';

/**
 * 报告编号 left blank (or no such column): derived from 街镇名称 + 项目名称 + 跟踪时段 as the row rules derive
 * it (`deriveReportId` of the row's own normalised values), once per distinct report instead of flagging
 * every row of a file that has no 报告编号.
 */
async function derivedProjectId(c: Ctx, j: Joined, town: string): Promise<void> {
  const e = j.e;
  const parts = [town, e.project_name, e.period_start, e.period_end];
  const key = `CASE WHEN ${parts.map((p) => `${p} IS NOT NULL`).join(' AND ')} THEN concat_ws(chr(31), ${parts.join(', ')}) END`;
  const d = await dictionary(
    c,
    key,
    `${rawWithPre(c)} r ${j.joins.join(' ')}`,
    [['v', 'utf8']],
    (k) => {
      const p = k.split(SEP);
      return [p.length === 4 ? deriveReportId(p[0], p[1], p[2], p[3]) : null];
    },
    `${e.report_id} IS NULL`,
  );
  e.report_id = `coalesce(${e.report_id}, ${joinDict(j, d, key)}.v)`;
}

/**
 * An indicator row without 报告编号 finds its report by 街镇名称 + 项目名称 + 跟踪时段: each distinct
 * triple of cells goes through `normaliseIndicator` itself; a triple it says anything about (or
 * cannot place) gives no id, so its rows stay flagged and are read by the row rules.
 */
async function derivedIndicatorId(c: Ctx, j: Joined): Promise<void> {
  // 跟踪时段 in one cell, or as 跟踪时段开始 + 跟踪时段结束 (as the project table may give it).
  const ids = ['town', 'project_name', ...(colOf(c, 'period') ? ['period'] : ['period_start', 'period_end'])];
  const cols = ids.map((id) => colOf(c, id));
  // Cells of other types reach the row rules as other JavaScript values: those rows stay flagged.
  if (cols.some((col) => !col || (c.types.get(col) ?? 'VARCHAR') !== 'VARCHAR')) return;
  const key = `concat_ws(chr(31), ${cols.map((col) => `coalesce(r.${col}, chr(30))`).join(', ')})`;
  const d = await dictionary(
    c,
    key,
    `${c.raw} r`,
    [['v', 'utf8']],
    (k) => {
      const p = k.split(SEP);
      if (p.length !== ids.length) return [null];
      const cells: Record<string, unknown> = { level1: 'x', level3: 'x' };
      ids.forEach((id, i) => (cells[id] = p[i] === NUL ? null : p[i]));
      const r = normaliseIndicator({ cells, headers: c.stage.headersById }, c.stage.file, 0, 0);
      return [r.row && r.warnings.length === 0 ? r.row.report_id : null];
    },
    `${j.e.report_id} IS NULL`,
  );
  j.e.report_id = `coalesce(${j.e.report_id}, ${joinDict(j, d, key)}.v)`;
}

/** The stored columns from the row's values; `own`: those computed otherwise. */
function storedSelect(c: Ctx, stored: { id: string }[], own: Record<string, string>): string {
  const common: Record<string, string> = { source_file: sqlText(c.stage.file), source_row: 'v._row' };
  return stored.map((s) => `${own[s.id] ?? common[s.id] ?? `v.${s.id}`} AS ${s.id}`).join(', ');
}

// Indicators: 街镇名称 + 项目名称 + 跟踪时段 only find the report when 报告编号 is blank (those rows are flagged).
const INDICATOR_TEXT = textColumns(INDICATOR_COLUMNS, ['level1', 'town', 'project_name', 'period']);

async function indicatorValues(c: Ctx, j: Joined): Promise<void> {
  const e = j.e;
  for (const id of INDICATOR_TEXT) e[id] = await text(c, j, id);
  await derivedIndicatorId(c, j);
  const level1 = await parsed(c, j, 'level1', 'utf8', (k) => {
    const t = parseText(k);
    return { value: t === null || isBlankText(t) ? null : normaliseLevel1(t) };
  });
  e.level1 = level1.v;
  e._flag = [`${e.report_id} IS NULL`, `${level1.v} IS NULL`, blankSql(e.level3)].join(' OR ');
}

/**
 * 完成情况 of each distinct (应完成值, 完成值, 年度目标) by classifyIndicator, joined back on the three
 * columns themselves (NULLs equal): no key text is built per row.
 */
async function indicatorStatus(c: Ctx, view: string): Promise<void> {
  const name = `${view}_st`;
  c.tables.push(name);
  let create = true;
  for await (const keys of pagesOf<{ e: string | null; a: string | null; t: string | null }>(
    c,
    `SELECT DISTINCT expected_value AS e, actual AS a, annual_target AS t FROM ${view} WHERE NOT _flag`,
    false, // a district's 16,603 triples: paged from a table at once
  )) {
    const s = await mapPage(keys, (x) => classifyIndicator(x.e, x.a, x.t));
    await c.engine.insertArrowIPC(
      name,
      columnsToIPC([
        ['e', 'utf8', keys.map((x) => x.e)],
        ['a', 'utf8', keys.map((x) => x.a)],
        ['t', 'utf8', keys.map((x) => x.t)],
        ['status', 'utf8', s.map((x) => x.status)],
        ['status_reason', 'utf8', s.map((x) => x.reason)],
      ]),
      create,
    );
    create = false;
  }
}

/** The status dictionary's join (see `indicatorStatus`). */
const STATUS_JOIN =
  's.e IS NOT DISTINCT FROM v.expected_value AND s.a IS NOT DISTINCT FROM v.actual AND s.t IS NOT DISTINCT FROM v.annual_target';

/** Unflagged rows whose town is not one of Minhang's: the row rules' warning, from the dictionary. */
async function townWarnings(c: Ctx, view: string): Promise<RowWarning[]> {
  const rows = await c.engine.query<{ row: number; reason: string }>(
    `SELECT _row AS row, _town_warn AS reason FROM ${view} WHERE NOT _flag AND _town_warn IS NOT NULL ORDER BY _i`,
  );
  const column = c.stage.headersById.town?.header ?? '街镇名称';
  return rows.map((r) => ({ row: r.row, column, reason: r.reason }));
}

/** 元/万元 mix-ups (`warnUnitMismatch`) over the loaded rows: the median and the candidate rows from SQL. */
async function unitWarnings(c: Ctx, out: string): Promise<void> {
  const [{ n }] = await c.engine.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${out} WHERE budget_initial > 0`);
  let median: number | null = null;
  if (n >= 5) {
    const [m] = await c.engine.query<{ v: number }>(
      `SELECT budget_initial AS v FROM ${out} WHERE budget_initial > 0 ORDER BY budget_initial LIMIT 1 OFFSET ${Math.floor(n / 2)}`,
    );
    median = m.v;
  }
  const rows = await c.engine.query<{
    source_row: number;
    budget_initial: number;
    budget_adjusted: number | null;
    budget_executed: number;
  }>(
    `SELECT source_row, budget_initial, budget_adjusted, budget_executed FROM ${out}
     WHERE (budget_initial > 0 AND budget_initial * 1000 < ?) OR (coalesce(budget_adjusted, budget_initial) > 0 AND budget_executed > coalesce(budget_adjusted, budget_initial) * 50)
     ORDER BY source_row`,
    [median ?? -1],
  );
  warnUnitMismatch(median, rows, c.stage.headersById, c.stage.report);
}
