/**
 * Excel workbooks through the one import path: the fixtures of test/fixtures/workbooks (written by
 * exceljs and re-saved by LibreOffice as .xlsx and .xls, see make-workbooks.ts) load to the same
 * figures as their CSV twins; skipped sheets, titles and merged cells are reported; hostile
 * workbooks are refused fast, in Chinese, naming the limit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';
import type { Engine } from '../../src/lib/engine/types';
import type { LoadResult } from '../../src/lib/import/loadFiles';
import { importInput } from '../../src/lib/import/importInput';
import { loadedText } from '../../src/lib/import/report';
import { FIXTURES, engineWith } from './helpers';
import { zipBomb } from './zipBomb';

const DIR = path.join(FIXTURES, 'workbooks');
const BOOKS = ['summary-exceljs.xlsx', 'summary-libreoffice.xlsx', 'summary-libreoffice.xls'];

/** What the engine holds, report by report and in total: the same for a workbook and its CSV twins. */
async function figures(e: Engine) {
  const totals = await e.query(
    `SELECT count(*)::INTEGER AS reports, sum(budget_initial)::DOUBLE AS budget, sum(budget_executed)::DOUBLE AS executed,
            (SELECT count(*)::INTEGER FROM indicators) AS indicators FROM projects`,
  );
  const reports = await e.query(
    `SELECT report_id, town, project_name, period_start::VARCHAR AS s, period_end::VARCHAR AS e, budget_initial, budget_executed,
            execution_rate_reported AS rate, needs_adjustment, budget_adjusted, stage_conclusion, budget_outlook, target_outlook,
            problems, measures, report_date::VARCHAR AS report_date
     FROM projects ORDER BY report_id`,
  );
  const indicators = await e.query(
    `SELECT report_id, level1, level2, level3, annual_target, expected_value, actual, deviation, deviation_reason, corrective_action
     FROM indicators ORDER BY report_id, level1, level2, level3`,
  );
  return { totals, reports, indicators };
}

