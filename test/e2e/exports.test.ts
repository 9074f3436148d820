import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import type { Page } from 'playwright-core';
import { SHOTS, chartsReady, foreignRequests, openPage, startHarness, type Harness } from './harness';
import { PACK_CHARTS } from '../../src/lib/charts/registry';

async function download(page: Page, click: () => Promise<void>, name: string, timeout = 120_000): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout }), click()]);
  const file = path.join(SHOTS, name);
  await d.saveAs(file);
  return fs.readFileSync(file);
}

describe('exports for meetings, made in the browser', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('a chart exports as PNG at 2× with its caption, and as SVG holding the Chinese title', async () => {
    const w = await openPage(h, `?town=${encodeURIComponent('华漕镇')}&year=2024`);
    await chartsReady(w.page);
    const shown = await w.page.locator('[data-chart="executionByTown"]').boundingBox();
    const png = await download(w.page, () => w.page.click('[data-export-png="executionByTown"]'), 'export-executionByTown.png');
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThanOrEqual(2 * Math.floor(shown!.width));
    expect(height).toBeGreaterThanOrEqual(2 * Math.floor(shown!.height));
    // Not blank: count distinct colours and non-white pixels in the browser.
    const stats = await w.page.evaluate(async (b64) => {
      const bmp = new Image();
      bmp.src = `data:image/png;base64,${b64}`;
      await bmp.decode();
      const c = new OffscreenCanvas(bmp.width, bmp.height);
      const g = c.getContext('2d')!;
      g.drawImage(bmp, 0, 0);
      const d = g.getImageData(0, 0, bmp.width, bmp.height).data;
      let ink = 0;
      const colours = new Set<number>();
      for (let i = 0; i < d.length; i += 4 * 97) {
        if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) ink++;
        colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
      }
      return { ink, colours: colours.size };
    }, png.toString('base64'));
    expect(stats.ink).toBeGreaterThan(500);
    expect(stats.colours).toBeGreaterThan(5);

    const svg = (await download(w.page, () => w.page.click('[data-export-svg="executionByTown"]'), 'export-executionByTown.svg')).toString(
      'utf8',
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('各街镇预算执行率与时间进度');
    // The by-town chart shows every town: its caption says so instead of claiming the town filter.
    expect(svg).toContain('筛选：各街镇（不受街镇筛选） · 2024年');
    expect(svg).not.toContain('华漕镇 · 2024年');
    expect(await w.page.locator('[data-applies="executionByTown"]').innerText()).toBe(
      '本图筛选：各街镇（不受街镇筛选） · 2024年 · 各项目当年最新一轮',
    );
    expect(svg).toContain('导出日期');
    expect(w.consoleErrors).toEqual([]);
  });

  it('the at-risk table exports as CSV (BOM, same rows) and as xlsx', async () => {
    const w = await openPage(h, `?view=risk&year=2024&town=${encodeURIComponent('七宝镇')}`);
    await chartsReady(w.page);
    const caption = await w.page.locator('[data-table="risk"] .cap').innerText();
    const n = Number(/预警项目 (\d+) 个/.exec(caption)![1]);
    const csv = await download(w.page, () => w.page.click('[data-export-csv="risk"]'), 'risk.csv');
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('等级,街镇,项目名称,年度,调整后预算（万元）,执行率（%）,时间进度（%）,跟踪结论,预警原因');
    expect(lines.length - 1).toBe(n);
    const firstRow = await w.page.locator('[data-table="risk"] tbody tr').first().locator('td').first().innerText();
    expect(lines[1].startsWith(`${firstRow},`)).toBe(true);
    const xlsx = await download(w.page, () => w.page.click('[data-export-xlsx="risk"]'), 'risk.xlsx');
    const book = unzipSync(new Uint8Array(xlsx));
    const sheet = strFromU8(book['xl/worksheets/sheet1.xml']);
    expect(sheet.match(/<row /g)).toHaveLength(n + 2); // the caption, the header, the rows
    expect(strFromU8(book['xl/sharedStrings.xml'])).toContain('七宝镇');
  });

  it('one click each: a deck of native charts, a drafted 通报 and the appendix workbook; the print layout of the pack', async () => {
    const w = await openPage(h, `?town=${encodeURIComponent('华漕镇')}&year=2024`);
    await chartsReady(w.page);
    const red = Number((await w.page.locator('[data-figure="red"]').innerText()).replace(/,/g, ''));
    const pptx = await download(w.page, () => w.page.click('[data-testid="make-pptx"]'), 'meeting-pack.pptx');
    const files = unzipSync(new Uint8Array(pptx));
    const slides = Object.keys(files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
    expect(slides.length).toBeLessThanOrEqual(15);
    expect(Object.keys(files).filter((f) => /^ppt\/charts\/chart\d+\.xml$/.test(f)).length).toBeGreaterThanOrEqual(6);
    expect(strFromU8(files['ppt/slides/slide1.xml'])).toContain('华漕镇 · 2024年');
    const docx = await download(w.page, () => w.page.click('[data-testid="make-docx"]'), 'report.docx');
    const doc = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']);
    expect(doc).toContain('华漕镇2024年');
    expect(doc).toContain(`红灯项目 ${red} 个`);
    const xlsx = await download(w.page, () => w.page.click('[data-testid="make-xlsx"]'), 'appendix.xlsx');
    expect(strFromU8(unzipSync(new Uint8Array(xlsx))['xl/workbook.xml'])).toContain('红灯项目');
    // The print layout of the same pack: one A4 landscape page per slide.
    const riskCount = Number((await w.page.locator('[data-figure="at_risk"]').innerText()).replace(/,/g, ''));
    await w.page.evaluate(() => {
      window.print = () => undefined;
    });
    await w.page.click('[data-testid="make-print"]');
    await w.page.waitForSelector('[data-testid="print-pack"] img', { state: 'attached', timeout: 120_000 });
    await w.page.emulateMedia({ media: 'print' });
    expect(await w.page.locator('[data-testid="print-pack"] section.page').count()).toBe(
      1 + PACK_CHARTS.length + Math.max(1, Math.ceil(riskCount / 12)),
    );
    const pdf = await w.page.pdf({ format: 'A4', landscape: true, preferCSSPageSize: true });
    fs.writeFileSync(path.join(SHOTS, 'meeting-pack.pdf'), pdf);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(foreignRequests(w, h.origin)).toEqual([]);
    expect(w.consoleErrors).toEqual([]);
  });
});
