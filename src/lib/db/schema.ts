/**
 * The DuckDB schema: the two contract tables (typed, normalised) and the derived views every
 * query reads. Thresholds come from RULES as checked numeric literals (never user text).
 * Domain rules: docs/domain-rules.md.
 */
import { PROJECT_COLUMNS, type ColumnType } from '../contract/columns';
import { RULES, type Rules } from '../domain/rules';
import type { ArrowColType } from './arrow';
import { taxonomyRows } from '../domain/problemTaxonomy';

const SQL_TYPE: Record<ColumnType, string> = { text: 'VARCHAR', money: 'DOUBLE', percent: 'DOUBLE', date: 'DATE', bool: 'BOOLEAN', enum: 'VARCHAR' };
const ARROW_TYPE: Record<ColumnType, ArrowColType> = { text: 'utf8', money: 'float64', percent: 'float64', date: 'utf8', bool: 'bool', enum: 'utf8' };

/** Project columns as stored: the contract's, less the combined 跟踪时段 text, plus provenance. */
export const PROJECT_STORED = [
  ...PROJECT_COLUMNS.filter((c) => c.id !== 'period').map((c) => ({ id: c.id, sql: SQL_TYPE[c.type], arrow: ARROW_TYPE[c.type] })),
  { id: 'source_file', sql: 'VARCHAR', arrow: 'utf8' as const },
  { id: 'source_row', sql: 'INTEGER', arrow: 'int32' as const },
];

export const INDICATOR_STORED: { id: string; sql: string; arrow: ArrowColType }[] = [
  { id: 'report_id', sql: 'VARCHAR', arrow: 'utf8' },
  { id: 'seq', sql: 'INTEGER', arrow: 'int32' },
  ...['level1', 'level2', 'level3', 'annual_target', 'expected_value', 'actual', 'deviation', 'deviation_reason', 'corrective_action', 'status', 'status_reason', 'source_file']
    .map((id) => ({ id, sql: 'VARCHAR', arrow: 'utf8' as const })),
  { id: 'source_row', sql: 'INTEGER', arrow: 'int32' },
];

/**
 * Stored beside the encoded columns, set when a file's rows are stored: which load (one number per
 * file, increasing over the session) a row came from. "Load order" in the supersede rule.
 */
export const LOAD_SEQ = { id: 'load_seq', sql: 'INTEGER' } as const;
export const PROJECT_TABLE = [...PROJECT_STORED, LOAD_SEQ];
export const INDICATOR_TABLE = [...INDICATOR_STORED, LOAD_SEQ];

/**
 * One report per project and round (docs/domain-rules.md): a project is 街镇 + 预算单位 + 项目名称 + budget
 * year, a round its months. The same 报告编号 twice counts once (the one loaded last); of two reports of one
 * project and round, the later 填报日期 counts, then the one loaded last.
 */
export function sameRoundKey(alias = ''): string[] {
  const c = (id: string) => (alias ? `${alias}.${id}` : id);
  return [c('town'), c('budget_unit'), c('project_name'), `year(${c('period_end')})`, `month(${c('period_start')})`, `month(${c('period_end')})`];
}
export const CURRENT_PROJECTS_SQL = `
CREATE OR REPLACE VIEW projects_by_id AS
SELECT * FROM projects QUALIFY row_number() OVER (PARTITION BY report_id ORDER BY load_seq DESC, source_row DESC) = 1;
CREATE OR REPLACE VIEW projects_current AS
SELECT * FROM projects_by_id
QUALIFY row_number() OVER (PARTITION BY ${sameRoundKey().join(', ')} ORDER BY report_date DESC NULLS LAST, load_seq DESC, source_row DESC) = 1;`;

/** Changes whenever the stored tables or derived views change: a snapshot made by another version is not used. */
export function schemaVersion(): string {
  const text = createTablesSql() + createViewsSql() + JSON.stringify(taxonomyRows());
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

function lit(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`阈值不是有限数字：${n}`);
  return String(n);
}

