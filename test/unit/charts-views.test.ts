import { describe, expect, it } from 'vitest';
import { riskReasonsOption, riskScatterOption } from '../../src/lib/charts/risk';
import { completionByCategoryOption } from '../../src/lib/charts/indicators';
import { problemByYearOption, problemCategoriesOption, problemTownHeatmapOption } from '../../src/lib/charts/problems';
import { trendRatesOption } from '../../src/lib/charts/trends';

const evil = '<script>alert(1)</script>';

describe('view chart builders are pure and escape data', () => {
  it('risk scatter: 万元 on a log axis, % up, each warning level in its own series', () => {
    const o = riskScatterOption([
      {
        report_id: 'a',
        town: evil,
        project_name: 'p',
        budget_base: 1_000_000,
        exec_rate: 0.3,
        time_progress: 2 / 3,
        at_risk: true,
        level: 'red',
      },
      {
        report_id: 'b',
        town: 't',
        project_name: 'q',
        budget_base: 50_000,
        exec_rate: 0.9,
        time_progress: 2 / 3,
        at_risk: false,
        level: 'green',
      },
    ]);
    expect(o.series.map((s) => s.name)).toEqual(['绿灯', '黄灯', '红灯']);
    expect(o.series[2].data).toEqual([[100, 30, 0]]);
    expect(o.series[1].data).toEqual([]);
    expect(o.series[0].data).toEqual([[5, 90, 1]]);
    expect(o.tooltip.formatter({ value: [100, 30, 0] })).not.toContain('<script>');
    expect(
      riskReasonsOption([
        { reason: 'x', reports: 3 },
        { reason: 'y', reports: 1 },
      ]).yAxis.data,
    ).toEqual(['y', 'x']);
  });
  it('indicator categories stack met / partial / not met', () => {
    const o = completionByCategoryOption([
      { level1: '产出目标', level2: '数量目标', met: 3, partial: 1, not_met: 2, na: 4, completion: 0.5 },
    ]);
    expect(o.series.map((s) => [s.name, s.data[0]])).toEqual([
      ['已完成', 3],
      ['部分完成', 1],
      ['未完成', 2],
    ]);
  });
  it('problem charts label categories in Chinese', () => {
    const o = problemCategoriesOption([{ category: 'exec_lag', reports: 5, towns: 2, projects: 3, sentences: 6 }], null);
    expect(o.yAxis.data).toEqual(['预算执行进度滞后']);
    const h = problemTownHeatmapOption([{ town: '华漕镇', category: 'archive', reports: 2 }], ['七宝镇', '华漕镇']);
    expect(h.series[0].data).toEqual([[0, 1, 2]]);
  });
  it('trend lines in percent per year and round', () => {
    const o = trendRatesOption([
      {
        budget_year: 2024,
        round_label: '1–8月',
        round_end_month: 8,
        reports: 3,
        budget_initial: 1,
        budget_base: 1,
        budget_executed: 1,
        exec_rate: 0.3847,
        time_progress: 2 / 3,
        at_risk: 2,
        at_risk_share: 2 / 3,
        red: 1,
        red_share: 0.1,
        yellow: 1,
        yellow_share: 0.1,
        deviation_share: 1 / 3,
        goal_completion: 0.5,
      },
    ]);
    expect(o.xAxis.data).toEqual(['2024年1–8月']);
    expect(o.series[0].data).toEqual([38.5]);
  });
});

describe('empty charts say so in words', () => {
  it('an option whose every series is empty is empty; one point is not', async () => {
    const { isEmptyOption } = await import('../../src/lib/charts/empty');
    expect(
      isEmptyOption({
        series: [
          { type: 'bar', data: [] },
          { type: 'line', data: [] },
        ],
      }),
    ).toBe(true);
    expect(isEmptyOption({ series: [] })).toBe(true);
    expect(isEmptyOption({ series: [{ type: 'bar', data: [3] }] })).toBe(false);
    expect(isEmptyOption({ series: { type: 'scatter', data: [[0.5, 0.2]] } })).toBe(false);
  });
  it('an exported chart with no rows carries 无数据 in the picture; one with rows does not', async () => {
    const { captionedOption } = await import('../../src/lib/export/caption');
    const { executionByTownOption } = await import('../../src/lib/charts/executionByTown');
    const ctx = { filters: '不存在镇', source: 's', date: '2026-12-02' };
    const text = (o: object) => JSON.stringify((o as { graphic?: unknown }).graphic ?? null);
    expect(text(captionedOption(executionByTownOption([], null), ctx))).toContain('无数据');
    const row = { town: '华漕镇', reports: 1, budget_base: 1, budget_executed: 1, exec_rate: 1, time_progress: 0.5, at_risk: 0 };
    expect(text(captionedOption(executionByTownOption([row as never], null), ctx))).toBe('null');
  });
});

describe('the risk scatter with no rows', () => {
  it('draws no 时间进度 line (no 「时间进度 0.0%」 over an empty plot)', () => {
    const o = riskScatterOption([]) as { series: { markLine?: unknown }[] };
    expect(o.series.every((s) => s.markLine === undefined)).toBe(true);
  });
});

describe('count axes', () => {
  it('projects, reports and indicators are counted in whole numbers: no 0.5 tick on a small data set', () => {
    const axis = (o: object, k: 'xAxis' | 'yAxis') => (o as Record<string, { minInterval?: number }>)[k];
    expect(axis(riskReasonsOption([]), 'xAxis').minInterval).toBe(1);
    expect(axis(completionByCategoryOption([]), 'xAxis').minInterval).toBe(1);
    expect(axis(problemCategoriesOption([], null), 'xAxis').minInterval).toBe(1);
    expect(axis(problemByYearOption([]), 'yAxis').minInterval).toBe(1);
  });
});
