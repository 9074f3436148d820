/** The meeting outputs on the bundled sample, in Node, by the same modules as the page's buttons. */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { DATA, engineWith } from './helpers';
import type { Engine } from '../../src/lib/engine/types';
import { NO_FILTERS } from '../../src/lib/queries/filters';
import { gatherOutputData, type OutputData } from '../../src/lib/export/outputs/data';
import { buildDeck, TOP_ROWS } from '../../src/lib/export/outputs/deck';
import {
  buildReport,
  overallSentences,
  rankingSentence,
  titlePeriod,
  warningsSentence,
  yoySentence,
} from '../../src/lib/export/outputs/report';
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

  it('each slide states the filters its figure applies: the by-town and ranking slides every town, the trend slides every round', async () => {
    const town = await gatherOutputData(e, { ...f, town: '七宝镇' });
    const deck = await buildDeck(town, { ...ctx, filters: '七宝镇 · 2024年 · 各项目当年最新一轮' });
    const files = unzipSync(deck.bytes);
    const texts = Object.keys(files)
      .filter((p) => /^ppt\/slides\/slide\d+\.xml$/.test(p))
      .sort((a, b) => Number(/(\d+)\.xml$/.exec(a)![1]) - Number(/(\d+)\.xml$/.exec(b)![1]))
      .map((p) => [...strFromU8(files[p]).matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]).join(''));
    const captionOf = (title: string) => texts.find((t) => t.startsWith(title))!.match(/筛选：([^|　]*)/)![1];
    expect(captionOf('总体情况')).toBe('七宝镇 · 2024年 · 各项目当年最新一轮');
    // One town: its reports' reach is its 预算单位 (14 in the sample's 2024, counted from data/projects.csv), not 「涉及 1 个街镇」.
    const overall = texts.find((t) => t.startsWith('总体情况'))!;
    expect(overall).toContain('涉及 14 个预算单位');
    expect(overall).not.toContain('个街镇');
    expect(captionOf('各街镇预算执行率与时间进度')).toBe('各街镇（不受街镇筛选） · 2024年 · 各项目当年最新一轮');
    expect(captionOf('街镇排名表')).toBe('各街镇（不受街镇筛选） · 2024年 · 各项目当年最新一轮');
    expect(captionOf('历年各轮次：调整后预算与执行数')).toBe('七宝镇 · 历年各轮（不受年度、轮次筛选）');
    // The appendix too: its ranking sheet ranks every town, its 红灯 sheet is 七宝镇's.
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.read(await buildAppendix(town, { ...ctx, filters: '七宝镇 · 2024年 · 各项目当年最新一轮' }));
    const first = (sheet: string) => String(XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet], { header: 1 })[0][0]);
    expect(first(APPENDIX_SHEETS[2])).toMatch(/^筛选：各街镇（不受街镇筛选） · 2024年 · 各项目当年最新一轮/);
    expect(first(APPENDIX_SHEETS[0])).toMatch(/^筛选：七宝镇 · 2024年/);
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

