/**
 * The DuckDB schema: the two contract tables (typed, normalised) and the derived views every
 * query reads, assembled from db/views/ (one file per concept). The rules inside them come from
 * domain/ (thresholds in domain/rules.ts) as checked literals (domain/sqlText.ts), never user text.
 */
import { PROJECT_COLUMNS, type ColumnType } from '../contract/columns';
import { fnv64 } from '../contract/hash';
import { RULES, type Rules } from '../domain/rules';
import type { ArrowColType } from './arrow';
import { taxonomyRows } from '../domain/problemTaxonomy';
import { STATUS_RULES_VERSION } from '../domain/indicatorStatus';
import { CURRENT_PROJECTS_SQL } from './views/current';
import { factsViewsSql } from './views/facts';
import { gradedMacroSql, warningViewsSql } from './views/warnings';
import { PROBLEM_VIEWS_SQL } from './views/problems';

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'VARCHAR',
  money: 'DOUBLE',
  percent: 'DOUBLE',
  date: 'DATE',
  bool: 'BOOLEAN',
  enum: 'VARCHAR',
};
const ARROW_TYPE: Record<ColumnType, ArrowColType> = {
  text: 'utf8',
  money: 'float64',
  percent: 'float64',
  date: 'utf8',
  bool: 'bool',
  enum: 'utf8',
};

/** Project columns as stored: the contract's, less the combined 跟踪时段 text, plus provenance. */
export const PROJECT_STORED = [
  ...PROJECT_COLUMNS.filter((c) => c.id !== 'period').map((c) => ({ id: c.id, sql: SQL_TYPE[c.type], arrow: ARROW_TYPE[c.type] })),
  { id: 'source_file', sql: 'VARCHAR', arrow: 'utf8' as const },
  { id: 'source_row', sql: 'INTEGER', arrow: 'int32' as const },
];

export const INDICATOR_STORED: { id: string; sql: string; arrow: ArrowColType }[] = [
  { id: 'report_id', sql: 'VARCHAR', arrow: 'utf8' },
  { id: 'seq', sql: 'INTEGER', arrow: 'int32' },
  ...[
    'level1',
    'level2',
    'level3',
    'annual_target',
    'expected_value',
    'actual',
    'deviation',
    'deviation_reason',
    'corrective_action',
    'status',
    'status_reason',
    'source_file',
  ].map((id) => ({ id, sql: 'VARCHAR', arrow: 'utf8' as const })),
  { id: 'source_row', sql: 'INTEGER', arrow: 'int32' },
];

/**
 * Stored beside the encoded columns, set when a file's rows are stored: which load (one number per
 * file, increasing over the session) a row came from. "Load order" in the supersede rule.
 */
export const LOAD_SEQ = { id: 'load_seq', sql: 'INTEGER' } as const;
export const PROJECT_TABLE = [...PROJECT_STORED, LOAD_SEQ];
export const INDICATOR_TABLE = [...INDICATOR_STORED, LOAD_SEQ];

/** Changes whenever the stored tables, the derived views or the import's status rules change: a snapshot made by another version is not used. */
export function schemaVersion(): string {
  const text =
    createTablesSql() + createViewsSql() + REFRESH_DERIVED_SQL + JSON.stringify(taxonomyRows()) + `status:${STATUS_RULES_VERSION}`;
  return fnv64(text);
}

export function createTablesSql(): string {
  const p = PROJECT_TABLE.map((c) => `"${c.id}" ${c.sql}`).join(', ');
  const i = INDICATOR_TABLE.map((c) => `"${c.id}" ${c.sql}`).join(', ');
  return `CREATE OR REPLACE TABLE projects (${p}); CREATE OR REPLACE TABLE indicators (${i});
CREATE TABLE IF NOT EXISTS problem_taxonomy (category VARCHAR, label VARCHAR, pattern VARCHAR, sort INTEGER);`;
}

/**
 * Pre-aggregation (as Mosaic does): the derived views are materialised as tables after every load,
 * so a filter change scans one row per report, not the million indicator rows behind it. The problem
 * views read the refreshed report_facts (the current reports, one row each, 存在问题 among their
 * columns), made first: choosing the current reports again for them cost a district's load 0.4 s.
 */
export const REFRESH_DERIVED_SQL = `CREATE OR REPLACE TABLE report_facts AS SELECT * FROM report_facts_v;
${PROBLEM_VIEWS_SQL}
CREATE OR REPLACE TABLE problem_tags AS SELECT * FROM problem_tags_v;
${gradedMacroSql()}`;

/** The views over the stored tables; the problem views and the graded macros come with the refresh (they read report_facts). */
export function createViewsSql(rules: Rules = RULES): string {
  return [CURRENT_PROJECTS_SQL, factsViewsSql(), warningViewsSql(rules)].join('\n');
}
