/** What chart and table components call to export: the current context, and the file savers. */
import type { Column } from '../charts/table';
import { downloadBlob } from './download';
import { captionedOption, exportFileName, type ExportContext } from './caption';
import { renderPng, renderSvg } from './render';
import { tableCsv } from './tableExport';

export interface Exporter {
  /** With a chart id: the filters that chart applies (see `chartOmits`). */
  context(chartId?: string): ExportContext;
}

const titleOf = (option: object, fallback: string) => (option as { title?: { text?: string } }).title?.text ?? fallback;

export async function exportChartPng(ex: Exporter, option: object, id: string, width: number, height: number): Promise<void> {
  const ctx = ex.context(id);
  const img = await renderPng(captionedOption(option, ctx), Math.max(width, 900), Math.max(height, 450), 2);
  downloadBlob(exportFileName(titleOf(option, id), ctx, 'png'), img.bytes as BlobPart, 'image/png');
}

export async function exportChartSvg(ex: Exporter, option: object, id: string, width: number, height: number): Promise<void> {
  const ctx = ex.context(id);
  const svg = await renderSvg(captionedOption(option, ctx), Math.max(width, 900), Math.max(height, 450));
  downloadBlob(exportFileName(titleOf(option, id), ctx, 'svg'), svg, 'image/svg+xml;charset=utf-8');
}

export function exportTableCsv<Row>(ex: Exporter, name: string, columns: Column<Row>[], rows: Row[]): void {
  downloadBlob(exportFileName(name, ex.context(), 'csv'), tableCsv(columns, rows), 'text/csv;charset=utf-8');
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook writer (exceljs) is loaded on the first Excel export, not with the page. */
export async function exportTableXlsx<Row>(ex: Exporter, name: string, columns: Column<Row>[], rows: Row[]): Promise<void> {
  const { tableWorkbook } = await import('./outputs/workbook');
  const ctx = ex.context();
  downloadBlob(exportFileName(name, ctx, 'xlsx'), (await tableWorkbook(name, columns, rows, ctx)) as BlobPart, XLSX_TYPE);
}
