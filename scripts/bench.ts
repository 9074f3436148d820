/**
 * The benchmark anyone can run:
 *   npm run bench -- [--scale sample|district|city] [--json] [--runs N]
 * Times every dashboard query in DuckDB-WASM (headless Chromium) and in native DuckDB on the same
 * SQL and data, the filter latency, time to first chart (cold/warm, with its parts and its floor),
 * load throughput and the page's peak memory. Writes bench-results/<scale>-latest.json.
 * Scales other than `sample` are generated into .bench-data/ (git-ignored) on first use.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { repoRoot } from '../src/lib/engine/node';
import { NO_FILTERS, type Filters } from '../src/lib/queries/filters';
import { MINHANG_TOWNS } from '../src/lib/contract/columns';
import { serveDir } from './serve';
import { writeSample } from './generate-sample';
import { PublishRefused, writeSnapshot } from './snapshot';
import { DuckDBInstance } from '@duckdb/node-api';
import { schemaVersion } from '../src/lib/db/schema';
import { SAMPLE_OPTIONS, type GenOptions } from './sample/generate';
import { dashboardQueries } from './bench/queries';
import { median, pct, runNative } from './bench/native';
import { engineCompileMs, engineQueries, filterLatency, firstChart, ingestFloorIn, loadThroughput, peakRendererMB } from './bench/browser';
import { PRERENDER_FILE } from '../src/lib/queries/prerender';
import { argValue } from './cli/dataDir';

const years = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const CITY_UNITS = Array.from({ length: 16 }, (_, d) =>
  MINHANG_TOWNS.map(
    (t) =>
      `${['浦东', '黄浦', '徐汇', '长宁', '静安', '普陀', '虹口', '杨浦', '闵行', '宝山', '嘉定', '金山', '松江', '青浦', '奉贤', '崇明'][d]}${t}`,
  ),
).flat();

/** `byYear`: one Parquet pair per year (a city's 8 million indicator rows are not one browser-sized file). */
const SCALES: Record<string, { gen: GenOptions | null; csv: boolean; byYear: boolean; target: number }> = {
  sample: { gen: null, csv: true, byYear: false, target: 100 },
  district: { gen: { years: years(2016, 2025), rounds: [6, 8], projectsPerUnit: 250 }, csv: true, byYear: false, target: 100 },
  city: {
    gen: { years: years(2016, 2025), rounds: [6, 8], projectsPerUnit: 140, towns: CITY_UNITS.slice(0, 179) },
    csv: false,
    byYear: true,
    target: 1000,
  },
};

function chromiumPath(): string {
  const p = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((x) => x && fs.existsSync(x));
  if (!p) throw new Error('找不到 Chromium：apt-get install -y chromium fonts-noto-cjk');
  return p;
}

