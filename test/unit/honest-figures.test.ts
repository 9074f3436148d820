/**
 * The bureau's real use, on the real engine: a corrected report resubmitted, the same file appended
 * twice, a form dropped straight into the load, a same-named project of another unit. Every total is
 * computed by hand from test/fixtures/small (see the comments) and from the seed form.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import { loadFiles, type InputFile } from '../../src/lib/import/loadFiles';
import { runQuery } from '../../src/lib/queries/query';
import { headlineQuery } from '../../src/lib/queries/headline';
import { NO_FILTERS } from '../../src/lib/queries/filters';
import { FIXTURES, engineWith } from './helpers';
import { importFile } from '../../src/lib/import/importFile';

const SMALL = path.join(FIXTURES, 'small');
const file = (p: string): InputFile => ({ name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)) });
const csv = (name: string, text: string): InputFile => ({ name, bytes: new Uint8Array(Buffer.from(text, 'utf8')) });
const HEAD = '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）,填报日期';
const count = async (engine: Engine, sql: string) => (await engine.query<{ n: number }>(sql))[0].n;
const y2024 = { ...NO_FILTERS, year: 2024 };

describe('a form dropped into the load keeps every indicator row', () => {
  it('the seed form: 1 project and 16 indicator rows, in the report and in the engine', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'form-load-'));
    const p = path.join(dir, '华漕镇-跟踪表.txt');
    fs.copyFileSync(path.join(FIXTURES, 'forms/seed-form.txt'), p);
    const { engine, load } = await engineWith([p]);
    const r = load.reports[0];
    expect(r).toMatchObject({
      status: 'loaded',
      format: 'form',
      rowsRead: 17,
      rowsLoaded: 17,
      projectsLoaded: 1,
      indicatorsLoaded: 16,
      rowsRejected: 0,
    });
    expect(load).toMatchObject({ projects: 1, indicators: 16 });
    expect(await count(engine, 'SELECT count(*)::INTEGER AS n FROM projects')).toBe(1);
    expect(await count(engine, 'SELECT count(*)::INTEGER AS n FROM indicators')).toBe(16);
    // 14 met, 2 not applicable (跟踪期不涉及): goal completion 14 / 14.
    const [f] = await engine.query<{ n_indicators: number; n_applicable: number; n_met: number; goal_completion: number }>(
      'SELECT n_indicators, n_applicable, n_met, goal_completion FROM report_facts',
    );
    expect(f).toEqual({ n_indicators: 16, n_applicable: 14, n_met: 14, goal_completion: 1 });
  });
});

describe('one report per project and round', () => {
  let engine: Engine;
  beforeAll(async () => {
    ({ engine } = await engineWith([path.join(SMALL, 'projects.csv'), path.join(SMALL, 'indicators.csv')]));
  });

  it('the clean fixture: 2024 latest rounds R1 + R2 + R3 = 3 reports, 36,453.4 + 300,000 + 120,000 executed', async () => {
    const [h] = await runQuery(engine, headlineQuery(y2024));
    expect(h.reports).toBe(3);
    expect(h.budget_executed).toBeCloseTo(456453.4, 2);
  });

  it('the same projects file appended twice counts once, and says so for every row', async () => {
    const again = await loadFiles(engine, [file(path.join(SMALL, 'projects.csv')), file(path.join(SMALL, 'indicators.csv'))], 'add');
    const [h] = await runQuery(engine, headlineQuery(y2024));
    expect(h.reports).toBe(3);
    expect(h.budget_executed).toBeCloseTo(456453.4, 2);
    expect(await count(engine, 'SELECT count(*)::INTEGER AS n FROM report_facts')).toBe(5);
    // The indicators file's 6 rows replaced the earlier 6 of the same reports: not 12.
    expect(await count(engine, 'SELECT count(*)::INTEGER AS n FROM indicators')).toBe(6);
    const dup = again.reports[0].warnings.filter((w) => w.column === '报告编号');
    expect(dup.map((w) => w.row)).toEqual([2, 3, 4, 5, 6]);
    expect(dup[0].reason).toBe(
      '本行与之前加载的 projects.csv 第 2 行的报告编号同为 R1，是重复的报告；后加载的一份计入：计入本行，projects.csv 第 2 行 不再计入统计',
    );
    expect(again.reports[1].warnings.map((w) => w.reason)).toEqual([
      '报告编号 R1 的指标已由本文件重新提供：之前从 indicators.csv 加载的 2 条指标不再计入，计入本文件的指标（同一报告的指标按整套替换，不重复累计）',
      '报告编号 R2 的指标已由本文件重新提供：之前从 indicators.csv 加载的 3 条指标不再计入，计入本文件的指标（同一报告的指标按整套替换，不重复累计）',
      '报告编号 R3 的指标已由本文件重新提供：之前从 indicators.csv 加载的 1 条指标不再计入，计入本文件的指标（同一报告的指标按整套替换，不重复累计）',
    ]);
  });

  it('a corrected resubmission under a new 报告编号 supersedes by 填报日期, and an older one does not', async () => {
    const fixed = await loadFiles(
      engine,
      [
        csv(
          '华漕镇-更正.csv',
          `${HEAD}\nR1-更正,华漕镇,项目A,闵行区华漕镇人民政府社建办,2024-01-01 至 2024-08-31,36453.4,30000,2024-09-20\n`,
        ),
      ],
      'add',
    );
    let [h] = await runQuery(engine, headlineQuery(y2024));
    // R1's 36,453.4 executed is replaced by the correction's 30,000: 30,000 + 300,000 + 120,000.
    expect(h.reports).toBe(3);
    expect(h.budget_executed).toBeCloseTo(450000, 2);
    expect(fixed.reports[0].warnings.map((w) => w.reason)).toEqual([
      '本行（报告编号 R1-更正）与之前加载的 projects.csv 第 2 行（报告编号 R1）是同一项目同一轮次（华漕镇 · 闵行区华漕镇人民政府社建办 · 项目A · 2024年 1–8月）的两份报告；有填报日期的一份计入：计入本行，projects.csv 第 2 行 不再计入统计',
    ]);
    // An older draft loaded afterwards does not win: the later 填报日期 counts.
    const old = await loadFiles(
      engine,
      [
        csv(
          '华漕镇-初稿.csv',
          `${HEAD}\nR1-初稿,华漕镇,项目A,闵行区华漕镇人民政府社建办,2024-01-01 至 2024-08-31,36453.4,1000,2024-09-01\n`,
        ),
      ],
      'add',
    );
    [h] = await runQuery(engine, headlineQuery(y2024));
    expect(h.budget_executed).toBeCloseTo(450000, 2);
    expect(old.reports[0].warnings[0].reason).toContain(
      '填报日期较晚（2024-09-20）的一份计入：计入 华漕镇-更正.csv 第 2 行，本行不计入统计',
    );
  });

  it("a same-named project of another 预算单位 is its own project (not hidden by the other's later round)", async () => {
    await loadFiles(
      engine,
      [csv('华漕镇-城建.csv', `${HEAD}\nX1,华漕镇,项目A,闵行区华漕镇人民政府城建中心,2024-01-01 至 2024-06-30,80000,40000,\n`)],
      'add',
    );
    const [h] = await runQuery(engine, headlineQuery(y2024));
    expect(h.reports).toBe(4);
    expect(h.budget_executed).toBeCloseTo(490000, 2);
  });

  it('a project name or unit with a line break typed in its cell is the same project: its budget counts once', async () => {
    // 1–6月 written 「老旧小区⏎综合改造」 / 「闵行区华漕镇⏎人民政府」, 1–8月 on one line: one project, the 1–8月 round counts.
    const text =
      `${HEAD}\nL1,华漕镇,"老旧小区\n综合改造","闵行区华漕镇\r\n人民政府",2024-01-01 至 2024-06-30,500000,100000,\n` +
      `L2,华漕镇,老旧小区　综合改造,闵行区华漕镇人民政府,2024-01-01 至 2024-08-31,500000,300000,\n`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'names-'));
    fs.writeFileSync(path.join(dir, 'names.csv'), text);
    // The engine's import and the row-by-row one read the names alike.
    const { engine: e } = await engineWith([path.join(dir, 'names.csv')]);
    expect(await e.query('SELECT report_id, project_name, budget_unit FROM projects ORDER BY 1')).toEqual([
      { report_id: 'L1', project_name: '老旧小区综合改造', budget_unit: '闵行区华漕镇人民政府' },
      { report_id: 'L2', project_name: '老旧小区综合改造', budget_unit: '闵行区华漕镇人民政府' },
    ]);
    const [h] = await runQuery(e, headlineQuery(y2024));
    expect([h.reports, h.budget_initial, h.budget_executed]).toEqual([1, 500000, 300000]);
    const rows = (await importFile('names.csv', new Uint8Array(Buffer.from(text)))).projects;
    expect(rows.map((r) => [r.project_name, r.budget_unit])).toEqual([
      ['老旧小区综合改造', '闵行区华漕镇人民政府'],
      ['老旧小区综合改造', '闵行区华漕镇人民政府'],
    ]);
  });

  it('a report with both outlooks blank is never at_risk NULL', async () => {
    const { gradedFrom } = await import('../../src/lib/queries/filters');
    const g = gradedFrom(NO_FILTERS);
    const [r] = await engine.query<{ n: number; levels: number }>(
      `SELECT count(*) FILTER (WHERE at_risk IS NULL OR level IS NULL)::INTEGER AS n, count(DISTINCT level)::INTEGER AS levels FROM ${g.sql}`,
      g.params,
    );
    expect(r.n).toBe(0);
  });
});

describe('every row accounted for: short rows, negative money, spending beyond the budget', () => {
  const H = '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）,调整后预算数（元）,存在问题';
  it('a row cut short before a required column is rejected by row number; one missing only trailing optional cells is warned', async () => {
    const { importFile } = await import('../../src/lib/import/importFile');
    const r = await importFile(
      'short.csv',
      csv(
        'short.csv',
        `${H}\nS1,华漕镇,项目A,闵行区华漕镇人民政府社建办\nS2,华漕镇,项目B,闵行区华漕镇人民政府社建办,2024-01-01 至 2024-08-31,1000,500\n`,
      ).bytes as Uint8Array,
    );
    expect(r.report.rejected.map((x) => [x.row, x.issues[0].reason])).toEqual([
      [2, '列数与表头不符：表头 9 列，此行只有 4 列，缺少必填列「当年预算数（元）、预算执行数（元）」（此行可能被截断或换行断开）'],
    ]);
    expect(r.report.warnings.map((w) => [w.row, w.reason])).toEqual([
      [3, '表头 9 列，此行只有 7 列：末尾的 2 列（调整后预算数（元）、存在问题）按空白处理'],
    ]);
    expect(r.report).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
  });
  it('negative money in any money column is rejected; 执行数 above 调整后预算数 is a warning', async () => {
    const { importFile } = await import('../../src/lib/import/importFile');
    const r = await importFile(
      'money.csv',
      csv(
        'money.csv',
        `${H}\nM1,华漕镇,项目A,闵行区华漕镇人民政府社建办,2024-01-01 至 2024-08-31,1000,500,-800,\nM2,华漕镇,项目B,闵行区华漕镇人民政府社建办,2024-01-01 至 2024-08-31,1000,1200,1000,\n`,
      ).bytes as Uint8Array,
    );
    expect(r.report.rejected.map((x) => [x.row, x.issues[0].column, x.issues[0].reason])).toEqual([
      [2, '调整后预算数（元）', '调整后预算数为负数：-800（金额不能为负，调减请填在「调减金额」中）'],
    ]);
    expect(r.report.warnings.map((w) => [w.row, w.reason])).toEqual([
      [3, '预算执行数 1200 元超过调整后预算数 1000 元（执行率 120.0%），请核对'],
    ]);
  });
});

describe("the load report's counts equal what the engine holds, for every input format", () => {
  it('Parquet pair, UTF-8 CSV, GBK CSV, UTF-16 text, a form as text: projects and indicators stored = reported', async () => {
    const BAD = path.join(FIXTURES, 'bad');
    const sets = [
      [path.join(FIXTURES, '..', '..', 'data', 'projects.parquet'), path.join(FIXTURES, '..', '..', 'data', 'indicators.parquet')],
      [path.join(SMALL, 'projects.csv'), path.join(SMALL, 'indicators.csv')],
      [path.join(BAD, 'gbk-projects.csv'), path.join(BAD, 'unicode-text-projects.txt'), path.join(BAD, 'merged-cells-indicators.csv')],
      [path.join(FIXTURES, 'forms/seed-form.txt')],
    ];
    for (const files of sets) {
      const { engine, load } = await engineWith(files);
      const p = load.reports.reduce((s, r) => s + r.projectsLoaded, 0);
      const i = load.reports.reduce((s, r) => s + r.indicatorsLoaded, 0);
      expect([p, i], files.map((f) => path.basename(f)).join(' ')).toEqual([
        await count(engine, 'SELECT count(*)::INTEGER AS n FROM projects'),
        await count(engine, 'SELECT count(*)::INTEGER AS n FROM indicators'),
      ]);
      expect(p + i).toBeGreaterThan(0);
    }
  });
});

describe('存在问题 sentences', () => {
  it('numbering is removed after ASCII and full-width spaces alike; fragments under 4 characters are dropped', async () => {
    const { engine } = await engineWith([path.join(SMALL, 'projects.csv')]);
    const text = '（1）预算执行进度滞后。\n  2、项目档案资料不完整；\n　③绩效目标设置不够细化；\n好。';
    await loadFiles(
      engine,
      [
        csv(
          '问题.csv',
          `${HEAD},存在问题\nP1,华漕镇,项目P,闵行区华漕镇人民政府社建办,2024-01-01 至 2024-08-31,1000,500,2024-09-01,"${text}"\n`,
        ),
      ],
      'add',
    );
    const rows = await engine.query<{ sentence: string }>(
      "SELECT sentence FROM problem_sentences WHERE report_id = 'P1' ORDER BY sentence_no",
    );
    expect(rows.map((r) => r.sentence)).toEqual(['预算执行进度滞后', '项目档案资料不完整', '绩效目标设置不够细化']);
  });
});

describe('indicators that name their report by 街镇 + 项目名称 + 跟踪时段, projects that give their own 报告编号', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'link-'));
  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const projects = write(
    'projects.csv',
    '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）\n' +
      'HC-2024-001,华漕镇,国际社区运行,闵行区华漕镇人民政府,2024年1-8月,100000,50000\n' +
      'QB-2024-007,七宝镇,智慧社区平台,闵行区七宝镇人民政府,2024年1-8月,200000,180000\n',
  );
  const head = '街镇名称,项目名称,跟踪时段,一级目标,二级目标,三级目标,应完成的绩效目标值,完成百分比或情况描述\n';
  const indicators = write(
    'indicators.csv',
    head +
      '闵行区华漕镇,国际社区运行,2024年01月01日 --- 2024年08月31日,产出目标,数量目标,活动场次,8场,6场\n' +
      '七宝镇,智慧社区平台,2024年1-8月,效果目标,社会效益目标,平台使用率,90%,95%\n',
  );
  const counts = (e: Engine) =>
    e.query<{ report_id: string; n: number; met: number }>(
      'SELECT report_id, n_indicators::INTEGER AS n, n_met::INTEGER AS met FROM report_facts ORDER BY report_id',
    );

  it('link to the project’s own 报告编号, whichever file comes first, and the report says so; none is left without its report', async () => {
    for (const order of [
      [projects, indicators],
      [indicators, projects],
    ]) {
      const { engine: e, load } = await engineWith(order);
      expect(await counts(e)).toEqual([
        { report_id: 'HC-2024-001', n: 1, met: 0 },
        { report_id: 'QB-2024-007', n: 1, met: 1 },
      ]);
      const ind = load.reports.find((r) => r.file === 'indicators.csv')!;
      expect(ind.warnings.map((w) => w.reason)).toEqual([
        '2 条指标没有报告编号，已按 街镇名称 + 项目名称 + 跟踪时段 对应到项目表中 2 份报告的报告编号（如 HC-2024-001）',
      ]);
    }
  });

  it('loaded before their projects, in an earlier load, they are linked when the projects come; a corrected set replaces them, not beside them', async () => {
    const { engine: e } = await engineWith([indicators]);
    const later = await loadFiles(e, [file(projects)], 'add');
    expect(later.reports[0].warnings.map((w) => w.reason)).toEqual([
      '之前从 indicators.csv 加载的 2 条指标没有报告编号，已按 街镇名称 + 项目名称 + 跟踪时段 对应到本文件 2 份报告的报告编号（如 HC-2024-001），现已计入',
    ]);
    expect(await counts(e)).toEqual([
      { report_id: 'HC-2024-001', n: 1, met: 0 },
      { report_id: 'QB-2024-007', n: 1, met: 1 },
    ]);
    // 华漕镇 resubmits its indicators: now two lines, the first met.
    const fixed = write(
      'indicators-更正.csv',
      head +
        '华漕镇,国际社区运行,2024年1-8月,产出目标,数量目标,活动场次,8场,8场\n华漕镇,国际社区运行,2024年1-8月,效果目标,社会效益目标,居民满意度,≥90%,93%\n',
    );
    const again = await loadFiles(e, [file(fixed)], 'add');
    expect(await counts(e)).toEqual([
      { report_id: 'HC-2024-001', n: 2, met: 2 },
      { report_id: 'QB-2024-007', n: 1, met: 1 },
    ]);
    expect(again.reports[0].warnings.map((w) => w.reason)).toContain(
      '报告编号 HC-2024-001 的指标已由本文件重新提供：之前从 indicators.csv 加载的 1 条指标不再计入，计入本文件的指标（同一报告的指标按整套替换，不重复累计）',
    );
    const [{ n }] = await e.query<{ n: number }>('SELECT count(*)::INTEGER AS n FROM indicators');
    expect(n).toBe(3);
  });
});
