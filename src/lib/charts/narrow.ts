/**
 * On a narrow screen (a phone), a chart of vertical bars over many categories (14 towns) cannot be
 * read: its labels overlap. The same option turned on its side reads well: categories down the
 * left, values across. Pure, unit-tested; exports keep the wide option.
 */
type Axis = { type?: string; axisLabel?: Record<string, unknown>; data?: unknown[]; inverse?: boolean; [k: string]: unknown };
type Series = { label?: Record<string, unknown>; markLine?: { data?: Record<string, unknown>[] }; [k: string]: unknown };
type Opt = { xAxis?: Axis; yAxis?: Axis; series?: Series[]; grid?: Record<string, unknown>; [k: string]: unknown };

export const NARROW_PX = 560;

/** The option with its category axis down the side, or the option unchanged if it has none across. */
export function sideways<T extends object>(option: T): { option: T; categories: number } {
  const o = option as Opt;
  const x = o.xAxis;
  const y = o.yAxis;
  if (!x || !y || Array.isArray(x) || Array.isArray(y) || x.type !== 'category' || y.type !== 'value') return { option, categories: 0 };
  // Bars over many categories (the towns) only: a line over the years reads left to right, as it is.
  if (!(o.series ?? []).some((s) => s.type === 'bar') || (x.data?.length ?? 0) <= 6) return { option, categories: 0 };
  const series = (o.series ?? []).map((s) => ({
    ...s,
    ...(s.label ? { label: { ...s.label, position: s.label.position === 'top' ? 'right' : s.label.position } } : {}),
    ...(s.markLine?.data
      ? {
          markLine: {
            ...s.markLine,
            data: s.markLine.data.map((d) =>
              'yAxis' in d ? { ...Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'yAxis')), xAxis: d.yAxis } : d,
            ),
          },
        }
      : {}),
  }));
  const grid = { ...(o.grid ?? {}), left: 8, right: 48, containLabel: true };
  return {
    option: {
      ...option,
      grid,
      xAxis: { ...y, axisLabel: { ...(y.axisLabel ?? {}), rotate: 0 } },
      yAxis: { ...x, inverse: true, axisLabel: { ...(x.axisLabel ?? {}), rotate: 0, interval: 0 } },
      series,
    } as T,
    categories: x.data?.length ?? 0,
  };
}

/** A title that fits a narrow chart: smaller, and broken onto a second line rather than cut off. */
export function fitTitle<T extends object>(option: T, width: number): T {
  const t = (option as { title?: { textStyle?: Record<string, unknown> } }).title;
  if (!t) return option;
  return {
    ...option,
    title: { ...t, textStyle: { ...(t.textStyle ?? {}), fontSize: 13, width: Math.max(120, width - 24), overflow: 'break' } },
  };
}
