import { describe, expect, it } from 'vitest';
import { fitLegend, fitTitle, narrowAxes, sideways } from '../../src/lib/charts/narrow';
import { problemByYearOption } from '../../src/lib/charts/problems';
import { PROBLEM_TAXONOMY } from '../../src/lib/domain/problemTaxonomy';
import { riskReasonsOption, riskScatterOption } from '../../src/lib/charts/risk';
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
    // Its unit under the axis, where a phone's narrow margin does not cut it off.
    expect(o.xAxis).toMatchObject({ name: '个百分点', nameLocation: 'middle' });
  });
  it('a title broken onto two lines moves the plot down a line (its 「全区」 label sat under the title); labels keep a decimal', () => {
    const row = { budget_year: 2025, round_label: '1–8月', reports: 3 };
    const o = rankingOption(
      [
        { ...row, town: '七宝镇', is_district: false, gap_points: 6 },
        { ...row, town: '全区', is_district: true, gap_points: -5.2 },
      ] as Parameters<typeof rankingOption>[0],
      'gap_points',
      null,
    );
    expect(o.title.text).toBe('街镇排名：执行率−时间进度（个百分点）（2025年1–8月）');
    expect(fitTitle(o, 360).grid.top).toBe(o.grid.top + 16);
    expect(fitTitle(o, 1200).grid.top).toBe(o.grid.top);
    expect(fitTitle(o, 360).title.textStyle).toMatchObject({ fontSize: 13, width: 336, overflow: 'break' });
    const label = (o.series[0] as unknown as { label: { formatter: (p: { value?: unknown }) => string } }).label;
    expect(label.formatter({ value: 6 })).toBe('6.0');
  });
  it('bars already on their side get the width: labels broken at 40 %, three value ticks; a value axis name clears the title', () => {
    const reasons = riskReasonsOption([
      { reason: '黄灯：阶段性结论为严重偏差（小额项目）', reports: 74 },
      { reason: '红灯：执行严重滞后', reports: 112 },
    ]);
    expect(reasons.grid).toMatchObject({ left: 210, containLabel: false });
    const n = narrowAxes(reasons, 360);
    expect(n.grid).toMatchObject({ left: 8, containLabel: true });
    expect(n.yAxis).toMatchObject({ type: 'category', axisLabel: { width: 144, overflow: 'break' } });
    expect(n.xAxis).toMatchObject({ type: 'value', splitNumber: 3, axisLabel: { hideOverlap: true } });
    expect(reasons.grid).toMatchObject({ left: 210 }); // the exported option is not changed
    // Twelve 一级/二级 categories: no room for two lines a row on a phone, so one line with an ellipsis.
    const many = {
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: Array.from({ length: 12 }, (_, i) => `影响力目标 / 服务对象满意度目标${i}`) },
    };
    expect(narrowAxes(many, 360).yAxis).toMatchObject({ axisLabel: { width: 144, overflow: 'truncate', ellipsis: '…' } });
    const scatter = riskScatterOption([]);
    const top = Number((scatter as { grid?: { top?: number } }).grid?.top ?? 48);
    expect((narrowAxes(scatter, 360) as { grid: { top: number } }).grid.top).toBe(top + 18);
    const grid = {
      xAxis: { type: 'category', data: ['a', 'b', 'c', 'd', 'e', 'f', 'g'], axisLabel: { rotate: 45 } },
      yAxis: { type: 'category', data: ['七宝镇'] },
    };
    expect(narrowAxes(grid, 360).xAxis).toMatchObject({ axisLabel: { rotate: 90, interval: 0 } });
    const rounds = {
      xAxis: { type: 'category', data: ['2022年1–6月', '2022年1–8月', '2023年1–6月', '2023年1–8月', '2024年1–6月'] },
      yAxis: { type: 'value' },
    };
    expect(narrowAxes(rounds, 360).xAxis).toMatchObject({ axisLabel: { rotate: 45, interval: 0 } });
  });
  it('a legend that wraps onto several lines pushes the plot up by as much, and the chart grows by it', () => {
    // The eleven problem categories: at 366 px the legend takes six lines (as drawn: 2026-12-07 screenshot).
    const cats = PROBLEM_TAXONOMY.map((c) => c.id);
    const rows = cats.flatMap((category) => [2022, 2023].map((budget_year) => ({ budget_year, category, reports: 3 })));
    const option = problemByYearOption(rows);
    const { option: fitted, extra } = fitLegend(option, 366);
    const bottom = (fitted as { grid: { bottom: number } }).grid.bottom;
    expect(bottom).toBeGreaterThanOrEqual(6 * 24); // six lines of 11 px names, 24 px each
    expect(extra).toBe(bottom - option.grid.bottom);
    // Wide, or a legend of two short names: nothing changes.
    expect(fitLegend(option, 1400).extra).toBe(0);
    const two = { grid: { bottom: 72, containLabel: true }, legend: { bottom: 0, data: ['预算执行率', '时间进度'] }, series: [] };
    expect(fitLegend(two, 366)).toEqual({ option: two, extra: 0 });
  });
});
