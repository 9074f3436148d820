import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { SHOTS, chartsReady, foreignRequests, openPage, startHarness, type Harness } from './harness';
import { repoRoot } from '../../src/lib/engine/node';

const BAD = path.join(repoRoot, 'test/fixtures/bad');

describe("loading the bureau's own files in the browser", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a GBK CSV from Excel replaces the sample and its figures show; a refused file leaves the data as it was', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    await w.page.setInputFiles('[data-testid="file-input"]', path.join(BAD, 'gbk-projects.csv'));
    await w.page.waitForSelector('[data-report="gbk-projects.csv"] [data-count="loaded"]');
    await chartsReady(w.page);
    expect(await w.page.locator('[data-report="gbk-projects.csv"] [data-testid="counts"]').innerText()).toContain('GBK/GB18030');
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('2');
    expect(await w.page.locator('[data-figure="budget_initial"]').innerText()).toBe('123.65 万元'); // 36,453.40 + 1,200,000 元
    expect(await w.page.getByTestId('source').innerText()).toContain('gbk-projects.csv');
    await w.page.screenshot({ path: path.join(SHOTS, 'load-gbk.png'), fullPage: true });

    await w.page.setInputFiles('[data-testid="file-input"]', path.join(BAD, 'image.csv'));
    await w.page.waitForSelector('[data-report="image.csv"] [data-testid="refused"]');
    expect(await w.page.locator('[data-report="image.csv"]').innerText()).toContain('PNG 图片');
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('2');
    expect(foreignRequests(w, h.origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });

  it("a UTF-8 CSV the engine's reader turns down (a 合计 row) is read again the long way by a new worker: same report as in Node", async () => {
    // The import worker hands a plain UTF-8 CSV to the engine and ends; the engine's cell checks find the
    // 合计 row, so the file is read record by record by a worker of its own (workerClient.ts).
    const text = fs.readFileSync(path.join(repoRoot, 'test/fixtures/small/projects.csv'), 'utf8').replace(/\r\n/g, '\n').trimEnd();
    const width = text.split('\n')[0].split(',').length;
    const file = path.join(SHOTS, 'total-row-projects.csv');
    fs.writeFileSync(file, `${text}\n合计${','.repeat(width - 1)}\n`);
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    await w.page.setInputFiles('[data-testid="file-input"]', file);
    const rep = w.page.locator('[data-report="total-row-projects.csv"]');
    await rep.locator('[data-count="loaded"]').waitFor();
    // As `npm run check-data` says of the same file: 6 read, 5 loaded, the 合计 row (row 7) rejected.
    expect(await rep.locator('[data-count="loaded"]').innerText()).toBe('5');
    expect(await rep.locator('[data-count="rejected"]').innerText()).toBe('1');
    expect(await rep.innerText()).toContain('「合计」行是汇总行');
    await chartsReady(w.page);
    expect(w.consoleErrors).toEqual([]);
  });

  it('rejected rows are listed and download as CSV with a BOM', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    await w.page.click('[data-testid="mode-add"]');
    await w.page.setInputFiles('[data-testid="file-input"]', path.join(BAD, 'bad-values.csv'));
    const rep = w.page.locator('[data-report="bad-values.csv"]');
    await rep.locator('[data-count="rejected"]').waitFor();
    expect(await rep.locator('[data-count="rejected"]').innerText()).toBe('5');
    expect(await rep.innerText()).toContain('金额无法识别：「约十万」');
    const [download] = await Promise.all([w.page.waitForEvent('download'), rep.getByRole('button', { name: '下载拒收行（CSV）' }).click()]);
    const file = path.join(SHOTS, 'rejected.csv');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(6);
    // Added to the sample, not replacing it.
    await chartsReady(w.page);
    expect(Number((await w.page.locator('[data-figure="reports"]').innerText()).replace(/,/g, ''))).toBeGreaterThan(1000);
    expect(w.consoleErrors).toEqual([]);
  });

  it('a filled-in form (text) dropped on the page loads like an export, with its load report', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    await w.page.setInputFiles('[data-testid="file-input"]', path.join(repoRoot, 'test/fixtures/forms/seed-form.txt'));
    const rep = w.page.locator('[data-report="seed-form.txt"]');
    await rep.locator('[data-count="loaded"]').waitFor();
    expect(await rep.locator('[data-count="loaded"]').innerText()).toBe('17');
    // Its 16 indicator rows are stored too (before, the form's project loaded and none of its indicators).
    expect(await rep.getByTestId('loaded-by-table').innerText()).toBe('项目报告 1 份、指标 16 条');
    await chartsReady(w.page);
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('1');
    expect(await w.page.locator('[data-figure="budget_initial"]').innerText()).toBe('3.65 万元');
    expect(await w.page.locator('[data-figure="exec_rate"]').innerText()).toBe('100.0%');
    expect(w.consoleErrors).toEqual([]);
  });

  it('a file of two forms one after another loads as two reports, each with its own indicators', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    const seed = fs.readFileSync(path.join(repoRoot, 'test/fixtures/forms/seed-form.txt'), 'utf8');
    const text = `${seed}\n${seed.replace('国际社区综合服务中心运行费用', '社区食堂运营补贴').replace(/36453\.4/g, '120000')}`;
    await w.page.setInputFiles('[data-testid="file-input"]', { name: '华漕镇.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    for (const k of [1, 2]) {
      const rep = w.page.locator(`[data-report="华漕镇.txt（第 ${k} 份表单）"]`);
      await rep.locator('[data-count="loaded"]').waitFor();
      expect(await rep.getByTestId('loaded-by-table').innerText()).toBe('项目报告 1 份、指标 16 条');
    }
    await chartsReady(w.page);
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('2');
    expect(await w.page.locator('[data-figure="budget_initial"]').innerText()).toBe('15.65 万元'); // 36,453.40 + 120,000 元
    expect(w.consoleErrors).toEqual([]);
  });

  it('an Excel workbook, a Word 97 .doc form and a form saved as a web page dropped together load with their load reports', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    await w.page.setInputFiles('[data-testid="file-input"]', [
      path.join(repoRoot, 'test/fixtures/workbooks/summary-libreoffice.xls'),
      path.join(repoRoot, 'test/fixtures/forms/qibao-libreoffice.doc'),
      path.join(repoRoot, 'test/fixtures/forms/pujin.html'),
    ]);
    const projects = w.page.locator('[data-report="summary-libreoffice.xls（工作表：项目）"]');
    await projects.locator('[data-count="loaded"]').waitFor({ timeout: 60_000 });
    expect(await projects.locator('[data-count="loaded"]').innerText()).toBe('6');
    await projects.locator('summary', { hasText: '提示' }).click();
    expect(await projects.innerText()).toContain('工作表「说明」不是项目表或指标表');
    expect(await projects.innerText()).toContain('在 Excel 合并单元格中，取合并单元格的值');
    const indicators = w.page.locator('[data-report="summary-libreoffice.xls（工作表：指标）"]');
    expect(await indicators.getByTestId('loaded-by-table').innerText()).toBe('指标 10 条');
    const form = w.page.locator('[data-report="qibao-libreoffice.doc"]');
    expect(await form.getByTestId('loaded-by-table').innerText()).toBe('项目报告 1 份、指标 6 条');
    const page = w.page.locator('[data-report="pujin.html"]');
    expect(await page.getByTestId('loaded-by-table').innerText()).toBe('项目报告 1 份、指标 6 条');
    await chartsReady(w.page);
    // 6 workbook reports + the two forms; 4,900,000 + 1,200,000 + 12,856,000 元.
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('8');
    expect(await w.page.locator('[data-figure="budget_initial"]').innerText()).toBe('1,895.60 万元');
    await w.page.screenshot({ path: path.join(SHOTS, 'load-workbook-doc.png'), fullPage: true });
    expect(foreignRequests(w, h.origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });

  it('a form saved as 单个文件网页 (.mht, GB2312 quoted-printable as Word writes it) loads in the browser', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    await w.page.setInputFiles('[data-testid="file-input"]', path.join(repoRoot, 'test/fixtures/forms/pujin-word.mht'));
    const page = w.page.locator('[data-report="pujin-word.mht"]');
    await page.locator('[data-count="loaded"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('loaded-by-table').innerText()).toBe('项目报告 1 份、指标 6 条');
    await chartsReady(w.page);
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('1');
    expect(await w.page.locator('[data-figure="budget_initial"]').innerText()).toBe('1,285.60 万元');
    expect(foreignRequests(w, h.origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });

  it('the same projects file appended twice counts once and says so; with no indicators table 指标完成 says it is not loaded; one round: 趋势 says so', async () => {
    const w = await openPage(h);
    await chartsReady(w.page);
    await w.page.click('[data-testid="open-data"]');
    await w.page.setInputFiles('[data-testid="file-input"]', path.join(BAD, 'gbk-projects.csv'));
    await w.page.waitForSelector('[data-report="gbk-projects.csv"] [data-count="loaded"]');
    await chartsReady(w.page);
    await w.page.click('[data-testid="mode-add"]');
    await w.page.setInputFiles('[data-testid="file-input"]', path.join(BAD, 'gbk-projects.csv'));
    // Warnings sit in a collapsed list: present, not necessarily visible.
    await w.page.locator('[data-report="gbk-projects.csv"]').getByText('是重复的报告').first().waitFor({ state: 'attached' });
    await chartsReady(w.page);
    expect(await w.page.locator('[data-figure="reports"]').innerText()).toBe('2');
    expect(await w.page.locator('[data-figure="budget_initial"]').innerText()).toBe('123.65 万元');
    await w.page.click('[data-view="indicators"]');
    await w.page.getByTestId('no-indicators').waitFor();
    expect(await w.page.getByTestId('no-indicators').innerText()).toContain('指标表未加载');
    expect(await w.page.locator('[data-empty="completionByCategory"]').innerText()).toBe('无数据：当前筛选条件下没有记录');
    // Both reports are of 2024 1–8月: 趋势 says there is one round, nothing to compare yet.
    await w.page.click('[data-view="trends"]');
    await w.page.getByTestId('one-round').waitFor();
    expect(await w.page.getByTestId('one-round').innerText()).toBe(
      '当前数据只有 2024年 1–8月 一个轮次，还看不出变化：加载更多年度或轮次的报告后，这里按轮次显示趋势。',
    );
    expect(w.consoleErrors).toEqual([]);
  });
});