async function main(argv: string[]): Promise<number> {
  const scale = argValue(argv, 'scale') ?? 'sample';
  const json = argv.includes('--json');
  const runs = Number(argValue(argv, 'runs') ?? 5);
  const spec = SCALES[scale];
  if (!spec) {
    console.error(`--scale 应为 ${Object.keys(SCALES).join(' / ')}`);
    return 2;
  }
  const log = (m: string) => {
    if (!json) console.error(m);
  };

  // Data: generated once into .bench-data/<scale> (the sample is copied from data/), plus its snapshot.
  const dir = path.join(repoRoot, '.bench-data', scale);
  const parquetOf = (kind: string) =>
    fs.existsSync(dir)
      ? fs
          .readdirSync(dir)
          .filter((f) => new RegExp(`^${kind}(-\\d{4})?\\.parquet$`).test(f))
          .sort()
      : [];
  if (parquetOf('indicators').length === 0 || (spec.byYear && fs.existsSync(path.join(dir, 'indicators.parquet')))) {
    log(`preparing the ${scale} scale in ${dir} (once)…`);
    fs.rmSync(dir, { recursive: true, force: true });
    if (spec.gen) writeSample(dir, spec.gen, spec.csv ? ['csv', 'parquet'] : ['parquet'], spec.byYear);
    else {
      fs.mkdirSync(dir, { recursive: true });
      for (const f of ['projects.csv', 'indicators.csv', 'projects.parquet', 'indicators.parquet'])
        fs.copyFileSync(path.join(repoRoot, 'data', f), path.join(dir, f));
    }
  }
  const snapshotFile = path.join(dir, 'snapshot.duckdb');
  if (
    !fs.existsSync(snapshotFile) ||
    !fs.existsSync(path.join(dir, PRERENDER_FILE)) ||
    argv.includes('--new-snapshot') ||
    (await snapshotVersion(snapshotFile)) !== schemaVersion()
  ) {
    log('writing the database snapshot (npm run snapshot)…');
    try {
      await writeSnapshot(
        [...parquetOf('projects'), ...parquetOf('indicators')].map((f) => path.join(dir, f)),
        snapshotFile,
        log,
      );
    } catch (e) {
      if (!(e instanceof PublishRefused)) throw e;
      console.error(`无法在 ${scale} 规模上测量：${e.message}`);
      return 1;
    }
  }
  // App
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'index.html')) || !argv.includes('--no-build')) {
    log('building the app…');
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: repoRoot, stdio: json ? 'ignore' : 'inherit' });
  }
  const link = path.join(repoRoot, 'dist', 'bench-data');
  // Remove the link itself, never what it points to.
  const unlink = () => {
    try {
      if (fs.lstatSync(link).isSymbolicLink()) fs.unlinkSync(link);
    } catch {
      /* absent */
    }
  };
  unlink();
  fs.symlinkSync(dir, link);

  const latestYear = Math.max(...(spec.gen?.years ?? SAMPLE_OPTIONS.years));
  const filters: Filters = { ...NO_FILTERS, year: latestYear };
  const queries = dashboardQueries(filters);

  // By-year data: the browser's load is timed on the latest year's pair, the most a user would load at once.
  const pair: [string, string] = [parquetOf('projects').at(-1)!, parquetOf('indicators').at(-1)!];
  const native = await runNative(dir, pair, queries, runs, log);

  const server = await serveDir(path.join(repoRoot, 'dist'), 0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const launch = (extra: string[] = []) =>
    chromium.launch({
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        ...extra,
      ],
    });
  const wasmFile = fs.readdirSync(path.join(repoRoot, 'dist', 'assets')).find((f) => /^duckdb-eh.*\.wasm$/.test(f));
  log('browser: engine compile time, lazy (V8 default) and eager (every function)…');
  const compileLazyMs = await engineCompileMs(launch, origin, `/assets/${wasmFile}`, false, 3);
  const compileEagerMs = await engineCompileMs(launch, origin, `/assets/${wasmFile}`, true, 3);
  const browser = await launch();
  try {
    log('browser: time to first chart (cold, then warm)…');
    const url = `${origin}/?bench=1&data=bench-data`;
    const fc = await firstChart(browser, url, 600_000);
    // The default start (no ?data=): the bundled sample as the build publishes it (sample/snapshot.duckdb).
    log('browser: time to first chart of the default start (the bundled sample)…');
    const dflt = await firstChart(browser, `${origin}/?bench=1`, 600_000);
    await dflt.page.context().close();
    // The floor: the engine's full compile + native DuckDB opening the same snapshot and answering.
    const floorMs = compileEagerMs + native.snapshotOpenMs;
    const lazyFloorMs = compileLazyMs + native.snapshotOpenMs;
    log('browser: timing every dashboard query…');
    const wasm = await engineQueries(fc.page, queries, runs);
    log('browser: filter latency…');
    const towns = MINHANG_TOWNS.slice();
    const changes: Partial<Filters>[] = [];
    for (let i = 0; i < 12; i++) {
      changes.push({ town: towns[i % towns.length] });
      changes.push({ year: latestYear - (i % 3) });
      changes.push({ atRisk: i % 2 === 0 });
    }
    changes.push({ town: null, atRisk: false, year: latestYear });
    // Six clicks 50 ms apart, ending on a combination the series never showed (nothing of it cached).
    const rapid: Partial<Filters>[] = [
      { year: latestYear - 4, atRisk: true, town: towns[0] },
      ...towns.slice(1, 6).map((town) => ({ town })),
    ];
    const ft = await filterLatency(fc.page, changes, rapid);
    const latencies = ft.latencies;
    // Changes to a filter combination not seen before in the series (no result of it can be cached).
    const seen = new Set<string>([JSON.stringify(NO_FILTERS)]);
    let state: Filters = { ...NO_FILTERS };
    const firstVisits = changes.map((ch) => {
      state = { ...state, ...ch };
      const k = JSON.stringify(state);
      const fresh = !seen.has(k);
      seen.add(k);
      return fresh;
    });
    const fresh = latencies.filter((_, i) => firstVisits[i]);
    const peakUseMB = peakRendererMB();
    log('browser: load throughput…');
    await fc.page.context().close();
    await new Promise((r) => setTimeout(r, 1000)); // its renderer process ends
    // Each import in a page of its own (the dashboard on its sample, as a user starts), so its peak is its own.
    const importIn = async (files: string[]) => {
      const ctx = await browser.newContext();
      await ctx.addInitScript('window.__name = (f) => f;');
      const page = await ctx.newPage();
      await page.goto(`${origin}/?bench=1`);
      await page.waitForFunction(() => performance.getEntriesByName('first-live-chart').length > 0, undefined, { timeout: 120_000 });
      const r = await loadThroughput(
        page,
        files.map((f) => path.join(dir, f)),
      );
      const peakMB = peakRendererMB();
      await ctx.close();
      return { ...r, peakMB };
    };
    const pq = await importIn(pair);
    const csv = spec.csv ? await importIn(['projects.csv', 'indicators.csv']) : null;
    // The floor of the Parquet import, in a fresh page of its own: the same files decoded and inserted with nothing checked.
    log("browser: the import's floor (the same files taken in with nothing checked)…");
    const floor = await ingestFloorIn(browser, origin, pair, false);
    const csvFloor = spec.csv ? await ingestFloorIn(browser, origin, ['projects.csv', 'indicators.csv'], true) : null;

    const ratios = Object.fromEntries(queries.map((q) => [q.name, wasm[q.name] / Math.max(native.queries[q.name], 0.01)]));
    const ratioValues = Object.values(ratios);
    const result = {
      scale,
      machine: {
        cpus: os.cpus().length,
        cpu: os.cpus()[0]?.model,
        memGB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        date: new Date().toISOString(),
      },
      rows: native.rows,
      engineRatio: {
        perQuery: queries.map((q) => ({
          query: q.name,
          wasmMs: round(wasm[q.name]),
          nativeMs: round(native.queries[q.name]),
          ratio: round(ratios[q.name]),
        })),
        median: round(median(ratioValues)),
        max: round(Math.max(...ratioValues)),
      },
      filterLatency: {
        changes: latencies.length,
        p50Ms: round(pct(latencies, 50)),
        p95Ms: round(pct(latencies, 95)),
        maxMs: round(Math.max(...latencies)),
        newCombinations: fresh.length,
        newCombinationsP50Ms: round(pct(fresh, 50)),
        newCombinationsP95Ms: round(pct(fresh, 95)),
        longestMainThreadTaskMs: round(ft.longestTaskMs),
        rapidClicks: rapid.length,
        rapidSettleMs: round(ft.rapidSettleMs),
      },
      firstChart: {
        coldMs: round(fc.cold.totalMs),
        warmMs: round(fc.warm.totalMs),
        coldLiveMs: round(fc.cold.liveMs),
        warmLiveMs: round(fc.warm.liveMs),
        coldParts: roundAll(fc.cold.parts),
        warmParts: roundAll(fc.warm.parts),
        floorMs: round(floorMs),
        floorParts: { engineCompileMs: round(compileEagerMs), nativeOpenSnapshotMs: round(native.snapshotOpenMs) },
        lazyFloorMs: round(lazyFloorMs),
        lazyFloorParts: { engineValidateMs: round(compileLazyMs), nativeOpenSnapshotMs: round(native.snapshotOpenMs) },
        coldToFloor: round(fc.cold.totalMs / floorMs),
        warmToFloor: round(fc.warm.totalMs / floorMs),
        coldToLazyFloor: round(fc.cold.totalMs / lazyFloorMs),
        coldLiveToFloor: round(fc.cold.liveMs / floorMs),
        /** `npm start` without ?data=: the bundled sample, published by the build as a snapshot. */
        defaultStart: { coldMs: round(dflt.cold.totalMs), coldLiveMs: round(dflt.cold.liveMs), warmMs: round(dflt.warm.totalMs) },
      },
      load: {
        parquet: {
          files: pair,
          browserMs: round(pq.ms),
          rows: pq.rows,
          rowsPerSec: Math.round(pq.rows / (pq.ms / 1000)),
          nativeMs: round(native.parquetLoadMs),
          ratio: round(pq.ms / native.parquetLoadMs),
          longestMainThreadTaskMs: round(pq.longestTaskMs),
          progressMessages: pq.progress,
          /** The same files decoded and inserted with nothing checked (src/lib/import/staged/ingestFloor.ts). */
          floor: {
            rows: floor.rows,
            decodeMs: round(floor.decodeMs),
            insertScratchMs: round(floor.insertScratchMs),
            insertCompressedMs: round(floor.insertCompressedMs),
            decodeInsertCompressedRatio: round((floor.decodeMs + floor.insertCompressedMs) / native.parquetLoadMs),
            insertCompressedRatio: round(floor.insertCompressedMs / native.parquetLoadMs),
          },
        },
        csv: csv
          ? {
              browserMs: round(csv.ms),
              rows: csv.rows,
              rowsPerSec: Math.round(csv.rows / (csv.ms / 1000)),
              nativeMs: round(native.csvLoadMs ?? NaN),
              ratio: round(csv.ms / (native.csvLoadMs ?? NaN)),
              longestMainThreadTaskMs: round(csv.longestTaskMs),
              progressMessages: csv.progress,
              /** The engine's `read_csv` of the same files, every column as text, nothing checked (ingestFloor.ts). */
              floor: csvFloor && {
                rows: csvFloor.rows,
                readScratchMs: round(csvFloor.readScratchMs),
                readCompressedMs: round(csvFloor.readCompressedMs),
                readCompressedRatio: round(csvFloor.readCompressedMs / (native.csvLoadMs ?? NaN)),
              },
            }
          : null,
      },
      peakMemoryMB: { dashboard: peakUseMB, importingParquetInPage: pq.peakMB, importingCsvInPage: csv?.peakMB ?? null },
      targets: {
        engineRatioMedianLe3: median(ratioValues) <= 3,
        engineRatioMaxLe5: Math.max(...ratioValues) <= 5,
        filterP95: pct(latencies, 95) <= spec.target,
        filterP95NewCombinations: pct(fresh, 95) <= spec.target,
        firstChartLe1_2xFloor: fc.cold.totalMs <= 1.2 * floorMs,
        firstChartLe1_2xLazyFloor: fc.cold.totalMs <= 1.2 * lazyFloorMs,
        liveFirstChartLe1_2xFloor: fc.cold.liveMs <= 1.2 * floorMs,
        peakMemoryLt1GB: peakUseMB < 1024,
        loadParquetRatioLe4: pq.ms / native.parquetLoadMs <= 4,
        loadCsvRatioLe6: csv ? csv.ms / (native.csvLoadMs ?? NaN) <= 6 : null,
        importPeakMemoryLt1GB: pq.peakMB < 1024 && (csv?.peakMB ?? 0) < 1024,
        importLongestTaskLt100ms: pq.longestTaskMs < 100 && (csv?.longestTaskMs ?? 0) < 100,
      },
    };
    const outDir = path.join(repoRoot, 'bench-results');
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(path.join(outDir, `${scale}-latest.json`), JSON.stringify(result, null, 2));
    if (json) console.log(JSON.stringify(result, null, 2));
    else printTable(result);
    return 0;
  } finally {
    await browser.close();
    server.close();
    unlink();
  }
}

