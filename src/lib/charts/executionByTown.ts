/** 执行率 by town (bars) with 时间进度 (line): pure function from query rows to an ECharts option. */
import type { ExecutionByTownRow } from '../queries/executionByTown';
import { formatPct, formatWan } from '../domain/format';
import { axisTooltip } from './escape';
import { chartTitle, BASE_OPTION, COLORS, PCT_BAR_LABEL } from './theme';

export function executionByTownOption(rows: ExecutionByTownRow[], selectedTown: string | null, title = '各街镇预算执行率与时间进度') {
  return {
    ...BASE_OPTION,
    title: chartTitle(title),
    legend: { bottom: 0, data: ['预算执行率', '时间进度'] },
    tooltip: axisTooltip(rows, (r) => [
      r.town,
      `预算执行率：${formatPct(r.exec_rate)}`,
      `时间进度：${formatPct(r.time_progress)}`,
      `执行数 / 预算数：${formatWan(r.budget_executed)} / ${formatWan(r.budget_base)}`,
      `报告 ${r.reports} 份，预警 ${r.at_risk} 份`,
    ]),
    xAxis: { type: 'category', data: rows.map((r) => r.town), axisLabel: { rotate: 35, interval: 0 } },
    yAxis: { type: 'value', name: '%', axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: '预算执行率',
        type: 'bar',
        barMaxWidth: 48,
        // The legend's swatch: the colour of a town on time (a town behind 时间进度 is drawn in COLORS.mild).
        itemStyle: { color: COLORS.primary },
        data: rows.map((r) => ({
          value: r.exec_rate === null ? null : Math.round(r.exec_rate * 1000) / 10,
          itemStyle: {
            color: r.exec_rate !== null && r.exec_rate < r.time_progress ? COLORS.mild : COLORS.primary,
            opacity: selectedTown === null || selectedTown === r.town ? 1 : 0.35,
          },
        })),
        label: PCT_BAR_LABEL,
      },
      {
        name: '时间进度',
        type: 'line',
        // Under the bars and their labels: a town close to 时间进度 keeps its figure readable (ECharts
        // draws a line series above other series' labels).
        z: 1,
        step: 'middle',
        symbol: 'none',
        lineStyle: { color: COLORS.line, type: 'dashed', width: 2 },
        itemStyle: { color: COLORS.line },
        data: rows.map((r) => Math.round(r.time_progress * 1000) / 10),
      },
    ],
  };
}
