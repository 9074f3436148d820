/**
 * The dashboard's filters and how they become a WHERE clause over `report_facts` (or `graded(…)`).
 * Every value is a bound parameter. With no tracking round chosen, each project counts once per
 * year: its latest report of that year (so budgets are never summed over two rounds).
 */
import type { SqlParam } from '../engine/types';
import { DEFAULT_RULES, RULE_PARAMS, rulesParams, sameRules, type WarningRules } from '../domain/warnings';

export interface Filters {
  town: string | null;
  year: number | null;
  /** Tracking round label, e.g. 1–8月. Null: each project's latest report of the year. */
  round: string | null;
  unit: string | null;
  /** 运行正常 / 轻度偏差 / 严重偏差 / 未填 */
  conclusion: string | null;
  /** Only reports with a warning (红灯 or 黄灯) under `rules`. */
  atRisk: boolean;
  /** Only reports of this warning level under `rules`. */
  level: 'red' | 'yellow' | null;
  /** The warning rules every warning figure is computed under (domain/warnings.ts). */
  rules: WarningRules;
  /** Problem category id (see domain/problemTaxonomy.ts): reports whose 存在问题 fall in it. */
  category: string | null;
}

export const NO_FILTERS: Filters = {
  town: null,
  year: null,
  round: null,
  unit: null,
  conclusion: null,
  atRisk: false,
  level: null,
  rules: DEFAULT_RULES,
  category: null,
};

/**
 * `graded(?, …)`: report_facts with each report's warning level under the filters' rules, the
 * rules bound as parameters (db/views/warnings.ts). Put its params before the WHERE's.
 */
export function gradedFrom(f: Filters, alias = '', opts: { reasons?: boolean } = {}): Where {
  // report_facts holds level, at_risk and the reasons under the default rules: read there, nothing is graded.
  if (sameRules(f.rules, DEFAULT_RULES)) return { sql: `report_facts${alias ? ` ${alias}` : ''}`, params: [] };
  const macro = opts.reasons ? 'graded_reasons' : 'graded';
  return { sql: `${macro}(${RULE_PARAMS.map(() => '?').join(', ')})${alias ? ` ${alias}` : ''}`, params: rulesParams(f.rules) };
}

export type FilterKey = keyof Filters;

export interface Where {
  sql: string;
  params: SqlParam[];
}

/**
 * `omit` leaves out filters a chart shows itself (e.g. the by-town chart shows every town). The warning
 * filters test `at_risk` / `level`: a query with one reads `graded(…)` (gradedFrom, or factsSource,
 * which picks `report_facts` or `graded(…)` as the filters need).
 */
export function whereOf(f: Filters, omit: FilterKey[] = [], alias = ''): Where {
  const a = alias ? `${alias}.` : '';
  const parts: string[] = [];
  const params: SqlParam[] = [];
  const use = (k: FilterKey) => !omit.includes(k);
  if (use('town') && f.town !== null) {
    parts.push(`${a}town = ?`);
    params.push(f.town);
  }
  if (use('year') && f.year !== null) {
    parts.push(`${a}budget_year = ?`);
    params.push(f.year);
  }
  if (use('round')) {
    if (f.round !== null) {
      parts.push(`${a}round_label = ?`);
      params.push(f.round);
    } else parts.push(`${a}is_latest`);
  }
  if (use('unit') && f.unit !== null) {
    parts.push(`${a}budget_unit = ?`);
    params.push(f.unit);
  }
  if (use('conclusion') && f.conclusion !== null) {
    parts.push(`${a}conclusion_class = ?`);
    params.push(f.conclusion);
  }
  const level = use('level') && f.level !== null;
  if ((use('atRisk') && f.atRisk) || level) {
    parts.push(level ? `${a}level = ?` : `${a}at_risk`);
    if (level) params.push(f.level);
  }
  if (use('category') && f.category !== null) {
    parts.push(`${a}report_id IN (SELECT report_id FROM problem_tags WHERE category = ?)`);
    params.push(f.category);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** A query's report source and its WHERE: put `params` in the order `from` then `where` appear. */
export interface FactsSource {
  /** `report_facts [alias]`, or `graded(?, …) [alias]` when the levels are needed under other rules than the default. */
  from: string;
  where: string;
  params: SqlParam[];
}

/**
 * The reports a query counts, filtered. report_facts holds each report's `level`, `at_risk` and reasons
 * (`risk_reasons`, `warning_headings`) under the default rules (made once by the refresh): under those
 * rules every query reads it, nothing is graded.
 * Under other rules, a query that needs the levels (a warning filter — 仅看预警项目, 预警等级 — or
 * `grade`) reads `graded(…)`, which grades the reports again in one pass (~10 ms of a district year per
 * query in the engine; a `report_id IN (graded …)` sub-query, as this was before, graded every report of
 * every year again: 23 ms instead of 10).
 *
 * `grade`: 'filter' needs the levels only for a warning filter; 'always' for a query that counts the
 * levels itself; 'reasons' also needs the reasons in words (graded_reasons under other rules).
 */
export function factsSource(
  f: Filters,
  omit: FilterKey[] = [],
  alias = '',
  grade: 'filter' | 'always' | 'reasons' = 'filter',
): FactsSource {
  const warned = (!omit.includes('atRisk') && f.atRisk) || (!omit.includes('level') && f.level !== null);
  const g =
    grade !== 'filter' || warned
      ? gradedFrom(f, alias, { reasons: grade === 'reasons' })
      : { sql: `report_facts${alias ? ` ${alias}` : ''}`, params: [] };
  const w = whereOf(f, omit, alias);
  return { from: g.sql, where: w.sql, params: [...g.params, ...w.params] };
}
