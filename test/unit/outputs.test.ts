/** The meeting outputs on the bundled sample, in Node, by the same modules as the page's buttons. */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { DATA, engineWith } from './helpers';
import type { Engine } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/queries/filters';
import { gatherOutputData, type OutputData } from '../../src/lib/export/outputs/data';
import { buildDeck, TOP_ROWS } from '../../src/lib/export/outputs/deck';
import { buildReport } from '../../src/lib/export/outputs/report';
import { APPENDIX_SHEETS, buildAppendix } from '../../src/lib/export/outputs/workbook';
import { summarize } from '../../scripts/summary';
import { formatInt, formatPct, formatWan } from '../../src/lib/domain/format';

const ctx = { filters: '全区 · 2024年 · 各项目当年最新一轮', source: '示例数据', date: '2026-12-02', rules: '预警规则：默认规则' };
const f = { ...NO_FILTERS, year: 2024 };

describe('meeting outputs on the sample', () => {
  let e: Engine;
  let d: OutputData;
  beforeAll(async () => {
    ({ engine: e } = await engineWith([path.join(DATA, 'projects.parquet'), path.join(DATA, 'indicators.parquet')]));
    d = await gatherOutputData(e, f);
  });

  it('the deck: at most 15 slides, at least 6 native charts with their data; the full option adds the lists', async () => {
    const deck = await buildDeck(d, ctx);
    const files = unzipSync(deck.bytes);
    const slides = Object.keys(files).filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p));
    const charts = Object.keys(files).filter((p) => /^ppt\/charts\/chart\d+\.xml$/.test(p));
    expect(slides).toHaveLength(deck.slides);
    expect(deck.slides).toBeLessThanOrEqual(15);
    expect(charts.length).toBeGreaterThanOrEqual(6);
    expect(charts).toHaveLength(deck.charts);
    // Native charts carry their data (an embedded workbook for 编辑数据) and Chinese fonts.
    expect(Object.keys(files).filter((p) => p.startsWith('ppt/embeddings/') && p.endsWith('.xlsx'))).toHaveLength(deck.charts);
    expect(strFromU8(files[charts[0]])).toContain('微软雅黑');
    expect(Object.keys(files).filter((p) => p.startsWith('ppt/media/') && !p.endsWith('/'))).toHaveLength(0); // no pictures of charts
    const full = await buildDeck(d, ctx, { full: true });
    expect(full.slides).toBe(deck.slides + Math.ceil(d.red.length / TOP_ROWS) + Math.ceil(d.yellow.length / TOP_ROWS));
  });

  it('the 通报: its figures are the summary CLI’s', async () => {
    const s = await summarize(e, f);
    const xml = strFromU8(unzipSync(await buildReport(d, ctx))['word/document.xml']);
    const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
    const h = s.headline;
    for (const figure of [
      `共跟踪重点项目 ${formatInt(h.reports)} 个`,
      `调整后预算 ${formatWan(h.budget_base)}`,
      `已执行 ${formatWan(h.budget_executed)}`,
      `预算执行率 ${formatPct(h.exec_rate)}`,
      `红灯项目 ${formatInt(s.warnings.red)} 个（预算 ${formatWan(s.warnings.redBudget)}）`,
      `黄灯项目 ${formatInt(s.warnings.yellow)} 个`,
      `绿灯项目 ${formatInt(s.warnings.green)} 个`,
    ])
      expect(text).toContain(figure);
    expect(text).toContain('一、总体情况');
    expect(text).toContain('五、工作建议（初稿，请结合实际修改）');
    expect(xml).toContain('w:tblLayout w:type="fixed"');
    expect(xml).not.toContain('w:fldChar'); // no field that needs updating (the page number is in the footer)
  });

  it('the appendix workbook: one sheet per list, in order, with every row', async () => {
    const files = unzipSync(await buildAppendix(d, ctx));
    const names = [...strFromU8(files['xl/workbook.xml']).matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(APPENDIX_SHEETS);
    const rows = (i: number) => (strFromU8(files[`xl/worksheets/sheet${i}.xml`]).match(/<row /g) ?? []).length;
    expect(rows(1)).toBe(2 + d.red.length); // caption, header, rows
    expect(rows(2)).toBe(2 + d.yellow.length);
    expect(rows(3)).toBe(2 + d.ranking.length);
    // The 全区 row, last, has no place of its own: 名次 shows —, not 0.
    const XLSX = await import('@e965/xlsx');
    const ranking = XLSX.utils.sheet_to_json<unknown[]>(XLSX.read(await buildAppendix(d, ctx)).Sheets[APPENDIX_SHEETS[2]], { header: 1 });
    expect(ranking.at(-1)?.slice(0, 2)).toEqual(['—', '全区']);
    expect(ranking[2][0]).toBe(1);
    // As it prints: A4 landscape, one page wide, caption and header on every page; a long 预警原因 wraps in a taller row.
    const sheet1 = strFromU8(files['xl/worksheets/sheet1.xml']);
    expect(sheet1).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
    expect(sheet1).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/);
    expect(strFromU8(files['xl/workbook.xml'])).toContain(
      `<definedName name="_xlnm.Print_Titles" localSheetId="0">&apos;红灯项目&apos;!$1:$2</definedName>`,
    );
    expect(sheet1).toMatch(/<row r="3" ht="(34|50|66)" customHeight="1"/);
  });
});
