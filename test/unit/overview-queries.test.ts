import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import type { LoadResult } from '../../src/lib/import/loadFiles';
import { NO_FILTERS } from '../../src/lib/queries/filters';
import { DEFAULT_RULES, rulesParams } from '../../src/lib/domain/warnings';
import { runQuery } from '../../src/lib/queries/query';
import { headlineQuery } from '../../src/lib/queries/headline';
import { executionByTownQuery } from '../../src/lib/queries/executionByTown';
import { outlookMatrixQuery } from '../../src/lib/queries/outlookMatrix';
import { conclusionMixQuery } from '../../src/lib/queries/conclusionMix';
import { FIXTURES, engineWith } from './helpers';
import { firstViewQueries, prerender, prerenderedRows, queryKey, usePrerendered } from '../../src/lib/queries/prerender';

// test/fixtures/small: five reports whose figures are worked out by hand in the comments below.
describe('overview queries on the hand-checked fixture', () => {
  let e: Engine;
  let load: LoadResult;
  beforeAll(async () => {
    ({ engine: e, load } = await engineWith([path.join(FIXTURES, 'small/projects.csv'), path.join(FIXTURES, 'small/indicators.csv')]));
  });

  it('loads every row, keeps the unknown column and flags the rate mismatch of R3', () => {
    const [p, i] = load.reports;
    expect(p.rowsRead).toBe(5);
    expect(p.rowsLoaded).toBe(5);
    expect(p.unknownColumns).toEqual(['备注']);
    expect(i.rowsLoaded).toBe(6);
    const mismatch = p.warnings.filter((w) => w.reason.includes('不一致'));
    expect(mismatch.map((w) => w.row)).toEqual([4]); // R3 is on CSV row 4: reported 75% vs 120000/150000 = 80%
  });

  it('2024 headline counts each project once (latest round): R1 + R2 + R3', async () => {
    const [h] = await runQuery(e, headlineQuery({ ...NO_FILTERS, year: 2024 }));
    expect(h.reports).toBe(3);
    expect(h.budget_initial).toBeCloseTo(36453.4 + 1_000_000 + 200_000, 2); // 1,236,453.40
    expect(h.budget_base).toBeCloseTo(36453.4 + 1_000_000 + 150_000, 2); // R2 not adjusted → 当年预算; R3 → 150,000
    expect(h.budget_executed).toBeCloseTo(36453.4 + 300_000 + 120_000, 2); // 30万 = 300,000
    expect(h.exec_rate).toBeCloseTo(456453.4 / 1186453.4, 10); // 38.47%
    expect(h.at_risk).toBe(2); // R2 (lag, outlook, 1 not met), R3 (轻度偏差)
    expect(h.contradictions).toBe(2); // R2 says 运行正常 at 45% stage execution; R3 says 轻度偏差 at 100%/100%
  });

  it('a town total: 七宝镇 2024 = 1,150,000 adjusted budget, 420,000 executed, 36.52%', async () => {
    const rows = await runQuery(e, executionByTownQuery({ ...NO_FILTERS, year: 2024 }));
    const qb = rows.find((r) => r.town === '七宝镇')!;
    expect(qb.budget_base).toBeCloseTo(1_150_000, 2);
    expect(qb.budget_executed).toBeCloseTo(420_000, 2);
    expect(qb.exec_rate).toBeCloseTo(420000 / 1150000, 10);
    expect(qb.time_progress).toBeCloseTo(8 / 12, 10);
    const hc = rows.find((r) => r.town === '华漕镇')!;
    expect(hc.exec_rate).toBe(1);
  });

  it('a round filter picks that round only: 1–6月 2024 is R5 alone', async () => {
    const [h] = await runQuery(e, headlineQuery({ ...NO_FILTERS, year: 2024, round: '1–6月' }));
    expect(h.reports).toBe(1);
    expect(h.budget_executed).toBe(10000);
    expect(h.time_progress).toBeCloseTo(0.5, 10);
  });

  it('outlook matrix and conclusion mix', async () => {
    const m = await runQuery(e, outlookMatrixQuery({ ...NO_FILTERS, year: 2024 }));
    expect(m).toEqual([
      { budget_outlook: '有可能完成', target_outlook: '确定能完成', reports: 1 },
      { budget_outlook: '确定能完成', target_outlook: '有可能完成', reports: 1 },
      { budget_outlook: '确定能完成', target_outlook: '确定能完成', reports: 1 },
    ]);
    const c = await runQuery(e, conclusionMixQuery({ ...NO_FILTERS }));
    const get = (t: string, k: string) => c.find((r) => r.town === t && r.conclusion_class === k)?.reports ?? 0;
    expect(get('华漕镇', '运行正常')).toBe(1); // R1 (R5 is not the latest 2024 round)
    expect(get('华漕镇', '严重偏差')).toBe(1); // R4
    expect(get('七宝镇', '轻度偏差')).toBe(1);
  });

  it('仅看预警项目 under the default rules reads the level report_facts stores: R2 and R3 of 七宝镇, as graded(…) counts them', async () => {
    const f = { ...NO_FILTERS, year: 2024, atRisk: true };
    const mixQ = conclusionMixQuery(f);
    expect(mixQ.sql).toContain('FROM report_facts WHERE');
    expect(mixQ.sql).toContain('AND at_risk');
    // Under other rules the same query grades the reports once, in the query.
    expect(conclusionMixQuery({ ...f, rules: { ...DEFAULT_RULES, redLagPoints: 25 } }).sql).toContain('FROM graded(');
    expect(mixQ.sql).not.toContain('IN (SELECT');
    const mix = await runQuery(e, mixQ);
    expect(mix).toEqual([
      { town: '七宝镇', conclusion_class: '轻度偏差', reports: 1 }, // R3
      { town: '七宝镇', conclusion_class: '运行正常', reports: 1 }, // R2
    ]);
    const m = await runQuery(e, outlookMatrixQuery(f));
    expect(m.reduce((n, r) => n + r.reports, 0)).toBe(2);
    // The same reports as the macro grades under the default rules: report_id IN (graded … WHERE at_risk).
    const params = rulesParams(DEFAULT_RULES);
    const sub = `SELECT report_id FROM graded(${params.map(() => '?').join(', ')}) WHERE at_risk`;
    const ref = await e.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM report_facts WHERE budget_year = ? AND is_latest AND report_id IN (${sub})`,
      [2024, ...params],
    );
    expect(ref[0].n).toBe(2);
    // Without a warning filter nothing is graded.
    expect(conclusionMixQuery({ ...NO_FILTERS, year: 2024 }).sql).toContain('FROM report_facts');
  });

  it('every query runs under each warning filter, reading graded(…) only under other rules than the default', async () => {
    const { dashboardQueries } = await import('../../scripts/bench/queries');
    const { consistencyByTownQuery, consistencyCountsQuery, consistencyListQuery } = await import('../../src/lib/queries/consistency');
    const all = (f: typeof NO_FILTERS) => [
      ...dashboardQueries(f),
      consistencyCountsQuery(f),
      consistencyListQuery(f),
      consistencyByTownQuery(f),
    ];
    const strict = { ...DEFAULT_RULES, redLagPoints: 25 };
    for (const warned of [
      { ...NO_FILTERS, year: 2024, atRisk: true },
      { ...NO_FILTERS, year: 2024, level: 'red' as const },
      { ...NO_FILTERS, year: 2024, atRisk: true, rules: strict },
      { ...NO_FILTERS, year: 2024, level: 'red' as const, rules: strict },
    ]) {
      for (const q of all(warned)) {
        const rows = await runQuery(e, q);
        expect(Array.isArray(rows), q.name).toBe(true);
        if (warned.rules === strict && q.name !== 'filterOptions' && q.name !== 'projectSearch')
          expect(q.sql, q.name).toMatch(/graded(_reasons)?\(/);
      }
    }
    // The consistency list under 仅看预警项目 is the at-risk part of the full list: R2 and R3 at most.
    const listed = await runQuery(e, consistencyListQuery({ ...NO_FILTERS, year: 2024, atRisk: true }));
    const full = await runQuery(e, consistencyListQuery({ ...NO_FILTERS, year: 2024 }));
    expect(listed.every((r) => full.some((x) => x.report_id === r.report_id))).toBe(true);
    expect(listed.length).toBeLessThanOrEqual(2);
  });

  it('towns are normalised from their stamped and prefixed forms', async () => {
    const towns = await e.query<{ town: string }>('SELECT DISTINCT town FROM projects ORDER BY town');
    expect(towns.map((t) => t.town).sort()).toEqual(['七宝镇', '华漕镇']);
  });
});

describe('the pre-computed first view (queries/prerender.ts)', () => {
  it('finds a result only by its exact query, and holds what the engine computes', async () => {
    const { engine } = await engineWith([path.join(FIXTURES, 'small/projects.csv'), path.join(FIXTURES, 'small/indicators.csv')]);
    const queries = firstViewQueries([2023, 2024], ['七宝镇']);
    expect(queries).toHaveLength(1 + 4 * 4); // filter options + overview × (none, 2023, 2024, 七宝镇)
    const keys = queries.map(queryKey);
    // The by-town and conclusion charts show every town, so with only a town chosen they run the unfiltered query: same key.
    expect(new Set(keys).size).toBe(keys.length - 2);
    expect(new Set(queries.map((q) => JSON.stringify(q))).size).toBe(keys.length - 2);
    // The key is the query's text and bound values: built twice it is the same, another year is another key.
    const k2024 = queryKey(headlineQuery({ ...NO_FILTERS, year: 2024 }));
    expect(queryKey(headlineQuery({ ...NO_FILTERS, year: 2024, town: null }))).toBe(k2024);
    expect(queryKey(headlineQuery({ ...NO_FILTERS, year: 2023 }))).not.toBe(k2024);
    expect(queryKey(headlineQuery({ ...NO_FILTERS, year: 2024, town: '七宝镇' }))).not.toBe(k2024);
    const results = await prerender(engine, queries);
    usePrerendered(results);
    try {
      const h = prerenderedRows(headlineQuery({ ...NO_FILTERS, year: 2024 }))!;
      expect(h).toEqual(await runQuery(engine, headlineQuery({ ...NO_FILTERS, year: 2024 })));
      expect(h[0].reports).toBe(3);
      expect(prerenderedRows(headlineQuery({ ...NO_FILTERS, year: 2025 }))).toBeUndefined();
      expect(prerenderedRows(headlineQuery({ ...NO_FILTERS, year: 2024, atRisk: true }))).toBeUndefined();
    } finally {
      usePrerendered(null);
    }
    expect(prerenderedRows(headlineQuery(NO_FILTERS))).toBeUndefined();
  });
});
