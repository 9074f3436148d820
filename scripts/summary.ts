/**
 * Briefing figures from the same queries as the dashboard:
 *   npm run summary -- [--data DIR] [--town 街镇] [--year YYYY] [--round 1–8月] [--rules 规则.json] [--json]
 */
import path from 'node:path';
import { repoRoot } from '../src/lib/engine/node';
import type { Engine } from '../src/lib/engine/types';
import { NO_FILTERS, type Filters } from '../src/lib/queries/filters';
import { runQuery } from '../src/lib/queries/query';
import { headlineQuery, reachLine, type HeadlineRow } from '../src/lib/queries/headline';
import { conclusionMixQuery } from '../src/lib/queries/conclusionMix';
import { problemCategoriesQuery } from '../src/lib/queries/problems';
import { categoryLabel } from '../src/lib/domain/problemTaxonomy';
import { describeFilters } from '../src/lib/export/caption';
import { formatInt, formatPct, formatWan } from '../src/lib/domain/format';
import { dataFolder, engineFor, filesReadText, rejectedRows } from './cli/dataDir';
import { UsageError, parseFlags, runWhenMain } from './cli/args';
import { figuresJson } from './cli/json';
import { filterOptionsQuery } from '../src/lib/queries/filterOptions';
import { indicatorTotalsQuery } from '../src/lib/queries/indicatorTotals';
import { checkChoice, type ChoiceKind } from '../src/lib/domain/filterChoice';
import { DEFAULT_RULES, rulesCaption, rulesFromJson, type WarningRules } from '../src/lib/domain/warnings';
import { rankingQuery, type RankingRow } from '../src/lib/queries/ranking';
import { rankedTowns } from '../src/lib/charts/ranking';
import { consistencyCountsQuery, type ConsistencyCountRow } from '../src/lib/queries/consistency';
import { warningCount } from '../src/lib/import/report';
import fs from 'node:fs';

/** --rules FILE: the same JSON the page's 预警规则 panel saves; a field that cannot be used is an error. */
export function rulesFile(file: string | undefined): WarningRules {
  if (file === undefined) return DEFAULT_RULES;
  if (!fs.existsSync(file)) throw new UsageError(`--rules 文件不存在：${file}`);
  const r = rulesFromJson(fs.readFileSync(file, 'utf8'));
  if (r.bad.length) throw new UsageError(`--rules ${file} 中有无法使用的规则：${r.bad.join('；')}`);
  return r.rules;
}

export interface Summary {
  filters: string;
  rules: string;
  headline: HeadlineRow;
  warnings: { red: number; yellow: number; green: number; redBudget: number; yellowBudget: number };
  ranking: RankingRow[];
  consistency: ConsistencyCountRow[];
  conclusions: { conclusion: string; reports: number }[];
  topProblems: { category: string; label: string; reports: number; towns: number }[];
}

export async function summarize(engine: Engine, f: Filters): Promise<Summary> {
  const [headline] = await runQuery(engine, headlineQuery(f));
  const mix = await runQuery(engine, conclusionMixQuery(f));
  const byClass = new Map<string, number>();
  for (const r of mix)
    if (f.town === null || r.town === f.town) byClass.set(r.conclusion_class, (byClass.get(r.conclusion_class) ?? 0) + r.reports);
  const cats = await runQuery(engine, problemCategoriesQuery(f));
  const ranking = await runQuery(engine, rankingQuery(f));
  const consistency = await runQuery(engine, consistencyCountsQuery(f));
  return {
    filters: describeFilters(f),
    rules: rulesCaption(f.rules),
    headline,
    warnings: {
      red: headline.red,
      yellow: headline.yellow,
      green: headline.green,
      redBudget: headline.red_budget,
      yellowBudget: headline.yellow_budget,
    },
    ranking,
    consistency,
    conclusions: ['运行正常', '轻度偏差', '严重偏差', '未填'].map((c) => ({ conclusion: c, reports: byClass.get(c) ?? 0 })),
    topProblems: cats
      .slice(0, 5)
      .map((c) => ({ category: c.category, label: categoryLabel(c.category), reports: c.reports, towns: c.towns })),
  };
}

export function summaryText(s: Summary): string {
  const h = s.headline;
  return [
    `筛选：${s.filters}`,
    `跟踪项目（报告）：${formatInt(h.reports)} 份，${reachLine(h)}`,
    `当年预算数：${formatWan(h.budget_initial)}`,
    `调整后预算数：${formatWan(h.budget_base)}`,
    `预算执行数：${formatWan(h.budget_executed)}`,
    `预算执行率：${formatPct(h.exec_rate)}（时间进度 ${formatPct(h.time_progress)}）`,
    `阶段性跟踪结论：${s.conclusions.map((c) => `${c.conclusion} ${c.reports} 份`).join('，')}`,
    `${s.rules}`,
    `预警：红灯 ${formatInt(h.red)} 个（预算 ${formatWan(h.red_budget)}），黄灯 ${formatInt(h.yellow)} 个（预算 ${formatWan(h.yellow_budget)}），绿灯 ${formatInt(h.green)} 个；结论与数据矛盾 ${formatInt(h.contradictions)} 份；执行进度填报不一致 ${formatInt(h.rate_mismatches)} 份`,
    `主要问题：${s.topProblems.map((p, i) => `${i + 1}. ${p.label}（${p.reports} 份报告，${p.towns} 个街镇）`).join('；') || '无'}`,
    `填报一致性检查：${s.consistency.map((c) => `${c.label} ${c.reports} 份`).join('；')}`,
    ...rankingText(s.ranking),
  ].join('\n');
}

