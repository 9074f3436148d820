/**
 * The meeting pack's plan (pure, unit-tested): a title slide with the filters and the date, one
 * slide per chart with its caption, then the at-risk table split across as many slides as needed.
 */
import type { RiskRow } from '../queries/riskList';
import { formatPct, formatWan } from '../domain/format';
import { captionText, type ExportContext } from './caption';
import { LEVEL_LABEL } from '../domain/warnings';

export const RISK_ROWS_PER_SLIDE = 12;
/** Beyond this the deck says where the full list is (the at-risk table's Excel export). */
export const RISK_ROWS_IN_PACK = 360;

export type PlannedSlide =
  | { kind: 'title'; title: string; lines: string[] }
  | { kind: 'chart'; chartId: string; title: string; caption: string }
  | { kind: 'table'; title: string; caption: string; headers: string[]; rows: string[][]; widths: number[] };

export const RISK_TABLE_HEADERS = ['等级', '街镇', '项目名称', '年度/轮次', '调整后预算', '执行率', '时间进度', '结论', '预警原因'];
const RISK_WIDTHS = [0.6, 1.0, 2.0, 1.0, 1.2, 0.8, 0.8, 0.9, 4.1];

export function riskTableRow(r: RiskRow): string[] {
  return [
    LEVEL_LABEL[r.level],
    r.town,
    r.project_name,
    `${r.budget_year} ${r.round_label}`,
    formatWan(r.budget_base),
    formatPct(r.exec_rate),
    formatPct(r.time_progress),
    r.conclusion_class,
    r.risk_reasons,
  ];
}

export function planPack(
  ctx: ExportContext,
  charts: { id: string; title: string }[],
  riskRows: RiskRow[],
  perSlide = RISK_ROWS_PER_SLIDE,
): PlannedSlide[] {
  const slides: PlannedSlide[] = [
    {
      kind: 'title',
      title: '财政项目支出绩效运行监控 · 会议材料',
      lines: [`筛选：${ctx.filters}`, ...(ctx.rules ? [ctx.rules] : []), `数据来源：${ctx.source}`, `导出日期：${ctx.date}`],
    },
  ];
  const caption = captionText(ctx);
  for (const c of charts) slides.push({ kind: 'chart', chartId: c.id, title: c.title, caption });
  const shown = riskRows.slice(0, RISK_ROWS_IN_PACK);
  const pages = Math.max(1, Math.ceil(shown.length / perSlide));
  const more =
    riskRows.length > shown.length ? `；按落后程度×预算排序，此处列前 ${shown.length} 个，完整清单见「风险项目」表格的 Excel 导出` : '';
  for (let p = 0; p < pages; p++) {
    const chunk = shown.slice(p * perSlide, (p + 1) * perSlide);
    slides.push({
      kind: 'table',
      title: `预警项目清单（${riskRows.length} 个${pages > 1 ? `，第 ${p + 1}/${pages} 页` : ''}）`,
      caption: caption + more,
      headers: RISK_TABLE_HEADERS,
      rows: chunk.length ? chunk.map(riskTableRow) : [['当前筛选下没有预警项目', ...Array<string>(RISK_TABLE_HEADERS.length - 1).fill('')]],
      widths: RISK_WIDTHS,
    });
  }
  return slides;
}
