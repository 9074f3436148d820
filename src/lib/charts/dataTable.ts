/**
 * The rows behind a chart, read from its option, as a table a keyboard or screen-reader user can
 * read instead of the picture (查看数据). Category charts: one row per category, one column per
 * series; others (scatter, heatmap): one row per data point. Pure; unit-tested.
 */
type Axis = { type?: string; data?: unknown[]; name?: string };
type Item = number | string | null | { value?: unknown; name?: string };
type Series = { name?: string; type?: string; data?: Item[] };
type Opt = { xAxis?: Axis | Axis[]; yAxis?: Axis | Axis[]; series?: Series[] };

export interface ChartTable {
  headers: string[];
  rows: string[][];
}

const text = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'number' ? String(Math.round(v * 100) / 100) : String(v);
const valueOf = (d: Item | unknown[] | undefined): unknown => (Array.isArray(d) ? d : d !== null && typeof d === 'object' ? d.value : d);
const single = (a: Axis | Axis[] | undefined) => (Array.isArray(a) ? a[0] : a);

export function chartTable(option: object): ChartTable {
  const o = option as Opt;
  const x = single(o.xAxis);
  const y = single(o.yAxis);
  const series = o.series ?? [];
  const cat = x?.type === 'category' && y?.type !== 'category' ? x : y?.type === 'category' && x?.type !== 'category' ? y : null;
  if (cat?.data) {
    const headers = [cat.name ?? '类别', ...series.map((s, i) => s.name ?? `数值${i + 1}`)];
    return { headers, rows: cat.data.map((c, i) => [text(c), ...series.map((s) => text(valueOf(s.data?.[i])))]) };
  }
  // Points: each value array in full, with its series and, for a heatmap, the category labels.
  const rows: string[][] = [];
  for (const s of series)
    for (const d of s.data ?? []) {
      const v = valueOf(d);
      const parts = Array.isArray(v) ? v : [v];
      const labeled =
        x?.data && y?.data && Array.isArray(v)
          ? [text(x.data[v[0] as number]), text(y.data[v[1] as number]), ...parts.slice(2).map(text)]
          : parts.map(text);
      rows.push([s.name ?? '', ...labeled]);
    }
  const width = Math.max(0, ...rows.map((r) => r.length));
  const headers = [
    '系列',
    ...(x?.data && y?.data
      ? [x.name ?? '横轴', y.name ?? '纵轴', '数值']
      : Array.from({ length: width - 1 }, (_, i) => (i === 0 ? (x?.name ?? '横轴') : i === 1 ? (y?.name ?? '纵轴') : `值${i + 1}`))),
  ];
  return { headers: headers.slice(0, Math.max(width, 1)), rows };
}