describe('workbooks load as their CSV twins do', () => {
  let csv: Awaited<ReturnType<typeof figures>>;
  beforeAll(async () => {
    const { engine } = await engineWith([path.join(DIR, 'projects.csv'), path.join(DIR, 'indicators.csv')]);
    csv = await figures(engine);
  });

  it('the CSV twins hold the hand-counted figures', () => {
    // 500,000 + 1,200,000 + 300,000 + 2,000,000 + 800,000 + 100,000; 400,000 + 600,000 + 60,000 + 1,500,000 + 200,000 + 100,000
    expect(csv.totals).toEqual([{ reports: 6, budget: 4_900_000, executed: 2_860_000, indicators: 10 }]);
  });

  for (const book of BOOKS) {
    describe(book, () => {
      let e: Engine;
      let load: LoadResult;
      beforeAll(async () => {
        ({ engine: e, load } = await engineWith([path.join(DIR, book)]));
      });

      it('gives one report per contract sheet, the notes sheet listed as skipped', () => {
        expect(load.reports.map((r) => [r.file, r.format, r.kind, r.status, r.rowsRead, r.rowsLoaded, r.rowsRejected])).toEqual([
          [`${book}（工作表：项目）`, book.endsWith('.xls') ? 'xls' : 'xlsx', 'projects', 'loaded', 6, 6, 0],
          [`${book}（工作表：指标）`, book.endsWith('.xls') ? 'xls' : 'xlsx', 'indicators', 'loaded', 10, 10, 0],
        ]);
        const w = load.reports[0].warnings.map((x) => x.reason);
        expect(w).toContainEqual(expect.stringMatching(/^工作簿中的工作表「说明」不是项目表或指标表（列为：本工作簿为 2024 年重点项目/));
      });

      it('equals the CSV twins report by report, indicator by indicator', async () => {
        const wb = await figures(e);
        expect(wb.totals).toEqual(csv.totals);
        expect(wb.reports).toEqual(csv.reports);
        expect(wb.indicators).toEqual(csv.indicators);
      });

      it('reads merged cells, % formats, Excel dates and 千分位 text as the CSV path reads their text', async () => {
        const rows = await e.query<{
          report_id: string;
          town: string;
          e: string;
          budget_initial: number;
          rate: number;
          report_date: string;
        }>(
          `SELECT report_id, town, period_end::VARCHAR AS e, budget_initial, execution_rate_reported AS rate, report_date::VARCHAR AS report_date
           FROM projects WHERE report_id IN ('W2', 'W3', 'W4') ORDER BY report_id`,
        );
        expect(rows).toEqual([
          { report_id: 'W2', town: '华漕镇', e: '2024-08-31', budget_initial: 1_200_000, rate: 0.5, report_date: '2024-09-11' },
          { report_id: 'W3', town: '华漕镇', e: '2024-08-31', budget_initial: 300_000, rate: 0.2, report_date: '2024-09-12' },
          { report_id: 'W4', town: '七宝镇', e: '2024-08-31', budget_initial: 2_000_000, rate: 0.75, report_date: '2024-09-05' },
        ]);
      });

      it('says what it did: the title rows above the header, the merged cells, rows numbered as Excel shows them', () => {
        const p = load.reports[0].warnings;
        expect(p).toContainEqual(
          expect.objectContaining({
            row: 1,
            reason: expect.stringMatching(/^表头（第 3 行）之前的标题或说明行，已跳过：「闵行区 2024 年/),
          }),
        );
        expect(p).toContainEqual(
          expect.objectContaining({
            row: 5,
            column: '街镇名称',
            reason: '3 行的「街镇名称」在 Excel 合并单元格中，取合并单元格的值（第 5、6、8 行）',
          }),
        );
        const i = load.reports[1].warnings;
        expect(i).toContainEqual({
          row: 3,
          column: '报告编号',
          reason: '4 行的「报告编号」在 Excel 合并单元格中，取合并单元格的值（第 3、4、6、9 行）',
        });
        expect(i).toContainEqual({
          row: 4,
          column: '一级目标',
          reason: '1 行的「一级目标」在 Excel 合并单元格中，取合并单元格的值（第 4 行）',
        });
      });
    });
  }
});

/** A workbook written by SheetJS in the test, with sheets given as arrays of rows. */
function book(sheets: Record<string, (string | number)[][]>, tweak?: (ws: XLSX.WorkSheet, name: string) => void): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = XLSX.utils.aoa_to_sheet(rows);
    tweak?.(ws, name);
    XLSX.utils.book_append_sheet(wb, ws, name);
  }
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const HEAD = ['报告编号', '街镇名称', '项目名称', '预算单位', '跟踪时段', '当年预算数（元）', '预算执行数（元）'];
const row = (id: string, budget: string | number) => [
  id,
  '华漕镇',
  `项目${id}`,
  '闵行区华漕镇人民政府',
  '2024-01-01 至 2024-08-31',
  budget,
  1000,
];

