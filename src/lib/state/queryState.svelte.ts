/** Reactive result of one named query; a newer run supersedes an older one still in flight. */
import { SupersededError, type Engine } from '../engine/types';
import { runQuery, type SqlQuery } from '../queries/query';
import { prerenderedRows } from '../queries/prerender';
import { cacheGeneration, cacheRows, cachedRows } from '../queries/resultCache';
import type { Filters } from '../queries/filters';

let pending = 0;

/** Exposed on <html data-pending-queries> so tests and benchmarks can tell when the page settled. */
function track(delta: number): void {
  pending += delta;
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.pendingQueries = String(pending);
  if (pending === 0) markOnce('first-queries');
  // The first results computed by the engine on loaded data (not pre-computed ones).
  if (pending === 0 && performance.getEntriesByName('data-loaded').length) markOnce('first-live-queries');
}

function markOnce(name: string): void {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}

export class QueryState<Row extends object> {
  rows = $state.raw<Row[]>([]);
  /**
   * The filters `rows` were computed under, set with them: a chart draws the pair (its highlight and
   * caption agree with its data) and does not redraw stale rows under new filters while the new ones compute.
   */
  filters = $state.raw<Filters | null>(null);
  error = $state<string | null>(null);
  loading = $state(false);
  private token = 0;
  private inFlight: AbortController | null = null;

  /**
   * Without an engine yet, a pre-computed result of this exact query is shown if the published
   * data came with one (see queries/prerender.ts); otherwise the state waits, empty, for the engine.
   * With it, a result this exact query already had on the same data is reused (queries/resultCache.ts).
   */
  async run(engine: Engine | null, q: SqlQuery<Row>, filters: Filters | null = null): Promise<void> {
    const t = ++this.token;
    // The previous run, if still waiting for its turn in the engine, is not run at all.
    this.inFlight?.abort();
    const ctrl = new AbortController();
    this.inFlight = ctrl;
    // Rows at hand (pre-computed before the engine is up, or this query's cached result): no engine work.
    const known = engine ? cachedRows(engine, q) : prerenderedRows(q);
    if (known || !engine) {
      this.rows = known ?? [];
      this.filters = filters;
      this.loading = !known; // without an engine and without a pre-computed result, wait for the engine
      this.error = null;
      if (known) track(0); // nothing in flight: the page has settled
      return;
    }
    this.loading = true;
    track(1);
    const generation = cacheGeneration();
    try {
      const rows = await runQuery(engine, q, ctrl.signal);
      cacheRows(engine, q, rows, generation);
      if (t === this.token) {
        this.rows = rows;
        this.filters = filters;
        this.error = null;
      }
    } catch (e) {
      if (t === this.token && !(e instanceof SupersededError))
        this.error = `查询「${q.name}」失败：${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (t === this.token) this.loading = false;
      track(-1);
    }
  }
}
