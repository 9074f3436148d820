/**
 * The meeting deck (.pptx), written by pptxgenjs: a dozen slides of native PowerPoint charts with
 * their data (编辑数据 works; restyle to the bureau's template) and real tables that fit their slide.
 * Chinese fonts are set on every text, axis and legend (微软雅黑; WPS and LibreOffice substitute a
 * CJK font where it is missing). Loaded only when the user exports (dynamic import).
 */
import type PptxGenJS from 'pptxgenjs';
import type { OutputData } from './data';
import { describeFiltersApplied, type ExportContext } from '../caption';
import { omitsOf, type OmittingQuery } from '../../queries/omits';
import { reachLine } from '../../queries/headline';
import { LEVEL_LABEL } from '../../domain/warnings';
import { categoryLabel } from '../../domain/problemTaxonomy';
import { formatInt, formatPct, formatWan } from '../../domain/format';
import { rankedTowns } from '../../charts/ranking';
import { townsInOrder } from '../../contract/columns';

export const FONT = '微软雅黑';
const W = 13.33;
const NAVY = '173F6D';
const C = { primary: '1F5FA8', red: 'C8372D', amber: 'E0A526', green: '2E8B57', grey: '6B7785', line: 'C8372D' };
/** Rows of a table slide: at this font size they fit the slide with one-line cells. */
export const TOP_ROWS = 10;

const pct1 = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
/** A reason shortened for a slide cell (the full text is in the appendix workbook). */
export function shorten(text: string, max = 38): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

interface DeckOptions {
  /** 含完整清单: every 红灯 and 黄灯 project as appendix slides. */
  full?: boolean;
}

export interface Deck {
  bytes: Uint8Array;
  slides: number;
  charts: number;
}

