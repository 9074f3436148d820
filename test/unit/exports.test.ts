import { describe, expect, it } from 'vitest';
import { unzipSync, strFromU8 } from 'fflate';
import { captionText, captionedOption, exportFileName } from '../../src/lib/export/caption';
import { toCsv } from '../../src/lib/contract/csv';
import { planPack, RISK_ROWS_IN_PACK } from '../../src/lib/export/packPlan';
import { tableCsv } from '../../src/lib/export/tableExport';
import type { RiskRow } from '../../src/lib/queries/riskList';
import { executionByTownOption } from '../../src/lib/charts/executionByTown';

const ctx = { filters: '华漕镇 · 2024年 · 1–8月', source: '示例数据', date: '2026-11-26' };

describe('captions', () => {
  it('says which filters, which data, which day', () => {
    expect(captionText(ctx)).toBe('筛选：华漕镇 · 2024年 · 1–8月　|　数据来源：示例数据　|　导出日期：2026-11-26');
    expect(exportFileName('各街镇预算执行率与时间进度', ctx, 'png')).toBe('各街镇预算执行率与时间进度_华漕镇-2024年-1–8月_2026-11-26.png');
  });
  it('the exported option keeps the title, adds the caption, turns tooltips off', () => {
    const o = captionedOption(executionByTownOption([], null), ctx);
    expect(o.title.text).toBe('各街镇预算执行率与时间进度');
    expect((o.title as { subtext?: string }).subtext).toBe(captionText(ctx));
    expect((o as unknown as { tooltip: { show: boolean } }).tooltip.show).toBe(false);
    expect(o.grid.top).toBe(48 + 28);
  });
});

describe('CSV for Excel', () => {
  it('neutralises formulas, quotes what needs it, keeps numbers, starts with a BOM', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['=1+1', -5],
        ['x,"y"\nz', null],
        ['+1', '-2'],
        ['@SUM(A1)', '正常文本'],
        [true, 3.5],
      ],
    );
    expect(csv).toBe('\ufeffa,b\r\n"\'=1+1",-5\r\n"x,""y""\nz",\r\n"\'+1","\'-2"\r\n"\'@SUM(A1)",正常文本\r\n是,3.5\r\n');
  });
  it('what the writer escaped, the CSV reader reads back as written', async () => {
    const { csvChunks } = await import('../../src/lib/import/csvRecords');
    const csv = toCsv(
      ['a', 'b'],
      [
        ['=1+1', '-5%'],
        ["'引号开头", '+86 电话'],
      ],
    );
    const records = [];
    for await (const chunk of csvChunks([csv], 100)) records.push(...chunk.map((r) => r.cells).filter((c) => c.join('') !== ''));
    expect(records).toEqual([
      ['a', 'b'],
      ['=1+1', '-5%'],
      ["'引号开头", '+86 电话'],
    ]);
  });
  it('table exports carry units in the headers and numbers as numbers', () => {
    const csv = tableCsv(
      [
        { key: 'n', label: '项目' },
        { key: 'b', label: '预算', kind: 'wan' },
        { key: 'r', label: '执行率', kind: 'pct' },
      ],
      [{ n: '@项目', b: 1_236_453.4, r: 0.38472 }],
    );
    expect(csv).toBe('\ufeff项目,预算（万元）,执行率（%）\r\n"\'@项目",123.65,38.47\r\n');
  });
});

describe('workbooks and the print layout of the pack', () => {
  it('a table as a workbook (exceljs): the caption above the header, typed numbers with their formats, frozen header, filter', async () => {
    const { tableWorkbook } = await import('../../src/lib/export/outputs/workbook');
    const bytes = await tableWorkbook(
      '预警项目',
      [
        { key: 'town', label: '街镇' },
        { key: 'b', label: '预算', kind: 'wan' },
        { key: 'r', label: '执行率', kind: 'pct' },
      ],
      [{ town: '<华漕镇>', b: 364534, r: 0.38472 }],
      ctx,
    );
    const files = unzipSync(bytes);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    const shared = strFromU8(files['xl/sharedStrings.xml']);
    expect(shared).toContain('筛选：华漕镇 · 2024年 · 1–8月');
    expect(shared).toContain('&lt;华漕镇&gt;');
    expect(shared).toContain('预算（万元）');
    expect(sheet).toMatch(/<c r="B3"[^>]*><v>36\.45<\/v><\/c>/);
    expect(sheet).toMatch(/<c r="C3"[^>]*><v>38\.47<\/v><\/c>/);
    expect(sheet).toContain('<autoFilter ref="A2:C2"/>');
    expect(sheet).toContain('ySplit="2"');
    expect(strFromU8(files['xl/styles.xml'])).toMatch(/numFmtId="4"|formatCode="#,##0\.00"/); // 4: Excel's built-in #,##0.00
  });

  const risk = (i: number): RiskRow => ({
    report_id: `R${i}`,
    town: '华漕镇',
    project_name: `项目${i}`,
    budget_unit: 'u',
    budget_year: 2024,
    round_label: '1–8月',
    budget_base: 100000,
    budget_executed: 1000,
    exec_rate: 0.01,
    time_progress: 2 / 3,
    conclusion_class: '严重偏差',
    budget_outlook: null,
    target_outlook: null,
    n_not_met: 0,
    conclusion_contradicts: false,
    level: 'red',
    risk_reasons: '执行率低',
  });

  it('slide plan: title, one slide per chart, the at-risk table split 12 a slide', () => {
    const plan = planPack(
      ctx,
      [
        { id: 'a', title: 'A' },
        { id: 'b', title: 'B' },
      ],
      Array.from({ length: 25 }, (_, i) => risk(i)),
    );
    expect(plan.map((s) => s.kind)).toEqual(['title', 'chart', 'chart', 'table', 'table', 'table']);
    expect(plan[0]).toMatchObject({ lines: ['筛选：华漕镇 · 2024年 · 1–8月', '数据来源：示例数据', '导出日期：2026-11-26'] });
    expect(plan.filter((s) => s.kind === 'table').map((s) => (s.kind === 'table' ? s.rows.length : 0))).toEqual([12, 12, 1]);
    expect(plan[5]).toMatchObject({ title: '预警项目清单（25 个，第 3/3 页）' });
    const big = planPack(
      ctx,
      [],
      Array.from({ length: RISK_ROWS_IN_PACK + 5 }, (_, i) => risk(i)),
    );
    expect(big.filter((s) => s.kind === 'table')).toHaveLength(RISK_ROWS_IN_PACK / 12);
    expect(planPack(ctx, [], []).at(-1)).toMatchObject({ rows: [['当前筛选下没有预警项目', '', '', '', '', '', '', '', '']] });
  });
});