export function createTablesSql(): string {
  const p = PROJECT_TABLE.map((c) => `"${c.id}" ${c.sql}`).join(', ');
  const i = INDICATOR_TABLE.map((c) => `"${c.id}" ${c.sql}`).join(', ');
  return `CREATE OR REPLACE TABLE projects (${p}); CREATE OR REPLACE TABLE indicators (${i});
CREATE TABLE IF NOT EXISTS problem_taxonomy (category VARCHAR, label VARCHAR, keyword VARCHAR, sort INTEGER);`;
}

/**
 * Pre-aggregation (as Mosaic does): the derived views are materialised as tables after every load,
 * so a filter change scans one row per report, not the million indicator rows behind it.
 */
export const REFRESH_DERIVED_SQL = `CREATE OR REPLACE TABLE report_facts AS SELECT * FROM report_facts_v;
CREATE OR REPLACE TABLE problem_tags AS SELECT * FROM problem_tags_v;`;

/** 阶段性跟踪结论 text → 运行正常 / 轻度偏差 / 严重偏差 / 未填, by keyword. */
export const CONCLUSION_CLASS_SQL = `CASE
  WHEN stage_conclusion IS NULL OR trim(stage_conclusion) = '' THEN '未填'
  WHEN stage_conclusion LIKE '%严重%' OR stage_conclusion LIKE '%50%以下%' OR stage_conclusion LIKE '%低于50%' THEN '严重偏差'
  WHEN stage_conclusion LIKE '%偏差%' OR stage_conclusion LIKE '%偏离%' OR stage_conclusion LIKE '%不正常%' OR stage_conclusion LIKE '%异常%' OR stage_conclusion LIKE '%滞后%' THEN '轻度偏差'
  WHEN stage_conclusion LIKE '%正常%' THEN '运行正常'
  ELSE '未填' END`;