export async function buildDeck(d: OutputData, ctx: ExportContext, opts: DeckOptions = {}): Promise<Deck> {
  const { default: Pptx } = await import('pptxgenjs');
  const pptx: PptxGenJS = new Pptx();
  pptx.layout = 'LAYOUT_WIDE';
  pptx.title = '财政项目支出绩效运行监控 · 会议材料';
  pptx.theme = { headFontFace: FONT, bodyFontFace: FONT };
  let slides = 0;
  let charts = 0;

  const axisFonts = {
    catAxisLabelFontFace: FONT,
    valAxisLabelFontFace: FONT,
    legendFontFace: FONT,
    dataLabelFontFace: FONT,
    titleFontFace: FONT,
    catAxisLabelFontSize: 10,
    valAxisLabelFontSize: 10,
    legendFontSize: 11,
  };
  /** `query`: the named query the slide draws; the filters it does not apply (every town side by side, every round) are said so. */
  const slide = (title: string, query?: OmittingQuery) => {
    slides++;
    const s = pptx.addSlide();
    const filters = query ? describeFiltersApplied(d.filters, omitsOf(query)) : ctx.filters;
    s.addText(title, { x: 0.4, y: 0.25, w: W - 0.8, h: 0.6, fontFace: FONT, fontSize: 22, bold: true, color: NAVY, fit: 'shrink' });
    s.addText(`筛选：${filters}　|　${ctx.rules ?? ''}　|　数据来源：${ctx.source}　|　导出日期：${ctx.date}`, {
      x: 0.4,
      y: 0.85,
      w: W - 0.8,
      h: 0.35,
      fontFace: FONT,
      fontSize: 10,
      color: '555555',
    });
    return s;
  };
  const chartBox = { x: 0.5, y: 1.3, w: W - 1, h: 5.9 };
  const chart = (s: PptxGenJS.Slide, type: Parameters<PptxGenJS.Slide['addChart']>[0], data: unknown[], o: object) => {
    charts++;
    const options = { ...chartBox, ...axisFonts, ...o };
    // A combo chart (several types) takes its data inside the types and the options second.
    if (Array.isArray(type)) s.addChart(type, options as never);
    else s.addChart(type, data as never[], options);
  };
  const table = (s: PptxGenJS.Slide, head: string[], rows: string[][], colW: number[]) => {
    const cell = (text: string, header = false) => ({
      text,
      options: {
        fontFace: FONT,
        fontSize: header ? 11 : 10,
        bold: header,
        color: header ? 'FFFFFF' : '222222',
        fill: { color: header ? NAVY : 'FFFFFF' },
      },
    });
    s.addTable([head.map((h) => cell(h, true)), ...rows.map((r) => r.map((t) => cell(t)))], {
      x: 0.4,
      y: 1.3,
      w: W - 0.8,
      colW,
      rowH: 0.36,
      border: { type: 'solid', pt: 0.5, color: 'BFC7D1' },
      valign: 'middle',
      autoPage: false,
    });
  };

  // 1. Title
  slides++;
  const t = pptx.addSlide();
  t.background = { color: 'F3F6FA' };
  t.addText('财政项目支出绩效运行监控 · 会议材料', {
    x: 0.6,
    y: 1.8,
    w: W - 1.2,
    h: 1,
    fontFace: FONT,
    fontSize: 34,
    bold: true,
    color: NAVY,
  });
  t.addText(
    [`筛选：${ctx.filters}`, ctx.rules ?? '', `数据来源：${ctx.source}`, `导出日期：${ctx.date}`]
      .filter(Boolean)
      .map((line) => ({ text: line, options: { breakLine: true } })),
    { x: 0.6, y: 3.1, w: W - 1.2, h: 2.4, fontFace: FONT, fontSize: 15, color: '333333', valign: 'top' },
  );

  // 2. 总体情况
  const h = d.headline;
  const s2 = slide('总体情况');
  const cards: [string, string, string][] = [
    ['跟踪项目（报告）', formatInt(h.reports), reachLine(h)],
    ['调整后预算数', formatWan(h.budget_base), `当年预算数 ${formatWan(h.budget_initial)}`],
    ['预算执行率', formatPct(h.exec_rate), `时间进度 ${formatPct(h.time_progress)}`],
    ['红灯项目', formatInt(h.red), `预算 ${formatWan(h.red_budget)}`],
    ['黄灯项目', formatInt(h.yellow), `预算 ${formatWan(h.yellow_budget)}`],
    ['绿灯项目', formatInt(h.green), `结论与数据矛盾 ${formatInt(h.contradictions)} 份`],
  ];
  cards.forEach(([k, v, sub], i) => {
    const x = 0.5 + (i % 3) * 4.15;
    const y = 1.5 + Math.floor(i / 3) * 2.7;
    s2.addShape('rect', { x, y, w: 3.9, h: 2.4, fill: { color: 'FFFFFF' }, line: { color: 'DDE3EA', width: 1 } });
    s2.addText(k, { x: x + 0.2, y: y + 0.15, w: 3.5, h: 0.4, fontFace: FONT, fontSize: 14, color: '5A6573' });
    s2.addText(v, {
      x: x + 0.2,
      y: y + 0.65,
      w: 3.5,
      h: 0.9,
      fontFace: FONT,
      fontSize: 24,
      fit: 'shrink',
      bold: true,
      color: k.startsWith('红') ? C.red : k.startsWith('黄') ? 'B07800' : '1A2633',
    });
    s2.addText(sub, { x: x + 0.2, y: y + 1.65, w: 3.5, h: 0.5, fontFace: FONT, fontSize: 12, color: '6B7785' });
  });

  // 3. Execution vs time progress by town (combo)
  const towns = d.byTown.map((r) => r.town);
  chart(
    slide('各街镇预算执行率与时间进度', 'executionByTown'),
    [
      {
        type: pptx.ChartType.bar,
        data: [{ name: '预算执行率（%）', labels: towns, values: d.byTown.map((r) => pct1(r.exec_rate) ?? 0) }],
        options: { chartColors: [C.primary], barDir: 'col' },
      },
      {
        type: pptx.ChartType.line,
        data: [{ name: '时间进度（%）', labels: towns, values: d.byTown.map((r) => pct1(r.time_progress) ?? 0) }],
        options: { chartColors: [C.line], lineDataSymbol: 'none' },
      },
    ],
    [],
    { showLegend: true, legendPos: 'b', showValue: false, valAxisMinVal: 0, valAxisMaxVal: 100, catAxisLabelRotate: -35 },
  );

  // 4. 红灯 / 黄灯 by town (stacked bars)
  const byLevel = townsInOrder(towns).map((tn) => d.byTown.find((r) => r.town === tn)!);
  chart(
    slide('各街镇红灯、黄灯项目数', 'executionByTown'),
    pptx.ChartType.bar,
    [
      { name: '红灯', labels: byLevel.map((r) => r.town), values: byLevel.map((r) => r.red) },
      { name: '黄灯', labels: byLevel.map((r) => r.town), values: byLevel.map((r) => r.yellow) },
    ],
    {
      barDir: 'col',
      barGrouping: 'stacked',
      chartColors: [C.red, C.amber],
      showLegend: true,
      legendPos: 'b',
      showValue: true,
      catAxisLabelRotate: -35,
    },
  );

  // 5–6. 街镇排名: chart and table with 同比 / 环比
  const ranked = rankedTowns(d.ranking, 'gap_points');
  const district = d.ranking.find((r) => r.is_district);
  const period = ranked[0] ? `${ranked[0].budget_year}年${ranked[0].round_label}` : '';
  chart(
    slide(`街镇排名：执行率 − 时间进度（${period}，个百分点）`, 'ranking'),
    pptx.ChartType.bar,
    [
      {
        name: '执行率−时间进度（个百分点）',
        labels: ranked.map((r) => r.town),
        values: ranked.map((r) => (r.gap_points === null ? null : Math.round(r.gap_points * 10) / 10)),
      },
    ],
    {
      barDir: 'bar',
      chartColors: [C.primary],
      showValue: true,
      dataLabelFormatCode: '0.0',
      catAxisOrientation: 'maxMin',
      // Town names at the chart's edge, not on the zero line where the negative bars would cover them.
      catAxisLabelPos: 'low',
      showLegend: false,
    },
  );
  const sign = (v: number | null, unit = '') =>
    v === null ? '—' : `${v > 0 ? '+' : ''}${(Math.round(v * 10) / 10 || 0).toFixed(1)}${unit}`;
  table(
    slide(`街镇排名表（${period}）`, 'ranking'),
    [
      '名次',
      '街镇',
      '执行率−时间进度',
      `同比（${ranked[0]?.yoy_label ?? '无'}）`,
      `环比（${ranked[0]?.mom_label ?? '无'}）`,
      '红灯占比',
      '黄灯占比',
      '红灯预算',
      '指标完成率',
    ],
    [
      ...ranked.map((r) => [
        r.place === null ? '—' : String(r.place),
        r.town,
        sign(r.gap_points),
        sign(r.gap_points_yoy),
        sign(r.gap_points_mom),
        formatPct(r.red_share),
        formatPct(r.yellow_share),
        formatWan(r.red_budget),
        formatPct(r.goal_completion),
      ]),
      ...(district
        ? [
            [
              '',
              '全区',
              sign(district.gap_points),
              sign(district.gap_points_yoy),
              sign(district.gap_points_mom),
              formatPct(district.red_share),
              formatPct(district.yellow_share),
              formatWan(district.red_budget),
              formatPct(district.goal_completion),
            ],
          ]
        : []),
    ],
    [0.6, 1.5, 1.5, 1.6, 1.6, 1.1, 1.1, 1.9, 1.13],
  );

  // 7. Top 红灯 projects by money behind schedule
  const riskHead = ['街镇', '项目名称', '年度/轮次', '调整后预算', '执行率', '时间进度', '预警原因'];
  const riskRow = (r: OutputData['red'][number]) => [
    r.town,
    shorten(r.project_name, 16),
    `${r.budget_year} ${r.round_label}`,
    formatWan(r.budget_base),
    formatPct(r.exec_rate),
    formatPct(r.time_progress),
    shorten(r.risk_reasons.replace(/红：|黄：/g, '')),
  ];
  const riskW = [1.1, 2.3, 1.2, 1.5, 0.9, 0.9, 4.63];
  table(
    slide(`红灯项目（前 ${Math.min(TOP_ROWS, d.red.length)} 个 / 共 ${d.red.length} 个，按落后金额排序）`),
    riskHead,
    d.red.slice(0, TOP_ROWS).map(riskRow),
    riskW,
  );

  // 8. Indicator completion by category (stacked)
  const comp = d.completion.slice(0, 14);
  const compLabels = comp.map((r) => `${r.level1}/${r.level2}`);
  chart(
    slide('绩效指标完成情况（按一级/二级目标）'),
    pptx.ChartType.bar,
    [
      { name: '已完成', labels: compLabels, values: comp.map((r) => r.met) },
      { name: '部分完成', labels: compLabels, values: comp.map((r) => r.partial) },
      { name: '未完成', labels: compLabels, values: comp.map((r) => r.not_met) },
    ],
    {
      barDir: 'bar',
      barGrouping: 'stacked',
      chartColors: [C.green, C.amber, C.red],
      showLegend: true,
      legendPos: 'b',
      catAxisOrientation: 'maxMin',
    },
  );

  // 9. Problem categories
  chart(
    slide('存在问题分类（涉及报告数）', 'problemCategories'),
    pptx.ChartType.bar,
    [{ name: '报告数', labels: d.categories.map((c) => categoryLabel(c.category)), values: d.categories.map((c) => c.reports) }],
    { barDir: 'bar', chartColors: [C.primary], showValue: true, catAxisOrientation: 'maxMin', showLegend: false },
  );

  // 10. Problems that came back after a promised fix
  table(
    slide(`整改后再次出现的问题（前 ${Math.min(TOP_ROWS, d.recurring.length)} 条 / 共 ${d.recurring.length} 条）`),
    ['街镇', '项目名称', '问题分类', '上年问题', '本年再次出现'],
    d.recurring
      .slice(0, TOP_ROWS)
      .map((r) => [
        r.town,
        shorten(r.project_name, 14),
        shorten(categoryLabel(r.category), 12),
        `${r.first_year}：${shorten(r.earlier_sentence, 24)}`,
        `${r.later_year}：${shorten(r.later_sentence, 24)}`,
      ]),
    [1.1, 2.2, 2.2, 3.5, 3.53],
  );

  // 11. Trends over rounds (lines)
  const tl = d.trends.map((r) => `${r.budget_year}年${r.round_label}`);
  chart(
    slide('历年各轮次：执行率、时间进度、红灯与黄灯占比（%）', 'trends'),
    pptx.ChartType.line,
    [
      { name: '预算执行率', labels: tl, values: d.trends.map((r) => pct1(r.exec_rate)) },
      { name: '时间进度', labels: tl, values: d.trends.map((r) => pct1(r.time_progress)) },
      { name: '红灯占比', labels: tl, values: d.trends.map((r) => pct1(r.red_share)) },
      { name: '黄灯占比', labels: tl, values: d.trends.map((r) => pct1(r.yellow_share)) },
    ],
    {
      chartColors: [C.primary, C.line, C.red, C.amber],
      showLegend: true,
      legendPos: 'b',
      valAxisMinVal: 0,
      valAxisMaxVal: 100,
      lineDataSymbolSize: 6,
    },
  );

  // 12. Budget and spending over rounds
  chart(
    slide('历年各轮次：调整后预算与执行数（万元）', 'trends'),
    pptx.ChartType.bar,
    [
      { name: '调整后预算', labels: tl, values: d.trends.map((r) => Math.round(r.budget_base / 100) / 100) },
      { name: '执行数', labels: tl, values: d.trends.map((r) => Math.round(r.budget_executed / 100) / 100) },
    ],
    { barDir: 'col', chartColors: [C.grey, C.primary], showLegend: true, legendPos: 'b', valAxisLabelFormatCode: '#,##0' },
  );

  if (opts.full) {
    for (const [level, list] of [
      ['red', d.red],
      ['yellow', d.yellow],
    ] as const) {
      for (let i = 0; i < list.length; i += TOP_ROWS) {
        const part = list.slice(i, i + TOP_ROWS);
        table(
          slide(`附：${LEVEL_LABEL[level]}项目清单（${i + 1}–${i + part.length} / ${list.length}）`),
          riskHead,
          part.map(riskRow),
          riskW,
        );
      }
    }
  }

  const out = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
  return { bytes: out, slides, charts };
}
