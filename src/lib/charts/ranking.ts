/** 街镇排名: the chosen measure by town, best first, with the district (全区) value as a line. */
import type { RankingMeasure, RankingRow } from '../queries/ranking';
import { formatWan } from '../domain/format';
import { tooltipLines } from './escape';
import { chartTitle, BASE_OPTION, COLORS } from './theme';
import type { ChartEvent } from './pick';

export const MEASURE_LABEL: Record<RankingMeasure, string> = {
  gap_points: '执行率−时间进度（个百分点）',
  red_share: '红灯项目占比',
  yellow_share: '黄灯项目占比',
  red_budget: '红灯项目预算（万元）',
  goal_completion: '指标完成率',
  deviation_share: '偏差结论占比',
};

/** Higher is better for these; for the others (shares of warnings, money in 红灯) lower is better. */
export const HIGHER_IS_BETTER: Record<RankingMeasure, boolean> = {
  gap_points: true,
  red_share: false,
  yellow_share: false,
  red_budget: false,
  goal_completion: true,
  deviation_share: false,
};

/** The measure as drawn: points as points, shares and rates in %, money in 万元. */
export function measureValue(r: RankingRow, m: RankingMeasure): number | null {
  const v = r[m];
  if (v === null) return null;
  if (m === 'gap_points') return Math.round(v * 10) / 10;
  if (m === 'red_budget') return Math.round(v / 100) / 100;
  return Math.round(v * 1000) / 10;
}

/** A drawn value (from measureValue) as text. */
export function measureText(v: number | null, m: RankingMeasure): string {
  if (v === null) return '—';
  if (m === 'gap_points') return `${v > 0 ? '+' : ''}${v.toFixed(1)} 个百分点`;
  if (m === 'red_budget') return formatWan(v * 10000);
  return `${v.toFixed(1)}%`;
}

/** A town's row with its place for a measure: 1 is best; towns showing the same value share a place (1, 2, 2, 4). */
export type PlacedRow = RankingRow & { place: number | null };

/**
 * The towns in ranking order for a measure (best first; equal values by name), the district row apart, each
 * with its place. Places are given on the value as shown (`measureValue`: 0.1 个百分点, 0.1 %, 0.01 万元), so two
 * towns that read the same share one; a town without a value (no budget to compare) has none and comes last.
 */
export function rankedTowns(rows: RankingRow[], m: RankingMeasure): PlacedRow[] {
  const dir = HIGHER_IS_BETTER[m] ? -1 : 1;
  const sorted = rows
    .filter((r) => !r.is_district)
    .sort(
      (a, b) =>
        (a[m] === null ? 1 : b[m] === null ? -1 : dir * ((a[m] as number) - (b[m] as number))) || a.town.localeCompare(b.town, 'zh-CN'),
    );
  // Rounding keeps the order, so towns showing the same value are next to each other.
  let place = 0;
  return sorted.map((r, i) => {
    const v = measureValue(r, m);
    if (v === null) return { ...r, place: null };
    if (i === 0 || v !== measureValue(sorted[i - 1], m)) place = i + 1;
    return { ...r, place };
  });
}

export function rankingOption(rows: RankingRow[], m: RankingMeasure, selectedTown: string | null) {
  const towns = rankedTowns(rows, m);
  const district = rows.find((r) => r.is_district);
  const period = towns[0] ? `${towns[0].budget_year}年${towns[0].round_label}` : '';
  const dv = district ? measureValue(district, m) : null;
  return {
    ...BASE_OPTION,
    title: chartTitle(`街镇排名：${MEASURE_LABEL[m]}${period ? `（${period}）` : ''}`),
    grid: { left: 100, right: 60, top: 64, bottom: 44, containLabel: false },
    tooltip: {
      formatter: (p: { dataIndex: number }) => {
        const r = towns[p.dataIndex];
        return r
          ? tooltipLines([
              `第 ${p.dataIndex + 1} 名 · ${r.town}`,
              `${MEASURE_LABEL[m]}：${measureText(measureValue(r, m), m)}`,
              `全区：${measureText(dv, m)}`,
              `报告 ${r.reports} 份`,
            ])
          : '';
      },
    },
    // The unit under the axis (at its end it was cut off on a phone); the 全区 line labelled at the top,
    // clear of the axis labels (the towns run downwards, so the line starts at the top).
    xAxis: {
      type: 'value',
      name: m === 'red_budget' ? '万元' : m === 'gap_points' ? '个百分点' : '%',
      nameLocation: 'middle',
      nameGap: 24,
    },
    yAxis: { type: 'category', data: towns.map((r) => r.town), inverse: true },
    series: [
      {
        type: 'bar',
        data: towns.map((r) => {
          const v = measureValue(r, m);
          const better = v !== null && dv !== null && (HIGHER_IS_BETTER[m] ? v >= dv : v <= dv);
          return {
            value: v,
            itemStyle: {
              color: better ? COLORS.primary : COLORS.mild,
              opacity: selectedTown === null || selectedTown === r.town ? 1 : 0.35,
            },
          };
        }),
        // Every label with its decimals (6.0, not 6), as the table writes it.
        label: {
          show: true,
          position: 'right',
          fontSize: 10,
          formatter: (p: { value?: unknown }) => (typeof p.value === 'number' ? p.value.toFixed(m === 'red_budget' ? 2 : 1) : ''),
        },
        ...(dv !== null && towns.length
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: COLORS.line, type: 'dashed' },
                label: { formatter: `全区 ${measureText(dv, m)}`, position: 'start' },
                data: [{ xAxis: dv }],
              },
            }
          : {}),
      },
    ],
  };
}

/** The town behind a clicked bar (bars in ranking order for the measure drawn). */
export function rankingPick(rows: RankingRow[], e: ChartEvent, m: RankingMeasure): RankingRow | undefined {
  return rankedTowns(rows, m)[e.dataIndex];
}
