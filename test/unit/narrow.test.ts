import { describe, expect, it } from 'vitest';
import { sideways } from '../../src/lib/charts/narrow';
import { executionByTownOption } from '../../src/lib/charts/executionByTown';
import { rankingOption } from '../../src/lib/charts/ranking';

describe('charts on a phone', () => {
  it('town bars turn on their side: towns down the left, no rotated labels, value labels to the right', () => {
    const rows = ['七宝镇', '华漕镇', '梅陇镇', '吴泾镇', '莘庄镇', '虹桥镇', '浦江镇'].map((town, i) => ({
      town,
      reports: 1,
      budget_base: 1,
      budget_executed: 1,
      exec_rate: 0.5 + i / 10,
      time_progress: 2 / 3,
      at_risk: 0,
      red: 0,
      yellow: 0,
    }));
    const { option, categories } = sideways(executionByTownOption(rows, null));
    expect(categories).toBe(7);
    expect(option.yAxis).toMatchObject({
      type: 'category',
      data: rows.map((r) => r.town),
      inverse: true,
      axisLabel: { rotate: 0, interval: 0 },
    });
    expect(option.xAxis).toMatchObject({ type: 'value' });
    expect((option.series[0] as { label: { position: string } }).label.position).toBe('right');
  });
  it('a chart already on its side, and a line over a few years, are left as they are', async () => {
    const { trendRatesOption } = await import('../../src/lib/charts/trends');
    const t = trendRatesOption([]);
    expect(sideways(t).categories).toBe(0);
    const o = rankingOption([], 'gap_points', null);
    expect(sideways(o)).toEqual({ option: o, categories: 0 });
  });
});
