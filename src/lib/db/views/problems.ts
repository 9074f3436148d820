/**
 * 存在问题 text → sentences → clauses → categories (patterns from domain/problemTaxonomy.ts, held in
 * the problem_taxonomy table). See docs/problem-taxonomy.md. The same SQL classifies the loaded
 * reports (`problem_tags`) and any text given to `npm run classify` (over its own input table).
 */
import { NO_PROBLEM_CLAUSE, PROBLEM_TAXONOMY, type ProblemCategory } from '../../domain/problemTaxonomy';
import { sqlText } from '../../domain/sqlText';

/** Numbering at the start of a sentence: （1） 1、 一、 ①. */
const NUMBERING = `'^[\\s　]*([（(]?[0-9一二三四五六七八九十]+[)）、.．]|[①-⑩])[\\s　]*'`;

/**
 * `source`: a relation with `report_id` and `problems`; `prefix` names the views made over it.
 * Views: {prefix}problem_sentences (report_id, sentence_no, sentence), {prefix}problem_tags_v
 * (report_id, sentence_no, sentence, category). A sentence is tagged with every category one of
 * whose patterns matches one of its clauses (split at ，,：: and 但); a clause that says there is no
 * problem (未发现…、暂无…、…正常/顺利/良好) is not matched; a sentence with a problem clause and no
 * category is `other`; a sentence of no-problem clauses only has no tag at all.
 */
/**
 * One constant pattern per category (its patterns as alternatives): DuckDB compiles a constant regex
 * once, where a join on a pattern column compiles one per row pair (7,800 clauses × 80 patterns of the
 * sample took 22 s; this takes well under a second). The patterns are the same rows as the
 * `problem_taxonomy` table holds.
 */
function categoryMatchSql(categories: ProblemCategory[]): string {
  return categories
    .filter((c) => c.patterns.length)
    .map(
      (c) =>
        `  SELECT clause, ${sqlText(c.id)} AS category FROM texts WHERE regexp_matches(clause, ${sqlText(c.patterns.map((p) => `(?:${p})`).join('|'))})`,
    )
    .join('\n  UNION ALL\n');
}

export function problemViewsSql(source: string, prefix = '', categories = PROBLEM_TAXONOMY): string {
  return `
-- 存在问题 split into sentences: at 。；; ！? and line breaks, numbering such as （1） 1、 ① removed. Reports
-- repeat their wording (a generated district's 69,836 reports have 2,329 texts): each distinct text is
-- split and tagged once, then joined back to the reports that wrote it.
CREATE OR REPLACE VIEW ${prefix}problem_text_sentences AS
WITH s AS (
  SELECT problems, generate_subscripts(parts, 1) AS sentence_no, unnest(parts) AS raw
  FROM (SELECT problems, string_split_regex(problems, '[。；;！!？?\\n]') AS parts
        FROM (SELECT DISTINCT problems FROM ${source} WHERE problems IS NOT NULL))
)
SELECT problems, sentence_no, trim(regexp_replace(raw, ${NUMBERING}, '')) AS sentence
FROM s
WHERE length(trim(regexp_replace(raw, ${NUMBERING}, ''))) >= 2;

CREATE OR REPLACE VIEW ${prefix}problem_sentences AS
SELECT p.report_id, s.sentence_no, s.sentence
FROM ${source} p JOIN ${prefix}problem_text_sentences s ON s.problems = p.problems;

-- Clauses of a sentence (split at ，,：: and 但).
CREATE OR REPLACE VIEW ${prefix}problem_text_clauses AS
SELECT problems, sentence_no, sentence, clause
FROM (
  SELECT problems, sentence_no, sentence, trim(unnest(string_split_regex(sentence, '[，,：:]|但是|但'))) AS clause
  FROM ${prefix}problem_text_sentences
)
WHERE clause <> '';

CREATE OR REPLACE VIEW ${prefix}problem_clauses AS
SELECT p.report_id, c.sentence_no, c.sentence, c.clause
FROM ${source} p JOIN ${prefix}problem_text_clauses c ON c.problems = p.problems;

-- Each sentence tagged with every category a pattern of which matches a problem clause; none → other.
-- The clauses are read once (MATERIALIZED: otherwise each category's match recomputes them), each
-- distinct clause is matched once, and the tags of each text are joined back to its reports.
CREATE OR REPLACE VIEW ${prefix}problem_tags_v AS
WITH cl AS MATERIALIZED (SELECT * FROM ${prefix}problem_text_clauses),
texts AS MATERIALIZED (
  SELECT clause FROM (SELECT DISTINCT clause FROM cl) WHERE NOT regexp_matches(clause, ${sqlText(NO_PROBLEM_CLAUSE)})
),
k AS MATERIALIZED (
${categoryMatchSql(categories)}
),
c AS MATERIALIZED (SELECT cl.* FROM cl SEMI JOIN texts ON texts.clause = cl.clause),
m AS MATERIALIZED (SELECT DISTINCT c.problems, c.sentence_no, c.sentence, k.category FROM c JOIN k ON k.clause = c.clause),
tagged AS MATERIALIZED (
  SELECT * FROM m
  UNION ALL
  SELECT DISTINCT c.problems, c.sentence_no, c.sentence, 'other' FROM c
  WHERE length(c.sentence) >= 4
    AND NOT EXISTS (SELECT 1 FROM m WHERE m.problems = c.problems AND m.sentence_no = c.sentence_no)
)
SELECT p.report_id, t.sentence_no, t.sentence, t.category
FROM ${source} p JOIN tagged t ON t.problems = p.problems;`;
}

/** Over the refreshed report_facts (see REFRESH_DERIVED_SQL in schema.ts). */
export const PROBLEM_VIEWS_SQL = problemViewsSql('report_facts');
