/** 指标完成 charts: completion by 一级/二级 category and by town. Not-applicable rows never count. */
import type { CompletionByTownRow, CompletionRow } from '../queries/indicatorCompletion';
import { formatPct } from '../domain/format';
import { axisTooltip } from './escape';
import { chartTitle, BASE_OPTION, COLORS, PCT_BAR_LABEL } from './theme';

const STATUS_SERIES = [
  { key: 'met', name: '已完成', color: COLORS.good },
  { key: 'partial', name: '部分完成', color: COLORS.mild },
  { key: 'not_met', name: '未完成', color: COLORS.severe },
] as const;

export function completionByCategoryOption(rows: CompletionRow[], title = '指标完成情况（按一级/二级目标）') {
  const labels = rows.map((r) => `${r.level1} / ${r.level2}`);
  return {
    ...BASE_OPTION,
    grid: { left: 200, right: 40, top: 48, bottom: 40, containLabel: false },
    title: chartTitle(title),
    legend: { bottom: 0 },
    tooltip: axisTooltip(rows, (r) => [
      `${r.level1} / ${r.level2}`,
      `已完成 ${r.met}，部分完成 ${r.partial}，未完成 ${r.not_met}`,
      `不适用（跟踪期不涉及）${r.na}`,
      `完成率 ${formatPct(r.completion)}`,
    ]),
    xAxis: { type: 'value', name: '指标数', minInterval: 1 },
    yAxis: { type: 'category', data: labels, inverse: true },
    series: STATUS_SERIES.map((s) => ({
      name: s.name,
      type: 'bar',
      stack: 'all',
      itemStyle: { color: s.color },
      data: rows.map((r) => r[s.key]),
    })),
  };
}

export function completionByTownOption(
  rows: CompletionByTownRow[],
  selectedTown: string | null,
  title = '各街镇指标完成率（不含跟踪期不涉及）',
) {
  return {
    ...BASE_OPTION,
    title: chartTitle(title),
    tooltip: axisTooltip(rows, (r) => [
      r.town,
      `完成率 ${formatPct(r.completion)}`,
      `已完成 ${r.met}，部分完成 ${r.partial}，未完成 ${r.not_met}，不适用 ${r.na}`,
    ]),
    xAxis: { type: 'category', data: rows.map((r) => r.town), axisLabel: { rotate: 35, interval: 0 } },
    yAxis: { type: 'value', name: '%', min: (v: { min: number }) => Math.max(0, Math.floor(v.min / 10) * 10 - 10), max: 100 },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => ({
          value: r.completion === null ? null : Math.round(r.completion * 1000) / 10,
          itemStyle: { color: COLORS.primary, opacity: selectedTown === null || selectedTown === r.town ? 1 : 0.35 },
        })),
        label: PCT_BAR_LABEL,
      },
    ],
  };
}
