import { describe, expect, it, beforeAll } from 'vitest';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import { DATA, engineWith } from './helpers';

describe('bundled sample loads through the import path (Parquet and CSV agree)', () => {
  let pq: Engine;
  let csv: Engine;
  beforeAll(async () => {
    pq = (await engineWith([path.join(DATA, 'projects.parquet'), path.join(DATA, 'indicators.parquet')])).engine;
    const c = await engineWith([path.join(DATA, 'projects.csv'), path.join(DATA, 'indicators.csv')]);
    csv = c.engine;
    expect(c.load.reports.every((r) => r.status === 'loaded' && r.rowsRejected === 0)).toBe(true);
  });

  it('seed project: 36453.4 / 36453.4 / 100%', async () => {
    for (const e of [pq, csv]) {
      const rows = await e.query<{
        budget_initial: number;
        budget_executed: number;
        exec_rate: number;
        time_progress: number;
        town: string;
      }>(
        `SELECT town, budget_initial, budget_executed, exec_rate, time_progress FROM report_facts
         WHERE project_name = ? AND period_end = DATE '2024-08-31'`,
        ['国际社区综合服务中心运行费用'],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].town).toBe('华漕镇');
      expect(rows[0].budget_initial).toBe(36453.4);
      expect(rows[0].budget_executed).toBe(36453.4);
      expect(rows[0].exec_rate).toBe(1);
      expect(rows[0].time_progress).toBeCloseTo(8 / 12, 10);
    }
  });

  it('same counts and totals from both formats', async () => {
    const q = 'SELECT count(*) AS n, sum(budget_initial) AS b, sum(budget_executed) AS e FROM projects';
    const [a] = await pq.query<{ n: number; b: number; e: number }>(q);
    const [b] = await csv.query<{ n: number; b: number; e: number }>(q);
    expect(a.n).toBe(2594);
    expect(b.n).toBe(a.n);
    expect(b.b).toBeCloseTo(a.b, 2);
    expect(b.e).toBeCloseTo(a.e, 2);
    const [i1] = await pq.query<{ n: number }>('SELECT count(*) AS n FROM indicators');
    const [i2] = await csv.query<{ n: number }>('SELECT count(*) AS n FROM indicators');
    expect(i1.n).toBe(38911);
    expect(i2.n).toBe(38911);
  });
});
