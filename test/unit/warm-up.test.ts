import { describe, expect, it } from 'vitest';
import { oneClickAway } from '../../src/lib/state/warmUp';
import { NO_FILTERS } from '../../src/lib/queries/filters';
import { OVERVIEW_QUERIES } from '../../src/lib/queries/overview';
import { MINHANG_TOWNS } from '../../src/lib/contract/columns';

describe('statements one click away (prepared while the page is idle)', () => {
  it('sets each filter that is not set, toggles 仅看预警项目, and leaves set filters as they are', () => {
    const all = oneClickAway(NO_FILTERS);
    expect(all).toHaveLength(8);
    expect(all.at(-1)).toEqual({ ...NO_FILTERS, atRisk: true });
    for (const g of all.slice(0, -1)) {
      const changed = (Object.keys(g) as (keyof typeof g)[]).filter((k) => g[k] !== NO_FILTERS[k]);
      expect(changed).toHaveLength(1);
    }
    const someSet = { ...NO_FILTERS, town: '七宝镇', year: 2025, atRisk: true };
    const next = oneClickAway(someSet);
    expect(next).toHaveLength(6);
    for (const g of next) {
      expect(g.town).toBe('七宝镇');
      expect(g.year).toBe(2025);
    }
    expect(next.at(-1)?.atRisk).toBe(false);
  });
  it('gives the overview new statement texts (its values are bound, so one run prepares the click)', () => {
    const builders = Object.values(OVERVIEW_QUERIES);
    const current = new Set(builders.map((b) => b(NO_FILTERS).sql));
    const next = new Set(oneClickAway(NO_FILTERS).flatMap((g) => builders.map((b) => b(g).sql)));
    const fresh = [...next].filter((s) => !current.has(s));
    expect(fresh.length).toBeGreaterThan(20);
    // Values never reach the text: the town chosen for the warm-up is a bound parameter.
    for (const s of fresh) expect(s).not.toContain(MINHANG_TOWNS[0]);
  });
});
