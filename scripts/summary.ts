/**
 * Briefing figures from the same queries as the dashboard:
 *   npm run summary -- [--data DIR] [--town 街镇] [--year YYYY] [--round 1–8月] [--json]
 */
import path from 'node:path';
import fs from 'node:fs';
import { repoRoot } from '../src/lib/engine/node';
import type { Engine } from '../src/lib/engine/types';
import { NO_FILTERS, type Filters } from '../src/lib/queries/filters';
import { runQuery } from '../src/lib/queries/query';
import { headlineQuery, type HeadlineRow } from '../src/lib/queries/headline';
import { conclusionMixQuery } from '../src/lib/queries/conclusionMix';
import { problemCategoriesQuery } from '../src/lib/queries/problems';
import { categoryLabel } from '../src/lib/domain/problemTaxonomy';
import { describeFilters } from '../src/lib/state/urlState';
import { formatInt, formatPct, formatWan } from '../src/lib/format';
import { argValue, dataFiles, engineFor } from './cli/dataDir';

export interface Summary {
  filters: string;
  headline: HeadlineRow;
  conclusions: { conclusion: string; reports: number }[];
  topProblems: { category: string; label: string; reports: number; towns: number }[];
}

export async function summarize(engine: Engine, f: Filters): Promise<Summary> {
  const [headline] = await runQuery(engine, headlineQuery(f));
  const mix = await runQuery(engine, conclusionMixQuery(f));
  const byClass = new Map<string, number>();
  for (const r of mix) if (f.town === null || r.town === f.town) byClass.set(r.conclusion_class, (byClass.get(r.conclusion_class) ?? 0) + r.reports);
  const cats = await runQuery(engine, problemCategoriesQuery(f));
  return {
    filters: describeFilters(f),
    headline,
    conclusions: ['运行正常', '轻度偏差', '严重偏差', '未填'].map((c) => ({ conclusion: c, reports: byClass.get(c) ?? 0 })),
    topProblems: cats.slice(0, 5).map((c) => ({ category: c.category, label: categoryLabel(c.category), reports: c.reports, towns: c.towns })),
  };
}

export function summaryText(s: Summary): string {
  const h = s.headline;
  return [
    `筛选：${s.filters}`,
    `跟踪项目（报告）：${formatInt(h.reports)} 份，涉及 ${formatInt(h.towns)} 个街镇`,
    `当年预算数：${formatWan(h.budget_initial)}`,
    `调整后预算数：${formatWan(h.budget_base)}`,
    `预算执行数：${formatWan(h.budget_executed)}`,
    `预算执行率：${formatPct(h.exec_rate)}（时间进度 ${formatPct(h.time_progress)}）`,
    `阶段性跟踪结论：${s.conclusions.map((c) => `${c.conclusion} ${c.reports} 份`).join('，')}`,
    `预警项目：${formatInt(h.at_risk)} 个；结论与数据矛盾 ${formatInt(h.contradictions)} 份；执行进度填报不一致 ${formatInt(h.rate_mismatches)} 份`,
    `主要问题：${s.topProblems.map((p, i) => `${i + 1}. ${p.label}（${p.reports} 份报告，${p.towns} 个街镇）`).join('；') || '无'}`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const dir = argValue(argv, 'data') ?? path.join(repoRoot, 'data');
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    console.error(`数据目录不存在：${dir}`);
    return 2;
  }
  const year = argValue(argv, 'year');
  if (year !== undefined && !/^\d{4}$/.test(year)) {
    console.error(`--year 应为四位年份，如 2024，实为「${year}」`);
    return 2;
  }
  const f: Filters = { ...NO_FILTERS, town: argValue(argv, 'town') ?? null, year: year ? Number(year) : null, round: argValue(argv, 'round') ?? null };
  const files = dataFiles(dir);
  if (files.length === 0) {
    console.error(`目录 ${dir} 中没有 CSV 或 Parquet 文件`);
    return 2;
  }
  const { engine, load } = await engineFor(files);
  const refused = load.reports.filter((r) => r.status === 'refused');
  for (const r of refused) console.error(r.refusedReason);
  const s = await summarize(engine, f);
  if (argv.includes('--json')) console.log(JSON.stringify({ ...s, files: files.map((p) => path.basename(p)) }, null, 2));
  else console.log(summaryText(s));
  return refused.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (e: Error) => { console.error(e.message); process.exit(1); });
}
