import { describe, expect, it } from 'vitest';
import { executionByTownOption } from '../../src/lib/charts/executionByTown';
import { outlookMatrixOption } from '../../src/lib/charts/outlookMatrix';
import { escapeHtml } from '../../src/lib/charts/escape';
import { COLORS } from '../../src/lib/charts/theme';

describe('chart option builders (pure)', () => {
  const rows = [
    {
      town: '华漕镇',
      reports: 2,
      budget_base: 100,
      budget_executed: 50,
      exec_rate: 0.5,
      time_progress: 8 / 12,
      at_risk: 1,
      red: 0,
      yellow: 1,
    },
    {
      town: '<img src=x onerror=alert(1)>',
      reports: 1,
      budget_base: 10,
      budget_executed: 10,
      exec_rate: 1,
      time_progress: 8 / 12,
      at_risk: 0,
      red: 0,
      yellow: 0,
    },
  ];
  it('execution by town: bars in %, time-progress line, highlight, lagging colour', () => {
    const o = executionByTownOption(rows, '华漕镇');
    expect(o.xAxis.data).toEqual(['华漕镇', '<img src=x onerror=alert(1)>']);
    const bars = o.series[0].data as { value: number | null; itemStyle: { color: string; opacity: number } }[];
    expect(bars.map((d) => d.value)).toEqual([50, 100]);
    expect(o.series[1].data).toEqual([66.7, 66.7]);
    expect(bars[0].itemStyle.color).not.toBe(bars[1].itemStyle.color);
    expect(bars[1].itemStyle.opacity).toBeLessThan(1);
    expect(o.textStyle.fontFamily).not.toContain('"');
    // The bar's label keeps one decimal: 100.0%, not 100%.
    const label = (o.series[0] as { label: { formatter: (p: { value?: unknown }) => string } }).label;
    expect([label.formatter({ value: 100 }), label.formatter({ value: 41.8 }), label.formatter({ value: null })]).toEqual([
      '100.0%',
      '41.8%',
      '',
    ]);
  });
  it('时间进度 is drawn under the bars and their labels, which have a background: a figure near the line stays readable', () => {
    const o = executionByTownOption(rows, null);
    expect((o.series[1] as { z?: number }).z).toBe(1);
    // The legend's swatch is the colour of a town on time, as the bars are drawn.
    expect((o.series[0] as { itemStyle?: { color?: string } }).itemStyle?.color).toBe(COLORS.primary);
    expect((o.series[0].label as { backgroundColor?: string }).backgroundColor).toMatch(/^rgba\(255, 255, 255/);
  });
  it('tooltips escape untrusted text', () => {
    const o = executionByTownOption(rows, null);
    const html = o.tooltip.formatter([{ dataIndex: 1 }]);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
  });
  it('outlook matrix puts counts on the 3×3 grid', () => {
    const o = outlookMatrixOption([{ budget_outlook: '有可能完成', target_outlook: '确定能完成', reports: 4 }]);
    expect(o.xAxis.data).toEqual(['确定能完成', '有可能完成', '确定不能完成']);
    expect(o.series[0].data).toEqual([[0, 1, 4]]);
    // On a phone every column keeps its label, and the rows' axis name sits above them, not on the column labels.
    expect(o.xAxis.axisLabel.interval).toBe(0);
    expect(o.yAxis).toMatchObject({ inverse: true, nameLocation: 'start' });
  });
});
