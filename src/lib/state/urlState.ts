/**
 * The URL holds what the user chose (never defaults): view, filters, warning rules (only what differs
 * from the default: `rules=red:25,floor:300`), selected project.
 * Pure encode/decode so the round trip, including invalid URLs, is unit-tested.
 */
import { NO_FILTERS, type Filters } from '../queries/filters';
import { ALL_CATEGORIES } from '../domain/problemTaxonomy';
import { decodeRules, encodeRules } from '../domain/warnings';

export const VIEWS = ['overview', 'risk', 'ranking', 'indicators', 'problems', 'trends', 'quality', 'project'] as const;
export type ViewId = (typeof VIEWS)[number];

export const VIEW_LABEL: Record<ViewId, string> = {
  overview: '总览',
  risk: '风险项目',
  ranking: '街镇排名',
  indicators: '指标完成',
  problems: '共性问题',
  trends: '趋势',
  quality: '填报检查',
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
      level: p.get('level') === 'red' || p.get('level') === 'yellow' ? (p.get('level') as 'red' | 'yellow') : null,
      rules: decodeRules(p.get('rules')).rules,
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
  if (f.level !== null) p.set('level', f.level);
  const rules = encodeRules(f.rules);
  if (rules !== '') p.set('rules', rules);
  if (f.category !== null) p.set('category', f.category);
  if (s.report !== null) p.set('report', s.report);
  const q = p.toString();
  return q === '' ? '' : `?${q}`;
}

/** The URL parameters this state owns; others (`data`, `bench`) belong to the page and are kept. */
export const STATE_PARAMS = ['view', 'town', 'year', 'round', 'unit', 'conclusion', 'risk', 'level', 'rules', 'category', 'report'];

/** `encoded` (from encodeState) with the parameters of `current` that the state does not own kept in front. */
export function withPageParams(current: string, encoded: string): string {
  const p = new URLSearchParams(current);
  for (const k of STATE_PARAMS) p.delete(k);
  for (const [k, v] of new URLSearchParams(encoded)) p.append(k, v);
  const q = p.toString();
  return q === '' ? '' : `?${q}`;
}
