/** Every view at a phone, a tablet and a desktop width: no sideways page scroll, charts that read, tabs by keyboard. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { SHOTS, chartsReady, openPage, startHarness, type Harness } from './harness';
import { VIEWS } from '../../src/lib/state/urlState';

const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 820, height: 1180 },
  { name: 'desktop', width: 1440, height: 900 },
];

describe('phone, tablet and desktop layouts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  for (const size of SIZES) {
    it(`${size.name} (${size.width} px): every view fits the width; charts at least 320 px wide with a Chinese description`, async () => {
      const w = await openPage(h, '?year=2024', { width: size.width, height: size.height });
      await chartsReady(w.page);
      // Headline figures fit their cards: 「万元」 stays with its number, nothing spills over.
      const spilled = await w.page.$$eval(
        '[data-testid="headline"] .v',
        (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).length,
      );
      expect(spilled, `headline at ${size.width}`).toBe(0);
      for (const v of VIEWS) {
        if (v === 'project') continue; // opened from a list; its form is checked in views.test.ts
        await w.page.click(`[data-view="${v}"]`);
        if (v === 'quality') await w.page.waitForSelector('[data-panel="consistencyList"][data-status="ready"]');
        else await chartsReady(w.page);
        const { scroll, charts } = await w.page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          charts: [...document.querySelectorAll('[data-chart]')].map((el) => ({
            id: el.getAttribute('data-chart'),
            width: el.getBoundingClientRect().width,
            aria: el.getAttribute('aria-label') ?? el.querySelector('[aria-label]')?.getAttribute('aria-label') ?? '',
          })),
        }));
        expect(scroll, `${v} at ${size.width}`).toBeLessThanOrEqual(size.width);
        for (const c of charts) {
          expect(c.width, `${c.id} at ${size.width}`).toBeGreaterThanOrEqual(Math.min(320, size.width - 60));
          expect(c.aria, `${c.id} aria`).toMatch(/[\u4e00-\u9fff]/);
        }
        await w.page.screenshot({ path: path.join(SHOTS, `layout-${size.name}-${v}.png`), fullPage: true });
      }
      expect(w.consoleErrors).toEqual([]);
    });
  }

  it('the view tabs are a tablist operated by the keyboard', async () => {
    const w = await openPage(h, '?year=2024', { width: 390, height: 844 });
    await chartsReady(w.page);
    // On a phone the filter bar folds away behind one button.
    expect(await w.page.isVisible('[data-filter="town"]')).toBe(false);
    await w.page.click('button[aria-controls="filter-bar"]');
    expect(await w.page.isVisible('[data-filter="town"]')).toBe(true);
    // Every chart's rows as a table (查看数据), reachable by keyboard.
    await w.page.focus('[data-show-data="executionByTown"]');
    await w.page.keyboard.press('Enter');
    expect(await w.page.locator('[data-chart-table="executionByTown"] tbody tr').count()).toBe(14);
    expect(await w.page.locator('[data-chart-table="executionByTown"] thead').innerText()).toContain('预算执行率');
    expect(await w.page.getAttribute('[role="tablist"]', 'aria-label')).toBe('视图');
    expect(await w.page.getAttribute('[data-view="overview"]', 'aria-selected')).toBe('true');
    await w.page.focus('[data-view="overview"]');
    await w.page.keyboard.press('ArrowRight');
    await w.page.waitForFunction(() => location.search.includes('view=risk'));
    expect(await w.page.getAttribute('[data-view="risk"]', 'aria-selected')).toBe('true');
    expect(await w.page.evaluate(() => document.activeElement?.getAttribute('data-view'))).toBe('risk');
    await w.page.keyboard.press('End');
    await w.page.waitForFunction(() => location.search.includes('view=project'));
    // A table row opens its project with Enter; a column header sorts with Enter.
    const r = await openPage(h, '?view=risk&year=2024', { width: 390, height: 844 });
    await chartsReady(r.page);
    // On a phone each row is a card, every cell under its column's name: nothing hidden off to the side.
    const card = await r.page.evaluate(() => {
      const td = document.querySelector('[data-table="risk"] tbody tr td:last-child')!;
      const wrap = document.querySelector('[data-table="risk"]')!;
      return { label: getComputedStyle(td, '::before').content, sideways: wrap.scrollWidth - wrap.clientWidth };
    });
    expect(card).toEqual({ label: '"预警原因"', sideways: 0 });
    await r.page.focus('[data-table="risk"] thead th:nth-child(4)');
    await r.page.keyboard.press('Enter');
    expect(await r.page.getAttribute('[data-table="risk"] thead th:nth-child(4)', 'aria-sort')).toBe('descending');
    await r.page.focus('[data-table="risk"] tbody tr');
    await r.page.keyboard.press('Enter');
    await r.page.waitForFunction(() => location.search.includes('view=project') && location.search.includes('report='));
    await r.page.waitForSelector('[data-testid="project-form"]');
    // The form itself on a phone: its label–value pairs one under another, nothing off to the side of the page.
    await r.page.waitForSelector('[data-panel="projectIndicators"][data-status="ready"]');
    expect(await r.page.evaluate(() => document.documentElement.scrollWidth), 'project form at 390').toBeLessThanOrEqual(390);
    await r.page.screenshot({ path: path.join(SHOTS, 'layout-phone-project.png'), fullPage: true });
    // The search ignores spaces, and says when nothing is found.
    await r.page.fill('[data-testid="project-search"]', '国际 社区');
    await r.page.waitForSelector('[data-testid="project-search-results"] button');
    await r.page.fill('[data-testid="project-search"]', '没有这个项目');
    expect(await r.page.locator('[data-testid="project-search-none"]').innerText()).toContain('未找到名称含「没有这个项目」的项目');
  });
});
