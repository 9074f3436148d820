import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/queries/filters';
import { runQuery } from '../../src/lib/queries/query';
import { riskListQuery, riskReasonsQuery } from '../../src/lib/queries/riskList';
import { completionByCategoryQuery, completionByTownQuery, deviationsQuery } from '../../src/lib/queries/indicatorCompletion';
import {
  problemCategoriesQuery,
  problemSentencesQuery,
  recurringByUnitQuery,
  recurringProblemsQuery,
} from '../../src/lib/queries/problems';
import { trendsQuery } from '../../src/lib/queries/trends';
import { projectDetailQuery, projectHistoryQuery, projectSearchQuery } from '../../src/lib/queries/projectDetail';
import { headlineQuery, reachLine } from '../../src/lib/queries/headline';
import { FIXTURES, engineWith } from './helpers';

// Hand-worked figures for test/fixtures/small (see overview-queries.test.ts for the money).
describe('leadership analytics on the hand-checked fixture', () => {
  let e: Engine;
  const y2024 = { ...NO_FILTERS, year: 2024 };
  beforeAll(async () => {
    ({ engine: e } = await engineWith([path.join(FIXTURES, 'small/projects.csv'), path.join(FIXTURES, 'small/indicators.csv')]));
  });

  it('at-risk list says why, in words', async () => {
    const rows = await runQuery(e, riskListQuery(y2024));
    // Default rules: R2 lags by 36.7 points, but on 100 万元 (below the 200 万元 floor for 红灯): 黄灯; R3 does not lag.
    expect(rows.map((r) => [r.report_id, r.level])).toEqual([
      ['R2', 'yellow'],
      ['R3', 'yellow'],
    ]);
    expect(rows[0].risk_reasons).toBe('黄：执行率 30.0% 落后时间进度 36.7 个百分点；黄：1 项指标未完成；黄：绩效目标有可能完成');
    expect(rows[1].risk_reasons).toBe('黄：阶段性结论为轻度偏差；黄：预算有可能完成');
    expect(rows[0].conclusion_contradicts).toBe(true); // says 运行正常 at 45% stage execution, 0 of 2 applicable met
    const reasons = await runQuery(e, riskReasonsQuery(y2024));
    expect(reasons).toEqual([
      { reason: '黄灯：完成可能性存疑', reports: 2 },
      { reason: '黄灯：执行率落后时间进度', reports: 1 },
      { reason: '黄灯：有指标未完成', reports: 1 },
      { reason: '黄灯：阶段性结论为轻度偏差', reports: 1 },
    ]);
  });

  it('indicator completion: not applicable never counts, 效益目标 reads as 效果目标', async () => {
    const cats = await runQuery(e, completionByCategoryQuery(y2024));
    const get = (l1: string, l2: string) => cats.find((c) => c.level1 === l1 && c.level2 === l2);
    expect(get('投入与管理', '资金落实')).toMatchObject({ met: 1, completion: 1 });
    expect(get('产出目标', '数量目标')).toMatchObject({ not_met: 1, completion: 0 });
    expect(get('产出目标', '时效目标')).toMatchObject({ partial: 1, completion: 0 });
    expect(get('效果目标', '可持续目标')).toMatchObject({ na: 1, met: 0, not_met: 0, completion: null });
    expect(get('影响力目标', '服务对象满意度目标')).toMatchObject({ na: 1, completion: null });
    const towns = await runQuery(e, completionByTownQuery(y2024));
    // 华漕镇: R1 met 1 of 1 applicable; 七宝镇: R2 0 of 2 + R3 1 of 1 → 1/3
    expect(towns.find((t) => t.town === '华漕镇')?.completion).toBe(1);
    expect(towns.find((t) => t.town === '七宝镇')?.completion).toBeCloseTo(1 / 3, 10);
    const devs = await runQuery(e, deviationsQuery(y2024));
    expect(devs.map((d) => [d.level3, d.status, d.deviation_reason, d.corrective_action])).toEqual([
      ['改造完成', 'not_met', '施工延期', '加快施工'],
      ['工程及时性', 'partial', '天气影响', '倒排工期'],
    ]);
  });

  it('problem categories, the sentences behind them, and the one that came back', async () => {
    const cats = await runQuery(e, problemCategoriesQuery(NO_FILTERS));
    expect(cats.find((c) => c.category === 'budget_detail')).toMatchObject({ reports: 2, towns: 1, projects: 1 }); // R1 2024, R4 2023
    expect(cats.find((c) => c.category === 'exec_lag')).toMatchObject({ reports: 1, towns: 1 });
    expect(cats.find((c) => c.category === 'archive')).toMatchObject({ reports: 1 });
    const s = await runQuery(e, problemSentencesQuery({ ...y2024, category: 'archive' }));
    expect(s.map((x) => x.sentence)).toEqual(['项目档案资料不完整']);
    const rec = await runQuery(e, recurringProblemsQuery(NO_FILTERS));
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({
      town: '华漕镇',
      project_name: '项目A',
      category: 'budget_detail',
      first_year: 2023,
      later_year: 2024,
      promised_measures: '加强预算编制。',
      later_report_id: 'R1',
    });
    // Unit level: 闵行区华漕镇人民政府社建办 had 预算编制 problems in 2023 (R4) and 2024 (R1).
    const unit = await runQuery(e, recurringByUnitQuery(NO_FILTERS));
    expect(unit).toEqual([
      {
        budget_unit: '闵行区华漕镇人民政府社建办',
        town: '华漕镇',
        category: 'budget_detail',
        years: '2023、2024',
        n_years: 2,
        reports: 2,
        projects: 1,
      },
    ]);
    // The category filter reaches the headline: only R2 carries 档案资料不完整 in 2024.
    const [h] = await runQuery(e, headlineQuery({ ...y2024, category: 'archive' }));
    expect(h.reports).toBe(1);
  });

  it('the reach under the reports figure: the towns, or within one town its 预算单位', async () => {
    // 2024, latest rounds: R1 (华漕镇 社建办), R2 (七宝镇 城建中心), R3 (七宝镇 社建办).
    const [all] = await runQuery(e, headlineQuery(y2024));
    expect([all.reports, all.towns, all.units]).toEqual([3, 2, 3]);
    expect(reachLine(all)).toBe('涉及 2 个街镇');
    const [qb] = await runQuery(e, headlineQuery({ ...y2024, town: '七宝镇' }));
    expect([qb.reports, qb.towns, qb.units]).toEqual([2, 1, 2]);
    expect(reachLine(qb)).toBe('涉及 2 个预算单位');
    // A filter that matches nothing: no towns, said as such.
    const [none] = await runQuery(e, headlineQuery({ ...y2024, town: '浦江镇' }));
    expect(reachLine(none)).toBe('涉及 0 个街镇');
  });

  it('trends by year and round', async () => {
    const t = await runQuery(e, trendsQuery(NO_FILTERS));
    expect(t.map((r) => [r.budget_year, r.round_label, r.reports])).toEqual([
      [2023, '1–8月', 1],
      [2024, '1–6月', 1],
      [2024, '1–8月', 3],
    ]);
    expect(t[2].exec_rate).toBeCloseTo(456453.4 / 1186453.4, 10);
    expect(t[0].exec_rate).toBeCloseTo(0.2, 10);
    expect(t[2].goal_completion).toBeCloseTo(2 / 4, 10);
  });

  it('project detail and history', async () => {
    const [d] = await runQuery(e, projectDetailQuery('R2'));
    expect(d).toMatchObject({
      town: '七宝镇',
      budget_initial: 1_000_000,
      budget_executed: 300_000,
      computed_band: '严重偏差',
      conclusion_class: '运行正常',
      period_end_text: '2024年08月31日',
    });
    const hist = await runQuery(e, projectHistoryQuery('R1'));
    expect(hist.map((r) => r.report_id)).toEqual(['R4', 'R5', 'R1']);
    const found = await runQuery(e, projectSearchQuery('项目_', null, null)); // _ is literal, not a wildcard
    expect(found).toEqual([]);
  });
});

