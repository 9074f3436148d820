import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { SHOTS, chartsReady, foreignRequests, openPage, startHarness, type Harness } from './harness';
import { VIEWS } from '../../src/lib/state/urlState';

describe('every view renders, filters from the URL apply, clicks filter the rest', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('walks through every view with 2024 from the URL and screenshots each', async () => {
    const w = await openPage(h, '?year=2024');
    await chartsReady(w.page);
    for (const v of VIEWS) {
      await w.page.click(`[data-view="${v}"]`);
      if (v === 'project') {
        // Before anything is searched, the projects under the filters are listed to pick from.
        await expect(w.page.getByTestId('project-list-head').innerText()).resolves.toBe(
          '当前筛选内的项目（最新的 50 个；输入名称查找其他项目）：',
        );
        await w.page.fill('[data-testid="project-search"]', '国际社区综合服务中心');
        await w.page.getByRole('button', { name: /华漕镇 · 国际社区综合服务中心运行费用 · 2024年1–8月/ }).click();
        await w.page.waitForSelector('[data-testid="project-form"]');
      }
      // 填报检查 is tables only: its panels say when they are ready.
      if (v === 'quality') await w.page.waitForSelector('[data-panel="consistencyList"][data-status="ready"]');
      else await chartsReady(w.page);
      await w.page.waitForFunction((view) => view === 'overview' || location.search.includes(`view=${view}`), v);
      expect(await w.page.getByTestId('caption').innerText()).toContain('2024年');
      await w.page.screenshot({ path: path.join(SHOTS, `view-${v}.png`), fullPage: true });
    }
    // The seed project laid out like the form, with its exact figures.
    const form = w.page.getByTestId('project-form');
    await expect(form.locator('[data-field="budget_initial"]').innerText()).resolves.toBe('36,453.40 元');
    await expect(form.locator('[data-field="budget_executed"]').innerText()).resolves.toBe('36,453.40 元');
    await expect(form.locator('[data-field="exec_rate"]').innerText()).resolves.toContain('复核 100.00%');
    expect(foreignRequests(w, h.origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });

  it('filters that match nothing: every panel of the view says 无数据 in words, none is left blank or loading', async () => {
    const w = await openPage(
      h,
      `?view=risk&town=${encodeURIComponent('七宝镇')}&year=2022&conclusion=${encodeURIComponent('未填')}&risk=1`,
    );
    await chartsReady(w.page);
    await w.page.waitForFunction(() => document.querySelectorAll('[data-panel][data-status="loading"]').length === 0);
    const panels = await w.page.$$eval('[data-panel]', (els) =>
      els.map((e) => [e.getAttribute('data-panel'), e.getAttribute('data-status')]),
    );
    expect(panels).toEqual([
      ['riskScatter', 'empty'],
      ['riskReasons', 'empty'],
      ['risk', 'empty'],
    ]);
    for (const id of ['riskScatter', 'riskReasons', 'risk'])
      expect(await w.page.locator(`[data-empty="${id}"]`).innerText()).toBe('无数据：当前筛选条件下没有记录');
    expect(await w.page.locator('[data-table="risk"] .cap').innerText()).toMatch(/^预警项目 0 个/);
    expect(w.consoleErrors).toEqual([]);
  });

  it('a view and filters in a shared URL come back after reload; at-risk-only reaches every figure', async () => {
    const w = await openPage(h, `?view=risk&town=${encodeURIComponent('七宝镇')}&year=2023&risk=1`);
    await chartsReady(w.page);
    expect(await w.page.locator('[data-view="risk"]').getAttribute('class')).toContain('active');
    expect(await w.page.locator('[data-filter="town"]').inputValue()).toBe('七宝镇');
    const caption = await w.page.locator('[data-table="risk"] .cap').innerText();
    expect(caption).toMatch(/预警项目 \d+ 个/);
    await w.page.reload();
    await chartsReady(w.page);
    expect(await w.page.locator('[data-filter="year"]').inputValue()).toBe('2023');
    expect(w.consoleErrors).toEqual([]);
  });
});
