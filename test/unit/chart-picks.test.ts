/** A click maps back to its row in the chart's own module: views never decode data indexes or value arrays. */
import { describe, expect, it } from 'vitest';
import { CHARTS, PACK_CHARTS } from '../../src/lib/charts/registry';
import { NO_FILTERS } from '../../src/lib/queries/filters';

const at = (o: object) => o as never;

describe('chart picks', () => {
  it('a bar of a town picks that town; a reversed category bar picks its row; a scatter point its report', () => {
    const towns = [{ town: '七宝镇' }, { town: '华漕镇' }];
    expect(CHARTS.executionByTown.pick!(at(towns), { name: '华漕镇', dataIndex: 1 })).toEqual({ town: '华漕镇' });
    expect(CHARTS.executionByTown.pick!(at(towns), { name: '不存在镇', dataIndex: 5 })).toBeUndefined();
    const cats = [{ category: 'exec_lag' }, { category: 'target_setting' }, { category: 'other' }];
    // Drawn bottom-up: the top bar (dataIndex 0) is the last row.
    expect(CHARTS.problemCategories.pick!(at(cats), { name: '', dataIndex: 0 })).toEqual({ category: 'other' });
    const points = [{ report_id: 'A' }, { report_id: 'B' }];
    expect(CHARTS.riskScatter.pick!(at(points), { name: '', dataIndex: 0, value: [12.5, 40, 1] })).toEqual({ report_id: 'B' });
  });

  it('a heatmap cell picks its town × category row', () => {
    const rows = [
      { town: '华漕镇', category: 'exec_lag', reports: 2 },
      { town: '七宝镇', category: 'target_setting', reports: 1 },
    ];
    // Towns in the district's order (七宝镇 before 华漕镇), categories in row order.
    const picked = CHARTS.problemTownMatrix.pick!(at(rows), { name: '', dataIndex: 0, value: [1, 0, 1] });
    expect(picked).toEqual(rows[1]);
  });

  it('the meeting pack draws the same specs as the views, in one order', () => {
    expect(PACK_CHARTS.map((c) => c.id)).toEqual(Object.keys(CHARTS));
    for (const c of PACK_CHARTS) expect(c.query(NO_FILTERS).name).toBeTruthy();
  });
});

describe('ranking measures as drawn and as read', () => {
  it('points with a sign, shares in %, money in 万元; lower is better for warnings', async () => {
    const { measureText, measureValue, rankedTowns } = await import('../../src/lib/charts/ranking');
    const row = (town: string, red_share: number, gap_points: number) =>
      ({ town, is_district: false, red_share, gap_points, red_budget: 12_345_600 }) as never;
    expect(measureText(measureValue(row('a', 0.0417, 9.24), 'red_share'), 'red_share')).toBe('4.2%');
    expect(measureText(measureValue(row('a', 0.0417, 9.24), 'gap_points'), 'gap_points')).toBe('+9.2 个百分点');
    expect(measureText(measureValue(row('a', 0.0417, 9.24), 'red_budget'), 'red_budget')).toBe('1,234.56 万元');
    const rows = [row('甲', 0.2, 5), row('乙', 0.1, -3)];
    expect(rankedTowns(rows, 'red_share').map((r: { town: string }) => r.town)).toEqual(['乙', '甲']);
    expect(rankedTowns(rows, 'gap_points').map((r: { town: string }) => r.town)).toEqual(['甲', '乙']);
  });
  it('places: towns showing the same value share one (1, 1, 3), a town without a value has none', async () => {
    const { rankedTowns } = await import('../../src/lib/charts/ranking');
    const row = (town: string, red_share: number | null, gap_points: number | null) =>
      ({ town, is_district: false, red_share, gap_points, red_budget: 0 }) as never;
    // 5.04 and 4.96 both read +5.0 个百分点; 3 reads +3.0; 丁 has no rate.
    const rows = [row('丙', 0.1, 3), row('乙', 0, 4.96), row('丁', null, null), row('甲', 0, 5.04)];
    const places = (m: 'gap_points' | 'red_share' | 'red_budget') =>
      rankedTowns(rows, m).map((r: { town: string; place: number | null }) => `${r.town}${r.place ?? '—'}`);
    expect(places('gap_points')).toEqual(['甲1', '乙1', '丙3', '丁—']);
    // Lower is better: 0 % twice shares first place.
    expect(places('red_share')).toEqual(['甲1', '乙1', '丙3', '丁—']);
    // All four at 0.00 万元: one place for all (in name order).
    expect(places('red_budget')).toEqual(['丙1', '丁1', '甲1', '乙1']);
  });
});
