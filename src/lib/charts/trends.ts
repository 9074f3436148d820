/** 趋势 charts: money by period (bars) and every rate by period (lines). */
import type { TrendRow } from '../queries/trends';
import type { ProjectHistoryRow } from '../queries/projectDetail';
import { formatPct, formatWan } from '../domain/format';
import { axisTooltip } from './escape';
import { chartTitle, BASE_OPTION, COLORS } from './theme';

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const label = (r: { budget_year: number; round_label: string }) => `${r.budget_year}年${r.round_label}`;

export function trendRatesOption(rows: TrendRow[], title = '历年各轮次：执行率、时间进度、红灯与黄灯占比、偏差占比、指标完成率') {
  const lines: { name: string; key: keyof TrendRow; color: string; dashed?: boolean }[] = [
    { name: '预算执行率', key: 'exec_rate', color: COLORS.primary },
    { name: '时间进度', key: 'time_progress', color: COLORS.line, dashed: true },
    { name: '指标完成率', key: 'goal_completion', color: COLORS.good },
    { name: '红灯占比', key: 'red_share', color: COLORS.severe },
    { name: '黄灯占比', key: 'yellow_share', color: '#d4a017' },
    { name: '偏差结论占比', key: 'deviation_share', color: COLORS.mild },
  ];
  return {
    ...BASE_OPTION,
    title: chartTitle(title),
    legend: { bottom: 0 },
    tooltip: axisTooltip(rows, (r) => [
      label(r),
      ...lines.map((l) => `${l.name}：${formatPct(r[l.key] as number | null)}`),
      `报告 ${r.reports} 份`,
    ]),
    xAxis: { type: 'category', data: rows.map(label), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: '%', max: 100 },
    series: lines.map((l) => ({
      name: l.name,
      type: 'line',
      symbolSize: 6,
      itemStyle: { color: l.color },
      lineStyle: { color: l.color, type: l.dashed ? 'dashed' : 'solid' },
      data: rows.map((r) => pct(r[l.key] as number | null)),
    })),
  };
}

export function trendMoneyOption(rows: TrendRow[], title = '历年各轮次：预算数与执行数（万元）') {
  return {
    ...BASE_OPTION,
    title: chartTitle(title),
    legend: { bottom: 0 },
    tooltip: axisTooltip(rows, (r) => [
      label(r),
      `当年预算数：${formatWan(r.budget_initial)}`,
      `调整后预算数：${formatWan(r.budget_base)}`,
      `执行数：${formatWan(r.budget_executed)}`,
    ]),
    xAxis: { type: 'category', data: rows.map(label), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
    yAxis: { type: 'value', name: '万元' },
    series: [
      { name: '调整后预算数', type: 'bar', itemStyle: { color: '#9db8d9' }, data: rows.map((r) => Math.round(r.budget_base / 100) / 100) },
      {
        name: '预算执行数',
        type: 'bar',
        itemStyle: { color: COLORS.primary },
        data: rows.map((r) => Math.round(r.budget_executed / 100) / 100),
      },
    ],
  };
}

export function projectHistoryOption(rows: ProjectHistoryRow[], title = '本项目历次跟踪：执行率与时间进度') {
  return {
    ...BASE_OPTION,
    title: chartTitle(title),
    legend: { bottom: 0 },
    tooltip: axisTooltip(rows, (r) => [
      label(r),
      `执行率：${formatPct(r.exec_rate)}`,
      `时间进度：${formatPct(r.time_progress)}`,
      `结论：${r.conclusion_class}`,
    ]),
    xAxis: { type: 'category', data: rows.map(label) },
    yAxis: { type: 'value', name: '%', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max / 10) * 10) },
    series: [
      { name: '预算执行率', type: 'bar', itemStyle: { color: COLORS.primary }, data: rows.map((r) => pct(r.exec_rate)) },
      {
        name: '时间进度',
        type: 'line',
        itemStyle: { color: COLORS.line },
        lineStyle: { type: 'dashed' },
        data: rows.map((r) => pct(r.time_progress)),
      },
    ],
  };
}
