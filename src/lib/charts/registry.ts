/**
 * Every chart of the dashboard as (named query → option builder): what the meeting pack and the
 * print layout render for the current filters, in this order. Views use the same builders.
 */
import { NO_FILTERS, type FilterKey, type Filters } from '../queries/filters';
import { omitsOf } from '../queries/omits';
import type { SqlQuery } from '../queries/query';
import { executionByTownQuery } from '../queries/executionByTown';
import { conclusionMixQuery } from '../queries/conclusionMix';
import { outlookMatrixQuery } from '../queries/outlookMatrix';
import { riskReasonsQuery, riskScatterQuery } from '../queries/riskList';
import { completionByCategoryQuery, completionByTownQuery } from '../queries/indicatorCompletion';
import { problemByYearQuery, problemCategoriesQuery, problemTownMatrixQuery } from '../queries/problems';
import { trendsQuery } from '../queries/trends';
import { townsInOrder } from '../contract/columns';
import { executionByTownOption } from './executionByTown';
import { conclusionMixOption } from './conclusionMix';
import { outlookMatrixOption } from './outlookMatrix';
import { riskReasonsOption, riskScatterOption } from './risk';
import { completionByCategoryOption, completionByTownOption } from './indicators';
import { problemByYearOption, problemCategoriesOption, problemTownHeatmapOption } from './problems';
import { trendMoneyOption, trendRatesOption } from './trends';

export interface ChartSpec {
  id: string;
  /** Export size in CSS pixels (PNG is rendered at 2× this). */
  width: number;
  height: number;
  query: (f: Filters) => SqlQuery<object>;
  option: (rows: object[], f: Filters) => { title?: { text?: string } };
}

function spec<Row extends object>(
  id: string,
  query: (f: Filters) => SqlQuery<Row>,
  option: (rows: Row[], f: Filters) => { title?: { text?: string } },
  width = 1200,
  height = 600,
): ChartSpec {
  return { id, width, height, query, option: option as ChartSpec['option'] };
}

export const PACK_CHARTS: ChartSpec[] = [
  spec('executionByTown', executionByTownQuery, (rows, f) => executionByTownOption(rows, f.town)),
  spec('conclusionMix', conclusionMixQuery, (rows) => conclusionMixOption(rows)),
  spec('outlookMatrix', outlookMatrixQuery, (rows) => outlookMatrixOption(rows), 1000, 600),
  spec('riskScatter', riskScatterQuery, (rows) => riskScatterOption(rows)),
  spec('riskReasons', riskReasonsQuery, (rows) => riskReasonsOption(rows), 1100, 500),
  spec('completionByCategory', completionByCategoryQuery, (rows) => completionByCategoryOption(rows), 1200, 650),
  spec('completionByTown', completionByTownQuery, (rows, f) => completionByTownOption(rows, f.town)),
  spec('problemCategories', problemCategoriesQuery, (rows, f) => problemCategoriesOption(rows, f.category), 1200, 560),
  spec(
    'problemTownMatrix',
    problemTownMatrixQuery,
    (rows) => problemTownHeatmapOption(rows, townsInOrder(rows.map((r) => r.town))),
    1200,
    650,
  ),
  spec('problemByYear', problemByYearQuery, (rows) => problemByYearOption(rows)),
  spec('trendRates', trendsQuery, (rows) => trendRatesOption(rows)),
  spec('trendMoney', trendsQuery, (rows) => trendMoneyOption(rows)),
];

/** The filters a dashboard chart does not apply (it shows them itself), by chart id: from its query. */
export function chartOmits(chartId: string | undefined): FilterKey[] {
  const c = PACK_CHARTS.find((x) => x.id === chartId);
  return omitsOf(c?.query(NO_FILTERS).name);
}
