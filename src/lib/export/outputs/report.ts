/**
 * The drafted 监控情况通报 (.docx), written by the `docx` library: 一、总体情况 … 五、工作建议 and 附表,
 * typeset with GB/T 9704 habits (A4, margins 37/35/28/26 mm, 标题 小标宋 二号, 正文 仿宋 三号, 一级标题 黑体,
 * fixed 28-point lines, page numbers 「— 1 —」), tables with fixed column widths, no fields to update.
 * Every number comes from the same named queries as the screen (OutputData). A draft: 工作建议 is
 * marked for the bureau to edit.
 */
import type { OutputData } from './data';
import type { ExportContext } from '../caption';
import { categoryLabel } from '../../domain/problemTaxonomy';
import { formatInt, formatPct, formatWan } from '../../domain/format';
import { measureValue, rankedTowns, type PlacedRow } from '../../charts/ranking';
import { suggestionFor } from '../../domain/suggestions';

type Docx = typeof import('docx');

const TITLE_FONT = { ascii: 'Times New Roman', eastAsia: '方正小标宋简体', hAnsi: 'Times New Roman' };
const BODY_FONT = { ascii: 'Times New Roman', eastAsia: '仿宋_GB2312', hAnsi: 'Times New Roman' };
const HEAD_FONT = { ascii: 'Times New Roman', eastAsia: '黑体', hAnsi: 'Times New Roman' };
const KAI_FONT = { ascii: 'Times New Roman', eastAsia: '楷体_GB2312', hAnsi: 'Times New Roman' };
/** Text width of the page (A4 210 mm − 28 − 26 mm) in twentieths of a point. */
const TEXT_WIDTH = 8845;

const pts = (v: number | null) => (v === null ? '—' : `${(Math.round(Math.abs(v) * 10) / 10).toFixed(1)}`);
const signed = (v: number | null) => (v === null ? '—' : `${v > 0 ? '+' : v < 0 ? '−' : ''}${pts(v)}`);

/** 「1–8月」 → 「8月底」; no round: 「各项目最近一轮跟踪时」. */
export function asOf(round: string | null): string {
  const m = round ? /–(\d{1,2})月$/.exec(round) : null;
  return m ? `截至${m[1]}月底` : '截至各项目最近一轮跟踪';
}

/** The sentences of 一、总体情况, from the headline figures (tested against the summary CLI). */
export function overallSentences(d: OutputData, scope: string): string[] {
  const h = d.headline;
  const gap = h.exec_rate === null || h.time_progress === null ? null : (h.exec_rate - h.time_progress) * 100;
  const round = d.filters.round ?? d.ranking[0]?.round_label ?? null;
  if (h.reports === 0) return [`在本通报的口径下，${scope}没有跟踪报告（见上方口径；请放宽筛选条件后重新生成）。`];
  return [
    `${asOf(d.filters.round)}，${scope}共跟踪重点项目 ${formatInt(h.reports)} 个，${h.towns === 1 ? '' : `涉及 ${formatInt(h.towns)} 个街镇，`}调整后预算 ${formatWan(h.budget_base)}，已执行 ${formatWan(h.budget_executed)}，预算执行率 ${formatPct(h.exec_rate)}，${
      gap === null ? '' : gap < 0 ? `低于时间进度 ${pts(gap)} 个百分点` : `高于时间进度 ${pts(gap)} 个百分点`
    }（时间进度 ${formatPct(h.time_progress)}）。`,
    `按预警规则，红灯项目 ${formatInt(h.red)} 个（预算 ${formatWan(h.red_budget)}），黄灯项目 ${formatInt(h.yellow)} 个（预算 ${formatWan(h.yellow_budget)}），绿灯项目 ${formatInt(h.green)} 个；阶段性结论与数据矛盾的报告 ${formatInt(h.contradictions)} 份。`,
    ...(round && !d.filters.round ? [`分街镇排名按 ${d.ranking[0]?.budget_year ?? ''}年${round} 轮次计。`] : []),
  ];
}

