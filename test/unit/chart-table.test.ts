import { describe, expect, it } from 'vitest';
import { chartTable } from '../../src/lib/charts/dataTable';
import { executionByTownOption } from '../../src/lib/charts/executionByTown';

describe('查看数据: the rows behind a chart', () => {
  it('a category chart: one row per town, one column per series', () => {
    const rows = [
      {
        town: '七宝镇',
        reports: 2,
        budget_base: 1,
        budget_executed: 1,
        exec_rate: 0.759,
        time_progress: 2 / 3,
        at_risk: 0,
        red: 0,
        yellow: 0,
      },
    ];
    expect(chartTable(executionByTownOption(rows, null))).toEqual({
      headers: ['类别', '预算执行率', '时间进度'],
      rows: [['七宝镇', '75.9', '66.7']],
    });
  });
  it('a heatmap: each cell with its two labels', () => {
    const o = {
      xAxis: { type: 'category', data: ['甲类', '乙类'] },
      yAxis: { type: 'category', data: ['七宝镇'] },
      series: [{ name: '报告数', type: 'heatmap', data: [[1, 0, 3]] }],
    };
    expect(chartTable(o).rows).toEqual([['报告数', '乙类', '七宝镇', '3']]);
  });
});
