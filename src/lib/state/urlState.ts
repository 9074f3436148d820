/**
 * The URL holds what the user chose (never defaults): view, filters, selected project.
 * Pure encode/decode so the round trip, including invalid URLs, is unit-tested.
 */
import { NO_FILTERS, type FilterKey, type Filters } from '../queries/filters';
import { ALL_CATEGORIES, categoryLabel } from '../domain/problemTaxonomy';

export const VIEWS = ['overview', 'risk', 'indicators', 'problems', 'trends', 'project'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABEL: Record<ViewId, string> = {
  overview: '总览',
  risk: '风险项目',
  indicators: '指标完成',
  problems: '共性问题',
  trends: '趋势',
  project: '项目详情',
};

export interface AppUrlState {
  view: ViewId;
  filters: Filters;
  /** 项目详情: the report shown. */
  report: string | null;
}

export const DEFAULT_STATE: AppUrlState = { view: 'overview', filters: NO_FILTERS, report: null };

const CONCLUSIONS = new Set(['运行正常', '轻度偏差', '严重偏差', '未填']);

function text(v: string | null, max = 200): string | null {
  if (v === null) return null;
  const s = v.trim();
  return s === '' || s.length > max ? null : s;
}

export function decodeState(search: string): AppUrlState {
  const p = new URLSearchParams(search);
  const view = p.get('view');
  const year = p.get('year');
  const conclusion = p.get('conclusion');
  const yearNum = year !== null && /^\d{4}$/.test(year) ? Number(year) : null;
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as ViewId) : 'overview',
    filters: {
      town: text(p.get('town'), 40),
      year: yearNum,
      round: text(p.get('round'), 20),
      unit: text(p.get('unit')),
      conclusion: conclusion !== null && CONCLUSIONS.has(conclusion) ? conclusion : null,
      atRisk: p.get('risk') === '1',
      category: ALL_CATEGORIES.some((c) => c.id === p.get('category')) ? p.get('category') : null,
    },
    report: text(p.get('report'), 80),
  };
}

export function encodeState(s: AppUrlState): string {
  const p = new URLSearchParams();
  if (s.view !== 'overview') p.set('view', s.view);
  const f = s.filters;
  if (f.town !== null) p.set('town', f.town);
  if (f.year !== null) p.set('year', String(f.year));
  if (f.round !== null) p.set('round', f.round);
  if (f.unit !== null) p.set('unit', f.unit);
  if (f.conclusion !== null) p.set('conclusion', f.conclusion);
  if (f.atRisk) p.set('risk', '1');
  if (f.category !== null) p.set('category', f.category);
  if (s.report !== null) p.set('report', s.report);
  const q = p.toString();
  return q === '' ? '' : `?${q}`;
}

/** The URL parameters this state owns; others (`data`, `bench`) belong to the page and are kept. */
export const STATE_PARAMS = ['view', 'town', 'year', 'round', 'unit', 'conclusion', 'risk', 'category', 'report'];

/** `encoded` (from encodeState) with the parameters of `current` that the state does not own kept in front. */
export function withPageParams(current: string, encoded: string): string {
  const p = new URLSearchParams(current);
  for (const k of STATE_PARAMS) p.delete(k);
  for (const [k, v] of new URLSearchParams(encoded)) p.append(k, v);
  const q = p.toString();
  return q === '' ? '' : `?${q}`;
}

/**
 * The filters a figure applies, in words: those it does not apply (`omit`, the chart shows them
 * itself) are said as such, e.g. 「各街镇（不受街镇筛选） · 2024年」, 「华漕镇 · 历年各轮（不受年度、轮次筛选）」.
 */
export function describeFiltersApplied(f: Filters, omit: FilterKey[] = []): string {
  const o = new Set(omit);
  const parts = [
    o.has('town') ? '各街镇（不受街镇筛选）' : (f.town ?? '全区'),
    ...(o.has('year') && o.has('round') ? ['历年各轮（不受年度、轮次筛选）']
      : o.has('year') ? ['历年（不受年度筛选）', f.round ?? '各项目当年最新一轮']
      : [f.year !== null ? `${f.year}年` : '全部年度', f.round ?? '各项目当年最新一轮']),
  ];
  if (f.unit && !o.has('unit')) parts.push(f.unit);
  if (f.conclusion && !o.has('conclusion')) parts.push(f.conclusion);
  if (o.has('conclusion') && f.conclusion) parts.push('各类结论（不受结论筛选）');
  if (f.atRisk && !o.has('atRisk')) parts.push('仅预警项目');
  if (f.category && !o.has('category')) parts.push(`问题：${categoryLabel(f.category)}`);
  if (o.has('category') && f.category) parts.push('各类问题（不受问题类别筛选）');
  return parts.join(' · ');
}

/** 「华漕镇 · 2024年 · 1–8月」: the filters in words, for captions and exports. */
export function describeFilters(f: Filters): string {
  return describeFiltersApplied(f);
}
