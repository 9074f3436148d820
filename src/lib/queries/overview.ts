/** The queries behind the 总览 view, in one place: the view runs them and a published snapshot pre-computes them. */
import type { Filters } from './filters';
import { headlineQuery } from './headline';
import { executionByTownQuery } from './executionByTown';
import { conclusionMixQuery } from './conclusionMix';
import { outlookMatrixQuery } from './outlookMatrix';

export function overviewQueries(f: Filters) {
  return {
    headline: headlineQuery(f),
    byTown: executionByTownQuery(f),
    mix: conclusionMixQuery(f),
    outlook: outlookMatrixQuery(f),
  };
}
