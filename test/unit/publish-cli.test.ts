/**
 * The analysts' command line as the bureau uses it: filters that match nothing, flags typed wrong,
 * a folder with one bad file, an empty or missing folder. A failed publish leaves the published
 * snapshot byte for byte as it was.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../src/lib/engine/node';
import { FIXTURES } from './helpers';

const SMALL = path.join(FIXTURES, 'small');
const run = (script: string, args: string[]) => {
  const r = spawnSync('node', ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: repoRoot, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmpDir = (files: Record<string, string> = {}) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  for (const [n, src] of Object.entries(files)) fs.copyFileSync(src, path.join(d, n));
  return d;
};

describe('summary: filters and flags that match nothing are errors, not zeros', () => {
  it('an unknown town, year or round exits 2 with the valid choices; 1-8月 as typed is 1–8月', () => {
    const town = run('summary', ['--data', SMALL, '--town', '不存在镇']);
    expect(town.code).toBe(2);
    expect(town.err).toContain('--town 街镇「不存在镇」不在已加载的数据中。可选：七宝镇、华漕镇');
    const year = run('summary', ['--data', SMALL, '--year', '2019']);
    expect(year.code).toBe(2);
    expect(year.err).toContain('年度「2019」不在已加载的数据中。可选：2023、2024');
    const round = run('summary', ['--data', SMALL, '--year', '2024', '--round', '1-8月', '--json']);
    expect(round.code).toBe(0);
    const s = JSON.parse(round.out);
    expect(s.filters).toBe('全区 · 2024年 · 1–8月');
    expect(s.headline.reports).toBe(3);
    // Indicators of R1 (2: 1 met, 1 not applicable), R2 (3) and R3 (1): hand-counted from indicators.csv.
    expect(s.indicators.total).toBe(6);
    expect(s.files.map((f: { file: string; projects: number; indicators: number }) => [f.file, f.projects, f.indicators])).toEqual([
      ['indicators.csv', 0, 6],
      ['projects.csv', 5, 0],
    ]);
  });
  it('a flag without its value and an unknown flag exit 2 in words', () => {
    const a = run('summary', ['--data', SMALL, '--town', '--json']);
    expect(a.code).toBe(2);
    expect(a.err).toContain('参数 --town 缺少取值');
    const b = run('summary', ['--data', SMALL, '--yaer', '2024']);
    expect(b.code).toBe(2);
    expect(b.err).toContain('未知的参数 --yaer');
    const c = run('summary', ['--data', path.join(os.tmpdir(), 'no-such-folder-xyz')]);
    expect(c.code).toBe(2);
    expect(c.err).toContain('数据目录不存在');
  });
  it('rejected rows are listed with the files read and exit 1 unless --allow-rejected', () => {
    const d = tmpDir({ 'projects.csv': path.join(SMALL, 'projects.csv'), 'bad-values.csv': path.join(FIXTURES, 'bad/bad-values.csv') });
    const r = run('summary', ['--data', d]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('读取 2 个文件：');
    expect(r.out).toMatch(/✓ bad-values\.csv：项目报告 \d+ 份，拒收 [1-9]\d* 行/);
    expect(r.err).toContain('被拒收，未计入以上数字');
    expect(run('summary', ['--data', d, '--allow-rejected']).code).toBe(0);
  });
});

describe('snapshot: publishing is all or nothing', () => {
  it('one refused file, an empty folder, a missing folder: refused in Chinese, the published snapshot unchanged', () => {
    const good = tmpDir({ 'projects.csv': path.join(SMALL, 'projects.csv'), 'indicators.csv': path.join(SMALL, 'indicators.csv') });
    const pub = path.join(tmpDir(), 'pub');
    const out = path.join(pub, 'snapshot.duckdb');
    const ok = run('snapshot', ['--data', good, '--out', out]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('5 份报告，6 条指标');
    const before = fs.readFileSync(out);
    const view = fs.readFileSync(path.join(pub, 'first-view.json'));

    fs.copyFileSync(path.join(FIXTURES, 'bad/image.csv'), path.join(good, 'image.csv'));
    const bad = run('snapshot', ['--data', good, '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('1 个文件未能加载，未发布，已发布的数据快照保持不变');
    const empty = run('snapshot', ['--data', tmpDir(), '--out', out]);
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('中没有可读取的数据文件');
    const missing = run('snapshot', ['--data', path.join(good, '不存在'), '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('数据目录不存在');
    expect(missing.err).not.toContain('ENOENT');
    expect(fs.readFileSync(out).equals(before)).toBe(true);
    expect(fs.readFileSync(path.join(pub, 'first-view.json')).equals(view)).toBe(true);
    expect(fs.readdirSync(pub).sort()).toEqual(['first-view.json', 'snapshot.duckdb']);
  });
});