export function createViewsSql(rules: Rules = RULES): string {
  const normal = lit(rules.normalBand);
  const mild = lit(rules.mildBand);
  const lag = lit(rules.lagMargin);
  const tol = lit(rules.rateMismatchTolerance);
  return `${CURRENT_PROJECTS_SQL}
CREATE OR REPLACE VIEW indicator_facts AS
SELECT report_id,
  count(*) AS n_indicators,
  count(*) FILTER (WHERE status <> 'na') AS n_applicable,
  count(*) FILTER (WHERE status = 'met') AS n_met,
  count(*) FILTER (WHERE status = 'partial') AS n_partial,
  count(*) FILTER (WHERE status = 'not_met') AS n_not_met,
  count(*) FILTER (WHERE status = 'na') AS n_na
FROM indicators GROUP BY report_id;

CREATE OR REPLACE VIEW report_base AS
SELECT p.*,
  year(p.period_end) AS budget_year,
  CAST(month(p.period_start) AS VARCHAR) || '–' || CAST(month(p.period_end) AS VARCHAR) || '月' AS round_label,
  coalesce(p.budget_adjusted, p.budget_initial) AS budget_base,
  CASE WHEN coalesce(p.budget_adjusted, p.budget_initial) > 0
       THEN p.budget_executed / coalesce(p.budget_adjusted, p.budget_initial) END AS exec_rate,
  (month(p.period_end) - 1 + day(p.period_end) / day(last_day(p.period_end))) / 12.0 AS time_progress,
  ${CONCLUSION_CLASS_SQL} AS conclusion_class,
  coalesce(f.n_indicators, 0) AS n_indicators,
  coalesce(f.n_applicable, 0) AS n_applicable,
  coalesce(f.n_met, 0) AS n_met,
  coalesce(f.n_partial, 0) AS n_partial,
  coalesce(f.n_not_met, 0) AS n_not_met,
  coalesce(f.n_na, 0) AS n_na,
  CASE WHEN coalesce(f.n_applicable, 0) > 0 THEN f.n_met / f.n_applicable END AS goal_completion,
  p.period_end = max(p.period_end) OVER (PARTITION BY p.town, p.budget_unit, p.project_name, year(p.period_end)) AS is_latest
FROM projects_current p LEFT JOIN indicator_facts f USING (report_id);

CREATE OR REPLACE VIEW report_facts_v AS
WITH b AS (
  SELECT *,
    CASE WHEN exec_rate IS NOT NULL AND time_progress > 0 THEN least(1.0, exec_rate / time_progress) END AS stage_exec_rate,
    exec_rate IS NOT NULL AND exec_rate < time_progress - ${lag} AS lagging,
    execution_rate_reported IS NOT NULL AND exec_rate IS NOT NULL AND abs(execution_rate_reported - exec_rate) > ${tol} AS rate_mismatch
  FROM report_base
), c AS (
  SELECT *,
    CASE
      WHEN stage_exec_rate IS NULL THEN NULL
      WHEN least(stage_exec_rate, coalesce(goal_completion, stage_exec_rate)) >= ${normal} THEN '运行正常'
      WHEN least(stage_exec_rate, coalesce(goal_completion, stage_exec_rate)) >= ${mild} THEN '轻度偏差'
      ELSE '严重偏差' END AS computed_band
  FROM b
)
SELECT *,
  conclusion_class <> '未填' AND computed_band IS NOT NULL AND conclusion_class <> computed_band AS conclusion_contradicts,
  concat_ws('；',
    CASE WHEN lagging THEN '执行率 ' || printf('%.1f', exec_rate * 100) || '% 低于时间进度 ' || printf('%.1f', time_progress * 100) || '%（落后 ' || printf('%.1f', (time_progress - exec_rate) * 100) || ' 个百分点）' END,
    CASE WHEN conclusion_class IN ('轻度偏差', '严重偏差') THEN '阶段性结论为' || conclusion_class END,
    CASE WHEN budget_outlook IN ('有可能完成', '确定不能完成') THEN '预算完成可能性：' || budget_outlook END,
    CASE WHEN target_outlook IN ('有可能完成', '确定不能完成') THEN '绩效目标完成可能性：' || target_outlook END,
    CASE WHEN n_not_met > 0 THEN CAST(n_not_met AS VARCHAR) || ' 项指标未完成' END
  ) AS risk_reasons,
  coalesce(lagging OR conclusion_class IN ('轻度偏差', '严重偏差') OR budget_outlook IN ('有可能完成', '确定不能完成')
    OR target_outlook IN ('有可能完成', '确定不能完成') OR n_not_met > 0, false) AS at_risk
FROM c;

-- 存在问题 split into sentences: at 。；; and line breaks, numbering such as （1） 1、 ① removed.
CREATE OR REPLACE VIEW problem_sentences AS
WITH s AS (
  SELECT report_id, generate_subscripts(parts, 1) AS sentence_no, unnest(parts) AS raw
  FROM (SELECT report_id, string_split_regex(problems, '[。；;\n]') AS parts FROM projects_current WHERE problems IS NOT NULL)
)
SELECT report_id, sentence_no,
  trim(regexp_replace(raw, '^[\s　]*([（(]?[0-9一二三四五六七八九十]+[)）、.．]|[①-⑩])[\s　]*', '')) AS sentence
FROM s
WHERE length(trim(regexp_replace(raw, '^[\s　]*([（(]?[0-9一二三四五六七八九十]+[)）、.．]|[①-⑩])[\s　]*', ''))) >= 4;

-- Each sentence tagged with every category whose keyword it contains; none → other.
CREATE OR REPLACE VIEW problem_tags_v AS
WITH m AS (
  SELECT DISTINCT s.report_id, s.sentence_no, s.sentence, t.category
  FROM problem_sentences s JOIN problem_taxonomy t ON contains(s.sentence, t.keyword)
)
SELECT * FROM m
UNION ALL
SELECT s.report_id, s.sentence_no, s.sentence, 'other' FROM problem_sentences s
WHERE NOT EXISTS (SELECT 1 FROM m WHERE m.report_id = s.report_id AND m.sentence_no = s.sentence_no);`;
}
