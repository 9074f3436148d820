/**
 * Everything the meeting outputs (deck, 通报, appendix workbook) say, fetched once through the same
 * named queries as the screen — in the page and on the command line alike.
 */
import type { Engine } from '../../engine/types';
import type { Filters } from '../../queries/filters';
import { runQuery } from '../../queries/query';
import { headlineQuery, type HeadlineRow } from '../../queries/headline';
import { executionByTownQuery, type ExecutionByTownRow } from '../../queries/executionByTown';
import { rankingQuery, type RankingRow } from '../../queries/ranking';
import { riskListQuery, type RiskRow } from '../../queries/riskList';
import { completionByCategoryQuery, deviationsQuery, type CompletionRow, type DeviationRow } from '../../queries/indicatorCompletion';
import {
  problemCategoriesQuery,
  problemSentencesQuery,
  recurringProblemsQuery,
  type CategoryCountRow,
  type RecurringRow,
  type SentenceRow,
} from '../../queries/problems';
import { trendsQuery, type TrendRow } from '../../queries/trends';
import { consistencyListQuery, type ConsistencyFindingRow } from '../../queries/consistency';

export interface OutputData {
  filters: Filters;
  headline: HeadlineRow;
  byTown: ExecutionByTownRow[];
  ranking: RankingRow[];
  red: RiskRow[];
  yellow: RiskRow[];
  completion: CompletionRow[];
  categories: CategoryCountRow[];
  recurring: RecurringRow[];
  sentences: SentenceRow[];
  trends: TrendRow[];
  consistency: ConsistencyFindingRow[];
  deviations: DeviationRow[];
}

export async function gatherOutputData(engine: Engine, f: Filters, onProgress?: (m: string) => void): Promise<OutputData> {
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    onProgress?.(`正在汇总：${label}…`);
    return run();
  };
  const risk = await step('预警项目', () => runQuery(engine, riskListQuery(f)));
  return {
    filters: f,
    headline: (await step('总体情况', () => runQuery(engine, headlineQuery(f))))[0],
    byTown: await step('分街镇执行', () => runQuery(engine, executionByTownQuery(f))),
    ranking: await step('街镇排名', () => runQuery(engine, rankingQuery(f))),
    red: risk.filter((r) => r.level === 'red'),
    yellow: risk.filter((r) => r.level === 'yellow'),
    completion: await step('指标完成', () => runQuery(engine, completionByCategoryQuery(f))),
    categories: await step('问题分类', () => runQuery(engine, problemCategoriesQuery(f))),
    recurring: await step('反复出现的问题', () => runQuery(engine, recurringProblemsQuery(f))),
    sentences: await step('问题原文', () => runQuery(engine, problemSentencesQuery(f))),
    trends: await step('趋势', () => runQuery(engine, trendsQuery(f))),
    consistency: await step('填报检查', () => runQuery(engine, consistencyListQuery(f))),
    deviations: await step('指标偏差', () => runQuery(engine, deviationsQuery(f))),
  };
}
