import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { repoRoot } from '../../src/lib/engine/node';
import { buildOnce } from './harness';

// The benchmark's sample scale must run (figures are reported, not asserted: see README).
describe('npm run bench -- --scale sample', () => {
  it('runs end to end and reports every figure with its native ratio', () => {
    buildOnce();
    const out = execFileSync('node', ['--import', 'tsx', 'scripts/bench.ts', '--scale', 'sample', '--json', '--runs', '2', '--no-build'], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 420_000,
    });
    const r = JSON.parse(out);
    expect(r.rows).toEqual({ projects: 2594, indicators: 38911 });
    expect(r.engineRatio.perQuery.length).toBeGreaterThan(15);
    for (const q of r.engineRatio.perQuery) expect(q.ratio).toBeGreaterThan(0);
    expect(r.filterLatency.changes).toBe(37);
    expect(r.firstChart.coldMs).toBeGreaterThan(0);
    expect(r.firstChart.floorMs).toBeGreaterThan(0);
    expect(r.load.parquet.rows).toBe(2594 + 38911);
    expect(r.load.csv.rows).toBe(2594 + 38911);
    // The import's responsiveness is reported: its longest main-thread task and its progress messages.
    expect(r.load.parquet.longestMainThreadTaskMs).toBeGreaterThanOrEqual(0);
    expect(r.load.parquet.progressMessages).toBeGreaterThan(1);
    expect(typeof r.targets.loadParquetRatioLe4).toBe('boolean');
    // The import's floor: the same files taken in with nothing checked, every row of them, in both catalogs.
    expect(r.load.parquet.floor.rows).toBe(2594 + 38911);
    expect(r.load.csv.floor.rows).toBe(2594 + 38911);
    for (const ms of [r.load.parquet.floor.decodeMs, r.load.parquet.floor.insertScratchMs, r.load.parquet.floor.insertCompressedMs])
      expect(ms).toBeGreaterThan(0);
    expect(r.load.csv.floor.readCompressedMs).toBeGreaterThan(0);
    expect(r.peakMemoryMB.dashboard).toBeGreaterThan(0);
    // A build (when none was made yet) and a benchmark: minutes on a loaded 2-core machine, not a timing assertion.
  }, 480_000);
});
