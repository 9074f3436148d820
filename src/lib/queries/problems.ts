/** 共性问题: problem categories from 存在问题 sentences (see domain/problemTaxonomy.ts). */
import { factsSource, type Filters } from './filters';
import { sqlQuery } from './query';
import { QUERY_OMITS } from './omits';

export interface CategoryCountRow {
  category: string;
  reports: number;
  towns: number;
  projects: number;
  sentences: number;
}

export function problemCategoriesQuery(f: Filters) {
  const s = factsSource(f, QUERY_OMITS.problemCategories, 'r');
  return sqlQuery<CategoryCountRow>(
    'problemCategories',
    `
SELECT t.category, count(DISTINCT t.report_id) AS reports, count(DISTINCT r.town) AS towns,
  count(DISTINCT r.town || '|' || r.project_name) AS projects, count(*) AS sentences
FROM problem_tags t JOIN ${s.from} USING (report_id) ${s.where}
GROUP BY t.category ORDER BY reports DESC, t.category`,
    s.params,
  );
}

export interface TownCategoryRow {
  town: string;
  category: string;
  reports: number;
}

export function problemTownMatrixQuery(f: Filters) {
  const s = factsSource(f, QUERY_OMITS.problemTownMatrix, 'r');
  return sqlQuery<TownCategoryRow>(
    'problemTownMatrix',
    `
SELECT r.town, t.category, count(DISTINCT t.report_id) AS reports
FROM problem_tags t JOIN ${s.from} USING (report_id) ${s.where}
GROUP BY ALL ORDER BY ALL`,
    s.params,
  );
}

export interface YearCategoryRow {
  budget_year: number;
  category: string;
  reports: number;
}

export function problemByYearQuery(f: Filters) {
  const s = factsSource(f, QUERY_OMITS.problemByYear, 'r');
  return sqlQuery<YearCategoryRow>(
    'problemByYear',
    `
SELECT r.budget_year, t.category, count(DISTINCT t.report_id) AS reports
FROM problem_tags t JOIN ${s.from} USING (report_id) ${s.where}
GROUP BY ALL ORDER BY ALL`,
    s.params,
  );
}

export interface SentenceRow {
  report_id: string;
  town: string;
  project_name: string;
  budget_year: number;
  round_label: string;
  category: string;
  sentence: string;
}

export function problemSentencesQuery(f: Filters, limit = 1000) {
  const s = factsSource(f, ['category'], 'r');
  const params = [...s.params];
  let cat = '';
  if (f.category !== null) {
    cat = `${s.where ? ' AND' : ' WHERE'} t.category = ?`;
    params.push(f.category);
  }
  return sqlQuery<SentenceRow>(
    'problemSentences',
    `
SELECT t.report_id, r.town, r.project_name, r.budget_year, r.round_label, t.category, t.sentence
FROM problem_tags t JOIN ${s.from} USING (report_id) ${s.where}${cat}
ORDER BY r.budget_year DESC, r.town, r.project_name, t.sentence_no
LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
}

/**
 * Problems that came back: the same category for the same project (town + 项目名称) in a later
 * budget year, after 改进措施 were promised the year before. Uses each project's latest report
 * per year; the year filter selects the later year.
 */
export interface RecurringRow {
  town: string;
  project_name: string;
  category: string;
  first_year: number;
  later_year: number;
  earlier_sentence: string;
  promised_measures: string | null;
  later_sentence: string;
  later_report_id: string;
}

export function recurringProblemsQuery(f: Filters, limit = 1000) {
  const s = factsSource({ ...f, round: null }, ['round', 'category'], 'b');
  const params = [...s.params];
  let cat = '';
  if (f.category !== null) {
    cat = ' AND tb.category = ?';
    params.push(f.category);
  }
  return sqlQuery<RecurringRow>(
    'recurringProblems',
    `
WITH tagged AS (
  SELECT r.report_id, r.town, r.project_name, r.budget_year, r.measures, t.category, min(t.sentence) AS sentence
  FROM report_facts r JOIN problem_tags t USING (report_id)
  WHERE r.is_latest AND t.category <> 'other'
  GROUP BY ALL
)
SELECT tb.town, tb.project_name, tb.category, ta.budget_year AS first_year, tb.budget_year AS later_year,
  ta.sentence AS earlier_sentence, ta.measures AS promised_measures, tb.sentence AS later_sentence, tb.report_id AS later_report_id
FROM tagged tb
JOIN ${s.from} ON b.report_id = tb.report_id
JOIN tagged ta ON ta.town = tb.town AND ta.project_name = tb.project_name AND ta.category = tb.category
  AND ta.budget_year = tb.budget_year - 1
${s.where || 'WHERE true'}${cat}
ORDER BY tb.budget_year DESC, tb.town, tb.project_name, tb.category
LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
}

/**
 * Problems that keep coming back in the same budget unit (any of its projects): a category found
 * in at least two budget years of the unit, with the years and how many reports carried it.
 */
export interface UnitRecurringRow {
  budget_unit: string;
  town: string;
  category: string;
  years: string;
  n_years: number;
  reports: number;
  projects: number;
}

export function recurringByUnitQuery(f: Filters, limit = 1000) {
  const s = factsSource({ ...f, year: null, round: null }, ['year', 'round', 'category'], 'r');
  const params = [...s.params];
  let cat = '';
  if (f.category !== null) {
    cat = `${s.where ? ' AND' : ' WHERE'} t.category = ?`;
    params.push(f.category);
  }
  return sqlQuery<UnitRecurringRow>(
    'recurringByUnit',
    `
SELECT r.budget_unit, min(r.town) AS town, t.category,
  string_agg(DISTINCT CAST(r.budget_year AS VARCHAR), '、' ORDER BY CAST(r.budget_year AS VARCHAR)) AS years,
  count(DISTINCT r.budget_year) AS n_years, count(DISTINCT r.report_id) AS reports,
  count(DISTINCT r.project_name) AS projects
FROM problem_tags t JOIN ${s.from} USING (report_id) ${s.where}${cat}${s.where || cat ? ' AND' : ' WHERE'} t.category <> 'other'
GROUP BY r.budget_unit, t.category
HAVING count(DISTINCT r.budget_year) >= 2
ORDER BY n_years DESC, reports DESC, r.budget_unit, t.category
LIMIT ${Math.max(1, Math.floor(limit))}`,
    params,
  );
}
