import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../src/lib/engine/node';
import { SHOTS, chartsReady, openPage, startHarness, type Harness } from './harness';

const int = (s: string) => Number(s.replace(/[^\d]/g, ''));

describe('graded warnings and the town ranking, in the page', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('红/黄/绿 add up to the reports; a threshold changed in the panel changes them, the URL and the ranking; a reload keeps it', async () => {
    const w = await openPage(h, '?year=2024');
    await chartsReady(w.page);
    const figures = async () => ({
      reports: int(await w.page.locator('[data-figure="reports"]').innerText()),
      red: int(await w.page.locator('[data-figure="red"]').innerText()),
      yellow: int(await w.page.locator('[data-figure="yellow"]').innerText()),
      green: int(await w.page.locator('[data-figure="green"]').innerText()),
    });
    const before = await figures();
    expect(before.red + before.yellow + before.green).toBe(before.reports);
    expect(before.red).toBeGreaterThan(0);
    // The command line says the same, from the same queries.
    const cli = JSON.parse(
      execFileSync('node', ['--import', 'tsx', 'scripts/summary.ts', '--year', '2024', '--json'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    expect([cli.warnings.red, cli.warnings.yellow, cli.warnings.green]).toEqual([before.red, before.yellow, before.green]);
    expect(cli.ranking.filter((r: { is_district: boolean }) => !r.is_district)).toHaveLength(14);

    await w.page.click('[data-view="ranking"]');
    await chartsReady(w.page);
    expect(await w.page.locator('[data-table="ranking"] tbody tr').count()).toBe(14);
    const rankingBefore = await w.page.locator('[data-table="ranking"] tbody').innerText();
    expect(await w.page.locator('[data-table="ranking"] thead').innerText()).toContain('同比（2023年1–8月）');

    // 红灯 from 20 to 40 points behind: fewer 红灯, and the ranking's 红灯 columns change with them.
    await w.page.click('[data-testid="open-rules"]');
    await w.page.fill('[data-rule="redLagPoints"]', '40');
    await w.page.click('[data-testid="rules-apply"]');
    await w.page.waitForFunction(() => location.search.includes('rules=red%3A40'));
    await chartsReady(w.page);
    await w.page.waitForFunction((t) => document.querySelector('[data-table="ranking"] tbody')?.textContent !== t, rankingBefore);
    expect(await w.page.getByTestId('rules-text').innerText()).toContain('执行率落后时间进度 ≥ 40 个百分点');
    await w.page.screenshot({ path: path.join(SHOTS, 'ranking-custom-rules.png'), fullPage: true });

    await w.page.click('[data-view="overview"]');
    await chartsReady(w.page);
    const after = await figures();
    expect(after.reports).toBe(before.reports);
    expect(after.red).toBeLessThan(before.red);
    expect(after.red + after.yellow + after.green).toBe(after.reports);
    expect(await w.page.getByTestId('caption').innerText()).toContain('自定义预警规则');

    await w.page.reload();
    await chartsReady(w.page);
    expect(await figures()).toEqual(after);
    // The same rules as a file for the command line: the same counts.
    const file = path.join(SHOTS, 'rules-red40.json');
    fs.writeFileSync(file, JSON.stringify({ redLagPoints: 40 }));
    const cli40 = JSON.parse(
      execFileSync('node', ['--import', 'tsx', 'scripts/summary.ts', '--year', '2024', '--rules', file, '--json'], {
        cwd: repoRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    expect([cli40.warnings.red, cli40.warnings.yellow, cli40.warnings.green]).toEqual([after.red, after.yellow, after.green]);
    expect(w.consoleErrors).toEqual([]);
  });
});