describe('workbook rows and sheets that cannot be read are kept and said', () => {
  it('a bad cell rejects its row, numbered as Excel shows it, in a report that names the sheet', async () => {
    const bytes = book({ 汇总: [['某街镇汇总'], HEAD, row('X1', 5000), row('X2', '五千'), row('X3', '6,000')] });
    const [r] = await importInput('towns.xlsx', bytes);
    expect(r.report.file).toBe('towns.xlsx（工作表：汇总）');
    expect(r.report.rowsRead).toBe(3);
    expect(r.projects.map((p) => [p.report_id, p.budget_initial, p.source_row])).toEqual([
      ['X1', 5000, 3],
      ['X3', 6000, 5],
    ]);
    expect(r.report.rejected).toEqual([
      expect.objectContaining({ row: 4, issues: [expect.objectContaining({ column: '当年预算数（元）' })] }),
    ]);
  });

  it('a workbook with no contract sheet is refused, each sheet named with what it holds', async () => {
    const bytes = book({
      封面: [['2024 年汇总']],
      名单: [
        ['姓名', '电话'],
        ['张三', '123'],
      ],
    });
    const [r] = await importInput('cover.xlsx', bytes);
    expect(r.report.status).toBe('refused');
    expect(r.report.refusedReason).toBe(
      '工作簿「cover.xlsx」中没有数据约定中的表（项目表或指标表，按表头识别）：工作表「封面」不是项目表或指标表（列为：2024 年汇总）；工作表「名单」不是项目表或指标表（列为：姓名、电话）。',
    );
  });

  it('a sheet over the row limit is refused by its used range, before its rows are read', async () => {
    const bytes = book({ 大表: [HEAD, row('X1', 5000)] }, (ws) => (ws['!ref'] = 'A1:G400000'));
    const [r] = await importInput('big.xlsx', bytes);
    expect(r.report.status).toBe('refused');
    expect(r.report.refusedReason).toBe(
      '无法读取「big.xlsx（工作表：大表）」：工作表「大表」有 400,000 行，超过上限 300,000 行，未读取。请拆分，或另存为 CSV 后加载。',
    );
  });

  it('a cell longer than Excel allows rejects its row, naming the cell and the limit', async () => {
    // SheetJS will not write such a cell; exceljs does (as a hostile or broken writer would).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('汇总');
    ws.addRows([HEAD, row('X1', 5000), [...row('X2', 5000).slice(0, 2), 'x'.repeat(40_000), ...row('X2', 5000).slice(3)]]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const [r] = await importInput('long.xlsx', bytes);
    expect(r.report.rejected).toEqual([
      expect.objectContaining({
        row: 3,
        issues: [{ column: '（整行）', reason: '单元格 C3（「项目名称」）有 40,000 个字符，超过单元格上限 32,767 个字符' }],
      }),
    ]);
  });

  it('a zip bomb posing as a workbook is refused from the zip directory in under 2 s and 300 MB', async () => {
    const bytes = zipBomb('xl/worksheets/sheet1.xml', 1.2);
    const rss = process.memoryUsage().rss;
    const t0 = performance.now();
    const [r] = await importInput('bomb.xlsx', bytes);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
    expect(r.report.refusedReason).toMatch(
      /^无法读取「bomb\.xlsx」：「bomb\.xlsx」中的 xl\/worksheets\/sheet1\.xml 解压后有 1,232 MB，超过上限 150 MB/,
    );
  });

  it('a zip bomb whose directory lies about its size is stopped at the size it declared', async () => {
    const bytes = zipBomb('xl/worksheets/sheet1.xml', 1.2, true);
    const t0 = performance.now();
    const [r] = await importInput('liar.xlsx', bytes);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(r.report.refusedReason).toMatch(/「liar\.xlsx」中的 xl\/worksheets\/sheet1\.xml 解压后超过其目录所记的 0 MB/);
  });

  it('a damaged workbook is refused with a Chinese sentence before the reader’s own words', async () => {
    const good = book({ 汇总: [HEAD, row('X1', 5000)] });
    const [r] = await importInput('cut.xlsx', good.subarray(0, good.length - 200));
    expect(r.report.status).toBe('refused');
    expect(r.report.refusedReason).toMatch(/^无法读取「cut\.xlsx」：[\u4e00-\u9fff「]/);
  });
});

describe('workbooks as systems export them', () => {
  it.each(['html', 'xlml'] as const)('a %s table saved as .xls (「导出 Excel」 of many systems) loads as a workbook', async (bookType) => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['项目汇总表'], HEAD, row('H1', '12,000.00'), row('H2', 8000)]), 'Sheet1');
    const html = new TextEncoder().encode(XLSX.write(wb, { type: 'string', bookType }) as string);
    const [r] = await importInput('导出.xls', html);
    expect(r.report).toMatchObject({ status: 'loaded', kind: 'projects', rowsRead: 2, rowsLoaded: 2, rowsRejected: 0 });
    expect(r.projects.map((p) => [p.report_id, p.budget_initial, p.source_row])).toEqual([
      ['H1', 12000, 3],
      ['H2', 8000, 4],
    ]);
  });
});

