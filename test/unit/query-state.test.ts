import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Engine, SqlParam } from '../../src/lib/engine/types';
import { QueryState } from '../../src/lib/state/queryState.svelte';
import { sqlQuery } from '../../src/lib/queries/query';
import { clearResultCache } from '../../src/lib/queries/resultCache';
import { FIXTURES, engineWith } from './helpers';

/** The real engine, with every statement counted and the first one held back (to finish last). */
function counted(engine: Engine) {
  const ran: string[] = [];
  let hold: Promise<void> | null = null;
  const e: Engine = {
    ...engine,
    query: async <T extends object>(sql: string, params?: SqlParam[], signal?: AbortSignal) => {
      ran.push(String(params?.[0] ?? sql));
      const rows = engine.query<T>(sql, params, signal);
      if (hold) await hold;
      return rows;
    },
  };
  return {
    e,
    ran,
    holdUntil: (p: Promise<void>) => {
      hold = p;
    },
    release: () => {
      hold = null;
    },
  };
}

const townReports = (town: string) =>
  sqlQuery<{ n: number }>('townReports', 'SELECT count(*)::INTEGER AS n FROM report_facts WHERE town = ?', [town]);

describe('QueryState: superseding, caching, errors in words', () => {
  let engine: Engine;
  beforeAll(async () => {
    ({ engine } = await engineWith([path.join(FIXTURES, 'small/projects.csv'), path.join(FIXTURES, 'small/indicators.csv')]));
  });

  it('a later run wins even when the earlier one finishes after it', async () => {
    clearResultCache();
    const c = counted(engine);
    const s = new QueryState<{ n: number }>();
    let open!: () => void;
    c.holdUntil(new Promise<void>((r) => (open = r)));
    const first = s.run(c.e, townReports('华漕镇'));
    c.release();
    const second = s.run(c.e, townReports('七宝镇'));
    await second;
    open();
    await first.catch(() => undefined);
    const [qb] = await engine.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM report_facts WHERE town = '七宝镇'");
    const [hc] = await engine.query<{ n: number }>("SELECT count(*)::INTEGER AS n FROM report_facts WHERE town = '华漕镇'");
    expect(hc.n).not.toBe(qb.n); // so a stale result would show
    expect(s.rows).toEqual([qb]); // the earlier run, finished last, does not replace the later one's rows
    expect(s.error).toBeNull();
    expect(s.loading).toBe(false);
  });

  it('the same query on the same data is answered from the cache; new data runs it again', async () => {
    clearResultCache();
    const c = counted(engine);
    const s = new QueryState<{ n: number }>();
    await s.run(c.e, townReports('华漕镇'));
    await s.run(c.e, townReports('华漕镇'));
    expect(c.ran).toEqual(['华漕镇']);
    clearResultCache();
    await s.run(c.e, townReports('华漕镇'));
    expect(c.ran).toEqual(['华漕镇', '华漕镇']);
    expect(s.rows[0].n).toBeGreaterThan(0);
  });

  it('a failing query says which one failed, in Chinese, and keeps no stale rows flagged as loading', async () => {
    clearResultCache();
    const s = new QueryState<{ n: number }>();
    await s.run(engine, sqlQuery('brokenQuery', 'SELECT n FROM no_such_table'));
    expect(s.error).toMatch(/^查询「brokenQuery」失败：/);
    expect(s.loading).toBe(false);
  });

  it('without an engine it waits, empty and loading, for one', async () => {
    const s = new QueryState<{ n: number }>();
    await s.run(null, townReports('华漕镇'));
    expect(s.rows).toEqual([]);
    expect(s.loading).toBe(true);
  });
});
