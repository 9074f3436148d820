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
import { createNodeEngine } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/types';
import { initSchema } from '../../src/lib/db/store';
import { importFile } from '../../src/lib/import/importFile';
import { commitPrepared, loadFiles, preparedOf, type InputFile, type PreparedFile } from '../../src/lib/import/loadFiles';

/** mulberry32: the same files on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
const TEXT = ['预算编制不够细化，未列明单价和数量。', '', '无', '资金支付进度滞后；档案资料不完整', '=1+1', '"引号"与,逗号', '换行\n之后'];
const LEVEL1 = ['投入与管理', '产出目标', '效果目标', '影响力目标', '', '其他'];
const LEVEL2 = ['资金落实', '数量目标', '质量目标', '服务对象满意度目标', ''];
const TARGET = ['100%', '≥90%', '90', '≤5天', '完成', '', '1200户', '是', '3,000人次', '≥ 95 %'];
const ACTUAL = ['100%', '92%', '85', '6天', '未完成', '', '1100户', '否', '2,800人次', '不适用', '96%'];

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csv = (rows: string[][]) => `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;

function files(seed: number, n: number): Table[] {
  const r = rng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const cell = ([good, slips]: Pool) => pick(r() < 0.125 ? slips : good);
  const ids: string[] = [];
  const projects: string[][] = [
    [
      '报告编号',
      '街镇名称',
      '项目名称',
      '预算单位',
      '跟踪时段',
      '当年预算数（元）',
      '预算执行数（元）',
      '预算执行进度（%）',
      '是否需要预算调整',
      '调整后预算数（元）',
      '调减金额（元）',
      '阶段性跟踪结论',
      '年度项目预算完成可能性',
      '年度绩效目标完成可能性',
      '存在问题',
      '改进措施',
      '填报日期',
    ],
  ];
  for (let k = 0; k < n; k++) {
    // Some ids repeat (a resubmission), some are blank (derived from town, project and period).
    const id = r() < 0.08 ? '' : r() < 0.1 && ids.length ? pick(ids) : `F${seed}-${k}`;
    if (id) ids.push(id);
    projects.push([
      id,
      cell(TOWNS),
      r() < 0.03 ? '' : `项目${Math.floor(r() * n * 0.7)}`,
      `单位${Math.floor(r() * 5)}`,
      cell(DATE_PERIOD),
      cell(MONEY),
      cell(MONEY),
      cell(PCT),
      cell(YESNO),
      cell(MONEY),
      cell(MONEY),
      cell(CONCL),
      cell(OUTLOOK),
      cell(OUTLOOK),
      pick(TEXT),
      pick(TEXT),
      pick(['2024年9月5日', '2024-09-10', '', '昨天']),
    ]);
  }
  const indicators: string[][] = [
    [
      '报告编号',
      '一级目标',
      '二级目标',
      '三级目标',
      '年度绩效目标值',
      '应完成的绩效目标值',
      '完成百分比或情况描述',
      '偏差情况',
      '偏差原因',
      '纠偏措施',
    ],
  ];
  for (let k = 0; k < n * 3; k++) {
    // A blank 报告编号 or 一级目标 continues the row above (merged cells), and a few ids were never loaded.
    const id = r() < 0.1 ? '' : r() < 0.05 ? `X${k}` : pick(ids.length ? ids : ['F0']);
    indicators.push([
      id,
      pick(LEVEL1),
      pick(LEVEL2),
      `指标${Math.floor(r() * 40)}`,
      pick(TARGET),
      pick(TARGET),
      pick(ACTUAL),
      pick(TEXT),
      pick(TEXT),
      pick(TEXT),
    ]);
  }
  return [
    { name: `projects-${seed}`, rows: projects },
    { name: `indicators-${seed}`, rows: indicators },
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

async function rowByRow(engine: Engine, input: InputFile[]) {
  const prepared: PreparedFile[] = [];
  for (const f of input) prepared.push(preparedOf(await importFile(f.name, f.bytes.slice())));
  return commitPrepared(engine, prepared, 'replace');
}

async function tables(engine: Engine) {
  const p = await engine.query('SELECT * EXCLUDE (load_seq) FROM projects ORDER BY source_file, source_row');
  const i = await engine.query('SELECT * EXCLUDE (load_seq) FROM indicators ORDER BY source_file, source_row');
  return { p, i };
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
      const a = await createNodeEngine();
      await initSchema(a);
      const b = await createNodeEngine();
      await initSchema(b);
      const old = await rowByRow(a, copy());
      const now = await loadFiles(b, copy(), 'replace');
      expect(now.reports).toEqual(old.reports);
      const [ta, tb] = [await tables(a), await tables(b)];
      expect(tb.p.length).toBe(ta.p.length);
      expect(tb.p).toEqual(ta.p);
      expect(tb.i).toEqual(ta.i);
      // Every row read is loaded or rejected, none lost.
      for (const r of now.reports) expect(r.rowsLoaded + r.rowsRejected).toBe(r.rowsRead);
      console.log(
        JSON.stringify(
          now.reports.map((r) => ({
            f: r.file,
            read: r.rowsRead,
            loaded: r.rowsLoaded,
            rej: r.rowsRejected,
            warn: r.warnings.length,
            reasons: [...new Set(r.rejected.flatMap((x) => x.issues.map((i) => `${i.column}:${i.reason.slice(0, 16)}`)))].slice(0, 12),
            w: [...new Set(r.warnings.map((x) => x.reason.slice(0, 14)))].slice(0, 8),
          })),
          null,
          0,
        ),
      );
    },
    180_000,
  );
});
