/**
 * Read filled-in tracking forms (text extraction, Word .docx/.doc, a web page .htm, or a workbook with one form per sheet) into the two contract tables:
 *   npm run forms -- FILE_OR_DIR... --out DIR
 * Writes DIR/projects.csv and DIR/indicators.csv (Chinese headers, UTF-8 with BOM) and prints,
 * per file, what was read and what was doubtful — every file of a folder gets a line, a file that is
 * not a readable form says why. Exits 1 when any file could not be read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { importInput } from '../src/lib/import/importInput';
import type { IndicatorRow, ProjectRow } from '../src/lib/contract/rows';
import { indicatorsCsv, projectsCsv } from '../src/lib/contract/exportRows';
import { argValue } from './cli/dataDir';

/** Every file of a folder (not its sub-folders, hidden files or Word's ~$ lock files): each gets a line, none is skipped in silence. */
function expand(p: string): string[] {
  if (fs.statSync(p).isDirectory()) {
    return fs
      .readdirSync(p)
      .filter((n) => !n.startsWith('~$') && !n.startsWith('.') && fs.statSync(path.join(p, n)).isFile())
      .sort()
      .map((n) => path.join(p, n));
  }
  return [p];
}

/** A report's rows without where they came from: equal for the same form saved twice. */
const sameContent = (projects: ProjectRow[], indicators: IndicatorRow[]) =>
  JSON.stringify([...projects, ...indicators], (k, v: unknown) => (k === 'source_file' || k === 'source_row' ? undefined : v));

async function main(argv: string[]): Promise<number> {
  const out = argValue(argv, 'out');
  const inputs = argv.filter((a, i) => a !== '--out' && argv[i - 1] !== '--out');
  if (!out || inputs.length === 0) {
    console.error('用法：npm run forms -- 表单文件或目录... --out 输出目录');
    return 2;
  }
  const missing = inputs.filter((p) => !fs.existsSync(p));
  if (missing.length) {
    console.error(`找不到：${missing.join('、')}`);
    return 2;
  }
  const files = inputs.flatMap(expand);
  const projects: ProjectRow[] = [];
  const indicators: IndicatorRow[] = [];
  let failed = 0;
  // The same report twice (a form sent as .docx and again as .doc): written once, the repeat said.
  const written = new Map<string, { file: string; content: string }>();
  for (const f of files) {
    // A workbook may hold several forms, one per sheet: each is a result of its own.
    for (const r of await importInput(path.basename(f), new Uint8Array(fs.readFileSync(f)))) {
      const rep = r.report;
      if (rep.status === 'refused' || rep.format !== 'form') {
        failed++;
        console.log(`✗ ${rep.file}：${rep.refusedReason ?? '不是跟踪评价表单（未找到表头「财政项目支出绩效运行监控」）'}`);
        continue;
      }
      const p = r.projects[0];
      console.log(
        p
          ? `✓ ${rep.file}：${p.town} · ${p.project_name} · ${p.period_start} 至 ${p.period_end}，指标 ${r.indicators.length} 条`
          : `✗ ${rep.file}：项目基本信息未能读取`,
      );
      if (!p) failed++;
      for (const x of rep.rejected) for (const i of x.issues) console.log(`  未读取 第 ${x.row} 行「${i.column}」：${i.reason}`);
      for (const w of rep.warnings) console.log(`  存疑「${w.column}」：${w.reason}`);
      const first = p && written.get(p.report_id);
      const content = sameContent(r.projects, r.indicators);
      if (first?.content === content) {
        console.log(`  与 ${first.file} 是同一份报告（报告编号 ${p.report_id}），内容相同，未重复写出`);
        continue;
      }
      if (first) console.log(`  与 ${first.file} 的报告编号同为 ${p.report_id} 但内容不同：两份都已写出，加载时计入后一行（并提示重复）`);
      if (p) written.set(p.report_id, { file: rep.file, content });
      projects.push(...r.projects);
      indicators.push(...r.indicators);
    }
  }
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'projects.csv'), projectsCsv(projects));
  fs.writeFileSync(path.join(out, 'indicators.csv'), indicatorsCsv(indicators));
  console.log(
    `已写出 ${path.join(out, 'projects.csv')}（${projects.length} 个项目）和 ${path.join(out, 'indicators.csv')}（${indicators.length} 条指标）`,
  );
  if (failed) console.error(`有 ${failed} 个文件（或工作簿中的工作表）未能读取为表单（见上），未计入以上数字。`);
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