describe('Excel error values', () => {
  it('a formula error in a money cell (#DIV/0!, #REF!) is named as one, with what it means', async () => {
    const bytes = book({ 汇总: [HEAD, row('X1', 5000), row('X2', 7000)] }, (ws) => {
      ws['F3'] = { t: 'e', v: 0x17 }; // #REF!
    });
    const [r] = await importInput('汇总.xlsx', bytes);
    expect([r.report.rowsLoaded, r.report.rowsRejected]).toEqual([1, 1]);
    expect(r.report.rejected[0].issues).toEqual([
      {
        column: '当年预算数（元）',
        reason: '单元格是 Excel 公式的错误值「#REF!」（公式引用的单元格已被删除），不是金额：请在 Excel 中修正公式或填写数值后重新导出',
      },
    ]);
  });
});

describe('a signature line under the table', () => {
  it('制表人 … 审核人 across the sheet is rejected as what it is, not as a project with blank fields, and fills nothing', async () => {
    const csv = [
      ['2024年重点项目汇总表'],
      HEAD,
      row('S1', 5000),
      [],
      row('S2', 7000),
      [],
      ['制表人：张三', '', '', '', '', '审核人：李四', ''],
    ]
      .map((r) => r.join(','))
      .join('\r\n');
    const [r] = await importInput('汇总.csv', new TextEncoder().encode(csv));
    expect([r.report.rowsRead, r.report.rowsLoaded, r.report.rowsRejected]).toEqual([3, 2, 1]);
    expect(r.report.rejected.map((x) => [x.row, x.issues.map((i) => i.reason)])).toEqual([
      [7, ['表格下方的说明或签字行，不是数据，未载入：「制表人：张三 审核人：李四」']],
    ]);
    expect(r.report.warnings.map((w) => w.reason)).not.toContainEqual(expect.stringMatching(/合并单元格/));
  });
});

