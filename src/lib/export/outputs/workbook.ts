/**
 * Excel workbooks, written by exceljs (a maintained OOXML workbook library that runs in the browser
 * and in Node): typed numbers with 万元 / % formats, the caption (filters, rules, source, date) above
 * the header, a frozen header, an auto-filter and column widths. One writer for the per-table
 * 导出 Excel buttons and for the appendix workbook of the meeting outputs. Loaded on demand.
 */
import type { Column } from '../../charts/table';
import { exportCells, exportHeaders } from '../tableExport';
import { captionText, type ExportContext } from '../caption';
import type { OutputData } from './data';
import { rankedTowns } from '../../charts/ranking';
import { CONSISTENCY_COLUMNS, DEVIATION_COLUMNS, RECURRING_COLUMNS, RISK_COLUMNS, SENTENCE_COLUMNS } from '../../charts/columns';
import type { RankingRow } from '../../queries/ranking';

export interface SheetSpec<Row> {
  name: string;
  columns: Column<Row>[];
  rows: Row[];
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
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    const fmt = c.format ? undefined : c.kind ? FORMAT[c.kind] : undefined;
    if (fmt) col.numFmt = fmt;
    const longest = Math.max(headers[i].length, ...spec.rows.slice(0, 200).map((r) => String(exportCells([c], r)[0] ?? '').length));
    col.width = Math.min(60, Math.max(8, longest * 1.6 + 2));
  });
  ws.autoFilter = { from: { row: 2, column: 1 }, to: { row: 2, column: n } };
}

async function workbook(sheets: SheetSpec<never>[], ctx: ExportContext): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '闵行区财政项目支出绩效运行监控看板';
  for (const s of sheets) addSheet(wb, s, ctx);
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
  const ranked = [...rankedTowns(d.ranking, 'gap_points'), ...d.ranking.filter((r) => r.is_district)].map((r, i) => ({
    ...r,
    rank: r.is_district ? null : i + 1, // 全区 has no place of its own: shown as —
  }));
  const sheets = [
    { name: APPENDIX_SHEETS[0], columns: RISK_COLUMNS, rows: d.red },
    { name: APPENDIX_SHEETS[1], columns: RISK_COLUMNS, rows: d.yellow },
    { name: APPENDIX_SHEETS[2], columns: rankingCols, rows: ranked },
    { name: APPENDIX_SHEETS[3], columns: CONSISTENCY_COLUMNS, rows: d.consistency },
    { name: APPENDIX_SHEETS[4], columns: DEVIATION_COLUMNS, rows: d.deviations },
    { name: APPENDIX_SHEETS[5], columns: SENTENCE_COLUMNS, rows: d.sentences },
    { name: APPENDIX_SHEETS[6], columns: RECURRING_COLUMNS, rows: d.recurring },
  ];
  return workbook(sheets as unknown as SheetSpec<never>[], ctx);
}
