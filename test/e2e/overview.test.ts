import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { SHOTS, chartsReady, foreignRequests, openPage, startHarness, type Harness } from './harness';

describe('dashboard in Chromium, offline, on the bundled sample', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('shows the headline figures and the chart, fetching nothing from any other host', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    const fig = (k: string) => w.page.locator(`[data-figure="${k}"]`).innerText();
    expect(Number((await fig('reports')).replace(/,/g, ''))).toBeGreaterThan(1000);
    expect(await fig('budget_initial')).toMatch(/万元$/);
    expect(await fig('exec_rate')).toMatch(/^\d+\.\d%$/);
    // The default start opens the sample as the build published it (a snapshot), not its Parquet files.
    expect(w.requests.some((u) => u.includes('/sample/snapshot.duckdb'))).toBe(true);
    expect(w.requests.filter((u) => u.endsWith('.parquet'))).toEqual([]);
    await expect(w.page.getByTestId('source').innerText()).resolves.toContain('示例数据');
    await w.page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });
    expect(foreignRequests(w, h.origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });

  it("the seed project's town and year from the URL: 华漕镇 2024 1–8月 re-queries DuckDB", async () => {
    const w = await openPage(h, `?town=${encodeURIComponent('华漕镇')}&year=2024&round=${encodeURIComponent('1–8月')}`);
    await chartsReady(w.page);
    await expect(w.page.getByTestId('caption').innerText()).resolves.toContain('华漕镇 · 2024年 · 1–8月');
    const reports = Number((await w.page.locator('[data-figure="reports"]').innerText()).replace(/,/g, ''));
    expect(reports).toBeGreaterThan(10);
    expect(reports).toBeLessThan(40);
    // Changing the year filter re-queries and rewrites the URL.
    await w.page.selectOption('[data-filter="year"]', '2023');
    await w.page.waitForFunction(() => location.search.includes('year=2023'));
    await chartsReady(w.page);
    expect(w.consoleErrors).toEqual([]);
  });

  it("Back and Forward move through the user's steps inside the page; unknown filters in a link are dropped with a notice", async () => {
    const w = await openPage(h, `?town=${encodeURIComponent('不存在镇')}&year=2024&round=1-8${encodeURIComponent('月')}`);
    await chartsReady(w.page);
    await w.page.getByTestId('filter-notice').waitFor();
    expect(await w.page.getByTestId('filter-notice').innerText()).toBe('链接中的筛选条件 街镇「不存在镇」 不在当前数据中，已取消该条件');
    expect(await w.page.getByTestId('caption').innerText()).toBe('当前筛选：全区 · 2024年 · 1–8月');
    await w.page.click('[data-view="risk"]');
    await w.page.waitForFunction(() => location.search.includes('view=risk'));
    await w.page.selectOption('[data-filter="year"]', '2023');
    await w.page.waitForFunction(() => location.search.includes('year=2023'));
    await w.page.goBack();
    await w.page.waitForFunction(() => location.search.includes('year=2024') && location.search.includes('view=risk'));
    await w.page.goBack();
    await w.page.waitForFunction(() => !location.search.includes('view='));
    await chartsReady(w.page);
    expect(await w.page.locator('[data-view="overview"]').getAttribute('class')).toContain('active');
    await w.page.goForward();
    await w.page.waitForFunction(() => location.search.includes('view=risk'));
    // Still the same page: the engine did not restart (no start-up progress shown).
    expect(await w.page.getByTestId('progress').count()).toBe(0);
    expect(w.page.url().startsWith(h.origin)).toBe(true);
    expect(w.consoleErrors).toEqual([]);
  });
});