/**
 * The period a title names: the filters' year and round, else what the reports span — one year or
 * 「2022—2025年」, and a round only when every report is of it (a load mixing 1–6月 and 1–8月 names none).
 */
export function titlePeriod(d: OutputData): string {
  const h = d.headline;
  const year = d.filters.year ?? (h.year_min !== null && h.year_min === h.year_max ? h.year_min : null);
  const years = year !== null ? `${year}年` : h.year_min !== null && h.year_max !== null ? `${h.year_min}—${h.year_max}年` : '';
  return `${years}${d.filters.round ?? (year !== null ? (h.only_round ?? '') : '')}`;
}

type Ranked = OutputData['ranking'];

/** 「（其中乙镇、丙镇并列第 2）」: the places two or more towns share, or nothing. */
function tiesNote(placed: PlacedRow[]): string {
  const byPlace = new Map<number, string[]>();
  for (const r of placed) if (r.place !== null) byPlace.set(r.place, [...(byPlace.get(r.place) ?? []), r.town]);
  const ties = [...byPlace].filter(([, towns]) => towns.length > 1).map(([p, towns]) => `${towns.join('、')}并列第 ${p}`);
  return ties.length ? `（其中${ties.join('，')}）` : '';
}

/**
 * 二、分街镇情况's first paragraph: the order, and who is above or below the district, worded for 1, a few, or
 * many towns. Places as the ranking table gives them (`rankedTowns`): towns that read the same share a place, so
 * 「位列前三」 and 「排名靠后」 name every town tied at the edge; a town with no execution rate to compare is said apart.
 */
export function rankingSentence(ranked: Ranked, district: Ranked[number] | undefined): string {
  const placed = rankedTowns(ranked, 'gap_points');
  if (placed.length === 0) return '本期无分街镇数据。';
  const names = (rs: Ranked) => rs.map((r) => r.town).join('、');
  const when = `${placed[0].budget_year}年${placed[0].round_label}`;
  if (placed.length === 1) {
    const r = placed[0];
    return `${when}仅有${r.town}一个街镇的报告（执行率 ${formatPct(r.exec_rate)}，与时间进度之差 ${signed(r.gap_points)} 个百分点），不作街镇间比较。`;
  }
  const withPlace = placed.filter((r) => r.place !== null);
  const without = placed.filter((r) => r.place === null);
  const unranked = without.length ? `${names(without)}没有可比的执行率，未参与排名。` : '';
  // From the bottom: 1 + the towns that read lower (places are on the value as shown).
  const shown = (r: PlacedRow) => measureValue(r, 'gap_points') as number;
  const fromBottom = (r: PlacedRow) => 1 + withPlace.filter((o) => shown(o) < shown(r)).length;
  const top = withPlace.filter((r) => (r.place as number) <= 3);
  const bottom = withPlace.filter((r) => fromBottom(r) <= 3);
  const tied = (rs: PlacedRow[]) => (rs.length > 3 ? '（含并列）' : '');
  const order =
    withPlace.length <= 6 || top.length + bottom.length > withPlace.length
      ? `按执行率与时间进度之差排名（${when}），依次为${names(withPlace)}${tiesNote(withPlace)}。${unranked}`
      : `按执行率与时间进度之差排名（${when}），${names(top)}位列前三${tied(top)}，${names(bottom)}排名靠后${tied(bottom)}。${unranked}`;
  const avg = district?.gap_points ?? null;
  if (avg === null) return order;
  const above = withPlace.filter((r) => r.gap_points !== null && r.gap_points > avg);
  const below = withPlace.filter((r) => r.gap_points !== null && r.gap_points < avg);
  const level = `全区平均水平（${signed(avg)} 个百分点）`;
  const side = (rs: Ranked, word: string) => (rs.length ? `${word}${level}的有${names(rs)}` : `没有街镇${word}${level}`);
  return `${order}${side(above, '高于')}；${side(below, '低于').replace(level, '全区平均水平')}。`;
}

