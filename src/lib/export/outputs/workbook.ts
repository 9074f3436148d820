/**
 * Excel workbooks, written by exceljs (a maintained OOXML workbook library that runs in the browser
 * and in Node): typed numbers with 万元 / % formats, the caption (filters, rules, source, date) above
 * the header, a frozen header, an auto-filter and column widths. One writer for the per-table
 * 导出 Excel buttons and for the appendix workbook of the meeting outputs. Loaded on demand.
 */
import type { Column } from '../../charts/table';
import { exportCells, exportHeaders } from '../tableExport';
import { captionText, describeFiltersApplied, type ExportContext } from '../caption';
import { omitsOf, type OmittingQuery } from '../../queries/omits';
import type { Filters } from '../../queries/filters';
import type { OutputData } from './data';
import { rankedTowns } from '../../charts/ranking';
import { CONSISTENCY_COLUMNS, DEVIATION_COLUMNS, RECURRING_COLUMNS, RISK_COLUMNS, SENTENCE_COLUMNS } from '../../charts/columns';
import type { RankingRow } from '../../queries/ranking';
import { textWidth } from '../../domain/format';

export interface SheetSpec<Row> {
  name: string;
  columns: Column<Row>[];
  rows: Row[];
  /** The named query behind the sheet, when it does not apply every filter (the ranking: every town). */
  query?: OmittingQuery;
}

const FORMAT: Partial<Record<NonNullable<Column<unknown>['kind']>, string>> = {
  wan: '#,##0.00',
  yuan: '#,##0.00',
  pct: '0.00',
  int: '#,##0',
  num1: '0.0',
};

/** Excel forbids these in sheet names; 31 characters at most. */
const sheetName = (s: string) => s.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31);

type Workbook = import('exceljs').Workbook;

function addSheet<Row>(wb: Workbook, spec: SheetSpec<Row>, ctx: ExportContext): void {
  const ws = wb.addWorksheet(sheetName(spec.name), { views: [{ state: 'frozen', ySplit: 2 }] });
  const headers = exportHeaders(spec.columns);
  const n = Math.max(1, headers.length);
  ws.addRow([captionText(ctx).replace('\n', '　|　')]);
  ws.mergeCells(1, 1, 1, n);
  ws.getRow(1).font = { name: '微软雅黑', size: 9, color: { argb: 'FF555555' } };
  const head = ws.addRow(headers);
  head.font = { name: '微软雅黑', bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } };
  for (const r of spec.rows) ws.addRow(exportCells(spec.columns, r));
  // An empty sheet says so in words, not with a bare header (红灯项目 of a town that has none).
  if (spec.rows.length === 0) {
    ws.addRow(['当前筛选条件下没有记录']);
    ws.getRow(3).font = { name: '微软雅黑', italic: true, color: { argb: 'FF555555' } };
  }
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const fmt = c.format ? undefined : c.kind ? FORMAT[c.kind] : undefined;
    if (fmt) col.numFmt = fmt;
    const longest = Math.max(headers[i].length, ...spec.rows.slice(0, 200).map((r) => String(exportCells([c], r)[0] ?? '').length));
    col.width = Math.min(60, Math.max(8, longest * 1.6 + 2));
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } };
  printLayout(ws, spec.columns.length);
}

/**
 * As it prints (an office suite's PDF, the meeting's paper): A4 landscape, every column on the page's
 * width (pages run down only), caption and header repeated on every page, the caption wrapped in its
 * merged row instead of cut at the page edge, long texts wrapped in their cells.
 */
