/** 3×3 heatmap: 预算完成可能性 (rows) × 绩效目标完成可能性 (columns), 未填 added only when present. */
import { OUTLOOK_VALUES } from '../contract/columns';
import type { OutlookCell } from '../queries/outlookMatrix';
import { tooltipLines } from './escape';
import { chartTitle, BASE_OPTION } from './theme';

export function outlookMatrixOption(cells: OutlookCell[], title = '年度完成可能性判断（预算 × 绩效目标）') {
  const axis: string[] = [...OUTLOOK_VALUES];
  if (cells.some((c) => c.budget_outlook === '未填' || c.target_outlook === '未填')) axis.push('未填');
  const data = cells.map((c) => [axis.indexOf(c.target_outlook), axis.indexOf(c.budget_outlook), c.reports]);
  const max = Math.max(1, ...cells.map((c) => c.reports));
  return {
    ...BASE_OPTION,
    // containLabel: the grid leaves the labels' own width (a fixed left margin as well squeezed the cells on a phone).
    grid: { left: 16, right: 24, top: 72, bottom: 56, containLabel: true },
    title: chartTitle(title),
    tooltip: {
      formatter: (p: { value: number[] }) =>
        tooltipLines([`预算完成可能性：${axis[p.value[1]]}`, `绩效目标完成可能性：${axis[p.value[0]]}`, `报告 ${p.value[2]} 份`]),
    },
    // Every column labelled (ECharts would drop some where they look crowded, as on a phone), two lines if need be.
    xAxis: {
      type: 'category',
      data: axis,
      name: '绩效目标完成可能性',
      nameLocation: 'middle',
      nameGap: 34,
      axisLabel: { interval: 0, width: 80, overflow: 'break' },
      splitArea: { show: true },
    },
    // Inverse: the axis starts at the top, so its name sits above the rows, clear of the column labels.
    yAxis: { type: 'category', data: axis, name: '预算完成可能性', nameLocation: 'start', inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      show: false,
      inRange: { color: ['#eef4fb', '#1f5fa8'] },
    },
    series: [{ type: 'heatmap', data, label: { show: true, fontSize: 14 } }],
  };
}