/** 三、预警项目's opening: the counts, and where the lists are (the 红灯 table follows when there is one). */
export function warningsSentence(red: number, yellow: number): string {
  if (red === 0 && yellow === 0) return '按预警规则，本通报口径下没有红灯或黄灯项目。';
  const counts = `按预警规则，红灯项目 ${formatInt(red)} 个、黄灯项目 ${formatInt(yellow)} 个。`;
  if (red === 0) return `${counts}黄灯项目清单见附表工作簿「黄灯项目」。`;
  return `${counts}红灯项目按落后时间进度的金额排序，${red > 20 ? '前 20 个' : `${formatInt(red)} 个`}如下（完整清单见附表工作簿「红灯项目」）：`;
}

/** 与上年同期相比: how many towns improved and who most; said plainly when none did or nothing compares. */
export function yoySentence(ranked: Ranked): string {
  const head = `与上年同期（${ranked[0]?.yoy_label ?? ''}）相比，`;
  // On the change as printed (0.1 个百分点): +0.04 reads +0.0, not an improvement; towns printing the same most are named together.
  const shown = (r: Ranked[number]) => measureValue({ ...r, gap_points: r.gap_points_yoy }, 'gap_points') as number;
  const compared = ranked.filter((r) => r.gap_points_yoy !== null);
  if (compared.length === 0) return `${head}上年同期没有可比的数据。`;
  const improved = compared.filter((r) => shown(r) > 0);
  if (improved.length === 0) return `${head}有可比数据的 ${compared.length} 个街镇执行进度均未改善。`;
  const most = Math.max(...improved.map(shown));
  const best = improved.filter((r) => shown(r) === most);
  const who =
    best.length > 1
      ? `${best.map((r) => r.town).join('、')}改善最多（均为 ${signed(most)} 个百分点）`
      : `${best[0].town}改善最多（${signed(most)} 个百分点）`;
  return `${head}${improved.length} 个街镇执行进度有所改善，其中${who}。`;
}