async function snapshotVersion(file: string): Promise<string | null> {
  try {
    const inst = await DuckDBInstance.create(':memory:');
    const c = await inst.connect();
    await c.run(`ATTACH '${file.replace(/'/g, "''")}' AS s (READ_ONLY)`);
    const v = (await c.runAndReadAll('SELECT schema_version FROM s.snapshot_meta')).getRowObjects()[0]?.schema_version;
    c.closeSync();
    inst.closeSync();
    return typeof v === 'string' ? v : null;
  } catch {
    return null;
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
function roundAll<T extends Record<string, number | null>>(o: T): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? null : round(v)])) as T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function printTable(r: any): void {
  const ok = (b: boolean) => (b ? '达标' : '未达标');
  console.log(
    `\n规模 ${r.scale}：${r.rows.projects} 份报告，${r.rows.indicators} 条指标；机器 ${r.machine.cpus} 核 ${r.machine.cpu}，${r.machine.memGB} GB\n`,
  );
  console.log('查询                        WASM ms   原生 ms   倍数');
  for (const q of r.engineRatio.perQuery)
    console.log(`${q.query.padEnd(26)} ${String(q.wasmMs).padStart(8)} ${String(q.nativeMs).padStart(9)} ${String(q.ratio).padStart(6)}`);
  console.log(
    `引擎倍数：中位数 ${r.engineRatio.median}×（≤3：${ok(r.targets.engineRatioMedianLe3)}），最大 ${r.engineRatio.max}×（≤5：${ok(r.targets.engineRatioMaxLe5)}）`,
  );
  const fl = r.filterLatency;
  console.log(`筛选响应（${fl.changes} 次）：p50 ${fl.p50Ms} ms，p95 ${fl.p95Ms} ms，最大 ${fl.maxMs} ms（${ok(r.targets.filterP95)}）`);
  console.log(
    `  其中首次出现的筛选组合 ${fl.newCombinations} 次（只有不受所改筛选影响的图表能复用已算结果）：p50 ${fl.newCombinationsP50Ms} ms，p95 ${fl.newCombinationsP95Ms} ms（${ok(r.targets.filterP95NewCombinations)}）`,
  );
  console.log(
    `  期间主线程最长任务 ${fl.longestMainThreadTaskMs ? `${fl.longestMainThreadTaskMs} ms` : '无（没有超过 50 ms 的任务）'}；每 50 ms 点击一次共 ${fl.rapidClicks} 次，最后一次点击到全部图表画完 ${fl.rapidSettleMs} ms`,
  );
  const f = r.firstChart;
  const p = f.coldParts;
  const shown = p.previewShownMs === null ? '无预先计算结果' : `预先计算结果到位 ${p.previewShownMs}`;
  console.log(`首个图表：冷启动 ${f.coldMs} ms（页面脚本 ${p.pageMs}，${shown}），热启动 ${f.warmMs} ms`);
  console.log(
    `  引擎实时计算的首个图表：冷启动 ${f.coldLiveMs} ms（页面脚本 ${p.pageMs} + 引擎下载编译实例化 ${p.engineDownloadCompileMs} + 引擎打开 ${p.engineOpenMs}；数据与引擎并行获取，其后等待数据 ${p.dataFetchMs} + 载入 ${p.dataLoadMs} + 首批查询 ${p.firstQueriesMs} + 首帧 ${p.firstFrameMs}），热启动 ${f.warmLiveMs} ms`,
  );
  console.log(
    `  下限 ${f.floorMs} ms（引擎完整编译 ${f.floorParts.engineCompileMs} + 原生打开同一快照并完成首个查询 ${f.floorParts.nativeOpenSnapshotMs}）：首个图表为其 ${f.coldToFloor} 倍（≤1.2：${ok(r.targets.firstChartLe1_2xFloor)}），实时首个图表为其 ${f.coldLiveToFloor} 倍（${ok(r.targets.liveFirstChartLe1_2xFloor)}）`,
  );
  console.log(
    `  默认启动（无 ?data=，自带示例数据的快照）：首个图表冷启动 ${f.defaultStart.coldMs} ms（下限的 ${round(f.defaultStart.coldMs / f.floorMs)} 倍），实时 ${f.defaultStart.coldLiveMs} ms，热启动 ${f.defaultStart.warmMs} ms`,
  );
  console.log(
    `  按 V8 惰性编译计的下限 ${f.lazyFloorMs} ms（仅校验 ${f.lazyFloorParts.engineValidateMs}，函数在首次调用时才编译）：首个图表为其 ${f.coldToLazyFloor} 倍（${ok(r.targets.firstChartLe1_2xLazyFloor)}）`,
  );
  console.log(
    `载入 Parquet（${r.load.parquet.files.join(' + ')}）：浏览器 ${r.load.parquet.browserMs} ms（${r.load.parquet.rowsPerSec} 行/秒），原生 ${r.load.parquet.nativeMs} ms，${r.load.parquet.ratio}×`,
  );
  const pf = r.load.parquet.floor;
  console.log(
    `  其下限（同样的文件只解码、写入，不作任何校验）：解码 ${pf.decodeMs} ms，写入未压缩表 ${pf.insertScratchMs} ms，写入压缩库 ${pf.insertCompressedMs} ms；解码 + 写入压缩库为原生的 ${pf.decodeInsertCompressedRatio}×，仅写入为 ${pf.insertCompressedRatio}×`,
  );
  if (r.load.csv)
    console.log(
      `载入 CSV：浏览器 ${r.load.csv.browserMs} ms（${r.load.csv.rowsPerSec} 行/秒），原生 ${r.load.csv.nativeMs} ms，${r.load.csv.ratio}×`,
    );
  if (r.load.csv?.floor)
    console.log(
      `  其下限（引擎自带的 read_csv 读入同样的文件，全部按文本，不作任何校验）：读入未压缩表 ${r.load.csv.floor.readScratchMs} ms，读入压缩库 ${r.load.csv.floor.readCompressedMs} ms，为原生的 ${r.load.csv.floor.readCompressedRatio}×`,
    );
  console.log(
    `页面峰值内存：看板使用（打开快照、首屏、筛选）${r.peakMemoryMB.dashboard} MB（<1 GB：${ok(r.targets.peakMemoryLt1GB)}）；在新页面中导入上述 Parquet 文件 ${r.peakMemoryMB.importingParquetInPage} MB${r.peakMemoryMB.importingCsvInPage === null ? '' : `，CSV 文件 ${r.peakMemoryMB.importingCsvInPage} MB`}`,
  );
  console.log(`\n结果已写入 bench-results/${r.scale}-latest.json`);
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      console.error(e.stack ?? e.message);
      process.exit(1);
    },
  );
}
