/**
 * The staged import (raw cells → engine → dictionaries + SQL + flagged rows by the row rules) gives
 * exactly what the row-by-row import gives: the same load reports, word for word, and the same rows.
 * Compared on every CSV and Parquet fixture, alone and loaded together as the bureau loads them.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../../src/lib/engine/node';
import { initSchema } from '../../src/lib/db/store';
import { commitPrepared, prepareStaged, type InputFile } from '../../src/lib/import/loadFiles';
import { DATA, FIXTURES } from './helpers';
import { bothWays, tables } from './importBothWays';

const read = (p: string): InputFile => ({ name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)) });
const dir = (d: string) =>
  fs
    .readdirSync(d)
    .filter((f) => /\.(csv|txt|parquet)$/.test(f))
    .sort()
    .map((f) => path.join(d, f));

const GROUPS: [string, string[]][] = [
  ['sample CSV', [path.join(DATA, 'projects.csv'), path.join(DATA, 'indicators.csv')]],
  ['sample Parquet', [path.join(DATA, 'projects.parquet'), path.join(DATA, 'indicators.parquet')]],
  ['small', dir(path.join(FIXTURES, 'small'))],
  ['warnings', dir(path.join(FIXTURES, 'warnings'))],
  ['workbook twins', dir(path.join(FIXTURES, 'workbooks'))],
  ...dir(path.join(FIXTURES, 'bad')).map((f): [string, string[]] => [
    `bad/${path.basename(f)}`,
    [path.join(FIXTURES, 'small', 'projects.csv'), f],
  ]),
];

describe('the staged import says and loads exactly what the row-by-row import does', () => {
  it.each(GROUPS)(
    '%s',
    async (_, paths) => {
      const { a, b, old, now } = await bothWays(() => paths.map(read));
      expect(now.reports).toEqual(old.reports);
      expect({ projects: now.projects, indicators: now.indicators }).toEqual({ projects: old.projects, indicators: old.indicators });
      const [ta, tb] = [await tables(a), await tables(b)];
      expect(tb.p).toEqual(ta.p);
      expect(tb.i).toEqual(ta.i);
      const left = await b.query<{ n: number }>(
        "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name LIKE '\\_%' ESCAPE '\\'",
      );
      expect(left[0].n).toBe(0);
    },
    120_000,
  );
});

describe('values as people type them, staged and row by row alike', () => {
  const S = '\u3000';
  // Leading/trailing full-width spaces, CRLF inside a cell, 万元 and ratio headers, a derived 报告编号,
  // a ticked conclusion, start/end columns, spent beyond budget, a rate that disagrees, a negative
  // amount, an unknown town, Y/N, blank markers (-, 无), 千分位.
  const projects = [
    '报告编号,街镇名称,项目名称,预算单位,跟踪时段开始,跟踪时段结束,当年预算数（万元）,预算执行数（万元）,预算执行率（比例）,是否为经常性项目,阶段性跟踪结论,年度项目预算完成可能性,存在问题,填报日期',
    `A1,${S}七宝镇${S},项目一,单位,2024-01-01,2024-08-31,"1,200.5",600,0.5,是,☑运行正常 □轻度偏差,确定能完成,"问题一\r\n问题二 ",2024年9月3日`,
    `,上海市闵行区莘庄镇人民政府,项目二,单位,2024/1/1,2024/8/31,100,120,1.2,N,运行正常,有可能完成,-,`,
    `A3,莘庄镇,项目三,单位,2024-01-01,2024-08-31,100,50,0.9,Y,运行正常,确定能完成,无,20240905`,
    `A4,莘庄镇,项目四,单位,2024-01-01,2024-08-31,-5,0,,,运行正常,,,`,
    `A5,火星镇,项目五,单位,2024-01-01,2024-08-31,100,10,0.1,1,☑运行正常 ☑轻度偏差,也许,,2024-02-30`,
    `A6,莘庄镇,项目六,单位,,2024-08-31,100,10,0.1,,,,,`,
    `A7,莘庄镇,项目七,单位,2024-09-01,2024-08-31,100,10,0.1,,,,,`,
    `A8,莘庄镇,项目八,单位,2024-01-01,2024-08-31,0.001,10,,,,,,`,
    `A9, 火星镇,项目九,单位,2024-01-01,2024-08-31,100,10,0.1,,,,,`,
    ...Array.from({ length: 6 }, (_, i) => `B${i},莘庄镇,项目B${i},单位,2024-01-01,2024-08-31,${100 + i},${40 + i},,,,,,`),
  ].join('\n');
  const indicators = [
    '报告编号,街镇名称,项目名称,跟踪时段,一级目标,二级目标,三级目标,年度绩效目标值,应完成的绩效目标值,完成百分比或情况描述',
    `A1,,,,投入 与 管理,资金落实,预算执行率,100%,60%,50%`,
    `,莘庄镇,项目二,2024-01-01 至 2024-08-31,产出指标,数量指标,完成数,≥10个,5个,5个`,
    `,莘庄镇,没有的项目,,产出指标,数量指标,完成数,≥10个,5个,5个`,
    `A3,,,,,数量指标,完成数,≥10个,5个,3个`,
    `A3,,,,效果目标,,,≥10个,5个,3个`,
    `A3,,,,效果目标,社会效益,满意度, 90% ,${S}≥90%,较满意\r\n待提高`,
    `A3,,,,影响力目标,,档案,,,`,
  ].join('\n');
  const enc = (s: string) => new TextEncoder().encode(s);

  it('CSV', async () => {
    const files = () => [
      { name: 'p.csv', bytes: enc(projects) },
      { name: 'i.csv', bytes: enc(indicators) },
    ];
    const { a, b, old, now } = await bothWays(files);
    expect(now.reports).toEqual(old.reports);
    // The case is not trivial: rows rejected, warned and loaded on both sides.
    expect(old.reports[0].rejected.length).toBeGreaterThanOrEqual(2);
    expect(old.reports[0].warnings.length).toBeGreaterThan(4);
    expect(old.reports[1].rejected.length).toBeGreaterThan(0);
    expect(await tables(b)).toEqual(await tables(a));
  }, 60_000);

  it('a pair without 报告编号: ids derived once per report, indicators placed by 街镇 + 项目 + 跟踪时段', async () => {
    const p = [
      '街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）',
      ...Array.from(
        { length: 40 },
        (_, i) =>
          `${i % 3 ? '莘庄镇' : '上海市闵行区七宝镇人民政府'},项目${i},单位,2024年01月01日 --- 2024年08月31日,${1000 + i},${500 + i}`,
      ),
      `莘庄镇,项目坏,单位,2024年13月01日 --- 2024年08月31日,100,50`,
    ].join('\n');
    const ind = [
      '街镇名称,项目名称,跟踪时段,一级目标,三级目标,年度绩效目标值,应完成的绩效目标值,完成百分比或情况描述',
      ...Array.from({ length: 120 }, (_, i) => {
        const k = i % 40;
        const town = k % 3 ? (i % 2 ? ' 莘庄镇' : '莘庄镇') : '七宝镇';
        return `${town},项目${k},${i % 4 ? '2024-01-01 至 2024-08-31' : '2024年01月01日 --- 2024年08月31日'},产出指标,完成数,10个,5个,${i % 7}个`;
      }),
      `莘庄镇,项目1,2024-01-01 至 2024-13-31,产出指标,完成数,10个,5个,5个`,
      `莘庄镇,,2024-01-01 至 2024-08-31,产出指标,完成数,10个,5个,5个`,
      `,项目2,,产出指标,完成数,10个,5个,5个`,
    ].join('\n');
    const files = () => [
      { name: 'p.csv', bytes: enc(p) },
      { name: 'i.csv', bytes: enc(ind) },
    ];
    const { a, b, old, now } = await bothWays(files);
    expect(now.reports).toEqual(old.reports);
    expect(old.reports[0].rejected.length).toBe(1);
    expect(old.reports[1].rejected.length).toBe(3);
    expect(await tables(b)).toEqual(await tables(a));
    // Every loaded indicator found its report.
    const [{ n }] = await b.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM indicators i JOIN projects p USING (report_id)');
    expect(n).toBe(120);
  }, 60_000);

  it('many flagged rows: read back a range of rows at a time, kept rows stored in batches, none lost or doubled', async () => {
    // 45,000 projects, each with a reported rate off the computed one (a warning) and every 7th
    // without 项目名称 (rejected): 23 pages of flagged rows, three store batches, 45,000 distinct amounts (five dictionary pages).
    const p = [
      '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）,预算执行率',
      ...Array.from(
        { length: 45_000 },
        (_, i) => `R${i},莘庄镇,${i % 7 ? `项目${i}` : ''},单位,2024-01-01至2024-08-31,${1000 + i},500,${i % 3 ? '90%' : '10%'}`,
      ),
    ].join('\n');
    const files = () => [{ name: 'many.csv', bytes: enc(p) }];
    const { a, b, old, now } = await bothWays(files);
    expect(now.reports).toEqual(old.reports);
    expect(old.reports[0].rejected.length).toBe(Math.ceil(45_000 / 7));
    expect(old.reports[0].projectsLoaded).toBe(45_000 - Math.ceil(45_000 / 7));
    expect(old.reports[0].warnings.length).toBeGreaterThan(20_000); // listed up to the report's limit
    expect(await tables(b)).toEqual(await tables(a));
  }, 120_000);

  it('Parquet with typed columns (numbers, booleans, a number in a text column)', async () => {
    const { parquetWriteBuffer } = await import('hyparquet-writer');
    const n = 8;
    const pq = new Uint8Array(
      parquetWriteBuffer({
        rowGroupSize: 3,
        columnData: [
          { name: 'report_id', type: 'STRING', data: Array.from({ length: n }, (_, i) => (i === 2 ? null : `P${i}`)) },
          { name: 'town', type: 'STRING', data: Array.from({ length: n }, (_, i) => (i === 3 ? '火星镇' : ' 七宝镇')) },
          { name: 'project_name', type: 'STRING', data: Array.from({ length: n }, (_, i) => `项目${i}`) },
          { name: 'budget_unit', type: 'STRING', data: Array.from({ length: n }, () => '单位') },
          {
            name: 'period',
            type: 'STRING',
            data: Array.from({ length: n }, (_, i) =>
              i === 4 ? '2024年13月01日 --- 2024年08月31日' : '2024年01月01日 --- 2024年08月31日',
            ),
          },
          { name: 'budget_initial', type: 'DOUBLE', data: Array.from({ length: n }, (_, i) => (i === 5 ? -1 : 1000.5 + i)) },
          { name: 'budget_executed', type: 'DOUBLE', data: Array.from({ length: n }, (_, i) => (i === 6 ? 5000 : 500.25)) },
          { name: 'is_recurring', type: 'BOOLEAN', data: Array.from({ length: n }, (_, i) => i % 2 === 0) },
          { name: 'remarks', type: 'DOUBLE', data: Array.from({ length: n }, (_, i) => (i === 1 ? 100 : 12.5)) },
        ],
      }),
    );
    const files = () => [{ name: 'typed.parquet', bytes: pq.slice() }];
    const { a, b, old, now } = await bothWays(files);
    expect(now.reports).toEqual(old.reports);
    expect(old.reports[0].rejected.length).toBeGreaterThan(0);
    expect(await tables(b)).toEqual(await tables(a));
    expect((await tables(b)).p.map((r) => (r as { remarks: string }).remarks)).toContain('100');
  }, 60_000);
});

describe('a staged file the engine cannot check', () => {
  it('is refused with a Chinese reason naming it; the other files load and nothing staged is left', async () => {
    const engine = await createNodeEngine();
    await initSchema(engine);
    const good = (await prepareStaged(engine, read(path.join(FIXTURES, 'small', 'projects.csv'))))[0];
    const bad = (await prepareStaged(engine, read(path.join(FIXTURES, 'small', 'indicators.csv'))))[0];
    // Its staged cells are not where its description says (as if the engine had lost them).
    bad.stage!.headerCols = bad.stage!.headerCols.map((_, i) => `no_such_column_${i}`);
    const r = await commitPrepared(engine, [good, bad], 'replace');
    expect(r.reports[1].status).toBe('refused');
    expect(r.reports[1].refusedReason).toMatch(/^无法在分析引擎中校验「indicators\.csv」的取值：.+。整个文件未载入。$/);
    expect(r.reports[0].projectsLoaded).toBe(5);
    expect(r.indicators).toBe(0);
    const [{ n }] = await engine.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM projects');
    expect(n).toBe(5);
    const left = await engine.query<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name LIKE '\\_%' ESCAPE '\\'",
    );
    expect(left[0].n).toBe(0);
  }, 60_000);
});

describe('Parquet with typed columns, as a database or pandas writes it', () => {
  it('DATE, TIMESTAMP, DECIMAL, BIGINT, DOUBLE and BOOLEAN columns read as the form means them; a rate stored as a fraction is said', async () => {
    const { engineWith } = await import('./helpers');
    const dir = path.join(FIXTURES, 'typed');
    const { engine: e, load } = await engineWith([path.join(dir, 'typed-projects.parquet'), path.join(dir, 'typed-indicators.parquet')]);
    expect(load.reports.map((r) => [r.status, r.rowsLoaded, r.rowsRejected])).toEqual([
      ['loaded', 2, 0],
      ['loaded', 2, 0],
    ]);
    expect(
      await e.query(
        `SELECT report_id, CAST(period_start AS VARCHAR) AS s, CAST(period_end AS VARCHAR) AS e, budget_initial, budget_executed,
           round(execution_rate_reported, 6) AS rate, needs_adjustment, CAST(report_date AS VARCHAR) AS d FROM projects ORDER BY 1`,
      ),
    ).toEqual([
      {
        report_id: 'T1',
        s: '2025-01-01',
        e: '2025-06-30',
        budget_initial: 1_200_000.5,
        budget_executed: 300_000,
        rate: 0.0025,
        needs_adjustment: false,
        d: '2025-07-10',
      },
      {
        report_id: 'T2',
        s: '2025-01-01',
        e: '2025-06-30',
        budget_initial: 800_000,
        budget_executed: 420_000,
        rate: 0.525,
        needs_adjustment: true,
        d: null,
      },
    ]);
    expect(load.reports[0].warnings.map((w) => `${w.row} ${w.reason}`)).toEqual([
      '1 填报的执行进度 0.25% 与 执行数÷当年预算数 = 25.00% 不一致（该列可能以小数填写：0.25 即 25.00%，与计算相符）',
    ]);
  });
});
