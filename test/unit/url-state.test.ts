import { describe, expect, it } from 'vitest';
import { decodeState, describeFilters, encodeState, DEFAULT_STATE } from '../../src/lib/state/urlState';
import { AppState } from '../../src/lib/state/appState.svelte';

describe('URL state', () => {
  it('round-trips what the user chose and writes no defaults', () => {
    expect(encodeState(DEFAULT_STATE)).toBe('');
    const s = { view: 'risk' as const, filters: { town: '华漕镇', year: 2024, round: '1–8月', unit: null, conclusion: '严重偏差', atRisk: true, category: 'exec_lag' }, report: null };
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
    const app = new AppState({ read: () => url, write: (s) => { url = s; } });
    expect(app.filters.town).toBe('华漕镇');
    app.setFilter('year', 2024);
    expect(decodeState(url).filters).toMatchObject({ town: '华漕镇', year: 2024 });
    app.toggleFilter('town', '华漕镇');
    expect(decodeState(url).filters.town).toBeNull();
  });
});
