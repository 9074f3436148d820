/** 共性问题 charts: categories by count, town × category, categories over the years. */
import { categoryLabel } from '../domain/problemTaxonomy';
import type { CategoryCountRow, TownCategoryRow, YearCategoryRow } from '../queries/problems';
import { tooltipLines } from './escape';
import { chartTitle, BASE_OPTION, COLORS } from './theme';
import type { ChartEvent } from './pick';

export function problemCategoriesOption(rows: CategoryCountRow[], selected: string | null, title = '存在问题分类（涉及报告数）') {
  const sorted = [...rows].reverse();
  return {
    ...BASE_OPTION,
    grid: { left: 230, right: 50, top: 48, bottom: 24, containLabel: false },
    title: chartTitle(title),
    tooltip: {
      formatter: (p: { dataIndex: number }) => {
        const r = sorted[p.dataIndex];
        return r
          ? tooltipLines([
              categoryLabel(r.category),
              `${r.reports} 份报告，${r.projects} 个项目，${r.towns} 个街镇`,
              `原文 ${r.sentences} 句`,
            ])
          : '';
      },
    },
    xAxis: { type: 'value', name: '报告数', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((r) => categoryLabel(r.category)) },
    series: [
      {
        type: 'bar',
        data: sorted.map((r) => ({
          value: r.reports,
          category: r.category,
          itemStyle: { color: COLORS.primary, opacity: selected === null || selected === r.category ? 1 : 0.35 },
        })),
        label: { show: true, position: 'right' },
      },
    ],
  };
}

export function problemTownHeatmapOption(rows: TownCategoryRow[], towns: string[], title = '街镇 × 问题分类（报告数）') {
  const cats = [...new Set(rows.map((r) => r.category))];
  const data = rows.map((r) => [cats.indexOf(r.category), towns.indexOf(r.town), r.reports]).filter((d) => d[1] >= 0);
  return {
    ...BASE_OPTION,
    grid: { left: 90, right: 20, top: 48, bottom: 150, containLabel: false },
    title: chartTitle(title),
    tooltip: {
      formatter: (p: { value: number[] }) => tooltipLines([towns[p.value[1]], categoryLabel(cats[p.value[0]]), `${p.value[2]} 份报告`]),
    },
    xAxis: { type: 'category', data: cats.map(categoryLabel), axisLabel: { rotate: 40, interval: 0, fontSize: 11 } },
    yAxis: { type: 'category', data: towns, inverse: true },
    visualMap: { min: 0, max: Math.max(1, ...rows.map((r) => r.reports)), show: false, inRange: { color: ['#f4f7fb', '#c8372d'] } },
    series: [{ type: 'heatmap', data, label: { show: true, fontSize: 10 } }],
  };
}

export function problemByYearOption(rows: YearCategoryRow[], title = '问题分类的年度变化（报告数）') {
  const years = [...new Set(rows.map((r) => r.budget_year))].sort();
  const cats = [...new Set(rows.map((r) => r.category))];
  return {
    ...BASE_OPTION,
    grid: { left: 56, right: 24, top: 48, bottom: 110, containLabel: true },
    title: chartTitle(title),
    legend: { bottom: 0, type: 'plain', textStyle: { fontSize: 11 } },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { seriesName: string; value: number; dataIndex: number }[]) =>
        tooltipLines([`${years[items[0]?.dataIndex ?? 0]}年`, ...items.map((i) => `${i.seriesName}：${i.value}`)]),
    },
    xAxis: { type: 'category', data: years.map((y) => `${y}年`) },
    yAxis: { type: 'value', name: '报告数', minInterval: 1 },
    series: cats.map((c) => ({
      name: categoryLabel(c),
      type: 'line',
      symbolSize: 6,
      data: years.map((y) => rows.find((r) => r.budget_year === y && r.category === c)?.reports ?? 0),
    })),
  };
}

/** The category behind a clicked bar (the bars are drawn in reverse order). */
export function problemCategoriesPick(rows: CategoryCountRow[], e: ChartEvent): CategoryCountRow | undefined {
  return rows[rows.length - 1 - e.dataIndex];
}

/** The town × category cell behind a click (or, for an empty cell, any row of that town). */
export function problemTownPick(rows: TownCategoryRow[], e: ChartEvent, towns: string[]): TownCategoryRow | undefined {
  const v = e.value as number[] | undefined;
  if (!v) return undefined;
  const cats = [...new Set(rows.map((r) => r.category))];
  const town = towns[v[1]];
  return rows.find((r) => r.town === town && r.category === cats[v[0]]) ?? rows.find((r) => r.town === town);
}