export async function buildReport(d: OutputData, ctx: ExportContext): Promise<Uint8Array> {
  const x: Docx = await import('docx');
  const {
    AlignmentType,
    Document,
    Footer,
    Packer,
    PageNumber,
    Paragraph,
    Table,
    TableCell,
    TableLayoutType,
    TableRow,
    TextRun,
    WidthType,
    LineRuleType,
    BorderStyle,
  } = x;
  const scope = d.filters.town ?? '全区';

  const body = (text: string, opts: { indent?: boolean; font?: typeof BODY_FONT; bold?: boolean } = {}) =>
    new Paragraph({
      indent: opts.indent === false ? undefined : { firstLine: 640 },
      alignment: AlignmentType.JUSTIFIED,
      children: [new TextRun({ text, font: opts.font ?? BODY_FONT, size: 32, bold: opts.bold })],
    });
  const heading = (text: string) =>
    new Paragraph({ indent: { firstLine: 640 }, children: [new TextRun({ text, font: HEAD_FONT, size: 32 })] });
  const sub = (text: string) => new Paragraph({ indent: { firstLine: 640 }, children: [new TextRun({ text, font: KAI_FONT, size: 32 })] });
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const table = (head: string[], rows: string[][], widths: number[]) => {
    const total = widths.reduce((a, b) => a + b, 0);
    const tw = widths.map((w) => Math.round((w / total) * TEXT_WIDTH));
    const cell = (text: string, i: number, header: boolean) =>
      new TableCell({
        width: { size: tw[i], type: WidthType.DXA },
        borders: { top: border, bottom: border, left: border, right: border },
        children: [
          new Paragraph({
            alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT,
            spacing: { line: 300, lineRule: LineRuleType.AUTO },
            children: [new TextRun({ text, font: header ? HEAD_FONT : BODY_FONT, size: 21 })],
          }),
        ],
      });
    return new Table({
      layout: TableLayoutType.FIXED,
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: tw,
      rows: [
        new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, i, true)) }),
        ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, i, false)) })),
      ],
    });
  };

  const ranked = rankedTowns(d.ranking, 'gap_points');
  const district = d.ranking.find((r) => r.is_district);

  const categories = d.categories.slice(0, 5);
  const example = (cat: string) => d.sentences.find((s) => s.category === cat);
  const recurringCats = [...new Set(d.recurring.map((r) => r.category))];

  const children = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 200, line: 700, lineRule: LineRuleType.EXACT },
      children: [new TextRun({ text: `${scope}${titlePeriod(d)}财政项目支出绩效运行监控情况通报`, font: TITLE_FONT, size: 44 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [new TextRun({ text: '（初稿，供修改）', font: KAI_FONT, size: 32 })],
    }),
    body(`口径：${ctx.filters}；${ctx.rules ?? ''}；数据来源：${ctx.source}；生成日期：${ctx.date}。`, { indent: false, font: KAI_FONT }),
    heading('一、总体情况'),
    ...overallSentences(d, scope).map((t) => body(t)),
    heading('二、分街镇情况'),
    body(rankingSentence(ranked, district) + (d.filters.town ? '（排名在全区各街镇之间，不受街镇筛选。）' : '')),
    ...(ranked.length && ranked[0].yoy_label ? [body(yoySentence(ranked))] : []),
    ...(ranked.length > 1
      ? [
          table(
            ['名次', '街镇', '执行率', '执行率−时间进度', '同比', '红灯占比', '黄灯占比'],
            ranked.map((r) => [
              r.place === null ? '—' : String(r.place),
              r.town,
              formatPct(r.exec_rate),
              signed(r.gap_points),
              signed(r.gap_points_yoy),
              formatPct(r.red_share),
              formatPct(r.yellow_share),
            ]),
            [0.7, 1.6, 1.1, 1.5, 1.1, 1, 1.1],
          ),
        ]
      : []),
    heading('三、预警项目'),
    body(warningsSentence(d.red.length, d.yellow.length)),
    ...(d.red.length
      ? [
          table(
            ['街镇', '项目名称', '调整后预算', '执行率', '预警原因'],
            d.red
              .slice(0, 20)
              .map((r) => [
                r.town,
                r.project_name,
                formatWan(r.budget_base),
                formatPct(r.exec_rate),
                r.risk_reasons.replace(/红：|黄：/g, ''),
              ]),
            [1, 2.2, 1.4, 0.9, 3.6],
          ),
        ]
      : []),
    heading('四、主要问题'),
    ...(d.recurring.length
      ? [
          body(
            `整改后再次出现的问题 ${formatInt(d.recurring.length)} 条：上一年度已提出改进措施，本年度同类问题再次出现，涉及${recurringCats.map(categoryLabel).join('、')}，应作为督促整改的重点。`,
          ),
        ]
      : []),
    ...categories.flatMap((c, i) => {
      const e = example(c.category);
      return [
        sub(`（${'一二三四五'[i]}）${categoryLabel(c.category)}`),
        body(
          `涉及报告 ${formatInt(c.reports)} 份${d.filters.town ? '' : `、${formatInt(c.towns)} 个街镇`}。${e ? `如：「${e.sentence}」（${e.town}·${e.project_name}）。` : ''}`,
        ),
      ];
    }),
    ...(categories.length || d.recurring.length ? [] : [body('本通报口径下的报告没有填写存在问题。')]),
    heading('五、工作建议（初稿，请结合实际修改）'),
    ...(categories.length
      ? categories.map((c, i) => body(`${i + 1}. ${suggestionFor(c.category)}`))
      : [body('本通报口径下没有归类的问题，暂无针对性建议。')]),
    heading('附表'),
    body('街镇排名、红灯与黄灯项目、填报一致性问题、指标偏差、问题原文与整改后再次出现的问题，见同时导出的附表工作簿（.xlsx）。', {
      indent: true,
    }),
  ];

  const doc = new Document({
    creator: '闵行区财政项目支出绩效运行监控看板',
    title: `${scope}${titlePeriod(d)}财政项目支出绩效运行监控情况通报`,
    styles: {
      default: { document: { run: { font: BODY_FONT, size: 32 }, paragraph: { spacing: { line: 560, lineRule: LineRuleType.EXACT } } } },
    },
    sections: [
      {
        properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 2098, bottom: 1984, left: 1587, right: 1474 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: BODY_FONT, size: 28 })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.pack(doc, 'uint8array');
}
