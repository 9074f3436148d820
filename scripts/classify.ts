/**
 * The 存在问题 classifier, by the SQL the 共性问题 view counts with:
 *   npm run classify -- [--json] [FILE]          one report's 存在问题 per line (FILE or standard input):
 *                                               each sentence with its categories
 *   npm run classify -- --corpus FILE [--json]   a labelled corpus (labels<TAB>sentence): precision and
 *                                               recall per category and overall
 */
import fs from 'node:fs';
import { createNodeEngine } from '../src/lib/engine/node';
import { initSchema } from '../src/lib/db/store';
import { categoriesOfTexts, classifyTexts } from '../src/lib/db/classify';
import { categoryLabel } from '../src/lib/domain/problemTaxonomy';
import { parseCorpus, scoreCorpus } from '../src/lib/domain/classifierScore';
import { parseFlags, runWhenMain, UsageError } from './cli/args';

const USAGE =
  '用法：npm run classify -- [--json] [文件]（每行一份报告的存在问题；不给文件则读标准输入）\n      npm run classify -- --corpus 标注语料.tsv [--json]';

async function readInput(file: string | undefined): Promise<string> {
  if (file) {
    if (!fs.existsSync(file)) throw new UsageError(`找不到文件：${file}`);
    return fs.readFileSync(file, 'utf8').replace(/^\ufeff/, '');
  }
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\ufeff/, '');
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { json: 'boolean', corpus: 'string' }, USAGE, true);
  if (positionals.length > 1) throw new UsageError(`只能给一个文件\n${USAGE}`);
  const engine = await createNodeEngine();
  await initSchema(engine);
  if (values.corpus) {
    if (!fs.existsSync(values.corpus)) throw new UsageError(`找不到文件：${values.corpus}`);
    const corpus = parseCorpus(fs.readFileSync(values.corpus, 'utf8'));
    const predicted = await categoriesOfTexts(
      engine,
      corpus.map((s) => s.text),
    );
    const score = scoreCorpus(corpus, predicted);
    if (values.json) {
      const misses = corpus
        .map((s, i) => ({ text: s.text, labels: s.labels, predicted: predicted[i] }))
        .filter((m) => m.labels.slice().sort().join() !== m.predicted.join());
      console.log(JSON.stringify({ sentences: corpus.length, ...score, misses }, null, 2));
    } else {
      console.log(`标注语料 ${corpus.length} 句：`);
      for (const c of [...score.categories, score.overall])
        console.log(
          `  ${c.label}：标注 ${c.labelled}，判出 ${c.predicted}，正确 ${c.correct}，精确率 ${pct(c.precision)}，召回率 ${pct(c.recall)}`,
        );
    }
    return 0;
  }
  const lines = (await readInput(positionals[0])).split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const out = await classifyTexts(engine, lines);
  if (values.json) console.log(JSON.stringify(out, null, 2));
  else
    for (const o of out)
      console.log(
        `第 ${o.line} 行 · 第 ${o.sentence_no} 句「${o.sentence}」：${o.categories.length ? o.categories.map(categoryLabel).join('、') : '未反映问题'}`,
      );
  return 0;
}

runWhenMain(import.meta.url, main);
