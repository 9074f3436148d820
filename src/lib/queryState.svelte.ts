/** Reactive result of one named query; a newer run supersedes an older one still in flight. */
import type { Engine } from './engine/types';
import { runQuery, type SqlQuery } from './queries/query';

let pending = 0;

/** Exposed on <html data-pending-queries> so tests and benchmarks can tell when the page settled. */
function track(delta: number): void {
  pending += delta;
  if (typeof document === 'undefined') return;
  document.documentElement.dataset.pendingQueries = String(pending);
  if (pending === 0 && performance.getEntriesByName('first-queries').length === 0) performance.mark('first-queries');
}

export class QueryState<Row extends object> {
  rows = $state.raw<Row[]>([]);
  error = $state<string | null>(null);
  loading = $state(false);
  private token = 0;

  async run(engine: Engine | null, q: SqlQuery<Row>): Promise<void> {
    if (!engine) return;
    const t = ++this.token;
    this.loading = true;
    track(1);
    try {
      const rows = await runQuery(engine, q);
      if (t === this.token) {
        this.rows = rows;
        this.error = null;
      }
    } catch (e) {
      if (t === this.token) this.error = `查询「${q.name}」失败：${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (t === this.token) this.loading = false;
      track(-1);
    }
  }
}
