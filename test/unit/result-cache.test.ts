import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/queries/filters';
import { headlineQuery } from '../../src/lib/queries/headline';
import { cacheGeneration, cacheRows, cachedRows, clearResultCache } from '../../src/lib/queries/resultCache';

const engine = {} as Engine;
const other = {} as Engine;
const q2024 = headlineQuery({ ...NO_FILTERS, year: 2024 });
const row = [{ reports: 3 }] as never[];

describe('the result cache (queries/resultCache.ts)', () => {
  it('answers the exact same query on the same engine and data only', () => {
    clearResultCache();
    cacheRows(engine, q2024, row, cacheGeneration());
    expect(cachedRows(engine, headlineQuery({ ...NO_FILTERS, year: 2024 }))).toBe(row);
    expect(cachedRows(engine, headlineQuery({ ...NO_FILTERS, year: 2023 }))).toBeUndefined();
    expect(cachedRows(other, q2024)).toBeUndefined();
    clearResultCache();
    expect(cachedRows(engine, q2024)).toBeUndefined();
  });

  it('drops a result whose query started before the data changed', () => {
    clearResultCache();
    const before = cacheGeneration();
    clearResultCache(); // a load finished while the query ran
    cacheRows(engine, q2024, row, before);
    expect(cachedRows(engine, q2024)).toBeUndefined();
  });
});
