/**
 * On a narrow screen (a phone), a chart of vertical bars over many categories (14 towns) cannot be
 * read: its labels overlap. The same option turned on its side reads well: categories down the
 * left, values across. Pure, unit-tested; exports keep the wide option.
 */
import { textWidth } from '../domain/format';

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

/**
 * A title that fits a narrow chart: smaller, and broken onto a second line rather than cut off; the
 * plot moves down by the lines added, so the title's last line does not sit on what the plot draws at
 * its top (the ranking's 「全区」 line label).
 */
export function fitTitle<T extends object>(option: T, width: number): T {
  const o = option as { title?: { text?: string; textStyle?: Record<string, unknown> }; grid?: Record<string, unknown> };
  const t = o.title;
  if (!t) return option;
  const room = Math.max(120, width - 24);
  // At 13 px: 13 px a CJK character, about half that for a digit or letter.
  const px = textWidth(t.text ?? '') * 6.5;
  const extra = Math.max(0, Math.ceil(px / room) - 1) * 16;
  return {
    ...option,
    title: { ...t, textStyle: { ...(t.textStyle ?? {}), fontSize: 13, width: room, overflow: 'break' } },
    ...(o.grid && extra ? { grid: { ...o.grid, top: Number(o.grid.top ?? 60) + extra } } : {}),
  };
}

/**
 * Axes that fit a narrow chart. Bars already on their side (long reasons or towns down the left) get
 * their labels broken onto lines (cut to one line past 8 rows) at ~40 % of the width instead of a fixed left margin that leaves the
 * bars a sliver, and fewer value ticks (no labels run into each other); the columns of a grid of
 * categories get upright labels, categories across a line slanted ones; a value axis named at its top gets room above the plot so its name
 * does not sit on the title.
 */
export function narrowAxes<T extends object>(option: T, width: number): T {
  const o = option as Opt;
  const x = o.xAxis;
  const y = o.yAxis;
  if (!x || !y || Array.isArray(x) || Array.isArray(y)) return option;
  const out: Opt = { ...o };
  if (y.type === 'category' && x.type !== 'category') {
    out.grid = { ...(o.grid ?? {}), left: 8, right: Math.min(Number(o.grid?.right ?? 40), 48), containLabel: true };
    // Many rows leave no room for a label of two lines (they ran into each other): one line, cut with
    // an ellipsis (the tooltip has the whole name).
    const crowded = (y.data?.length ?? 0) > 8;
    out.yAxis = {
      ...y,
      axisLabel: { ...(y.axisLabel ?? {}), width: Math.round(width * 0.4), overflow: crowded ? 'truncate' : 'break', ellipsis: '…' },
    };
    out.xAxis = { ...x, splitNumber: 3, axisLabel: { ...(x.axisLabel ?? {}), hideOverlap: true } };
  }
  // A grid of categories both ways (towns × problem categories): the column labels stand upright, one
  // per column, instead of slanting across each other.
  if (y.type === 'category' && x.type === 'category' && (x.data?.length ?? 0) > 6) {
    out.xAxis = { ...x, axisLabel: { ...(x.axisLabel ?? {}), rotate: 90, interval: 0, fontSize: 10 } };
  }
  // Categories across that stay across (a line over the rounds, a few bars): slanted, every one shown.
  if (x.type === 'category' && y.type !== 'category' && (x.data?.length ?? 0) > 4 && !x.axisLabel?.rotate) {
    out.xAxis = { ...x, axisLabel: { ...(x.axisLabel ?? {}), rotate: 45, interval: 0, fontSize: 10 } };
  }
  if (y.type !== 'category' && typeof y.name === 'string' && y.name !== '' && y.nameLocation === undefined) {
    out.grid = { ...(out.grid ?? {}), top: Number(out.grid?.top ?? 48) + 18 };
  }
  return out as T;
}

type Legend = { bottom?: unknown; data?: unknown[]; textStyle?: { fontSize?: number }; itemGap?: number; itemWidth?: number };

/**
 * A legend under the plot that wraps onto more lines at this width (eleven problem categories: six
 * lines on a phone) pushes the plot up by the lines it needs instead of lying over the axis labels;
 * `extra` is the height the chart grows by, so the plot keeps its size. The lines are counted as
 * ECharts lays the items out: icon, name, gap, a new line where the next one would not fit.
 */
export function fitLegend<T extends object>(option: T, width: number): { option: T; extra: number } {
  const o = option as Opt & { legend?: Legend };
  const l = o.legend;
  if (!l || Array.isArray(l) || l.bottom === undefined || !o.grid) return { option, extra: 0 };
  const names = (l.data ?? (o.series ?? []).map((s) => s.name)).filter((n): n is string => typeof n === 'string');
  const size = l.textStyle?.fontSize ?? 12;
  const gap = l.itemGap ?? 10;
  const room = width - 10;
  let lines = 1;
  let x = 0;
  for (const n of names) {
    const w = (l.itemWidth ?? 25) + 5 + (textWidth(n) * size) / 2 + gap;
    if (x > 0 && x + w > room) {
      lines++;
      x = 0;
    }
    x += w;
  }
  const legendHeight = lines * (Math.max(14, size * 1.3) + gap);
  const bottom = Number(o.grid.bottom ?? 60);
  // The axis labels are inside the grid's box with containLabel, below it without (one line of them).
  const needed = legendHeight + (o.grid.containLabel ? 12 : 30);
  if (needed <= bottom) return { option, extra: 0 };
  return { option: { ...option, grid: { ...o.grid, bottom: needed } }, extra: needed - bottom };
}