function printLayout(ws: import('exceljs').Worksheet, columns: number): void {
  ws.pageSetup = {
    paperSize: 9,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '1:2',
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
  };
  ws.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
  let width = 0;
  for (let i = 1; i <= columns; i++) width += ws.getColumn(i).width ?? 8;
  const caption = ws.getCell(1, 1);
  caption.alignment = { wrapText: true, vertical: 'top' };
  // At 9 pt (the caption's size) a character takes ~80 % of its width at the body's 11 pt.
  const lines = Math.max(1, Math.ceil((textWidth(String(caption.value ?? '')) * 0.8) / Math.max(1, width)));
  ws.getRow(1).height = 13 * lines + 4;
  const wrapped: number[] = [];
  for (let i = 1; i <= columns; i++) if ((ws.getColumn(i).width ?? 0) >= 40) wrapped.push(i);
  if (wrapped.length === 0) return;
  // Office suites do not all grow a row for its wrapped text (LibreOffice keeps the default height): each
  // data row is given the height its longest wrapped cell needs.
  ws.eachRow((row, n) => {
    if (n <= 2) return;
    let need = 1;
    for (const i of wrapped) {
      const cell = row.getCell(i);
      cell.alignment = { wrapText: true, vertical: 'top' };
      need = Math.max(need, Math.ceil(textWidth(String(cell.value ?? '')) / Math.max(1, (ws.getColumn(i).width ?? 8) - 2)));
    }
    if (need === 1) return;
    row.height = 16 * Math.min(need, 20) + 2;
    row.eachCell((cell, i) => {
      if (!wrapped.includes(i)) cell.alignment = { ...cell.alignment, vertical: 'top' };
    });
  });
}

async function workbook(sheets: SheetSpec<never>[], ctx: ExportContext, filters?: Filters): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '闵行区财政项目支出绩效运行监控看板';
  for (const s of sheets)
    addSheet(wb, s, s.query && filters ? { ...ctx, filters: describeFiltersApplied(filters, omitsOf(s.query)) } : ctx);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** One table as a workbook (the 导出 Excel button of every table). */
export function tableWorkbook<Row>(name: string, columns: Column<Row>[], rows: Row[], ctx: ExportContext): Promise<Uint8Array> {
  return workbook([{ name, columns, rows } as unknown as SheetSpec<never>], ctx);
}

const rankingCols: Column<RankingRow & { rank: number | null }>[] = [
  { key: 'rank', label: '名次', kind: 'int' },
  { key: 'town', label: '街镇' },
  { key: 'reports', label: '报告数', kind: 'int' },
  { key: 'exec_rate', label: '执行率', kind: 'pct' },
  { key: 'time_progress', label: '时间进度', kind: 'pct' },
  { key: 'gap_points', label: '执行率−时间进度（个百分点）', kind: 'num1' },
  { key: 'gap_points_yoy', label: '同比（个百分点）', kind: 'num1' },
  { key: 'gap_points_mom', label: '环比（个百分点）', kind: 'num1' },
  { key: 'red_share', label: '红灯占比', kind: 'pct' },
  { key: 'yellow_share', label: '黄灯占比', kind: 'pct' },
  { key: 'red_budget', label: '红灯项目预算', kind: 'wan' },
  { key: 'goal_completion', label: '指标完成率', kind: 'pct' },
  { key: 'deviation_share', label: '偏差结论占比', kind: 'pct' },
];

export const APPENDIX_SHEETS = ['红灯项目', '黄灯项目', '街镇排名', '一致性问题', '指标偏差', '问题原文', '整改后再次出现的问题'];

/** The appendix workbook: one sheet per list, the full texts the deck and the 通报 shorten. */
export function buildAppendix(d: OutputData, ctx: ExportContext): Promise<Uint8Array> {
  // 全区 has no place of its own, nor a town without a value to compare: shown as —.
  const ranked = [
    ...rankedTowns(d.ranking, 'gap_points').map((r) => ({ ...r, rank: r.place })),
    ...d.ranking.filter((r) => r.is_district).map((r) => ({ ...r, rank: null })),
  ];
  const sheets = [
    { name: APPENDIX_SHEETS[0], columns: RISK_COLUMNS, rows: d.red },
    { name: APPENDIX_SHEETS[1], columns: RISK_COLUMNS, rows: d.yellow },
    { name: APPENDIX_SHEETS[2], columns: rankingCols, rows: ranked, query: 'ranking' },
    { name: APPENDIX_SHEETS[3], columns: CONSISTENCY_COLUMNS, rows: d.consistency },
    { name: APPENDIX_SHEETS[4], columns: DEVIATION_COLUMNS, rows: d.deviations },
    { name: APPENDIX_SHEETS[5], columns: SENTENCE_COLUMNS, rows: d.sentences },
    { name: APPENDIX_SHEETS[6], columns: RECURRING_COLUMNS, rows: d.recurring },
  ];
  return workbook(sheets as unknown as SheetSpec<never>[], ctx, d.filters);
}
