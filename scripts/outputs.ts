/**
 * The meeting outputs from the command line, by the same modules as the page's buttons:
 *   npm run pack     -- [--data DIR] [--town T] [--year Y] [--round R] [--rules FILE] [--full] --out FILE.pptx
 *   npm run report   -- [same filters] --out FILE.docx
 *   npm run appendix -- [same filters] --out FILE.xlsx
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../src/lib/engine/node';
import { dataFolder, engineFor, filesReadText, rejectedRows } from './cli/dataDir';
import { UsageError, parseFlags, runWhenMain } from './cli/args';
import { filtersFrom, rulesFile } from './summary';
import { gatherOutputData } from '../src/lib/export/outputs/data';
import { buildDeck } from '../src/lib/export/outputs/deck';
import { buildReport } from '../src/lib/export/outputs/report';
import { buildAppendix } from '../src/lib/export/outputs/workbook';
import { describeFilters, exportDate } from '../src/lib/export/caption';
import { rulesCaption } from '../src/lib/domain/warnings';

const KINDS = { pack: '.pptx', report: '.docx', appendix: '.xlsx' } as const;
type Kind = keyof typeof KINDS;

const usage = (k: string) =>
  `用法：npm run ${k} -- [--data 目录] [--town 街镇] [--year 年度] [--round 轮次] [--rules 预警规则.json]${k === 'pack' ? ' [--full]' : ''} --out 文件${KINDS[k as Kind] ?? ''} [--allow-rejected]`;

export async function main(argv: string[]): Promise<number> {
  const kind = argv[0] as Kind;
  if (!(kind in KINDS)) throw new UsageError(`第一个参数应为 pack、report 或 appendix，实为「${argv[0] ?? ''}」`);
  const { values: a } = parseFlags(
    argv.slice(1),
    {
      data: 'string',
      town: 'string',
      year: 'string',
      round: 'string',
      rules: 'string',
      full: 'boolean',
      out: 'string',
      'allow-rejected': 'boolean',
    },
    usage(kind),
  );
  if (!a.out) throw new UsageError(`缺少 --out 输出文件\n${usage(kind)}`);
  if (!a.out.toLowerCase().endsWith(KINDS[kind])) throw new UsageError(`--out 应以 ${KINDS[kind]} 结尾：${a.out}`);
  if (a.full && kind !== 'pack') throw new UsageError(`--full 只用于 npm run pack\n${usage(kind)}`);
  const rules = rulesFile(a.rules);
  const found = dataFolder(a.data ?? path.join(repoRoot, 'data'));
  const { engine, load } = await engineFor(found.files);
  console.error(filesReadText(load, found.shadowed));
  const refused = load.reports.filter((r) => r.status === 'refused');
  const rejected = rejectedRows(load);
  if (refused.length || (rejected && !a['allow-rejected'])) {
    console.error(
      refused.length
        ? `有 ${refused.length} 个文件未能加载（见上），未生成文件。`
        : `有 ${rejected} 行被拒收（见上），未生成文件；确认后可加 --allow-rejected。`,
    );
    return 1;
  }
  const f = { ...(await filtersFrom(engine, a)), rules };
  const ctx = {
    filters: describeFilters(f),
    source: found.files.map((x) => path.basename(x)).join('、'),
    date: exportDate(),
    rules: rulesCaption(rules),
  };
  const d = await gatherOutputData(engine, f, (m) => console.error(m));
  let bytes: Uint8Array;
  if (kind === 'pack') {
    const deck = await buildDeck(d, ctx, { full: a.full });
    bytes = deck.bytes;
    console.error(`会议材料：${deck.slides} 页，其中原生图表 ${deck.charts} 个`);
  } else bytes = kind === 'report' ? await buildReport(d, ctx) : await buildAppendix(d, ctx);
  fs.mkdirSync(path.dirname(path.resolve(a.out)), { recursive: true });
  fs.writeFileSync(a.out, bytes);
  console.log(`已写出 ${a.out}（${(bytes.length / 1024).toFixed(0)} KB）`);
  return 0;
}

runWhenMain(import.meta.url, main);