describe('项目详情 narratives', () => {
  it('come from the loaded row itself (report_facts does not carry them)', async () => {
    const { engine } = await engineWith([path.join(FIXTURES, 'small/projects.csv')]);
    await engine.exec(`UPDATE projects SET background = '背景甲', implementation = '实施乙', remarks = '说明丙' WHERE report_id = 'R1'`);
    const [d] = await runQuery(engine, projectDetailQuery('R1'));
    expect(d).toMatchObject({ report_id: 'R1', background: '背景甲', implementation: '实施乙', remarks: '说明丙' });
    const [other] = await runQuery(engine, projectDetailQuery('R2'));
    expect(other).toMatchObject({ report_id: 'R2', background: null, implementation: null, remarks: null });
    const cols = await engine.query<{ column_name: string }>(`SELECT column_name FROM (DESCRIBE report_facts)`);
    expect(cols.map((c) => c.column_name)).not.toContain('background');
  });
});

describe('项目详情 search', () => {
  it('spaces of any width and full-width letters are ignored; nothing found is nothing', async () => {
    const { engine } = await engineWith([path.join(FIXTURES, 'small/projects.csv')]);
    const names = async (t: string) => [...new Set((await runQuery(engine, projectSearchQuery(t, null, null))).map((r) => r.project_name))];
    expect(await names('项目 A')).toEqual(['项目A']);
    expect(await names('项目Ａ')).toEqual(['项目A']); // full-width Ａ
    expect(await names('项目　B')).toEqual(['项目B']); // full-width space
    expect(await names('不存在')).toEqual([]);
  });
});
