/**
 * What every table import does before and after its values are normalised, whichever way they are
 * (row by row in `importTable`, or in the engine for a staged file, `staged/`): the header checks and
 * the report's start (`openTable`), the structural checks of each record (`eachRecord`: a whole-row
 * problem, a row cut short, merged cells filled from the row above), and the report's tail
 * (`finishReport`: merged cells, fills, the warning cap, the counts).
 */
import { columnsOf, TABLE_LABEL, chineseHeader, type TableKind } from '../contract/columns';
import { guessKind, mapHeaders, type HeaderMapping, type HeaderMatch } from '../contract/headers';
import type { RawRecord, RawTable } from './readTable';
import type { SheetTable } from './workbook';
import { loadingReport, notListed, refused, type FileReport } from './report';
import { mergedCellFiller } from './mergedCells';

export const MAX_WARNINGS = 20_000;

function expectedColumns(kind: TableKind): string {
  return columnsOf(kind)
    .filter((c) => c.required)
    .map((c) => chineseHeader(c))
    .join('、');
}

export interface OpenTable {
  kind: TableKind;
  mapping: HeaderMapping;
  headersById: Record<string, HeaderMatch>;
  have: Set<string>;
  /** The report so far: header-level warnings, nothing loaded yet. */
  report: FileReport;
}

/** A table's header → its kind, its columns and the start of its report; or the report refusing it. */
export function openTable(name: string, t: Omit<RawTable, 'chunks'>, kindHint?: TableKind): OpenTable | { refused: FileReport } {
  const kind = kindHint ?? guessKind(t.headers);
  if (!kind) {
    return {
      refused: refused(
        name,
        t.format,
        `「${name}」不是数据约定中的表：项目表至少需要 ${expectedColumns('projects')} 列，指标表至少需要 ${expectedColumns('indicators')} 列。文件中的列为：${t.headers.join('、') || '（无）'}`,
        t.headers,
        t.encoding,
      ),
    };
  }
  const mapping = mapHeaders(kind, t.headers);
  const have = new Set(mapping.matched.map((m) => m.def.id));
  const missing = columnsOf(kind)
    .filter((c) => c.required && !have.has(c.id))
    .map((c) => chineseHeader(c));
  if (kind === 'projects' && !have.has('period') && !(have.has('period_start') && have.has('period_end')))
    missing.push('跟踪时段（或 跟踪时段开始 + 跟踪时段结束）');
  if (
    kind === 'indicators' &&
    !have.has('report_id') &&
    !(have.has('town') && have.has('project_name') && (have.has('period') || (have.has('period_start') && have.has('period_end'))))
  ) {
    missing.push('报告编号（或 街镇名称 + 项目名称 + 跟踪时段）');
  }
  if (missing.length) {
    return {
      refused: refused(
        name,
        t.format,
        `「${name}」看起来是${TABLE_LABEL[kind]}，但缺少必需的列：${missing.join('、')}。文件中的列为：${t.headers.join('、')}`,
        t.headers,
        t.encoding,
      ),
    };
  }
  // 「单位：万元」 above the header: money columns that give no unit of their own are 万元.
  const unit = unitAbove(t.above);
  const scaled = unit ? mapping.matched.filter((m) => m.def.type === 'money' && m.unit === '') : [];
  for (const m of scaled) m.scale = 10000;
  const headersById: Record<string, HeaderMatch> = {};
  for (const m of mapping.matched) headersById[m.def.id] = m;
  const report = loadingReport({
    file: name,
    format: t.format,
    encoding: t.encoding,
    kind,
    headersFound: t.headers,
    unknownColumns: mapping.unknown,
    rowsRead: t.rowCount,
  });
  for (const a of t.above)
    report.warnings.push({
      row: a.row,
      column: '（整行）',
      reason: `表头（第 ${t.headerRow} 行）之前的标题或说明行，已跳过：「${a.text}」`,
    });
  if (t.subHeaderRow !== undefined)
    report.warnings.push({
      row: t.subHeaderRow,
      column: '（表头）',
      reason: `表头占两行（第 ${t.headerRow}、${t.subHeaderRow} 行）：合并的分组单元格下的列名取自第 ${t.subHeaderRow} 行，读作：${t.headers.filter(Boolean).join('、')}`,
    });
  if (unit && scaled.length)
    report.warnings.push({
      row: unit.row,
      column: scaled.map((m) => m.header).join('、'),
      reason: `表头上方注明「${unit.text}」：未注明单位的金额列（${scaled.map((m) => m.header).join('、')}）按万元读取（×10,000 折算为元）`,
    });
  for (const d of mapping.duplicates) report.warnings.push({ row: t.headerRow, column: d, reason: `列「${d}」重复出现，只使用第一列` });
  if (mapping.unknown.length) {
    report.warnings.push({
      row: t.headerRow,
      column: mapping.unknown.join('、'),
      reason: `不在数据约定中的列已保留在文件中但不参与分析：${mapping.unknown.join('、')}`,
    });
  }
  return { kind, mapping, headersById, have, report };
}

