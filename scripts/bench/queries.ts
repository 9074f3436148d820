/** Every query the dashboard runs, for one set of filters: what the benchmark times in both engines. */
import type { Filters } from '../../src/lib/queries/filters';
import type { SqlQuery } from '../../src/lib/queries/query';
import { headlineQuery } from '../../src/lib/queries/headline';
import { filterOptionsQuery } from '../../src/lib/queries/filterOptions';
import { riskListQuery } from '../../src/lib/queries/riskList';
import { deviationsQuery } from '../../src/lib/queries/indicatorCompletion';
import { problemSentencesQuery, recurringByUnitQuery, recurringProblemsQuery } from '../../src/lib/queries/problems';
import { projectSearchQuery } from '../../src/lib/queries/projectDetail';
import { PACK_CHARTS } from '../../src/lib/charts/registry';

export function dashboardQueries(f: Filters): SqlQuery<object>[] {
  const seen = new Set<string>();
  const all: SqlQuery<object>[] = [
    headlineQuery(f),
    filterOptionsQuery(),
    ...PACK_CHARTS.map((c) => c.query(f)),
    riskListQuery(f),
    deviationsQuery(f),
    problemSentencesQuery(f),
    recurringProblemsQuery(f),
    recurringByUnitQuery(f),
    projectSearchQuery('中心', f.town, f.year),
  ];
  return all.filter((q) => (seen.has(q.name) ? false : (seen.add(q.name), true)));
}