/** The ranking as the 通报 reads it: one line per town, best first by 执行率 − 时间进度. */
export function rankingText(rows: RankingRow[]): string[] {
  const towns = rankedTowns(rows, 'gap_points');
  const d = rows.find((r) => r.is_district);
  if (!towns.length) return ['街镇排名：无数据'];
  const pts = (v: number | null) => {
    if (v === null) return '—';
    const r = Math.round(v * 10) / 10 || 0; // no "-0.0"
    return `${r > 0 ? '+' : ''}${r.toFixed(1)}`;
  };
  return [
    `街镇排名（${towns[0].budget_year}年${towns[0].round_label}，按执行率−时间进度；同比 ${towns[0].yoy_label ?? '无'}，环比 ${towns[0].mom_label ?? '无'}）：`,
    ...towns.map(
      (r) =>
        `${String(r.place ?? '—').padStart(2)}. ${r.town}　${pts(r.gap_points)} 个百分点（同比 ${pts(r.gap_points_yoy)}，环比 ${pts(r.gap_points_mom)}）　红灯 ${formatPct(r.red_share)}　黄灯 ${formatPct(r.yellow_share)}　红灯预算 ${formatWan(r.red_budget)}　指标完成 ${formatPct(r.goal_completion)}`,
    ),
    ...(d ? [`    全区　${pts(d.gap_points)} 个百分点　红灯 ${formatPct(d.red_share)}　黄灯 ${formatPct(d.yellow_share)}`] : []),
  ];
}

const USAGE =
  '用法：npm run summary -- [--data 目录] [--town 街镇] [--year 年度] [--round 轮次，如 1–8月] [--rules 预警规则.json] [--json] [--allow-rejected]';

/** Town, year and round as typed, checked against what is loaded: a value that matches nothing is an error, not zeros. */
export async function filtersFrom(engine: Engine, v: { town?: string; year?: string; round?: string }): Promise<Filters> {
  const options = await runQuery(engine, filterOptionsQuery());
  const pick = (kind: ChoiceKind, raw: string | undefined) => {
    if (raw === undefined) return null;
    const c = checkChoice(kind, raw, options);
    if ('error' in c) throw new UsageError(`--${kind} ${c.error}`);
    return c.value;
  };
  if (v.year !== undefined && !/^\d{4}$/.test(v.year)) throw new UsageError(`--year 应为四位年份，如 2024，实为「${v.year}」`);
  const year = pick('year', v.year);
  return { ...NO_FILTERS, town: pick('town', v.town), year: year === null ? null : Number(year), round: pick('round', v.round) };
}

async function main(argv: string[]): Promise<number> {
  const { values: a } = parseFlags(
    argv,
    { data: 'string', town: 'string', year: 'string', round: 'string', rules: 'string', json: 'boolean', 'allow-rejected': 'boolean' },
    USAGE,
  );
  const found = dataFolder(a.data ?? path.join(repoRoot, 'data'));
  const { engine, load } = await engineFor(found.files);
  const refused = load.reports.filter((r) => r.status === 'refused');
  const rejected = rejectedRows(load);
  const f = { ...(await filtersFrom(engine, a)), rules: rulesFile(a.rules) };
  const s = await summarize(engine, f);
  const [indicators] = await runQuery(engine, indicatorTotalsQuery(f));
  const files = load.reports.map((r) => ({
    file: r.file,
    status: r.status,
    projects: r.projectsLoaded,
    indicators: r.indicatorsLoaded,
    rejected: r.rowsRejected,
    warnings: warningCount(r),
  }));
  if (a.json) {
    console.error(filesReadText(load, found.shadowed));
    console.log(figuresJson({ ...s, indicators, files, shadowed: found.shadowed }));
  } else {
    console.log(filesReadText(load, found.shadowed));
    console.log('');
    console.log(summaryText(s));
    console.log(
      `绩效指标：共 ${formatInt(indicators.total)} 条，本期适用 ${formatInt(indicators.applicable)} 条：已完成 ${formatInt(indicators.met)}，部分完成 ${formatInt(indicators.partial)}，未完成 ${formatInt(indicators.notMet)}`,
    );
  }
  if (refused.length) {
    console.error(`有 ${refused.length} 个文件未能加载（见上），以上数字不含这些文件。`);
    return 1;
  }
  if (rejected && !a['allow-rejected']) {
    console.error(`有 ${rejected} 行被拒收，未计入以上数字（见上；用 npm run check-data 查看全部原因）。确认后可加 --allow-rejected。`);
    return 1;
  }
  return 0;
}

runWhenMain(import.meta.url, main);
