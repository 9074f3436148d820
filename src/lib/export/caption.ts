/**
 * Every exported chart and slide carries its context: the filters in words, the data source and
 * the export date, so a figure never leaves the dashboard without them.
 */
import type { FilterKey, Filters } from '../queries/filters';
import { categoryLabel } from '../domain/problemTaxonomy';
import { DEFAULT_RULES, sameRules } from '../domain/warnings';
import { EMPTY_TEXT, isEmptyOption } from '../charts/empty';

export interface ExportContext {
  /** 「华漕镇 · 2024年 · 1–8月」 */
  filters: string;
  source: string;
  /** YYYY-MM-DD */
  date: string;
  /** The warning rules in words (「预警规则：默认规则」 or the custom rules), said on a line of their own. */
  rules?: string;
}

export function exportDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function captionText(ctx: ExportContext): string {
  const line = `筛选：${ctx.filters}　|　数据来源：${ctx.source}　|　导出日期：${ctx.date}`;
  return ctx.rules ? `${line}\n${ctx.rules}` : line;
}

/** A file name safe on Windows: 图表标题_筛选_日期.ext */
export function exportFileName(title: string, ctx: ExportContext, ext: string): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '').replace(/·/g, '-');
  return `${clean(title)}_${clean(ctx.filters)}_${ctx.date}.${ext}`.slice(0, 180);
}

interface WithTitle {
  title?: { text?: string };
  grid?: object;
}

/**
 * The option as exported: white background, the title kept, the caption as subtitle, the plot
 * pushed down to make room, no animation, tooltips off (an image cannot hover).
 */
export function captionedOption<T extends object>(option: T, ctx: ExportContext): T {
  const o = option as WithTitle;
  const grid = (o.grid ?? {}) as { top?: unknown };
  const top = typeof grid.top === 'number' ? grid.top : 48;
  return {
    ...option,
    backgroundColor: '#ffffff',
    animation: false,
    tooltip: { show: false },
    title: { ...(o.title ?? {}), left: 'center', top: 8, subtext: captionText(ctx), subtextStyle: { fontSize: 11, color: '#555' } },
    grid: { ...grid, top: top + (ctx.rules ? 44 : 28) },
    // An exported chart with no data says so in the picture too, not only on screen.
    ...(isEmptyOption(option)
      ? { graphic: [{ type: 'text', left: 'center', top: 'middle', style: { text: EMPTY_TEXT, fontSize: 16, fill: '#5a6573' } }] }
      : {}),
  };
}

/**
 * The filters a figure applies, in words: those it does not apply (`omit`, the chart shows them
 * itself) are said as such, e.g. 「各街镇（不受街镇筛选） · 2024年」, 「华漕镇 · 历年各轮（不受年度、轮次筛选）」.
 */
export function describeFiltersApplied(f: Filters, omit: FilterKey[] = []): string {
  const o = new Set(omit);
  const parts = [
    o.has('town') ? '各街镇（不受街镇筛选）' : (f.town ?? '全区'),
    ...(o.has('year') && o.has('round')
      ? ['历年各轮（不受年度、轮次筛选）']
      : o.has('year')
        ? ['历年（不受年度筛选）', f.round ?? '各项目当年最新一轮']
        : [f.year !== null ? `${f.year}年` : '全部年度', f.round ?? '各项目当年最新一轮']),
  ];
  if (f.unit && !o.has('unit')) parts.push(f.unit);
  if (f.conclusion && !o.has('conclusion')) parts.push(f.conclusion);
  if (o.has('conclusion') && f.conclusion) parts.push('各类结论（不受结论筛选）');
  if (f.atRisk && !o.has('atRisk')) parts.push('仅预警项目');
  if (f.level !== null && !o.has('level')) parts.push(f.level === 'red' ? '仅红灯' : '仅黄灯');
  if (!sameRules(f.rules, DEFAULT_RULES)) parts.push('自定义预警规则');
  if (f.category && !o.has('category')) parts.push(`问题：${categoryLabel(f.category)}`);
  if (o.has('category') && f.category) parts.push('各类问题（不受问题类别筛选）');
  return parts.join(' · ');
}

/** 「华漕镇 · 2024年 · 1–8月」: the filters in words, for captions and exports. */
export function describeFilters(f: Filters): string {
  return describeFiltersApplied(f);
}
