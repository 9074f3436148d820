/**
 * The staged import against the row-by-row import on cells nobody wrote a fixture for: seeded random
 * projects and indicators files whose every cell is drawn from the spellings towns really use and the
 * mistakes they really make (千分位, 万元, full-width digits, percentages three ways, dates five ways,
 * blanks, dashes, unknown towns, duplicate and missing 报告编号, merged-cell gaps). Both ways must say and
 * load the same, word for word.
 */
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { InputFile } from '../../src/lib/import/loadFiles';
import { INDICATOR_COLUMNS, PROJECT_COLUMNS, chineseHeader, type ColumnDef } from '../../src/lib/contract/columns';
import { mulberry32 } from '../../scripts/sample/generate';
import { INDICATOR_CSV_IDS } from '../../src/lib/contract/exportRows';
import { bothWays, tables } from './importBothWays';

/** The form's headers as a CSV prints them (当年预算数（元）…), in the order the columns below are drawn. */
const headers = (cols: ColumnDef[], ids: string[]) => ids.map((id) => chineseHeader(cols.find((c) => c.id === id)!));

/** Spellings a town writes when it fills the form in right, and the slips that happen (one cell in eight). */
type Pool = [good: string[], slips: string[]];
const MONEY: Pool = [
  ['36453.4', '1,000,000.00', '30万', '12.5万元', '0', ' 2000 ', '0.00', '￥8,000', '８０００', '', '-'],
  ['—', '1.2e3', '(500)', '-300', '无', '100000000000', '3,5', '１２３４', 'abc'],
];
const PCT: Pool = [
  ['100.00%', '36%', '0.36', '36', '', '45.5 %', '1', '0', '３６％'],
  ['120%', '-5%', 'abc', '百分之三十'],
];
const DATE_PERIOD: Pool = [
  [
    '2024年01月01日 --- 2024年08月31日',
    '2024/1/1 --- 2024/8/31',
    '2024-01-01 --- 2024-06-30',
    '2023年1月1日---2023年8月31日',
    '2024.1.1 - 2024.8.31',
    '2025年1月1日至2025年6月30日',
  ],
  ['20240101 --- 20240831', '', '2024年', '2024-08-31 --- 2024-01-01', '2025年01月01日 --- 2025年13月31日'],
];
const TOWNS: Pool = [
  ['闵行区华漕镇（盖章）', '上海市闵行区七宝镇人民政府', '莘庄镇', '江川路街道', '虹桥镇 ', '闵行区古美路街道办事处'],
  ['', '火星镇', '浦江'],
];
const YESNO: Pool = [
  ['是', '否', '', 'Y', 'N'],
  ['√', '需要', '不需要'],
];
const CONCL: Pool = [
  ['运行正常（执行率和目标完成度均在75%以上）', '轻度偏差', '严重偏差（执行率或目标完成度低于50%）', '运行正常', ''],
  ['正常', '有偏差'],
];
const OUTLOOK: Pool = [
  ['确定能完成', '有可能完成', '确定不能完成', ''],
  ['能完成', '☑确定能完成'],
];
// Blanks at either end (full-width, no-break, tab) and CR LF inside a cell: the text rule's work (textRule.ts).
const TEXT = [
  '预算编制不够细化，未列明单价和数量。',
  '',
  '无',
  '资金支付进度滞后；档案资料不完整',
  '=1+1',
  '"引号"与,逗号',
  '换行\n之后',
  '　全角空格开头',
  '末尾有空格 ',
  '\t制表符开头',
  '回车\r\n换行',
  '\u00a0不间断空格\u00a0',
];
const LEVEL1 = ['投入与管理', '产出目标', '效果目标', '影响力目标', '', '其他'];
const LEVEL2 = ['资金落实', '数量目标', '质量目标', '服务对象满意度目标', ''];
const TARGET = ['100%', '≥90%', '90', '≤5天', '完成', '', '1200户', '是', '3,000人次', '≥ 95 %', '≥90%　'];
// No blank at either end: read without the text rule. 耀 ends in the byte a full-width space ends in (0x80).
const ACTUAL = ['100%', '92%', '85', '6天', '未完成', '', '1100户', '否', '2,800人次', '不适用', '96%', '耀'];

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

