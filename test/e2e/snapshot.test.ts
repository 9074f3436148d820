import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SHOTS, chartsReady, foreignRequests, openPage, startHarness, type Harness } from './harness';
import { repoRoot } from '../../src/lib/engine/node';
import { writeSnapshot } from '../../scripts/snapshot';

const SMALL = path.join(repoRoot, 'test/fixtures/small');

describe('a published folder with a database snapshot', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await writeSnapshot(
      [path.join(SMALL, 'projects.csv'), path.join(SMALL, 'indicators.csv')],
      path.join(repoRoot, 'dist/snap-test/snapshot.duckdb'),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  it('opens it in place and shows the hand-checked figures; adding a file on top still works', async () => {
    const w = await openPage(h, '?data=snap-test&year=2024');
    await chartsReady(w.page);
    expect(await w.page.getByTestId('source').innerText()).toContain('snap-test（数据快照）');
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('3');
    expect(await w.page.locator('[data-figure="budget_executed"]').innerText()).toBe('45.65 万元'); // 456,453.40 元
    expect(await w.page.locator('[data-figure="exec_rate"]').innerText()).toBe('38.5%');
    expect(await w.page.locator('[data-figure="at_risk"]').innerText()).toBe('2');
    await w.page.click('[data-testid="open-data"]');
    await w.page.click('[data-testid="mode-add"]');
    await w.page.setInputFiles('[data-testid="file-input"]', path.join(repoRoot, 'test/fixtures/bad/gbk-projects.csv'));
    await w.page.locator('[data-report="gbk-projects.csv"] [data-count="loaded"]').waitFor();
    await chartsReady(w.page);
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('5');
    expect(foreignRequests(w, h.origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });

  it('draws the pre-computed first view while the engine starts, then the same figures live', async () => {
    expect(fs.existsSync(path.join(repoRoot, 'dist/snap-test/first-view.json'))).toBe(true);
    // Hold the engine file back: whatever is on screen meanwhile cannot come from the engine.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const w = await openPage(h, '?data=snap-test&year=2024', undefined, async (page) => {
      await page.route('**/*.wasm', async (route) => {
        await held;
        await route.continue();
      });
    });
    await w.page.getByTestId('preview').waitFor();
    await chartsReady(w.page, 30_000, { duringPreview: true });
    const figures = async () =>
      Promise.all(['reports', 'budget_executed', 'exec_rate', 'at_risk'].map((f) => w.page.locator(`[data-figure="${f}"]`).innerText()));
    expect(await figures()).toEqual(['3', '45.65 万元', '38.5%', '2']);
    expect(await w.page.getByTestId('open-data').isDisabled()).toBe(true);
    await w.page.screenshot({ path: path.join(SHOTS, 'snapshot-preview.png') });
    // A filter nobody pre-computed waits for the engine instead of showing other figures.
    await w.page.click('[data-view="risk"]');
    expect(await w.page.locator('[data-chart]').count()).toBeGreaterThan(0);
    await w.page.click('[data-view="overview"]');
    release();
    await w.page.getByTestId('preview').waitFor({ state: 'detached' });
    await chartsReady(w.page);
    expect(await figures()).toEqual(['3', '45.65 万元', '38.5%', '2']);
    expect(await w.page.evaluate(() => performance.getEntriesByName('first-live-chart').length)).toBe(1);
    expect(w.consoleErrors).toEqual([]);
  });

  it('a server that does not answer byte ranges: the snapshot is downloaded whole, same figures', async () => {
    const asked: string[] = [];
    const w = await openPage(h, '?data=snap-test&year=2024', undefined, async (page) => {
      await page.route('**/snap-test/snapshot.duckdb', async (route) => {
        asked.push(`${route.request().method()} ${route.request().headers().range ?? 'whole'}`);
        const res = await route.fetch({
          headers: Object.fromEntries(Object.entries(route.request().headers()).filter(([k]) => k !== 'range')),
        });
        const headers = Object.fromEntries(Object.entries(res.headers()).filter(([k]) => k !== 'accept-ranges' && k !== 'content-range'));
        await route.fulfill({ status: 200, headers, body: route.request().method() === 'HEAD' ? undefined : await res.body() });
      });
    });
    await chartsReady(w.page);
    expect(await w.page.getByTestId('source').innerText()).toContain('snap-test（数据快照）');
    expect(await w.page.locator('[data-figure="budget_executed"]').innerText()).toBe('45.65 万元');
    expect(asked).toEqual(['HEAD whole', 'GET whole']); // asked once what the server offers, then the whole file
    expect(w.consoleErrors).toEqual([]);
  });

  it('a first-view.json that belongs to another snapshot is not shown', async () => {
    const dir = path.join(repoRoot, 'dist/snap-stale');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(repoRoot, 'dist/snap-test/snapshot.duckdb'), path.join(dir, 'snapshot.duckdb'));
    const first = JSON.parse(fs.readFileSync(path.join(repoRoot, 'dist/snap-test/first-view.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'first-view.json'), JSON.stringify({ ...first, snapshotBytes: first.snapshotBytes + 1 }));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const w = await openPage(h, '?data=snap-stale&year=2024', undefined, async (page) => {
      await page.route('**/*.wasm', async (route) => {
        await held;
        await route.continue();
      });
    });
    await w.page.getByTestId('progress').waitFor();
    await w.page.waitForTimeout(500);
    expect(await w.page.getByTestId('preview').count()).toBe(0);
    expect(await w.page.locator('[data-figure]').count()).toBe(0);
    release();
    await chartsReady(w.page);
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('3');
  });

  it('a missing folder: one message naming the folder and the files looked for; 恢复示例数据 works', async () => {
    const w = await openPage(h, '?data=no-such-folder');
    await w.page.waitForSelector('[data-testid="fatal"]');
    const msg = await w.page.getByTestId('fatal').innerText();
    expect(msg).toContain(
      '数据目录「no-such-folder」无法打开：其中既没有可用的数据快照 no-such-folder/snapshot.duckdb，也没有可读取的 no-such-folder/projects.parquet 与 no-such-folder/indicators.parquet',
    );
    expect(msg).toContain('HTTP 404');
    await w.page.getByTestId('fatal-sample').click();
    await chartsReady(w.page);
    expect(await w.page.getByTestId('source').innerText()).toContain('示例数据');
  });

  it('a server that answers unknown paths with the page itself, a Chinese folder name, an absolute address', async () => {
    // nginx's try_files … /index.html: every unknown path answers 200 with HTML.
    const w = await openPage(h, '?data=数据2024', undefined, async (page) => {
      await page.route(/\/(%E6%95%B0|数据)[^?]*\/(snapshot\.duckdb|first-view\.json|projects\.parquet|indicators\.parquet)$/, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><html></html>' }),
      );
    });
    await w.page.waitForSelector('[data-testid="fatal"]');
    const msg = await w.page.getByTestId('fatal').innerText();
    expect(msg).toContain('数据目录「数据2024」无法打开');
    expect(msg).toContain('服务器返回的是网页而不是数据文件');
    expect(await w.page.locator('[data-figure="reports"]').count()).toBe(0);
    const abs = await openPage(h, '?data=http://example.invalid/x');
    await abs.page.waitForSelector('[data-testid="fatal"]');
    expect(await abs.page.getByTestId('fatal').innerText()).toContain('是一个完整网址；看板只读取本站的相对目录');
    expect(foreignRequests(abs, h.origin)).toEqual([]);
    // The other way out: 加载数据… opens the file panel, and the chosen file is shown.
    await abs.page.getByTestId('fatal-load').click();
    await abs.page.setInputFiles('[data-testid="file-input"]', path.join(repoRoot, 'test/fixtures/bad/gbk-projects.csv'));
    await abs.page.locator('[data-report="gbk-projects.csv"] [data-count="loaded"]').waitFor();
    await chartsReady(abs.page);
    expect(await abs.page.locator('[data-figure="reports"]').innerText()).toBe('2');
  });
});