describe('a summary sheet laid out by hand: header of two rows, unit in the title, 合计 and a note under the table', () => {
  // test/fixtures/workbooks/two-row: summary.html saved by LibreOffice as .xlsx, .xls and (from the .xlsx) CSV.
  const TWO = path.join(DIR, 'two-row');
  for (const file of ['summary-libreoffice.xlsx', 'summary-libreoffice.xls', 'summary-libreoffice.csv', 'unit-in-title.xlsx']) {
    it(`${file}: the three projects in 元, the 合计 and the note rejected with their reason`, async () => {
      const { engine: e, load } = await engineWith([path.join(TWO, file)]);
      const [r] = load.reports;
      expect([r.status, r.rowsRead, r.rowsLoaded, r.rowsRejected]).toEqual(['loaded', 5, 3, 2]);
      expect(r.rejected.map((x) => [x.row, x.issues.map((i) => i.reason)])).toEqual([
        [8, ['「合计」行是汇总行，不是一个项目，未载入（看板的合计由各行明细计算，载入它会重复计算）']],
        [9, ['表格下方的说明或签字行，不是数据，未载入：「注：本表金额单位为万元。」']],
      ]);
      const reasons = r.warnings.map((w) => `${w.row} ${w.reason}`);
      expect(reasons).toContainEqual(
        expect.stringMatching(/^4 表头占两行（第 3、4 行）：合并的分组单元格下的列名取自第 4 行，读作：序号、街镇名称/),
      );
      if (file === 'unit-in-title.xlsx')
        expect(reasons).toContain(
          '2 表头上方注明「单位：万元」：未注明单位的金额列（当年预算数、调整后预算数、预算执行数）按万元读取（×10,000 折算为元）',
        );
      // By hand: 520.00 + 180.00 + 95.50 = 795.50 万元; 260.50 + 150.00 + 20.00 = 430.50 万元 (the sheet's own 合计, not counted again).
      const rows = await e.query(
        `SELECT town, project_name, budget_initial, budget_adjusted, budget_executed, round(execution_rate_reported, 6) AS rate, budget_outlook
         FROM projects ORDER BY budget_initial DESC`,
      );
      expect(rows).toEqual([
        {
          town: '梅陇镇',
          project_name: '河道保洁养护',
          budget_initial: 5_200_000,
          budget_adjusted: 5_200_000,
          budget_executed: 2_605_000,
          rate: 0.501,
          budget_outlook: '有可能完成',
        },
        {
          town: '梅陇镇',
          project_name: '社区食堂运营补贴',
          budget_initial: 1_800_000,
          budget_adjusted: null,
          budget_executed: 1_500_000,
          rate: 0.8333,
          budget_outlook: '确定能完成',
        },
        {
          town: '虹桥镇',
          project_name: '垃圾分类宣传',
          budget_initial: 955_000,
          budget_adjusted: 800_000,
          budget_executed: 200_000,
          rate: 0.25,
          budget_outlook: '确定不能完成',
        },
      ]);
      expect(await e.query('SELECT sum(budget_initial)::DOUBLE AS b, sum(budget_executed)::DOUBLE AS x FROM projects')).toEqual([
        { b: 7_955_000, x: 4_305_000 },
      ]);
    });
  }

  it('a header row followed by a data row is one header; a note row above a header is not part of it', async () => {
    const { combineHeaderRows } = await import('../../src/lib/contract/headers');
    expect(combineHeaderRows(['街镇名称', '项目名称', '当年预算数（元）'], ['七宝镇', '道路养护', '100'])).toBeNull();
    expect(combineHeaderRows(['街镇名称', '项目名称', '预算情况（万元）', ''], ['', '', '当年预算数', '预算执行数'])).toEqual([
      '街镇名称',
      '项目名称',
      '当年预算数（万元）',
      '预算执行数（万元）',
    ]);
    // A sub-header under a column of the header itself is not one; a note above a header is not its first row.
    expect(combineHeaderRows(['街镇名称', '当年预算数（元）'], ['', '预算执行数（元）'])).toBeNull();
    expect(combineHeaderRows(['填报说明：金额单位为元。'], ['报告编号', '街镇名称', '项目名称'])).toBeNull();
  });
});

describe('indicators that find their report by 跟踪时段开始 + 跟踪时段结束 (no 报告编号, no 跟踪时段 cell)', () => {
  // test/fixtures/workbooks/period-columns: an ExcelJS workbook (dates as date cells, 执行率 a formula) and its sheets as LibreOffice CSV.
  const PC = path.join(DIR, 'period-columns');
  const cases: [string, string[]][] = [
    ['the workbook', ['h1-exceljs.xlsx']],
    ['the CSV pair (staged import)', ['projects-libreoffice.csv', 'indicators-libreoffice.csv']],
  ];
  for (const [what, files] of cases) {
    it(`${what}: every indicator joins its project; figures as computed by hand`, async () => {
      const { engine: e, load } = await engineWith(files.map((f) => path.join(PC, f)));
      const ind = load.reports.find((r) => r.kind === 'indicators')!;
      expect([ind.status, ind.rowsRead, ind.rowsLoaded, ind.rowsRejected]).toEqual(['loaded', 6, 6, 0]);
      const proj = load.reports.find((r) => r.kind === 'projects')!;
      expect([proj.rowsRead, proj.rowsLoaded, proj.rowsRejected]).toEqual([5, 4, 1]);
      // By hand: 420 + 185.5 + 1,200 + 35.2 = 1,840.70 万元; 96.6 + 102.3 + 0 + 20.1 = 219.00 万元.
      expect(await e.query(`SELECT sum(budget_initial) AS b, sum(budget_executed) AS x FROM report_facts`)).toEqual([
        { b: 18_407_000, x: 2_190_000 },
      ]);
      // Each indicator under its own project (no orphan): 2 + 1 + 2 + 1.
      expect(
        await e.query(
          `SELECT p.project_name AS p, count(*)::INTEGER AS n, string_agg(i.status, ',' ORDER BY i.seq) AS s
           FROM indicators i JOIN projects p USING (report_id) GROUP BY 1 ORDER BY 1`,
        ),
      ).toEqual([
        { p: '颛桥镇垃圾分类宣传', n: 1, s: 'met' },
        { p: '颛桥镇道路养护', n: 2, s: 'not_met,na' },
        { p: '马桥镇为老服务中心运营', n: 1, s: 'met' },
        { p: '马桥镇农村生活污水治理运维', n: 2, s: 'partial,met' },
      ]);
      expect(ind.warnings).toEqual([]);
    });
  }
});

