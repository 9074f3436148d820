import { describe, expect, it } from 'vitest';
import { decodeState, encodeState, DEFAULT_STATE } from '../../src/lib/state/urlState';
import { describeFilters } from '../../src/lib/export/caption';
import { AppState } from '../../src/lib/state/appState.svelte';

describe('URL state', () => {
  it('round-trips what the user chose and writes no defaults', () => {
    expect(encodeState(DEFAULT_STATE)).toBe('');
    const s = {
      view: 'risk' as const,
      filters: {
        ...DEFAULT_STATE.filters,
        town: '华漕镇',
        year: 2024,
        round: '1–8月',
        conclusion: '严重偏差',
        atRisk: true,
        level: 'red' as const,
        rules: { ...DEFAULT_STATE.filters.rules, redLagPoints: 25, redExecBelowPct: 60 },
        category: 'exec_lag',
      },
      report: null,
    };
    expect(decodeState(encodeState(s))).toEqual(s);
  });
  it('ignores invalid values instead of failing', () => {
    const s = decodeState('?view=nope&year=20x4&conclusion=<script>&risk=yes&town=');
    expect(s).toEqual(DEFAULT_STATE);
  });
  it('describes filters for captions', () => {
    expect(describeFilters({ ...DEFAULT_STATE.filters, town: '华漕镇', year: 2024, round: '1–8月' })).toBe('华漕镇 · 2024年 · 1–8月');
  });
  it('AppState reads and writes through the injected URL', () => {
    let url = '?town=%E5%8D%8E%E6%BC%95%E9%95%87';
    const app = new AppState({
      read: () => url,
      write: (s) => {
        url = s;
      },
    });
    expect(app.filters.town).toBe('华漕镇');
    app.setFilter('year', 2024);
    expect(decodeState(url).filters).toMatchObject({ town: '华漕镇', year: 2024 });
    app.toggleFilter('town', '华漕镇');
    expect(decodeState(url).filters.town).toBeNull();
  });
  it('user steps push a history entry, the initial normalisation replaces, Back re-applies the URL', () => {
    let url = '?view=nope&town=%E5%8D%8E%E6%BC%95%E9%95%87';
    const log: string[] = [];
    let pop: () => void = () => undefined;
    const app = new AppState({
      read: () => url,
      write: (s, mode) => {
        url = s;
        log.push(`${mode} ${s}`);
      },
      onPop: (h) => {
        pop = h;
      },
    });
    expect(log).toEqual(['replace ?town=%E5%8D%8E%E6%BC%95%E9%95%87']);
    app.setFilter('year', 2024);
    app.setView('risk');
    expect(log.slice(1).map((l) => l.split(' ')[0])).toEqual(['push', 'push']);
    url = '?town=%E5%8D%8E%E6%BC%95%E9%95%87&year=2024';
    pop();
    expect(app.view).toBe('overview');
    expect(app.filters).toMatchObject({ town: '华漕镇', year: 2024 });
  });
  it('a redraw under the same filters (warmUp.ts) sets equal values as a new object and writes no URL or history', () => {
    const log: string[] = [];
    const app = new AppState({ read: () => '?town=%E5%8D%8E%E6%BC%95%E9%95%87&year=2024', write: (s, mode) => log.push(`${mode} ${s}`) });
    const before = app.filters;
    const written = log.length;
    const after = app.redrawSame();
    expect(after).not.toBe(before);
    expect(app.filters).toBe(after);
    expect({ ...app.filters }).toEqual({ ...before });
    expect(log.length).toBe(written);
  });
  it('filters from the URL that the data does not hold are dropped with a notice; 1-8月 becomes 1–8月', () => {
    let url = '?town=%E4%B8%8D%E5%AD%98%E5%9C%A8%E9%95%87&round=1-8%E6%9C%88&year=2019';
    const app = new AppState({
      read: () => url,
      write: (s) => {
        url = s;
      },
    });
    const o = (kind: 'town' | 'year' | 'round' | 'unit', value: string) => ({ kind, value, n: 1, town: null });
    app.checkAgainst([o('town', '华漕镇'), o('year', '2024'), o('round', '1–8月'), o('round', '1–6月')]);
    expect(app.filters).toMatchObject({ town: null, year: null, round: '1–8月' });
    expect(app.notice).toBe('链接中的筛选条件 街镇「不存在镇」、年度「2019」 不在当前数据中，已取消该条件');
    expect(decodeState(url).filters.round).toBe('1–8月');
  });
  it("writing the state keeps the page's own parameters (?data=, ?bench=)", async () => {
    const { withPageParams } = await import('../../src/lib/state/urlState');
    expect(withPageParams('?data=%E6%95%B0%E6%8D%AE2024&town=x&view=risk', '?year=2024')).toBe('?data=%E6%95%B0%E6%8D%AE2024&year=2024');
    expect(withPageParams('?bench=1', '')).toBe('?bench=1');
    expect(withPageParams('', '')).toBe('');
  });
});

describe('a link with values that do not exist', () => {
  it('says which parameters it ignored', () => {
    const app = new AppState({ read: () => '?view=nope&conclusion=%E5%BE%88%E5%A5%BD&category=zz&year=24', write: () => undefined });
    expect(app.notice).toBe('链接中的 视图「nope」、年度「24」、跟踪结论「很好」、问题类别「zz」 无法识别，已忽略');
    expect(new AppState({ read: () => '?view=risk&year=2024', write: () => undefined }).notice).toBeNull();
  });
});

describe('captions state exactly the filters a chart applies', () => {
  it('a trend with 2024 and 1–6月 set says 历年各轮; a by-town chart says 各街镇', async () => {
    const { describeFiltersApplied } = await import('../../src/lib/export/caption');
    const { chartOmits } = await import('../../src/lib/charts/registry');
    const f = { ...DEFAULT_STATE.filters, town: '华漕镇', year: 2024, round: '1–6月' };
    expect(describeFiltersApplied(f, chartOmits('trendRates'))).toBe('华漕镇 · 历年各轮（不受年度、轮次筛选）');
    expect(describeFiltersApplied(f, chartOmits('executionByTown'))).toBe('各街镇（不受街镇筛选） · 2024年 · 1–6月');
    expect(describeFiltersApplied(f, chartOmits('riskScatter'))).toBe('华漕镇 · 2024年 · 1–6月');
    expect(describeFiltersApplied(f, chartOmits(undefined))).toBe(describeFilters(f));
  });
});
