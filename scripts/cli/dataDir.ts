/** Shared by the command-line tools: which files of a folder to load, and loading them. */
import fs from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../../src/lib/engine/node';
import type { Engine } from '../../src/lib/engine/types';
import { initSchema } from '../../src/lib/db/store';
import { loadFiles, type LoadResult } from '../../src/lib/import/loadFiles';
import { loadedText, warningsText } from '../../src/lib/import/report';
import { inputFileOf } from '../../src/lib/import/importInput';
import { UsageError } from './args';

/** What the page takes: CSV/TSV/text exports and forms, Parquet, Excel workbooks, Word forms. */
export const DATA_FILE = /\.(csv|tsv|txt|parquet|xlsx|xlsm|xls|et|ett|docx|doc|wps|wpt|mht|mhtml)$/i;

export interface DataFiles {
  files: string[];
  /** Files not read because their Parquet twin is (`x.csv` beside `x.parquet`). */
  shadowed: { file: string; by: string }[];
}

/** The data files of a folder; where both `x.csv` and `x.parquet` exist, the Parquet one (the other is listed as shadowed). */
export function dataFiles(dir: string): DataFiles {
  const names = fs
    .readdirSync(dir)
    .filter((n) => DATA_FILE.test(n) && !n.startsWith('~$') && !n.startsWith('.') && fs.statSync(path.join(dir, n)).isFile())
    .sort();
  const parquet = new Map(names.filter((n) => /\.parquet$/i.test(n)).map((n) => [n.replace(DATA_FILE, ''), n]));
  const files: string[] = [];
  const shadowed: DataFiles['shadowed'] = [];
  for (const n of names) {
    const twin = /\.(csv|tsv|txt)$/i.test(n) ? parquet.get(n.replace(DATA_FILE, '')) : undefined;
    if (twin) shadowed.push({ file: n, by: twin });
    else files.push(path.join(dir, n));
  }
  return { files, shadowed };
}

/** A data folder named on the command line, checked in words: missing, not a folder, or without data files. */
export function dataFolder(dir: string): DataFiles {
  if (!fs.existsSync(dir)) throw new UsageError(`数据目录不存在：${dir}`);
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`不是目录：${dir}（--data 应为存放导出文件的目录）`);
  const found = dataFiles(dir);
  if (found.files.length === 0)
    throw new UsageError(
      `目录 ${dir} 中没有可读取的数据文件（应为 CSV、Parquet、Excel 工作簿 .xlsx/.xls、Word 表单 .docx/.doc 或导出的文本）`,
    );
  return found;
}

/** The files read and what each gave: printed by summary and snapshot, so the command line shows what the page would. */
export function filesReadText(load: LoadResult, shadowed: DataFiles['shadowed'] = []): string {
  // A workbook gives a report per sheet: the files are counted as files.
  const files = new Set(load.reports.map((r) => inputFileOf(r.file))).size;
  const lines = [files === load.reports.length ? `读取 ${files} 个文件：` : `读取 ${files} 个文件（${load.reports.length} 张表）：`];
  for (const r of load.reports) {
    lines.push(
      r.status === 'refused'
        ? `  ✗ ${r.file}：未加载。${r.refusedReason}`
        : `  ✓ ${r.file}：${loadedText(r)}，拒收 ${r.rowsRejected} 行，${warningsText(r)}`,
    );
    for (const x of r.rejected.slice(0, 20)) for (const i of x.issues) lines.push(`      拒收 第 ${x.row} 行「${i.column}」：${i.reason}`);
    if (r.rejected.length > 20) lines.push(`      另有 ${r.rejected.length - 20} 行拒收未列出（npm run check-data 列出全部）`);
  }
  for (const s of shadowed) lines.push(`  – ${s.file}：未读取（同名的 ${s.by} 已读取）`);
  return lines.join('\n');
}

export const rejectedRows = (load: LoadResult) => load.reports.reduce((s, r) => s + r.rowsRejected, 0);

export async function engineFor(paths: string[]): Promise<{ engine: Engine; load: LoadResult }> {
  const engine = await createNodeEngine();
  await initSchema(engine);
  const load = await loadFiles(
    engine,
    paths.map((p) => ({ name: path.basename(p), bytes: new Uint8Array(fs.readFileSync(p)) })),
    'replace',
  );
  return { engine, load };
}

export function argValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