describe('the 通报 worded for what is loaded', () => {
  const row = (town: string, gap: number | null, district = false) =>
    ({
      town,
      budget_year: 2025,
      round_label: '1–8月',
      gap_points: gap,
      exec_rate: 0.4,
      is_district: district,
    }) as OutputData['ranking'][number];
  it('one town: no ranking, no 「位列前三」 of one; a few: their order; many: top and bottom three; nobody above: said', () => {
    expect(rankingSentence([row('浦锦街道', -24.8)], row('全区', -24.8, true))).toBe(
      '2025年1–8月仅有浦锦街道一个街镇的报告（执行率 40.0%，与时间进度之差 −24.8 个百分点），不作街镇间比较。',
    );
    expect(rankingSentence([row('七宝镇', 5), row('华漕镇', -3), row('梅陇镇', -10)], row('全区', -2, true))).toBe(
      '按执行率与时间进度之差排名（2025年1–8月），依次为七宝镇、华漕镇、梅陇镇。高于全区平均水平（−2.0 个百分点）的有七宝镇；低于全区平均水平的有华漕镇、梅陇镇。',
    );
    const many = ['A镇', 'B镇', 'C镇', 'D镇', 'E镇', 'F镇', 'G镇'].map((t, i) => row(t, -i));
    expect(rankingSentence(many, row('全区', 0, true))).toBe(
      '按执行率与时间进度之差排名（2025年1–8月），A镇、B镇、C镇位列前三，E镇、F镇、G镇排名靠后。没有街镇高于全区平均水平（0.0 个百分点）；低于全区平均水平的有B镇、C镇、D镇、E镇、F镇、G镇。',
    );
    expect(rankingSentence([], undefined)).toBe('本期无分街镇数据。');
  });
  it('towns that read the same share a place: 「位列前三」 names all tied at the edge; a town without a rate is said apart', () => {
    expect(rankingSentence([row('七宝镇', 5), row('梅陇镇', -3.04), row('华漕镇', -2.96)], row('全区', -2, true))).toBe(
      '按执行率与时间进度之差排名（2025年1–8月），依次为七宝镇、华漕镇、梅陇镇（其中华漕镇、梅陇镇并列第 2）。高于全区平均水平（−2.0 个百分点）的有七宝镇；低于全区平均水平的有华漕镇、梅陇镇。',
    );
    const tied = [
      row('A镇', 5),
      row('B镇', 4),
      row('C镇', 3),
      row('D镇', 3),
      row('E镇', -1),
      row('F镇', -2),
      row('G镇', -2),
      row('H镇', null),
    ];
    expect(rankingSentence(tied, row('全区', 0, true))).toBe(
      '按执行率与时间进度之差排名（2025年1–8月），A镇、B镇、C镇、D镇位列前三（含并列），E镇、F镇、G镇排名靠后。H镇没有可比的执行率，未参与排名。高于全区平均水平（0.0 个百分点）的有A镇、B镇、C镇、D镇；低于全区平均水平的有E镇、F镇、G镇。',
    );
  });
  it('与上年同期: who improved most; none improved; nothing to compare with', () => {
    const yoy = (town: string, v: number | null) => ({ ...row(town, 0), yoy_label: '2024年1–8月', gap_points_yoy: v });
    expect(yoySentence([yoy('七宝镇', 3.2), yoy('华漕镇', 5.1), yoy('梅陇镇', -1)])).toBe(
      '与上年同期（2024年1–8月）相比，2 个街镇执行进度有所改善，其中华漕镇改善最多（+5.1 个百分点）。',
    );
    expect(yoySentence([yoy('七宝镇', -3.2), yoy('华漕镇', null)])).toBe(
      '与上年同期（2024年1–8月）相比，有可比数据的 1 个街镇执行进度均未改善。',
    );
    expect(yoySentence([yoy('七宝镇', null)])).toBe('与上年同期（2024年1–8月）相比，上年同期没有可比的数据。');
    // Two towns printing the same most are both named; +0.04 prints +0.0 and is no improvement.
    expect(yoySentence([yoy('七宝镇', 5.08), yoy('华漕镇', 5.12), yoy('梅陇镇', 0.04)])).toBe(
      '与上年同期（2024年1–8月）相比，2 个街镇执行进度有所改善，其中七宝镇、华漕镇改善最多（均为 +5.1 个百分点）。',
    );
  });
  it('the title names a round only when every report is of it, and the years the reports span', () => {
    const d = (h: Partial<OutputData['headline']>, filters: Partial<OutputData['filters']> = {}) =>
      ({ headline: { year_min: 2025, year_max: 2025, only_round: null, ...h }, filters: { ...NO_FILTERS, ...filters } }) as OutputData;
    expect(titlePeriod(d({}))).toBe('2025年'); // 1–6月 and 1–8月 reports mixed
    expect(titlePeriod(d({ only_round: '1–8月' }))).toBe('2025年1–8月');
    expect(titlePeriod(d({ year_min: 2022 }))).toBe('2022—2025年');
    expect(titlePeriod(d({ year_min: 2022 }, { year: 2024, round: '1–6月' }))).toBe('2024年1–6月');
    expect(titlePeriod(d({ year_min: null, year_max: null }))).toBe('');
  });
  it('三、预警项目 opens with what there is: none, 黄灯 only, a few 红灯, more than the 20 listed', () => {
    expect(warningsSentence(0, 0)).toBe('按预警规则，本通报口径下没有红灯或黄灯项目。');
    expect(warningsSentence(0, 4)).toBe('按预警规则，红灯项目 0 个、黄灯项目 4 个。黄灯项目清单见附表工作簿「黄灯项目」。');
    expect(warningsSentence(3, 1)).toBe(
      '按预警规则，红灯项目 3 个、黄灯项目 1 个。红灯项目按落后时间进度的金额排序，3 个如下（完整清单见附表工作簿「红灯项目」）：',
    );
    expect(warningsSentence(45, 0)).toContain('前 20 个如下');
  });
  it('a 通报 of one town does not say 「涉及 1 个街镇」', () => {
    const headline = { reports: 25, towns: 1, budget_base: 45063900, budget_executed: 31921300, exec_rate: 0.708, time_progress: 0.667 };
    const d = (town: string | null) =>
      ({
        headline: { ...headline, towns: town ? 1 : 14 },
        filters: { ...NO_FILTERS, year: 2024, town },
        ranking: [],
      }) as unknown as OutputData;
    expect(overallSentences(d('华漕镇'), '华漕镇')[0]).toBe(
      '截至各项目最近一轮跟踪，华漕镇共跟踪重点项目 25 个，调整后预算 4,506.39 万元，已执行 3,192.13 万元，预算执行率 70.8%，高于时间进度 4.1 个百分点（时间进度 66.7%）。',
    );
    expect(overallSentences(d(null), '全区')[0]).toMatch(/^截至各项目最近一轮跟踪，全区共跟踪重点项目 25 个，涉及 14 个街镇，调整后预算/);
  });
  it('a filter that matches nothing: one sentence saying so, not 「预算执行率 —，（时间进度 —）」', () => {
    const none = { headline: { reports: 0 }, filters: { ...NO_FILTERS, town: '七宝镇' }, ranking: [] } as unknown as OutputData;
    expect(overallSentences(none, '七宝镇')).toEqual(['在本通报的口径下，七宝镇没有跟踪报告（见上方口径；请放宽筛选条件后重新生成）。']);
  });
});
