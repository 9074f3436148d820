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
    grid: { left: 110, right: 24, top: 48, bottom: 80, containLabel: true },
    title: chartTitle(title),
    tooltip: {
      formatter: (p: { value: number[] }) =>
        tooltipLines([`预算完成可能性：${axis[p.value[1]]}`, `绩效目标完成可能性：${axis[p.value[0]]}`, `报告 ${p.value[2]} 份`]),
    },
    xAxis: { type: 'category', data: axis, name: '绩效目标', nameLocation: 'middle', nameGap: 30, splitArea: { show: true } },
    yAxis: { type: 'category', data: axis, name: '预算', inverse: true, splitArea: { show: true } },
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
