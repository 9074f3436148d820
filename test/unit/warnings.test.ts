/**
 * Graded warnings and the town ranking, on fixtures built so that each rule fires exactly where it
 * should (test/fixtures/warnings): every expectation below is worked out by hand in the comments.
 * 1–6月 rounds end on 06-30: 时间进度 = 6/12 = 50 %; 1–8月 rounds: 8/12 = 66.67 %.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import { runQuery } from '../../src/lib/queries/query';
import { NO_FILTERS, type Filters } from '../../src/lib/queries/filters';
import { headlineQuery } from '../../src/lib/queries/headline';
import { riskListQuery } from '../../src/lib/queries/riskList';
import { rankingQuery } from '../../src/lib/queries/ranking';
import { DEFAULT_RULES, PRESETS, decodeRules, encodeRules, rulesFromJson, rulesParams, rulesToJson } from '../../src/lib/domain/warnings';
import { decodeState, encodeState, DEFAULT_STATE } from '../../src/lib/state/urlState';
import { FIXTURES, engineWith } from './helpers';

const W = path.join(FIXTURES, 'warnings');
const all: Filters = { ...NO_FILTERS };

describe('warning levels: each rule where it should fire, and nowhere else', () => {
  let e: Engine;
  beforeAll(async () => {
    ({ engine: e } = await engineWith([path.join(W, 'levels-projects.csv'), path.join(W, 'levels-indicators.csv')]));
  });
  const levels = async (f: Filters) =>
    Object.fromEntries((await runQuery(e, riskListQuery(f))).map((r) => [r.report_id, r.level])) as Record<string, string>;

  it('default rules: 4 红, 6 黄, 1 绿; the edges at exactly 20 points and exactly 200 万元 are 红', async () => {
    // W01 300万 30% (20.0 points behind) 红 · W02 300万 30.1% (19.9) 黄 · W03 3万 30 points behind: below the 金额线, 黄
    // W04 5000万 30 points 红 · W05 exactly 200万, 25 points 红 · W06 50万 确定不能完成: small, 黄 · W07 500万 严重偏差 红
    // W08 轻度偏差 黄 · W09 all well 绿 · W10 目标有可能完成 黄 · W11 an indicator 10户 of 50户 未完成 黄
    expect(await levels(all)).toEqual({
      W01: 'red',
      W04: 'red',
      W05: 'red',
      W07: 'red',
      W02: 'yellow',
      W03: 'yellow',
      W06: 'yellow',
      W08: 'yellow',
      W10: 'yellow',
      W11: 'yellow',
    });
    const [h] = await runQuery(e, headlineQuery(all));
    expect(h).toMatchObject({ reports: 11, red: 4, yellow: 6, green: 1, at_risk: 10 });
    expect(h.red_budget).toBe(3_000_000 + 50_000_000 + 2_000_000 + 5_000_000);
    expect(h.yellow_budget).toBe(3_000_000 + 30_000 + 500_000 + 1_000_000 + 1_000_000 + 1_000_000);
  });

  it('every reason in words, 红 first and sorted by money behind schedule', async () => {
    const rows = await runQuery(e, riskListQuery(all));
    expect(rows.slice(0, 4).map((r) => r.report_id)).toEqual(['W04', 'W01', 'W05', 'W07']); // 15,000,000 · 600,000 · 500,000 · 0 元 behind
    const by = Object.fromEntries(rows.map((r) => [r.report_id, r.risk_reasons]));
    expect(by.W01).toBe('红：执行率 30.0% 落后时间进度 20.0 个百分点（预算 300.00 万元）');
    expect(by.W03).toBe('黄：执行率 20.0% 落后时间进度 30.0 个百分点');
    expect(by.W06).toBe('黄：预算确定不能完成（预算 50.00 万元，低于红灯金额线）');
    expect(by.W11).toBe('黄：1 项指标未完成');
  });

  it('changed thresholds change the levels: 25 points, then a 250 万元 floor, then 6月底 below 60 %', async () => {
    // W01 (20 points) is no longer 红 at 25: it is 黄 (still ≥ 10 points behind).
    expect((await levels({ ...all, rules: { ...DEFAULT_RULES, redLagPoints: 25 } })).W01).toBe('yellow');
    // W05 (exactly 200 万元) falls below a 250 万元 floor.
    expect((await levels({ ...all, rules: { ...DEFAULT_RULES, redFloorWan: 250 } })).W05).toBe('yellow');
    // Every report ends in June with 执行率 ≤ 50 %: all 11 are 红 under "6月及以后执行率低于 60%", whatever the money.
    const strict = await runQuery(e, headlineQuery({ ...all, rules: { ...DEFAULT_RULES, redExecBelowPct: 60, redExecMonth: 6 } }));
    expect(strict[0]).toMatchObject({ red: 11, yellow: 0, green: 0 });
    // The 8月 preset does not touch rounds ending in June.
    const aug = PRESETS.find((p) => p.id === 'aug60')!.rules;
    expect((await runQuery(e, headlineQuery({ ...all, rules: aug })))[0]).toMatchObject({ red: 4, yellow: 6, green: 1 });
  });

  it('the level filter keeps 红 or 黄 only, under the same rules', async () => {
    const [red] = await runQuery(e, headlineQuery({ ...all, level: 'red' }));
    expect(red).toMatchObject({ reports: 4, red: 4, yellow: 0 });
    const [yellow] = await runQuery(e, headlineQuery({ ...all, level: 'yellow', rules: { ...DEFAULT_RULES, redLagPoints: 25 } }));
    expect(yellow).toMatchObject({ reports: 7, yellow: 7 });
  });
  it('report_facts stores the default rules’ levels and reasons: the same as graded_reasons(…) under them, report by report; other rules grade again', async () => {
    const params = rulesParams(DEFAULT_RULES);
    const cols = 'report_id, level, at_risk, risk_reasons, warning_headings';
    const graded = `SELECT ${cols} FROM graded_reasons(${params.map(() => '?').join(', ')})`;
    const diff = await e.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ((SELECT ${cols} FROM report_facts EXCEPT ALL ${graded}) UNION ALL (${graded} EXCEPT ALL SELECT ${cols} FROM report_facts))`,
      [...params, ...params],
    );
    expect(diff[0].n).toBe(0);
    const [stored] = await e.query<{ n: number; reasons: number }>(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE risk_reasons <> '')::INTEGER AS reasons FROM report_facts`,
    );
    expect(stored).toEqual({ n: 11, reasons: 10 }); // every report but W09 (绿) has a reason
    // The default rules read report_facts (no grading); other rules go through the macros.
    const strict = { ...all, rules: { ...DEFAULT_RULES, redLagPoints: 25 } };
    expect(headlineQuery(all).sql).not.toMatch(/graded/);
    expect(riskListQuery(all).sql).not.toMatch(/graded/);
    expect(headlineQuery(strict).sql).toMatch(/graded\(/);
    expect(riskListQuery(strict).sql).toMatch(/graded_reasons\(/);
    // graded(…) leaves out the stored reasons (they are the default rules'), graded_reasons(…) grades them again.
    const [cols1] = await e.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (DESCRIBE SELECT * FROM graded(${params.map(() => '?').join(', ')})) WHERE column_name IN ('risk_reasons', 'warning_headings')`,
      params,
    );
    expect(cols1.n).toBe(0);
  });
});

describe('the rules in a link and in a file', () => {
  it('only what differs from the default is in the URL, and comes back the same', () => {
    const rules = { ...DEFAULT_RULES, redLagPoints: 25, redFloorWan: 300, redExecBelowPct: 60, yellowMaybe: false };
    expect(encodeRules(DEFAULT_RULES)).toBe('');
    expect(encodeRules(rules)).toBe('red:25,floor:300,exec:60,maybe:0');
    const s = { ...DEFAULT_STATE, filters: { ...DEFAULT_STATE.filters, rules } };
    expect(encodeState(s)).toBe('?rules=red%3A25%2Cfloor%3A300%2Cexec%3A60%2Cmaybe%3A0');
    expect(decodeState(encodeState(s))).toEqual(s);
    expect(decodeRules('red:abc,floor:-5,nope:1,mild:0')).toEqual({
      rules: { ...DEFAULT_RULES, yellowMild: false },
      bad: ['red:abc', 'floor:-5', 'nope:1'],
    });
  });
  it('a saved file reads back; a field out of range is named', () => {
    const rules = { ...DEFAULT_RULES, yellowLagPoints: 15 };
    expect(rulesFromJson(rulesToJson(rules))).toEqual({ rules, bad: [] });
    expect(rulesFromJson('{"redLagPoints": 120, "colour": "red"}').bad).toEqual(['redLagPoints: 120', 'colour: "red"']);
    expect(rulesFromJson('not json').bad).toEqual(['文件不是 JSON']);
  });
});

describe('街镇排名 with 同比 and 环比, two years × two rounds', () => {
  let e: Engine;
  beforeAll(async () => {
    ({ engine: e } = await engineWith([path.join(W, 'ranking-projects.csv')]));
  });

  it('2024 1–8月: 七宝镇 first (+3.3 points), 华漕镇 −6.7; 同比 against 2023 1–8月, 环比 against 2024 1–6月', async () => {
    // 七宝镇 执行率 2023-06 40 %, 2023-08 60 %, 2024-06 45 %, 2024-08 70 %; 华漕镇 50 %, 50 %, 55 %, 60 %.
    const rows = await runQuery(e, rankingQuery({ ...all, year: 2024, round: '1–8月' }));
    expect(rows.map((r) => r.town)).toEqual(['七宝镇', '华漕镇', '全区']);
    const [qb, hc, d] = rows;
    expect(qb.gap_points).toBeCloseTo(70 - 200 / 3, 6); // +3.33
    expect(qb.gap_points_yoy).toBeCloseTo(70 - 60, 6); // same time progress both years: +10.0
    expect(qb.gap_points_mom).toBeCloseTo(70 - 200 / 3 - (45 - 50), 6); // +3.33 − (−5) = +8.33
    expect(hc.gap_points).toBeCloseTo(60 - 200 / 3, 6); // −6.67
    expect(hc.gap_points_yoy).toBeCloseTo(10, 6);
    expect(hc.gap_points_mom).toBeCloseTo(60 - 200 / 3 - (55 - 50), 6); // −11.67
    expect(hc.deviation_share_yoy).toBeCloseTo(0 - 1, 6); // 2023 1–8月 said 轻度偏差
    expect(d).toMatchObject({ is_district: true, reports: 2 });
    expect(d.gap_points).toBeCloseTo(65 - 200 / 3, 6); // (0.7 + 0.6) / 2 − 2/3
    expect([qb.yoy_label, qb.mom_label]).toEqual(['2023年1–8月', '2024年1–6月']);
  });

  it('no round chosen: the year’s last round; 1–6月 has no 环比 (no earlier round that year)', async () => {
    const latest = await runQuery(e, rankingQuery({ ...all, year: 2024 }));
    expect(latest[0].round_label).toBe('1–8月');
    const june = await runQuery(e, rankingQuery({ ...all, year: 2024, round: '1–6月' }));
    expect(june[0]).toMatchObject({ round_label: '1–6月', mom_label: null, gap_points_mom: null, yoy_label: '2023年1–6月' });
    const first = await runQuery(e, rankingQuery({ ...all, year: 2023, round: '1–6月' }));
    expect(first[0]).toMatchObject({ yoy_label: null, gap_points_yoy: null });
  });
});

describe('form consistency checks: each where it should be, nowhere else', () => {
  it('C1…C7 each fail exactly their own check; C5 (adjustment adds up, short indicator explained) fails none', async () => {
    const { engine } = await engineWith([path.join(W, 'consistency-projects.csv'), path.join(W, 'consistency-indicators.csv')]);
    const { consistencyCountsQuery, consistencyListQuery, consistencyByTownQuery } = await import('../../src/lib/queries/consistency');
    const list = await runQuery(engine, consistencyListQuery(all));
    const by = Object.fromEntries(list.map((r) => [r.report_id, r.findings]));
    // C1: 运行正常, 25 % against 50 % (25 points behind). C2: 确定能完成 at 20 % < 50 % × 50 %. C3: 1,100,000 > 1,000,000.
    // C4: 800,000 ≠ 1,000,000 − 100,000 + 0. C6: 10户 of 50户 with no 偏差原因. C7: 40 % reported, 50 % computed.
    expect(by).toEqual({
      C1: '填报「运行正常」但执行率落后时间进度超过 20 个百分点',
      C2: '预算「确定能完成」但执行率不足时间进度的 50%',
      C3: '预算执行数大于调整后预算数',
      C4: '调整后预算数 ≠ 当年预算数 − 调减金额 + 调增金额',
      C6: '指标未达到阶段目标但未填偏差原因',
      C7: '填报的预算执行进度与 执行数 ÷ 预算数 不一致',
    });
    const counts = await runQuery(engine, consistencyCountsQuery(all));
    expect(counts.map((c) => [c.check, c.reports])).toEqual([
      ['normal_but_behind', 1],
      ['certain_but_far_below', 1],
      ['executed_over_budget', 1],
      ['adjustment_mismatch', 1],
      ['short_without_reason', 1],
      ['rate_mismatch', 1],
    ]);
    const towns = await runQuery(engine, consistencyByTownQuery(all));
    expect(towns.map((t) => [t.town, t.reports, t.with_findings])).toEqual([
      ['七宝镇', 2, 2],
      ['梅陇镇', 2, 2],
      ['华漕镇', 3, 2],
    ]);
  });
});

describe('阶段性跟踪结论 classes', () => {
  it('by keyword; a conclusion in words of its own is a deviation (the contract), only a blank one is 未填', async () => {
    const { conclusionClassSql } = await import('../../src/lib/domain/conclusions');
    const { engine } = await engineWith([]);
    const texts = [
      '运行正常（执行率和目标完成度均在75%以上）',
      '存在一定偏差（执行率或目标完成度在50%（含）-75%之间）',
      '严重偏差（执行率或目标完成度在50%以下）',
      '执行进度严重滞后',
      '执行进度偏慢（执行率低于时序进度）',
      '资金拨付较慢',
      '部分指标未达预期',
      '需进一步加强管理',
      '   ',
      null,
    ];
    const { sqlText } = await import('../../src/lib/domain/sqlText');
    const values = texts.map((t, i) => `(${i}, ${t === null ? 'NULL::VARCHAR' : sqlText(t)})`).join(', ');
    const rows = await engine.query<{ c: string }>(`SELECT ${conclusionClassSql('t')} AS c FROM (VALUES ${values}) v(i, t) ORDER BY i`);
    expect(rows.map((r) => r.c)).toEqual([
      '运行正常',
      '轻度偏差',
      '严重偏差',
      '严重偏差',
      '轻度偏差',
      '轻度偏差',
      '轻度偏差',
      '轻度偏差',
      '未填',
      '未填',
    ]);
  });
});
