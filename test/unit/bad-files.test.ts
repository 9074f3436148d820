import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import type { FileReport } from '../../src/lib/import/report';
import { repoRoot } from '../../src/lib/engine/node';
import { FIXTURES, engineWith } from './helpers';
import { zipSync, strToU8 } from 'fflate';
import { importFile } from '../../src/lib/import/importFile';
import { importInput } from '../../src/lib/import/importInput';

const BAD = path.join(FIXTURES, 'bad');
const ALL = [
  'gbk-projects.csv',
  'tabs-bom-projects.csv',
  'unicode-text-projects.txt',
  'title-rows-projects.csv',
  'broken-quotes.csv',
  'bad-values.csv',
  'missing-column.csv',
  'empty.csv',
  'image.csv',
  'not-contract.csv',
  'duplicate-ids.csv',
  'english-projects.csv',
  'english-indicators.csv',
];

describe('the bad-file corpus: every outcome exact, nothing dropped in silence', () => {
  let e: Engine;
  let reports: Map<string, FileReport>;
  beforeAll(async () => {
    const r = await engineWith(ALL.map((f) => path.join(BAD, f)));
    e = r.engine;
    reports = new Map(r.load.reports.map((x) => [x.file, x]));
  });
  const rep = (f: string) => reports.get(f)!;

  it('loaded + rejected = rows read, for every file that was read', () => {
    const loaded = [...reports.values()].filter((r) => r.status === 'loaded');
    expect(reports.size).toBe(ALL.length);
    expect(loaded.length).toBeGreaterThanOrEqual(8);
    for (const r of loaded) expect(r.rowsLoaded + r.rowsRejected, r.file).toBe(r.rowsRead);
  });

  it('GBK from Excel with a 万元 header: decoded, scaled, towns normalised', async () => {
    expect(rep('gbk-projects.csv')).toMatchObject({ status: 'loaded', encoding: 'gb18030', rowsRead: 2, rowsLoaded: 2, rowsRejected: 0 });
    const rows = await e.query<{
      report_id: string;
      town: string;
      budget_initial: number;
      budget_executed: number;
      exec_rate: number;
      needs_adjustment: boolean;
    }>(
      `SELECT report_id, town, budget_initial, budget_executed, exec_rate, needs_adjustment FROM report_facts WHERE report_id IN ('G1', 'G2') ORDER BY report_id`,
    );
    expect(rows).toEqual([
      { report_id: 'G1', town: '华漕镇', budget_initial: 36453.4, budget_executed: 36453.4, exec_rate: 1, needs_adjustment: false },
      {
        report_id: 'G2',
        town: '梅陇镇',
        budget_initial: 1_200_000,
        budget_executed: 500_000,
        exec_rate: 500_000 / 1_200_000,
        needs_adjustment: true,
      },
    ]);
  });

  it('UTF-8 BOM, tabs, ￥ and thousands separators, a line break inside a quoted cell', async () => {
    expect(rep('tabs-bom-projects.csv')).toMatchObject({ status: 'loaded', encoding: 'utf-8-bom', rowsLoaded: 1 });
    const [t] = await e.query<{ budget_initial: number; problems: string; period_end: string }>(
      `SELECT budget_initial, problems, CAST(period_end AS VARCHAR) AS period_end FROM projects WHERE report_id = 'T1'`,
    );
    expect(t).toEqual({
      budget_initial: 1_200_000,
      problems: '宣传力度不够，居民知晓率不高。\n项目档案资料不完整。',
      period_end: '2024-06-30',
    });
  });

  it('Excel\'s "Unicode 文本" (UTF-16LE with a BOM, tab-separated) is read, not refused as binary', async () => {
    expect(rep('unicode-text-projects.txt')).toMatchObject({
      status: 'loaded',
      encoding: 'utf-16le',
      rowsRead: 1,
      rowsLoaded: 1,
      rowsRejected: 0,
    });
    const [u] = await e.query<{ town: string; budget_initial: number; budget_executed: number; problems: string }>(
      `SELECT town, budget_initial, budget_executed, problems FROM projects WHERE report_id = 'U1'`,
    );
    expect(u).toEqual({ town: '虹桥镇', budget_initial: 250_000, budget_executed: 125_000, problems: '就餐人数未达预期' });
  });

  it('a title and a note above the header are skipped and reported; the header is found below them and rows keep their file numbers', async () => {
    const r = rep('title-rows-projects.csv');
    expect(r).toMatchObject({ status: 'loaded', kind: 'projects', encoding: 'gb18030', rowsRead: 1, rowsLoaded: 1, rowsRejected: 0 });
    expect(r.warnings.filter((w) => w.column === '（整行）')).toEqual([
      {
        row: 1,
        column: '（整行）',
        reason: '表头（第 4 行）之前的标题或说明行，已跳过：「2024年度闵行区财政项目支出绩效运行监控（跟踪评价）汇总表」',
      },
      { row: 2, column: '（整行）', reason: '表头（第 4 行）之前的标题或说明行，已跳过：「填报单位：闵行区财政局　　单位：元」' },
    ]);
    const [h] = await e.query<{ town: string; budget_initial: number; source_row: number }>(
      `SELECT town, budget_initial, source_row FROM projects WHERE report_id = 'H1'`,
    );
    expect(h).toEqual({ town: '颛桥镇', budget_initial: 300_000, source_row: 5 });
  });

  it('the form title in an export title row does not make it a form; the form itself is still read as one', async () => {
    const H =
      '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）,预算执行进度（%）,阶段性跟踪结论,年度项目预算完成可能性,年度绩效目标完成可能性,存在问题';
    const title = new TextEncoder().encode(
      `财政项目支出绩效运行监控（跟踪评价）（重点）\n${H}\nF1,七宝镇,项目,闵行区七宝镇人民政府社建办,2024-01-01 至 2024-08-31,100,50,50%,运行正常,确定能完成,确定能完成,无\n`,
    );
    const t = (await importFile('汇总.csv', title)).report;
    expect(t).toMatchObject({ format: 'csv', kind: 'projects', status: 'loaded', rowsLoaded: 1 });
    const form = (await importFile('seed-form.txt', new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'forms', 'seed-form.txt'))))).report;
    expect(form).toMatchObject({ format: 'form', status: 'loaded' });
  });

  it('indicator rows saved from merged Excel cells continue the row above, and the fills are reported', async () => {
    const r = await importFile(
      'merged-cells-indicators.csv',
      new Uint8Array(fs.readFileSync(path.join(BAD, 'merged-cells-indicators.csv'))),
    );
    expect(r.report).toMatchObject({ status: 'loaded', kind: 'indicators', rowsRead: 5, rowsLoaded: 5, rowsRejected: 0 });
    expect(r.indicators.map((i) => i.annual_target)).toEqual(['12个', '5000人次', '100%', '按期', '≥90%']); // 年度指标值
    expect(r.indicators.map((i) => [i.report_id, i.level1, i.level2, i.level3])).toEqual([
      ['M1', '产出目标', '数量指标', '助餐点数量'], // 产出指标 is the contract's 产出目标
      ['M1', '产出目标', '数量指标', '服务人次'],
      ['M1', '产出目标', '质量指标', '食品安全抽检合格率'],
      ['M2', '产出目标', '时效指标', '按期开业'],
      ['M2', '影响力目标', null, '老人满意度'], // 满意度指标: on this form 服务对象满意度 is under 影响力目标
    ]);
    expect(r.report.warnings).toEqual([
      {
        row: 3,
        column: '报告编号、一级指标、二级指标',
        reason: '1 行的「报告编号、一级指标、二级指标」为空，按 Excel 合并单元格处理，沿用了上一行的值（第 3 行）',
      },
      {
        row: 4,
        column: '报告编号、一级指标',
        reason: '1 行的「报告编号、一级指标」为空，按 Excel 合并单元格处理，沿用了上一行的值（第 4 行）',
      },
      { row: 6, column: '报告编号', reason: '1 行的「报告编号」为空，按 Excel 合并单元格处理，沿用了上一行的值（第 6 行）' },
    ]);
  });

  it('a project summary sheet with merged 街镇名称 / 跟踪时段 cells: the blanks are the town and period above, reported', async () => {
    const r = await importFile('merged-town-projects.csv', new Uint8Array(fs.readFileSync(path.join(BAD, 'merged-town-projects.csv'))));
    expect(r.report).toMatchObject({ status: 'loaded', kind: 'projects', rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
    expect(r.projects.map((p) => [p.report_id, p.town, p.period_end])).toEqual([
      ['T11', '浦锦街道', '2024-08-31'],
      ['T12', '浦锦街道', '2024-08-31'],
      ['T13', '新虹街道', '2024-08-31'],
    ]);
    expect(r.report.warnings.filter((w) => /合并单元格/.test(w.reason))).toEqual([
      {
        row: 3,
        column: '街镇名称、跟踪时段',
        reason: '1 行的「街镇名称、跟踪时段」为空，按 Excel 合并单元格处理，沿用了上一行的值（第 3 行）',
      },
    ]);
  });

  it('a broken Excel workbook (.xlsx or old .xls) is refused in Chinese; a workbook renamed .csv says how to name it back', async () => {
    const xlsx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook/>') });
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    for (const [name, bytes] of [
      ['项目表.xlsx', xlsx],
      ['指标表.xls', xls],
    ] as const) {
      const [r] = (await importInput(name, bytes)).map((x) => x.report);
      expect(r.status).toBe('refused');
      expect(r.refusedReason).toMatch(new RegExp(`^(无法读取「${name}」：工作簿无法读取|工作簿「${name}」中没有数据约定中的表)`));
    }
    const renamed = (await importFile('项目表.csv', xlsx)).report;
    expect(renamed.refusedReason).toContain('把文件扩展名改回 .xlsx 或 .docx 后再加载');
  });

  it('an unclosed quote rejects its line only; the next line is read', () => {
    const r = rep('broken-quotes.csv');
    expect(r).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(r.rejected[0].row).toBe(3);
    expect(r.rejected[0].issues[0].reason).toContain('引号不配对');
  });

  it('bad values: each rejected row names its row, column and reason', () => {
    const r = rep('bad-values.csv');
    expect(r).toMatchObject({ rowsRead: 7, rowsLoaded: 2, rowsRejected: 5 });
    expect(r.rejected.map((x) => [x.row, x.issues[0].column, x.issues[0].reason])).toEqual([
      [3, '当年预算数（元）', '金额无法识别：「约十万」（应为数字，如 36453.40、36,453.40 或 3.65万）'],
      [4, '跟踪时段', '跟踪时段中的日期无法识别：「2024-01-01 至 2024-02-30」'],
      [5, '项目名称', '必填项「项目名称」为空'],
      [7, '预算执行数（元）', '预算执行数为负数：-5（金额不能为负，调减请填在「调减金额」中）'],
      [8, '（整行）', '列数与表头不符：表头 12 列，此行 13 列（可能是金额或文字中有未加引号的逗号）'],
    ]);
    expect(r.rejected[0].raw['项目名称']).toBe('金额写错'); // the row is kept as read, for download
    expect(r.warnings.map((w) => [w.row, w.column])).toEqual([[6, '年度项目预算完成可能性']]); // loaded, outlook left blank
  });

  it('a required amount written as a dash or a slash says what the cell holds and how to write 0', async () => {
    const csv =
      '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）\n' +
      'Z1,颛桥镇,未开工项目,闵行区颛桥镇人民政府,2024-01-01 至 2024-08-31,100000, - \n' +
      'Z2,颛桥镇,待定项目,闵行区颛桥镇人民政府,2024-01-01 至 2024-08-31,／,0\n';
    const r = (await importFile('dash.csv', new TextEncoder().encode(csv))).report;
    expect(r.rejected.map((x) => [x.row, x.issues.map((i) => `${i.column}：${i.reason}`)])).toEqual([
      [
        2,
        ['预算执行数（元）：必填项「预算执行数」为空：单元格为「-」，按空白处理。若为 0 请填 0（Excel「会计专用」格式把 0 显示为「-」）'],
      ],
      [
        3,
        ['当年预算数（元）：必填项「当年预算数」为空：单元格为「／」，按空白处理。若为 0 请填 0（Excel「会计专用」格式把 0 显示为「-」）'],
      ],
    ]);
  });

  it('a project named 「/」 or an indicator named 「—」 is a blank required cell, in the engine’s import as in the row-by-row one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dash-'));
    const p = path.join(dir, 'projects.csv');
    const i = path.join(dir, 'indicators.csv');
    fs.writeFileSync(
      p,
      '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）\n' +
        'D1,颛桥镇,好项目,闵行区颛桥镇人民政府,2024-01-01 至 2024-08-31,100000,50000\n' +
        'D2,颛桥镇,/,闵行区颛桥镇人民政府,2024-01-01 至 2024-08-31,100000,50000\n' +
        'D3,—,项目三,-,2024-01-01 至 2024-08-31,100000,50000\n',
    );
    fs.writeFileSync(i, '报告编号,一级目标,三级目标,年度绩效目标值\nD1,产出目标,服务人次,100人次\nD1,-,—,100%\nD1,产出目标,／,100%\n');
    const want = {
      'projects.csv': [
        [3, ['项目名称：必填项「项目名称」为空：单元格为「/」，按空白处理']],
        [4, ['街镇名称：必填项「街镇名称」为空：单元格为「—」，按空白处理', '预算单位：必填项「预算单位」为空：单元格为「-」，按空白处理']],
      ],
      'indicators.csv': [
        [3, ['一级目标：必填项「一级目标」为空：单元格为「-」，按空白处理', '三级目标：必填项「三级目标」为空：单元格为「—」，按空白处理']],
        [4, ['三级目标：必填项「三级目标」为空：单元格为「／」，按空白处理']],
      ],
    };
    const said = (r: FileReport) => r.rejected.map((x) => [x.row, x.issues.map((k) => `${k.column}：${k.reason}`)]);
    const { engine: e, load } = await engineWith([p, i]);
    for (const r of load.reports) expect(said(r), `engine: ${r.file}`).toEqual(want[r.file as keyof typeof want]);
    expect(await e.query('SELECT report_id, project_name FROM projects')).toEqual([{ report_id: 'D1', project_name: '好项目' }]);
    expect(await e.query('SELECT level3 FROM indicators')).toEqual([{ level3: '服务人次' }]);
    for (const f of [p, i]) {
      const r = (await importFile(path.basename(f), new Uint8Array(fs.readFileSync(f)))).report;
      expect(said(r), `row by row: ${r.file}`).toEqual(want[r.file as keyof typeof want]);
    }
  });

  it('files that cannot be read at all are refused with what was expected', () => {
    expect(rep('empty.csv').refusedReason).toContain('文件是空的');
    expect(rep('image.csv').refusedReason).toContain('PNG 图片');
    expect(rep('missing-column.csv').refusedReason).toContain('缺少必需的列：预算执行数（元）');
    expect(rep('not-contract.csv').refusedReason).toMatch(/不是数据约定中的表.*文件中的列为：姓名、年龄、部门/);
    for (const f of ['empty.csv', 'image.csv', 'missing-column.csv', 'not-contract.csv']) expect(rep(f).status).toBe('refused');
    // What every accepted kind of file is, not only CSV and Parquet.
    expect(rep('image.csv').refusedReason).toContain('（扫描件或截图中的文字无法读取：请加载原来的 Word 表单或 Excel 表）');
    expect(rep('image.csv').refusedReason).toContain('Excel 工作簿 .xlsx/.xls），或各街镇的跟踪评价表单（Word .docx/.doc 或其文本）。');
  });

  it('a form sent as PDF, or a zip of forms, is refused with what to load instead', async () => {
    const pdf = await importInput('浦锦.pdf', new TextEncoder().encode('%PDF-1.7\n1 0 obj\n'));
    expect(pdf[0].report.refusedReason).toBe(
      '无法读取「浦锦.pdf」：这是PDF 文件，不是 CSV 文本文件（PDF 中的表格无法可靠地读回：请加载原来的 Word 表单 .docx/.doc，或另存为 Excel/CSV 的表）。应为项目表或指标表（CSV：UTF-8、GBK 或 UTF-16；Parquet；Excel 工作簿 .xlsx/.xls），或各街镇的跟踪评价表单（Word .docx/.doc 或其文本）。',
    );
    const zip = await importInput('表单.zip', zipSync({ 'a.txt': strToU8('x') }));
    expect(zip[0].report.refusedReason).toContain('如果是压缩包：先解压，再把其中的文件一起拖入');
  });

  it('warnings that do not reject: duplicate ids, unknown columns and towns, rate mismatch, 元 that looks like 万元, orphans', () => {
    expect(rep('duplicate-ids.csv').warnings.map((w) => w.reason)).toEqual([
      '本行与 duplicate-ids.csv 第 3 行的报告编号同为 D1，是重复的报告；后加载的一份计入：计入 duplicate-ids.csv 第 3 行，本行不计入统计',
    ]);
    expect(rep('duplicate-ids.csv').warnings[0].row).toBe(2);
    const en = rep('english-projects.csv');
    expect(en.unknownColumns).toEqual(['note']);
    expect(en.warnings.map((w) => w.row)).toEqual([1, 3, 7, 7]);
    expect(en.warnings[2].reason).toContain('火星镇');
    expect(en.warnings[3].reason).toContain('可能是按万元填写的');
    const ind = rep('english-indicators.csv');
    expect(ind).toMatchObject({ rowsLoaded: 3, rowsRejected: 0 });
    expect(ind.warnings.map((w) => w.row)).toEqual([4]);
    expect(ind.warnings[0].reason).toContain('找不到报告编号');
  });

  it('indicators found by 街镇 + 项目 + 跟踪时段 join their report', async () => {
    const [r] = await e.query<{ n_applicable: number; n_met: number; n_na: number }>(
      `SELECT n_applicable, n_met, n_na FROM report_facts WHERE project_name = '项目1' AND town = '马桥镇'`,
    );
    expect(r).toEqual({ n_applicable: 1, n_met: 1, n_na: 1 });
  });
});

