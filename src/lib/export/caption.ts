/**
 * Every exported chart and slide carries its context: the filters in words, the data source and
 * the export date, so a figure never leaves the dashboard without them.
 */
export interface ExportContext {
  /** 「华漕镇 · 2024年 · 1–8月」 */
  filters: string;
  source: string;
  /** YYYY-MM-DD */
  date: string;
}

export function exportDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function captionText(ctx: ExportContext): string {
  return `筛选：${ctx.filters}　|　数据来源：${ctx.source}　|　导出日期：${ctx.date}`;
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
    grid: { ...grid, top: top + 28 },
  };
}