describe('two exports pasted one under the other', () => {
  it('the second title and header inside the table are rejected with one reason each, not a cell-by-cell list; the rows repeated count once', async () => {
    const csv = fs.readFileSync(path.join(DIR, 'period-columns/projects-libreoffice.csv'), 'utf8');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pasted-'));
    const file = path.join(dir, 'pasted.csv');
    fs.writeFileSync(file, csv + csv);
    const { engine: e, load } = await engineWith([file]);
    const [r] = load.reports;
    expect([r.rowsRead, r.rowsRejected, r.projectsLoaded, r.projectsNotCounted]).toEqual([12, 4, 8, 4]);
    expect(loadedText(r)).toBe('项目报告 8 份，其中 4 份因重复或被更正不计入统计，见提示');
    expect(r.rejected.map((x) => [x.row, x.issues.map((i) => i.reason)])).toEqual([
      [7, ['「合计」行是汇总行，不是一个项目，未载入（看板的合计由各行明细计算，载入它会重复计算）']],
      [8, ['表格中间的标题行（两个文件上下拼接时重复的标题？），不是数据，未载入：「2025年1-6月闵行区重点项目绩效跟踪汇总表」']],
      [9, ['与表头相同的一行（两个文件上下拼接时重复的表头？），不是数据，未载入']],
      [14, ['「合计」行是汇总行，不是一个项目，未载入（看板的合计由各行明细计算，载入它会重复计算）']],
    ]);
    // The four projects once: 1,840.70 万元 (not twice that).
    expect(await e.query(`SELECT count(*)::INTEGER AS n, sum(budget_initial) AS b FROM report_facts`)).toEqual([{ n: 4, b: 18_407_000 }]);
  });
});

describe('WPS Office’s own file names', () => {
  it('a WPS 表格 .et (the .xls compound file) reads as the workbook it is, a WPS 文字 .wps as the Word 97 form; a damaged .et says how to save it', async () => {
    const read = (file: string, as: string) => importInput(as, new Uint8Array(fs.readFileSync(path.join(FIXTURES, file))));
    const et = await read('workbooks/summary-libreoffice.xls', '汇总.et');
    expect(et.map((r) => [r.report.file, r.report.status, r.report.rowsLoaded])).toEqual([
      ['汇总.et（工作表：项目）', 'loaded', 6],
      ['汇总.et（工作表：指标）', 'loaded', 10],
    ]);
    const [wps] = await read('forms/qibao-libreoffice.doc', '七宝镇.wps');
    expect([wps.report.format, wps.report.rowsLoaded, wps.projects[0].town]).toEqual(['form', 7, '七宝镇']);
    const bytes = new Uint8Array(fs.readFileSync(path.join(DIR, 'summary-libreoffice.xls'))).slice(0, 3000);
    const [bad] = await importInput('坏.et', bytes);
    expect(bad.report.refusedReason).toContain('WPS 表格文件可在 WPS 中「另存为」Excel 工作簿 .xlsx 后再加载');
  });
});