function files(seed: number, n: number): Table[] {
  const r = mulberry32(seed); // the same files on every run
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const cell = ([good, slips]: Pool) => pick(r() < 0.125 ? slips : good);
  const ids: string[] = [];
  let k = 0;
  // One generator per contract column: the header is the column's, the cell drawn as towns write it.
  const project: Record<string, () => string> = {
    report_id: () => {
      // Some ids repeat (a resubmission), some are blank (derived from town, project and period).
      const id = r() < 0.08 ? '' : r() < 0.1 && ids.length ? pick(ids) : `F${seed}-${k}`;
      if (id) ids.push(id);
      return id;
    },
    town: () => cell(TOWNS),
    project_name: () => (r() < 0.03 ? '' : `项目${Math.floor(r() * n * 0.7)}`),
    budget_unit: () => `单位${Math.floor(r() * 5)}`,
    period: () => cell(DATE_PERIOD),
    budget_initial: () => cell(MONEY),
    budget_executed: () => cell(MONEY),
    execution_rate_reported: () => cell(PCT),
    needs_adjustment: () => cell(YESNO),
    budget_adjusted: () => cell(MONEY),
    adjust_decrease: () => cell(MONEY),
    stage_conclusion: () => cell(CONCL),
    budget_outlook: () => cell(OUTLOOK),
    target_outlook: () => cell(OUTLOOK),
    problems: () => pick(TEXT),
    measures: () => pick(TEXT),
    report_date: () => pick(['2024年9月5日', '2024-09-10', '', '昨天']),
  };
  const indicator: Record<string, () => string> = {
    // A blank 报告编号 or 一级目标 continues the row above (merged cells), and a few ids were never loaded.
    report_id: () => (r() < 0.1 ? '' : r() < 0.05 ? `X${k}` : pick(ids.length ? ids : ['F0'])),
    level1: () => pick(LEVEL1),
    level2: () => pick(LEVEL2),
    level3: () => `指标${Math.floor(r() * 40)}`,
    annual_target: () => pick(TARGET),
    expected_value: () => pick(TARGET),
    actual: () => pick(ACTUAL),
    deviation: () => pick(TEXT),
    deviation_reason: () => pick(TEXT),
    corrective_action: () => pick(TEXT),
  };
  const table = (cols: ColumnDef[], gen: Record<string, () => string>, ids: string[], rows: number) => {
    const out = [headers(cols, ids)];
    for (k = 0; k < rows; k++) out.push(ids.map((id) => gen[id]()));
    return out;
  };
  return [
    { name: `projects-${seed}`, rows: table(PROJECT_COLUMNS, project, Object.keys(project), n) },
    { name: `indicators-${seed}`, rows: table(INDICATOR_COLUMNS, indicator, INDICATOR_CSV_IDS, n * 3) },
  ];
}

type Table = { name: string; rows: string[][] };
type Format = 'utf8' | 'utf16' | 'parquet' | 'typed parquet';

/** Excel's 「Unicode 文本」: UTF-16 LE with a BOM, tab-separated. */
function utf16(rows: string[][]): Uint8Array {
  const text = rows.map((r) => r.map((v) => (/[\t"\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join('\t')).join('\r\n');
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${text}\r\n`, 'utf16le')]));
}

/**
 * Parquet written by native DuckDB from the same cells: every column text, or ("typed") the money
 * columns as DOUBLE where a plain number was written (NULL where not), as a database export has them.
 */
async function parquet(t: Table, typed: boolean): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-'));
  const src = path.join(dir, 'x.csv');
  const out = path.join(dir, 'x.parquet');
  fs.writeFileSync(src, csv(t.rows));
  const inst = await DuckDBInstance.create(':memory:');
  const c = await inst.connect();
  const money = t.rows[0].filter((h) => h.includes('（元）'));
  const cols = t.rows[0].map((h) => (typed && money.includes(h) ? `TRY_CAST(trim("${h}") AS DOUBLE) AS "${h}"` : `"${h}"`)).join(', ');
  await c.run(
    `COPY (SELECT ${cols} FROM read_csv('${src}', header = true, all_varchar = true, quote = '"', escape = '"')) TO '${out}' (FORMAT parquet)`,
  );
  c.closeSync();
  inst.closeSync();
  const bytes = new Uint8Array(fs.readFileSync(out));
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}

async function encode(tables: Table[], format: Format): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const t of tables) {
    if (format === 'utf8') out.push({ name: `${t.name}.csv`, bytes: new TextEncoder().encode(csv(t.rows)) });
    else if (format === 'utf16') out.push({ name: `${t.name}.txt`, bytes: utf16(t.rows) });
    else out.push({ name: `${t.name}.parquet`, bytes: await parquet(t, format === 'typed parquet') });
  }
  return out;
}

describe('staged and row-by-row imports agree on random files of real-world spellings', () => {
  it.each<[number, Format]>([
    [1, 'utf8'],
    [2, 'utf8'],
    [3, 'utf16'],
    [4, 'parquet'],
    [5, 'typed parquet'],
  ])(
    'seed %i, %s',
    async (seed, format) => {
      const input = await encode(files(seed, 400), format);
      const copy = () => input.map((f) => ({ name: f.name, bytes: f.bytes.slice() }));
      const { a, b, old, now } = await bothWays(copy);
      expect(now.reports).toEqual(old.reports);
      const [ta, tb] = [await tables(a), await tables(b)];
      expect(tb.p.length).toBe(ta.p.length);
      expect(tb.p).toEqual(ta.p);
      expect(tb.i).toEqual(ta.i);
      // Both files are read as contract tables (not refused alike), most rows loaded.
      expect(now.reports.map((r) => [r.status, r.kind])).toEqual([
        ['loaded', 'projects'],
        ['loaded', 'indicators'],
      ]);
      for (const r of now.reports) expect(r.rowsLoaded).toBeGreaterThan(r.rowsRead / 10);
      // Every row read is loaded or rejected, none lost.
      for (const r of now.reports) expect(r.rowsLoaded + r.rowsRejected).toBe(r.rowsRead);
    },
    180_000,
  );
});