describe('npm run check-data', () => {
  it('prints one JSON object and exits 1 when a file was refused', () => {
    let out: string;
    let code = 0;
    try {
      out = execFileSync(
        'node',
        ['--import', 'tsx', 'scripts/check-data.ts', path.join(BAD, 'bad-values.csv'), path.join(BAD, 'empty.csv'), '--json'],
        { cwd: repoRoot, encoding: 'utf8' },
      );
    } catch (err) {
      const e = err as { status: number; stdout: string };
      code = e.status;
      out = e.stdout;
    }
    expect(code).toBe(1);
    const j = JSON.parse(out);
    expect(j.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['bad-values.csv', 'loaded'],
      ['empty.csv', 'refused'],
    ]);
    expect(j.files[0].rejected[0]).toEqual({
      row: 3,
      issues: [{ column: '当年预算数（元）', reason: '金额无法识别：「约十万」（应为数字，如 36453.40、36,453.40 或 3.65万）' }],
    });
  });
  it('exits 0 on good files', () => {
    const out = execFileSync(
      'node',
      ['--import', 'tsx', 'scripts/check-data.ts', path.join(FIXTURES, 'small/projects.csv'), path.join(FIXTURES, 'small/indicators.csv')],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(out).toContain('✓ projects.csv（项目表，CSV，utf-8）：读取 5 行，加载 5 行（项目报告 5 份），拒收 0 行');
  });
});

