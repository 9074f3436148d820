/**
 * Chart.svelte merges an option of the previous one's shape into the chart in place (charts/optionShape.ts)
 * instead of building every component again. Proved here on the sample data: for every chart of the
 * registry, through a series of filter changes, the chart updated that way holds exactly the option and
 * draws exactly the picture (SVG) of a chart given the same option fresh — on a wide screen and turned
 * sideways for a phone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import { runQuery } from '../../src/lib/queries/query';
import { NO_FILTERS, type Filters } from '../../src/lib/queries/filters';
import { CHARTS, type ChartSpec } from '../../src/lib/charts/registry';
import { echarts } from '../../src/lib/charts/echarts';
import { optionShape } from '../../src/lib/charts/optionShape';
import { fitTitle, narrowAxes, sideways } from '../../src/lib/charts/narrow';
import { DATA, engineWith } from './helpers';

const STATES: Partial<Filters>[] = [
  { year: 2024 },
  { year: 2023 },
  { town: '华漕镇' },
  { atRisk: true },
  { town: '七宝镇' },
  { year: 2024, atRisk: false },
  { town: null, category: 'exec_lag' },
  { category: null, year: 2022 },
  { town: '不存在的镇' }, // matches nothing
];

const W = 1000;
const H = 500;
/**
 * The picture as a set of drawn elements: the renderer names classes and clip paths per instance and per
 * draw (zr3-cls-12), and a chart updated in place keeps its existing elements first (the same bars at
 * the same places, listed in another order), so ids are blanked and the element lines sorted.
 */
function canonical(svg: string): string {
  return svg
    .replace(/zr\d+-[a-z]+-?\d+/g, 'ID')
    .split('\n')
    .sort()
    .join('\n');
}

/**
 * JSON with every object's keys sorted and empty objects left out: a merged model may hold the same keys
 * in another order, and a fresh one fills in empty `label: {}` / `emphasis: {}` where a merge did not.
 */
function sortedJson(v: unknown): string {
  const empty = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0;
  const clean = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(clean);
    if (!x || typeof x !== 'object') return x;
    const kept = Object.keys(x)
      .sort()
      .map((k) => [k, clean((x as Record<string, unknown>)[k])] as const)
      .filter(([, c]) => !empty(c));
    return Object.fromEntries(kept);
  };
  return JSON.stringify(clean(v));
}

const draw = () => echarts.init(null, undefined, { renderer: 'svg', ssr: true, width: W, height: H, locale: 'ZH' });

describe('a chart updated in place equals a chart drawn fresh', () => {
  let e: Engine;
  beforeAll(async () => {
    ({ engine: e } = await engineWith([path.join(DATA, 'projects.parquet'), path.join(DATA, 'indicators.parquet')]));
  });

  it('every registry chart, through nine filter changes, wide and narrow; most changes do merge', async () => {
    let merged = 0;
    let changes = 0;
    for (const spec of Object.values(CHARTS) as unknown as ChartSpec[]) {
      for (const narrow of [false, true]) {
        const live = draw();
        let shape: string | null = null;
        let f: Filters = { ...NO_FILTERS };
        for (const s of STATES) {
          f = { ...f, ...s };
          const rows = await runQuery(e, spec.query(f));
          let option = spec.option(rows, f) as object;
          if (narrow) option = fitTitle(narrowAxes(sideways(option).option, 390), 390);
          const next = optionShape(option);
          // What Chart.svelte does.
          live.setOption(option as echarts.EChartsCoreOption, { notMerge: next !== shape });
          if (next === shape) merged++;
          changes++;
          shape = next;
          const fresh = draw();
          fresh.setOption(option as echarts.EChartsCoreOption);
          const label = `${spec.id} ${narrow ? 'narrow' : 'wide'} ${JSON.stringify(s)}`;
          expect(sortedJson(live.getOption()), label).toBe(sortedJson(fresh.getOption()));
          expect(canonical(live.renderToSVGString()), label).toBe(canonical(fresh.renderToSVGString()));
          fresh.dispose();
        }
        live.dispose();
      }
    }
    expect(merged).toBeGreaterThan(changes / 2);
  }, 120_000);

  it('the shape: same keys and kinds, data arrays as leaves, component lists item by item', () => {
    const a = { series: [{ type: 'bar', data: [1, 2] }], xAxis: { data: ['a'] } };
    expect(optionShape(a)).toBe(optionShape({ series: [{ type: 'line', data: [3, 4, 5] }], xAxis: { data: ['b', 'c'] } }));
    // A property left out, a component more, a value turned object, one set to undefined: not the same shape.
    expect(optionShape(a)).not.toBe(optionShape({ series: [{ type: 'bar' }], xAxis: { data: ['a'] } }));
    expect(optionShape(a)).not.toBe(
      optionShape({
        series: [
          { type: 'bar', data: [] },
          { type: 'bar', data: [] },
        ],
        xAxis: { data: [] },
      }),
    );
    expect(optionShape(a)).not.toBe(optionShape({ series: [{ type: 'bar', data: [1] }], xAxis: { data: ['a'], name: { text: 'x' } } }));
    expect(optionShape({ x: { a: 1 } })).not.toBe(optionShape({ x: { a: undefined } }));
    // Series in another order: a merge would match them by name, not by place.
    const named = (a: string, b: string) => ({
      series: [
        { name: a, data: [1] },
        { name: b, data: [2] },
      ],
    });
    expect(optionShape(named('甲', '乙'))).not.toBe(optionShape(named('乙', '甲')));
    expect(optionShape({ x: { a: 1 } })).not.toBe(optionShape({ x: { a: { b: 1 } } }));
  });
});
