import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../src/lib/engine/node';
import { FIXTURES } from './helpers';

describe('npm run summary (same queries as the screen)', () => {
  it('prints the hand-checked 2024 figures of the fixture as JSON', () => {
    const out = execFileSync(
      'node',
      ['--import', 'tsx', 'scripts/summary.ts', '--data', path.join(FIXTURES, 'small'), '--year', '2024', '--json'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    const s = JSON.parse(out);
    expect(s.filters).toBe('全区 · 2024年 · 各项目当年最新一轮');
    expect(s.headline.reports).toBe(3);
    expect(s.headline.budget_executed).toBe(456453.4);
    expect(s.headline.exec_rate).toBeCloseTo(456453.4 / 1186453.4, 10);
    expect(s.headline.at_risk).toBe(2);
    expect(s.conclusions).toEqual([
      { conclusion: '运行正常', reports: 2 },
      { conclusion: '轻度偏差', reports: 1 },
      { conclusion: '严重偏差', reports: 0 },
      { conclusion: '未填', reports: 0 },
    ]);
    expect(s.topProblems.map((p: { category: string }) => p.category).sort()).toEqual(['archive', 'budget_detail', 'exec_lag']);
  });
  it('writes the bundled sample’s 2024 money totals to the cent, without binary-double noise', () => {
    // Recomputed from data/projects.csv outside the engine: each project's latest 2024 round, summed in cents.
    const out = execFileSync('node', ['--import', 'tsx', 'scripts/summary.ts', '--year', '2024', '--json'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    const h = JSON.parse(out).headline;
    expect([h.reports, h.budget_initial, h.budget_base, h.budget_executed]).toEqual([328, 1069855161.11, 1078360609.98, 655307649.45]);
    expect(out).not.toMatch(/\d\.\d*(0{6}|9{6})\d/);
  });
  it('prints Chinese text for a briefing and rejects a bad year', () => {
    const out = execFileSync(
      'node',
      ['--import', 'tsx', 'scripts/summary.ts', '--data', path.join(FIXTURES, 'small'), '--town', '七宝镇', '--year', '2024'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(out).toContain('筛选：七宝镇 · 2024年');
    expect(out).toContain('预算执行率：36.5%（时间进度 66.7%）');
    // One town: its 预算单位 (R2 城建中心, R3 社建办), as the overview card says, not 「涉及 1 个街镇」.
    expect(out).toContain('跟踪项目（报告）：2 份，涉及 2 个预算单位');
    expect(() =>
      execFileSync('node', ['--import', 'tsx', 'scripts/summary.ts', '--year', 'x'], { cwd: repoRoot, stdio: 'pipe' }),
    ).toThrow();
  });
});
