/**
 * Every chart of the dashboard as one spec: its named query, its option builder and, where a click
 * means something, the row a click picks. The views draw these specs, and the meeting pack and the
 * print layout render them for the current filters in PACK_CHARTS order: one pairing, used by both.
 */
import { NO_FILTERS, type FilterKey, type Filters } from '../queries/filters';
import { omitsOf } from '../queries/omits';
import type { SqlQuery } from '../queries/query';
import { executionByTownQuery, type ExecutionByTownRow } from '../queries/executionByTown';
import { conclusionMixQuery, type ConclusionMixRow } from '../queries/conclusionMix';
import { outlookMatrixQuery } from '../queries/outlookMatrix';
import { riskReasonsQuery, riskScatterQuery } from '../queries/riskList';
import { completionByCategoryQuery, completionByTownQuery, type CompletionByTownRow } from '../queries/indicatorCompletion';
import { problemByYearQuery, problemCategoriesQuery, problemTownMatrixQuery } from '../queries/problems';
import { trendsQuery } from '../queries/trends';
import { rankingQuery, type RankingMeasure, type RankingRow } from '../queries/ranking';
import { rankingOption, rankingPick } from './ranking';
import { townsInOrder } from '../contract/columns';
import { executionByTownOption } from './executionByTown';
import { conclusionMixOption } from './conclusionMix';
import { outlookMatrixOption } from './outlookMatrix';
import { riskReasonsOption, riskScatterOption, riskScatterPick } from './risk';
import { completionByCategoryOption, completionByTownOption } from './indicators';
import { problemByYearOption, problemCategoriesOption, problemCategoriesPick, problemTownHeatmapOption, problemTownPick } from './problems';
import { projectHistoryOption, trendMoneyOption, trendRatesOption } from './trends';
import type { ProjectHistoryRow } from '../queries/projectDetail';
import { pickByName, type ChartEvent } from './pick';

export type ChartOption = { title?: { text?: string } };

export interface ChartSpec<Row extends object = object> {
  id: string;
  /** Export size in CSS pixels (PNG is rendered at 2× this). */
  width: number;
  height: number;
  query: (f: Filters) => SqlQuery<Row>;
  option: (rows: Row[], f: Filters) => ChartOption;
  /** The row a click on the chart stands for, if clicks mean something. */
  pick?: (rows: Row[], e: ChartEvent) => Row | undefined;
}

/** What a chart component needs to draw a spec (a spec that is not in the pack needs no filter query). */
export type DrawSpec<Row extends object> = Pick<ChartSpec<Row>, 'id' | 'option' | 'pick'>;

function spec<Row extends object>(
  id: string,
  query: (f: Filters) => SqlQuery<Row>,
  option: (rows: Row[], f: Filters) => ChartOption,
  extra: { width?: number; height?: number; pick?: (rows: Row[], e: ChartEvent) => Row | undefined } = {},
): ChartSpec<Row> {
  return { id, width: extra.width ?? 1200, height: extra.height ?? 600, query, option, pick: extra.pick };
}

const townsOf = (rows: { town: string }[]) => townsInOrder(rows.map((r) => r.town));

export const CHARTS = {
  executionByTown: spec('executionByTown', executionByTownQuery, (rows, f) => executionByTownOption(rows, f.town), {
    pick: pickByName<ExecutionByTownRow, 'town'>('town'),
  }),
  conclusionMix: spec('conclusionMix', conclusionMixQuery, (rows) => conclusionMixOption(rows), {
    pick: pickByName<ConclusionMixRow, 'town'>('town'),
  }),
  outlookMatrix: spec('outlookMatrix', outlookMatrixQuery, (rows) => outlookMatrixOption(rows), { width: 1000 }),
  riskScatter: spec('riskScatter', riskScatterQuery, (rows) => riskScatterOption(rows), { pick: riskScatterPick }),
  riskReasons: spec('riskReasons', riskReasonsQuery, (rows) => riskReasonsOption(rows), { width: 1100, height: 500 }),
  completionByCategory: spec('completionByCategory', completionByCategoryQuery, (rows) => completionByCategoryOption(rows), {
    height: 650,
  }),
  completionByTown: spec('completionByTown', completionByTownQuery, (rows, f) => completionByTownOption(rows, f.town), {
    pick: pickByName<CompletionByTownRow, 'town'>('town'),
  }),
  problemCategories: spec('problemCategories', problemCategoriesQuery, (rows, f) => problemCategoriesOption(rows, f.category), {
    height: 560,
    pick: problemCategoriesPick,
  }),
  problemTownMatrix: spec('problemTownMatrix', problemTownMatrixQuery, (rows) => problemTownHeatmapOption(rows, townsOf(rows)), {
    height: 650,
    pick: (rows, e) => problemTownPick(rows, e, townsOf(rows)),
  }),
  problemByYear: spec('problemByYear', problemByYearQuery, (rows) => problemByYearOption(rows)),
  trendRates: spec('trendRates', trendsQuery, (rows) => trendRatesOption(rows)),
  trendMoney: spec('trendMoney', trendsQuery, (rows) => trendMoneyOption(rows)),
  ranking: spec('ranking', rankingQuery, (rows, f) => rankingOption(rows, 'gap_points', f.town), {
    height: 560,
    pick: (rows, e) => rankingPick(rows, e, 'gap_points'),
  }),
};

/** The ranking chart for another measure than the pack's (the view's measure select). */
export function rankingChart(m: RankingMeasure): DrawSpec<RankingRow> {
  return { id: 'ranking', option: (rows, f) => rankingOption(rows, m, f.town), pick: (rows, e) => rankingPick(rows, e, m) };
}

export type ChartId = keyof typeof CHARTS;

/** The project page's history chart: one project's reports over the years (its query takes a 报告编号). */
export const PROJECT_HISTORY_CHART: DrawSpec<ProjectHistoryRow> = { id: 'projectHistory', option: (rows) => projectHistoryOption(rows) };

/** The meeting pack's charts, in slide order. */
export const PACK_CHARTS: ChartSpec[] = (Object.keys(CHARTS) as ChartId[]).map((id) => CHARTS[id] as unknown as ChartSpec);

/** The filters a dashboard chart does not apply (it shows them itself), by chart id: from its query. */
export function chartOmits(chartId: string | undefined): FilterKey[] {
  const c = PACK_CHARTS.find((x) => x.id === chartId);
  return omitsOf(c?.query(NO_FILTERS).name);
}