describe('the rejected rows downloaded, mended and loaded again', () => {
  it('mended rows load; a row whose cells did not line up is kept as its line and, loaded unmended, is rejected again (not loaded one column over)', async () => {
    const { rejectedRowsCsv } = await import('../../src/lib/import/rejectedCsv');
    const [first] = await importInput('bad-values.csv', new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'bad/bad-values.csv'))));
    const csv = rejectedRowsCsv(first.report);
    const lines = csv
      .replace(/^\ufeff/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/,原始行（列数与表头不符，请改正后分列）$/);
    // The 13-cell row: its line in the last column, the others blank.
    expect(lines[5]).toMatch(/^bad-values\.csv,8,（整行）,列数与表头不符[^,]*,{13}"V7,颛桥镇,多一列,.*100,000,66000/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mended-'));
    // Loaded unmended: nothing loads (the misaligned row is short of its required cells now).
    fs.writeFileSync(path.join(dir, 'unmended.csv'), csv);
    const again = await importInput('unmended.csv', new Uint8Array(fs.readFileSync(path.join(dir, 'unmended.csv'))));
    expect([again[0].report.rowsLoaded, again[0].report.rowsRejected]).toEqual([0, 5]);
    // The first row mended (约十万 → 100000): it loads, the rest are still rejected.
    fs.writeFileSync(path.join(dir, 'mended.csv'), csv.replace(',约十万,', ',100000,'));
    const { engine: e, load } = await engineWith([path.join(dir, 'mended.csv')]);
    expect([load.reports[0].rowsLoaded, load.reports[0].rowsRejected]).toEqual([1, 4]);
    expect(await e.query(`SELECT report_id, budget_initial FROM projects`)).toEqual([{ report_id: 'V2', budget_initial: 100000 }]);
  });
});