/** A title or note above the header that gives the sheet's money unit as 万元 (「单位：万元」, 「金额单位：万元」). */
function unitAbove(above: RawTable['above']): { row: number; text: string } | null {
  for (const a of above) {
    const m = /(?:金额)?单位[：:]\s*(万元|元)/.exec(a.text);
    if (m) return m[1] === '万元' ? { row: a.row, text: m[0] } : null;
  }
  return null;
}

const TOTAL = /^.{0,12}?(合计|总计|小计)[:：]?$/;
/** A sheet's title: 「2025年1-6月闵行区重点项目绩效跟踪汇总表」. */
const TITLE = /(汇总|统计|明细|情况|一览)表(（[^）]*）)?$/;
const NOTE =
  /^(注|备注|说明|填表说明|制表|制表人|制表日期|填表人|填表日期|填报人|填报日期|审核|审核人|复核人|经办人|联系人|联系电话|负责人|单位负责人|分管领导)[\s\d一二三四五六七八九十、.．:：]/;

/**
 * A summary sheet's own rows that are not data: a 合计/小计 row (its sums would count every project
 * twice), a note or signature line under the table, and a header or title repeated inside it (two
 * files pasted one under the other). Said and kept with the rejected rows.
 */
function footRow(cells: unknown[], kind: TableKind, headers: string[]): string | null {
  const texts = cells.map((c) => (c === null || c === undefined ? '' : String(c).trim()));
  const named = texts.filter((c) => c !== '');
  if (named.length === 0) return null;
  // Two files pasted one under the other: the second one's header (and title) inside the table.
  const heads = headers.filter((h) => h.trim() !== '').length;
  const same = texts.filter((c, i) => c !== '' && c === (headers[i] ?? '').trim()).length;
  if (same >= 2 && same >= heads * 0.6) return '与表头相同的一行（两个文件上下拼接时重复的表头？），不是数据，未载入';
  if (named.length === 1 && TITLE.test(named[0]))
    return `表格中间的标题行（两个文件上下拼接时重复的标题？），不是数据，未载入：「${named[0].slice(0, 100)}」`;
  const first = named[0].replace(/[\s\u3000]+/g, '');
  if (TOTAL.test(first))
    return `「${named[0]}」行是汇总行，不是一个${kind === 'projects' ? '项目' : '指标'}，未载入（看板的合计由各行明细计算，载入它会重复计算）`;
  // 「注：……」, or a signature line across the sheet: 制表人：张三 … 审核人：李四 … 联系电话：…
  if (named.every((c) => NOTE.test(c))) return `表格下方的说明或签字行，不是数据，未载入：「${named.join(' ').slice(0, 100)}」`;
  return null;
}

/** The key of a rejected row's cells as one line, when they do not line up with the header. */
export const RAW_LINE = '原始行（列数与表头不符，请改正后分列）';

