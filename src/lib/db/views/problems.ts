/**
 * 存在问题 text → sentences → categories (keywords from domain/problemTaxonomy.ts, held in the
 * problem_taxonomy table). See docs/problem-taxonomy.md.
 */

export const PROBLEM_VIEWS_SQL = `
-- 存在问题 split into sentences: at 。；; and line breaks, numbering such as （1） 1、 ① removed.
CREATE OR REPLACE VIEW problem_sentences AS
WITH s AS (
  SELECT report_id, generate_subscripts(parts, 1) AS sentence_no, unnest(parts) AS raw
  FROM (SELECT report_id, string_split_regex(problems, '[。；;\n]') AS parts FROM projects_current WHERE problems IS NOT NULL)
)
SELECT report_id, sentence_no,
  trim(regexp_replace(raw, '^[\\s　]*([（(]?[0-9一二三四五六七八九十]+[)）、.．]|[①-⑩])[\\s　]*', '')) AS sentence
FROM s
WHERE length(trim(regexp_replace(raw, '^[\\s　]*([（(]?[0-9一二三四五六七八九十]+[)）、.．]|[①-⑩])[\\s　]*', ''))) >= 4;

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
