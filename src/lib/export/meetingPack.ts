/**
 * The print layout of the meeting pack (A4 landscape, one page per chart): run every chart's query and
 * render it as a picture. The .pptx deck with native charts is outputs/deck.ts.
 */
import type { Engine } from '../engine/types';
import type { Filters } from '../queries/filters';
import { runQuery } from '../queries/query';
import { riskListQuery } from '../queries/riskList';
import { PACK_CHARTS, chartOmits } from '../charts/registry';
import { captionText, captionedOption, describeFiltersApplied, type ExportContext } from './caption';
import { planPack } from './packPlan';
import { renderPng, type PngImage } from './render';

export type SlideSpec =
  | { kind: 'title'; title: string; lines: string[] }
  | { kind: 'chart'; title: string; caption: string; png: Uint8Array; width: number; height: number }
  | { kind: 'table'; title: string; caption: string; headers: string[]; rows: string[][]; widths?: number[] };

export interface PackImages {
  slides: SlideSpec[];
  images: { title: string; caption: string; image: PngImage }[];
}

export async function buildPack(engine: Engine, f: Filters, ctx: ExportContext, onProgress?: (m: string) => void): Promise<PackImages> {
  const rendered = new Map<string, { title: string; image: PngImage; caption: string }>();
  for (const [i, c] of PACK_CHARTS.entries()) {
    onProgress?.(`正在生成图表 ${i + 1}/${PACK_CHARTS.length}…`);
    const rows = await runQuery(engine, c.query(f));
    const option = c.option(rows, f);
    const title = option.title?.text ?? c.id;
    // Each chart's caption states the filters it applies (a trend shows every year whatever the year filter).
    const own = { ...ctx, filters: describeFiltersApplied(f, chartOmits(c.id)) };
    rendered.set(c.id, { title, image: await renderPng(captionedOption(option, own), c.width, c.height, 2), caption: captionText(own) });
  }
  const risk = await runQuery(engine, riskListQuery(f));
  const plan = planPack(
    ctx,
    PACK_CHARTS.map((c) => ({ id: c.id, title: rendered.get(c.id)!.title })),
    risk,
  );
  const slides: SlideSpec[] = plan.map((s) => {
    if (s.kind !== 'chart') return s;
    const r = rendered.get(s.chartId)!;
    return { kind: 'chart', title: s.title, caption: r.caption, png: r.image.bytes, width: r.image.width, height: r.image.height };
  });
  const images = plan.flatMap((s) =>
    s.kind === 'chart' ? [{ title: s.title, caption: rendered.get(s.chartId)!.caption, image: rendered.get(s.chartId)!.image }] : [],
  );
  return { slides, images };
}