/** The row as read, by header: kept only for rows that are rejected (shown and downloadable). */
export function rawCells(headers: string[], cells: unknown[]): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((h, i) => {
    out[h || `第${i + 1}列`] = cells[i] === null || cells[i] === undefined ? '' : String(cells[i]);
  });
  return out;
}

export type Fills = Record<string, { rows: number[]; count: number }>;

/**
 * Every record of `t` in file order, after the structural checks: whole-row problems and rows cut
 * short are reported into `open.report` here; each other record reaches `onRow` with its cells by
 * contract id (merged cells filled). A row group that cannot be decoded: the refused report.
 */
export async function eachRecord(
  name: string,
  t: RawTable,
  open: OpenTable,
  onProgress: ((msg: string) => void) | undefined,
  onRow: (rec: RawRecord, cells: Record<string, unknown>) => void,
): Promise<{ fills: Fills } | { refused: FileReport }> {
  const { kind, mapping, have, headersById, report } = open;
  // Sheets saved from Excel with merged cells: blanks continue the row above (reported once per column set).
  const filler = t.format !== 'parquet' ? mergedCellFiller(kind, have) : null;
  const fills: Fills = {};
  let n = -1;
  try {
    for await (const chunk of t.chunks()) {
      for (let k = 0; k < chunk.length; k++) {
        n++;
        const rec = chunk[k];
        // Let the raw cells go as soon as the row is read (large files hold a million of them).
        (chunk as unknown[])[k] = undefined;
        if (n > 0 && n % 20000 === 0)
          onProgress?.(`${name}：已处理 ${n.toLocaleString('zh-CN')} / ${t.rowCount.toLocaleString('zh-CN')} 行`);
        if (rec.problem) {
          report.rejected.push({
            row: rec.row,
            issues: [{ column: '（整行）', reason: rec.problem }],
            // A CSV row whose cells do not line up with the header (an unquoted comma, a broken quote):
            // kept as the line it was, not under headers it does not match — loaded again unmended, it
            // must not pass with its values one column over.
            raw: t.format === 'csv' ? { [RAW_LINE]: rec.cells.map((c) => String(c ?? '')).join(',') } : rawCells(t.headers, rec.cells),
          });
          continue;
        }
        const foot = t.format !== 'parquet' ? footRow(rec.cells, kind, t.headers) : null;
        if (foot) {
          report.rejected.push({ row: rec.row, issues: [{ column: '（整行）', reason: foot }], raw: rawCells(t.headers, rec.cells) });
          continue;
        }
        // A row with fewer cells than the header: rejected when a required column is cut off, else warned.
        if (t.format === 'csv' && rec.cells.length < t.headers.length) {
          const cut = mapping.matched.filter((m) => m.index >= rec.cells.length);
          const required = cut.filter((m) => m.def.required);
          const what = `表头 ${t.headers.length} 列，此行只有 ${rec.cells.length} 列`;
          if (required.length) {
            report.rejected.push({
              row: rec.row,
              issues: [
                {
                  column: required.map((m) => m.header).join('、'),
                  reason: `列数与表头不符：${what}，缺少必填列「${required.map((m) => m.header).join('、')}」（此行可能被截断或换行断开）`,
                },
              ],
              raw: rawCells(t.headers, rec.cells),
            });
            continue;
          }
          report.warnings.push({
            row: rec.row,
            column: '（整行）',
            reason: `${what}：末尾的 ${t.headers.length - rec.cells.length} 列（${t.headers.slice(rec.cells.length).join('、')}）按空白处理`,
          });
        }
        const cells: Record<string, unknown> = {};
        for (const m of mapping.matched) cells[m.def.id] = rec.cells[m.index];
        if (filler) {
          const filled = filler.fill(cells);
          if (filled.length) {
            const cols = filled.map((id) => headersById[id]?.header ?? id).join('、');
            const f = (fills[cols] ??= { rows: [], count: 0 });
            f.count++;
            if (f.rows.length < 20) f.rows.push(rec.row);
          }
        }
        onRow(rec, cells);
      }
    }
  } catch (e) {
    // A row group that cannot be decoded: nothing of the file is loaded (rows already read are dropped with it).
    return {
      refused: refused(
        name,
        t.format,
        `无法读取「${name}」第 ${(n + 2).toLocaleString('zh-CN')} 行起的数据：${e instanceof Error ? e.message : String(e)}。整个文件未载入。`,
        t.headers,
        t.encoding,
      ),
    };
  }
  return { fills };
}

