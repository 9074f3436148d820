/**
 * Precision and recall of the 存在问题 classifier on a labelled corpus (test/fixtures/problems):
 * per category and over all (micro-averaged: every (sentence, category) decision counts once).
 * `none` is the label of a sentence that reports no problem: it is right when no category is given.
 */
import { ALL_CATEGORIES } from './problemTaxonomy';

export interface LabelledSentence {
  text: string;
  labels: string[];
}

export interface CategoryScore {
  category: string;
  label: string;
  /** Sentences labelled with it, given it, given it rightly. */
  labelled: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

/** Lines `labels<TAB>sentence`; `#` comments and blank lines skipped. */
export function parseCorpus(text: string): LabelledSentence[] {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [labels, ...rest] = l.split('\t');
      return {
        text: rest.join('\t').trim(),
        labels: labels
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x && x !== 'none'),
      };
    });
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function scoreCorpus(corpus: LabelledSentence[], predicted: string[][]): { categories: CategoryScore[]; overall: CategoryScore } {
  const categories = [...ALL_CATEGORIES.map((c) => ({ id: c.id, label: c.label })), { id: 'none', label: '无问题' }].map(
    ({ id, label }) => {
      let labelled = 0;
      let given = 0;
      let correct = 0;
      corpus.forEach((s, i) => {
        const want = id === 'none' ? s.labels.length === 0 : s.labels.includes(id);
        const got = id === 'none' ? predicted[i].length === 0 : predicted[i].includes(id);
        if (want) labelled++;
        if (got) given++;
        if (want && got) correct++;
      });
      return {
        category: id,
        label,
        labelled,
        predicted: given,
        correct,
        precision: ratio(correct, given),
        recall: ratio(correct, labelled),
      };
    },
  );
  const sum = (k: 'labelled' | 'predicted' | 'correct') => categories.reduce((s, c) => s + c[k], 0);
  const overall = {
    category: 'overall',
    label: '总体（微平均）',
    labelled: sum('labelled'),
    predicted: sum('predicted'),
    correct: sum('correct'),
    precision: ratio(sum('correct'), sum('predicted')),
    recall: ratio(sum('correct'), sum('labelled')),
  };
  return { categories, overall };
}
