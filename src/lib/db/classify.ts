/**
 * 存在问题 text → the categories of each of its sentences, by the very SQL that builds
 * `problem_tags` (views/problems.ts) over an input table of its own: `npm run classify` and the
 * corpus test measure the classifier the 共性问题 view counts with.
 */
import type { Engine } from '../engine/types';
import { rowsToIPC } from './arrow';
import { problemViewsSql } from './views/problems';

export interface ClassifiedSentence {
  /** 1-based line of the input. */
  line: number;
  sentence_no: number;
  sentence: string;
  /** Category ids, sorted; empty when the sentence says there is no problem. */
  categories: string[];
}

/** Needs the schema's `problem_taxonomy` (initSchema). One text per line of input. */
export async function classifyTexts(engine: Engine, texts: string[]): Promise<ClassifiedSentence[]> {
  await engine.exec('DROP TABLE IF EXISTS classify_input');
  const input = texts.map((problems, i) => ({ report_id: String(i + 1), problems }));
  await engine.insertArrowIPC(
    'classify_input',
    rowsToIPC(input, [
      ['report_id', 'utf8'],
      ['problems', 'utf8'],
    ]),
    true,
  );
  await engine.exec(problemViewsSql('classify_input', 'classify_'));
  const rows = await engine.query<Omit<ClassifiedSentence, 'categories'> & { categories: Iterable<string> }>(
    `SELECT CAST(s.report_id AS INTEGER) AS line, s.sentence_no, s.sentence,
            coalesce(list_sort(list(DISTINCT t.category) FILTER (WHERE t.category IS NOT NULL)), []) AS categories
     FROM classify_problem_sentences s
     LEFT JOIN classify_problem_tags_v t ON t.report_id = s.report_id AND t.sentence_no = s.sentence_no
     GROUP BY ALL ORDER BY line, s.sentence_no`,
  );
  // A LIST column arrives as an Arrow vector: made a plain array here.
  return rows.map((r) => ({ ...r, categories: [...r.categories] }));
}

/** The categories given to each text (its sentences' together), in input order: what a labelled corpus is scored on. */
export async function categoriesOfTexts(engine: Engine, texts: string[]): Promise<string[][]> {
  const out = await classifyTexts(engine, texts);
  return texts.map((_, i) => [...new Set(out.filter((o) => o.line === i + 1).flatMap((o) => o.categories))].sort());
}