/** The warnings after the rows' own: merged cells and fills said once per column set. */
export function mergeWarnings(report: FileReport, merged: SheetTable['merged'], fills: Fills): void {
  for (const m of merged) {
    report.warnings.push({
      row: m.rows[0],
      column: m.header,
      reason: `${m.count} 行的「${m.header}」在 Excel 合并单元格中，取合并单元格的值（第 ${m.rows.join('、')}${m.count > m.rows.length ? ' 等' : ''} 行）`,
    });
  }
  for (const [cols, f] of Object.entries(fills)) {
    report.warnings.push({
      row: f.rows[0],
      column: cols,
      reason: `${f.count} 行的「${cols}」为空，按 Excel 合并单元格处理，沿用了上一行的值（第 ${f.rows.join('、')}${f.count > f.rows.length ? ' 等' : ''} 行）`,
    });
  }
}

/** The warning cap and the counts, once everything is said. */
export function finishReport(report: FileReport, projects: number, indicators: number): void {
  if (report.warnings.length > MAX_WARNINGS) {
    const extra = report.warnings.length - MAX_WARNINGS;
    report.warnings.length = MAX_WARNINGS;
    notListed(report, extra, '（全部）', `另有 ${extra} 条提示未列出`);
  }
  report.rowsRejected = report.rejected.length;
  report.projectsLoaded = projects;
  report.indicatorsLoaded = indicators;
  report.rowsLoaded = projects + indicators;
}

/**
 * Money in 元 that looks like 万元: a 当年预算数 three orders of magnitude below the file's median,
 * or an 执行数 more than 50 times its budget (one of the two typed in another unit). `median`: of the
 * loaded rows' positive 当年预算数 (the upper one of an even count), null below five of them; `rows`:
 * the loaded rows in file order (or just those that can be warned about).
 */
export function warnUnitMismatch(
  median: number | null,
  rows: { source_row: number; budget_initial: number; budget_adjusted: number | null; budget_executed: number }[],
  headers: Record<string, HeaderMatch>,
  report: FileReport,
): void {
  if (median !== null) {
    for (const r of rows) {
      if (r.budget_initial > 0 && r.budget_initial * 1000 < median) {
        report.warnings.push({
          row: r.source_row,
          column: headers.budget_initial?.header ?? '当年预算数',
          reason: `当年预算数 ${r.budget_initial} 元比本文件中位数 ${median} 元小三个数量级以上，可能是按万元填写的`,
        });
      }
    }
  }
  for (const r of rows) {
    const base = r.budget_adjusted ?? r.budget_initial;
    if (base > 0 && r.budget_executed > base * 50) {
      report.warnings.push({
        row: r.source_row,
        column: headers.budget_executed?.header ?? '预算执行数',
        reason: `预算执行数 ${r.budget_executed} 元是预算数 ${base} 元的 ${Math.round(r.budget_executed / base)} 倍，两者单位可能不一致（元/万元）`,
      });
    }
  }
}

/** The median `warnUnitMismatch` compares with, from all loaded rows' 当年预算数. */
export function budgetMedian(budgets: number[]): number | null {
  const b = budgets.filter((v) => v > 0).sort((x, y) => x - y);
  return b.length >= 5 ? b[Math.floor(b.length / 2)] : null;
}
