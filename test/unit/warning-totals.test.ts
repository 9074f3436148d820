/**
 * A load report's counts past its listing limit (5,000 lines of a kind): the hints a file has are counted,
 * not only those listed, and the rows that count in no report are said in the counts line. The files are
 * made here, so every number is known by construction (see the comments).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Engine } from '../../src/lib/engine/types';
import { loadFiles, type InputFile, type LoadResult } from '../../src/lib/import/loadFiles';
import { loadedText, warningCount, warningsText } from '../../src/lib/import/report';
import { reportText } from '../../scripts/check-data';
import { engineWith } from './helpers';

const csv = (name: string, text: string): InputFile => ({ name, bytes: new Uint8Array(Buffer.from(text, 'utf8')) });
const count = async (engine: Engine, sql: string) => (await engine.query<{ n: number }>(sql))[0].n;

// 5,100 reports of 华漕镇, one round each (distinct project names).
const PROJECTS = 5_100;
const projectsCsv = () =>
  '报告编号,街镇名称,项目名称,预算单位,跟踪时段,当年预算数（元）,预算执行数（元）\n' +
  Array.from({ length: PROJECTS }, (_, i) => `P${i + 1},华漕镇,项目${i + 1},闵行区华漕镇人民政府,2024年1-8月,100000,50000`).join('\n');
// 5,100 indicator rows of reports that are not loaded (X…): none counts.
const ORPHANS = 5_100;
const orphansCsv = (prefix = 'X') =>
  '报告编号,一级目标,三级目标\n' + Array.from({ length: ORPHANS }, (_, i) => `${prefix}${i + 1},产出目标,指标${i + 1}`).join('\n');

describe('hints past the listing limit are counted', () => {
  let engine: Engine;
  let first: LoadResult;
  let second: LoadResult;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'warn-totals-'));
    fs.writeFileSync(path.join(dir, 'a.csv'), projectsCsv());
    fs.writeFileSync(path.join(dir, 'orphans.csv'), orphansCsv());
    ({ engine, load: first } = await engineWith([path.join(dir, 'a.csv'), path.join(dir, 'orphans.csv')]));
    // The same 5,100 reports appended twice more, in one load: b.csv then c.csv.
    second = await loadFiles(engine, [csv('b.csv', projectsCsv()), csv('c.csv', projectsCsv())], 'add');
  }, 120_000);

  it('indicator rows whose report is not loaded: all 5,100 counted and said, 5,000 listed', async () => {
    const r = first.reports.find((x) => x.file === 'orphans.csv')!;
    expect(r).toMatchObject({ rowsRead: ORPHANS, indicatorsLoaded: ORPHANS, indicatorsNotCounted: ORPHANS, warningsNotListed: 100 });
    // The engine holds what the report says: 5,100 indicator rows with no report.
    expect(
      await count(
        engine,
        'SELECT count(*)::INTEGER AS n FROM indicators i WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.report_id = i.report_id)',
      ),
    ).toBe(ORPHANS);
    expect(warningCount(r)).toBe(ORPHANS);
    expect(warningsText(r)).toBe('提示 5100 条（列出 5000 条）');
    expect(loadedText(r)).toBe('指标 5100 条，其中 5100 条找不到所属的项目报告、不计入统计，见提示');
    const summary = r.warnings.filter((w) => w.summary);
    expect(summary.map((w) => w.reason)).toEqual([
      '本文件共有 5100 条指标找不到所属的项目报告（已加载的项目表中没有这些报告），不计入任何报告；以下只列出前 5000 条',
    ]);
    expect(r.warnings.filter((w) => !w.summary)).toHaveLength(5_000);
    expect(reportText(r).split('\n')[0]).toBe(
      '✓ orphans.csv（指标表，CSV，utf-8）：读取 5100 行，加载 5100 行（指标 5100 条，其中 5100 条找不到所属的项目报告、不计入统计，见提示），拒收 0 行，提示 5100 条（列出 5000 条）',
    );
    // The projects file of that load has no hint.
    expect(warningsText(first.reports.find((x) => x.file === 'a.csv')!)).toBe('提示 0 条');
  });

  it('reports that no longer count: each file gets its exact total, 5,000 of them listed per file', async () => {
    // Each 报告编号 now has three rows (a, b, c); c.csv, loaded last, counts: 10,200 rows do not.
    expect(await count(engine, 'SELECT ((SELECT count(*) FROM projects) - (SELECT count(*) FROM report_facts))::INTEGER AS n')).toBe(
      2 * PROJECTS,
    );
    const [b, c] = ['b.csv', 'c.csv'].map((f) => second.reports.find((x) => x.file === f)!);
    // b.csv's 5,100 rows do not count (a hint on each); a.csv's 5,100 rows, loaded before, are said on the
    // c.csv rows that replace them. Each file lists its first 5,000.
    expect(b.projectsNotCounted).toBe(PROJECTS);
    expect(c.projectsNotCounted).toBeUndefined();
    for (const r of [b, c]) {
      expect(warningCount(r)).toBe(PROJECTS);
      expect(warningsText(r)).toBe('提示 5100 条（列出 5000 条）');
      expect(r.warnings.filter((w) => w.summary).map((w) => w.reason)).toEqual([
        '已加载的数据中共有 10200 行项目报告因重复或被更正而不计入统计；本文件的 5100 条此类提示，以下只列出 5000 条',
      ]);
    }
    expect(b.warnings.find((w) => w.row === 2)?.reason).toBe(
      '本行与 c.csv 第 2 行的报告编号同为 P1，是重复的报告；后加载的一份计入：计入 c.csv 第 2 行，本行不计入统计',
    );
    expect(c.warnings.find((w) => w.row === 2)?.reason).toBe(
      '本行与之前加载的 a.csv 第 2 行的报告编号同为 P1，是重复的报告；后加载的一份计入：计入本行，a.csv 第 2 行 不再计入统计',
    );
  });

  it('each file lists its own rows: a second file of orphans is listed though the first filled the limit', async () => {
    const more = await loadFiles(
      engine,
      [csv('o1.csv', orphansCsv('Z')), csv('o2.csv', '报告编号,一级目标,三级目标\nY1,产出目标,指标')],
      'add',
    );
    const o2 = more.reports.find((x) => x.file === 'o2.csv')!;
    expect(o2.indicatorsNotCounted).toBe(1);
    expect(warningsText(o2)).toBe('提示 1 条');
    expect(o2.warnings.map((w) => w.row)).toEqual([2]);
    expect(warningsText(more.reports.find((x) => x.file === 'o1.csv')!)).toBe('提示 5100 条（列出 5000 条）');
  });
});
