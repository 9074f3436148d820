/** Stacked bars: 阶段性跟踪结论 classes by town. */
import type { ConclusionMixRow } from '../queries/conclusionMix';
import { CONCLUSION_CLASSES } from '../domain/conclusions';
import { townsInOrder } from '../contract/columns';
import { tooltipLines } from './escape';
import { chartTitle, BASE_OPTION, CONCLUSION_COLORS } from './theme';

export function conclusionMixOption(rows: ConclusionMixRow[], title = '各街镇阶段性跟踪结论') {
  const towns = townsInOrder(rows.map((r) => r.town));
  // One lookup per cell (a city's 179 towns × 4 classes would otherwise scan every row for each).
  const byCell = new Map(rows.map((r) => [`${r.town}\u0000${r.conclusion_class}`, r.reports]));
  const count = (t: string, c: string) => byCell.get(`${t}\u0000${c}`) ?? 0;
  return {
    ...BASE_OPTION,
    title: chartTitle(title),
    legend: { bottom: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number }[]) => {
        const t = towns[items[0]?.dataIndex ?? 0];
        return tooltipLines([t, ...CONCLUSION_CLASSES.map((c) => `${c}：${count(t, c)} 份`)]);
      },
    },
    xAxis: { type: 'category', data: towns, axisLabel: { rotate: 35, interval: 0 } },
    yAxis: { type: 'value', name: '报告数', minInterval: 1 },
    series: CONCLUSION_CLASSES.map((c) => ({
      name: c,
      type: 'bar',
      stack: 'all',
      barMaxWidth: 48,
      itemStyle: { color: CONCLUSION_COLORS[c] },
      data: towns.map((t) => count(t, c)),
    })),
  };
}
