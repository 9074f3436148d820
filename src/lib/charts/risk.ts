/** 风险项目 charts: where reports sit (budget × 执行率) and what puts them at risk. */
import type { RiskPoint, RiskReasonRow } from '../queries/riskList';
import { formatPct, formatWan } from '../domain/format';
import { tooltipLines } from './escape';
import { LEVEL_LABEL } from '../domain/warnings';
import { chartTitle, BASE_OPTION, COLORS } from './theme';
import type { ChartEvent } from './pick';

type Pt = [number, number, number];

export function riskScatterOption(points: RiskPoint[], title = '项目预算规模与执行率（红灯、黄灯、绿灯）') {
  const series = (level: RiskPoint['level']): Pt[] =>
    points.flatMap((p, i) =>
      p.level === level && p.exec_rate !== null ? [[p.budget_base / 10000, Math.round(p.exec_rate * 1000) / 10, i] as Pt] : [],
    );
  const avgTp = points.length ? points.reduce((s, p) => s + p.time_progress, 0) / points.length : 0;
  return {
    ...BASE_OPTION,
    title: chartTitle(title),
    legend: { bottom: 0, data: ['红灯', '黄灯', '绿灯'] },
    tooltip: {
      formatter: (p: { value: Pt }) => {
        const r = points[p.value[2]];
        return r
          ? tooltipLines([
              `${r.town} · ${r.project_name}`,
              `预算：${formatWan(r.budget_base)}`,
              `执行率：${formatPct(r.exec_rate)}`,
              `时间进度：${formatPct(r.time_progress)}`,
              LEVEL_LABEL[r.level],
            ])
          : '';
      },
    },
    xAxis: { type: 'log', name: '预算（万元，对数刻度）', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', name: '执行率 %', min: 0, max: 100 },
    series: [
      { name: '绿灯', type: 'scatter', symbolSize: 6, itemStyle: { color: COLORS.good, opacity: 0.4 }, data: series('green') },
      { name: '黄灯', type: 'scatter', symbolSize: 7, itemStyle: { color: COLORS.mild, opacity: 0.75 }, data: series('yellow') },
      {
        name: '红灯',
        type: 'scatter',
        symbolSize: 9,
        itemStyle: { color: COLORS.severe, opacity: 0.9 },
        data: series('red'),
        // No line for no rows: a 「时间进度 0.0%」 over an empty plot would be a figure that is not there.
        ...(points.length
          ? {
              markLine: {
                symbol: 'none',
                silent: true,
                lineStyle: { color: COLORS.line, type: 'dashed' },
                label: { position: 'insideEndTop', formatter: `时间进度 ${formatPct(avgTp)}` },
                data: [{ yAxis: Math.round(avgTp * 1000) / 10 }],
              },
            }
          : {}),
      },
    ],
  };
}

export function riskReasonsOption(rows: RiskReasonRow[], title = '预警原因（一个项目可有多项）') {
  const sorted = [...rows].reverse();
  return {
    ...BASE_OPTION,
    grid: { left: 210, right: 40, top: 48, bottom: 24, containLabel: false },
    title: chartTitle(title),
    tooltip: {
      formatter: (p: { dataIndex: number }) => tooltipLines([sorted[p.dataIndex]?.reason, `${sorted[p.dataIndex]?.reports ?? 0} 个项目`]),
    },
    xAxis: { type: 'value', name: '项目数', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((r) => r.reason) },
    series: [
      {
        type: 'bar',
        // 红灯 reasons in red, 黄灯 reasons in amber (the heading says which).
        data: sorted.map((r) => ({ value: r.reports, itemStyle: { color: r.reason.startsWith('红灯') ? COLORS.severe : COLORS.mild } })),
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/** The report behind a clicked point (each point carries its row's index). */
export function riskScatterPick(points: RiskPoint[], e: ChartEvent): RiskPoint | undefined {
  const v = e.value as Pt | undefined;
  return v ? points[v[2]] : undefined;
}
