/** The browser half of the benchmark: DuckDB-WASM in headless Chromium, driven through the page's bench hook. */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { SqlQuery } from '../../src/lib/queries/query';
import type { Filters } from '../../src/lib/queries/filters';

export interface FirstChart {
  /** Navigation → first chart drawn (pre-computed results when the published snapshot has them). */
  totalMs: number;
  /** Navigation → first chart drawn from results the engine computed on the opened data. */
  liveMs: number;
  parts: {
    pageMs: number;
    previewShownMs: number | null;
    engineDownloadCompileMs: number;
    engineOpenMs: number;
    engineMs: number;
    dataFetchMs: number;
    dataLoadMs: number;
    firstQueriesMs: number;
    firstFrameMs: number;
  };
}

type Marks = Record<string, number>;

async function marks(page: Page, timeout: number): Promise<Marks> {
  await page.waitForFunction(
    () => performance.getEntriesByName('first-live-chart').length > 0 || document.querySelector('[data-testid="fatal"]'),
    undefined,
    { timeout },
  );
  const fatal = await page.locator('[data-testid="fatal"]').count();
  if (fatal) throw new Error(`页面报错：${await page.locator('[data-testid="fatal"]').innerText()}`);
  return page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
}

function split(m: Marks): FirstChart {
  return {
    totalMs: m['first-chart'],
    liveMs: m['first-live-chart'],
    parts: {
      pageMs: m['engine-start'],
      previewShownMs: m['preview-shown'] ?? null,
      engineDownloadCompileMs: m['engine-instantiated'] - m['engine-start'],
      engineOpenMs: m['engine-ready'] - m['engine-instantiated'],
      engineMs: m['engine-ready'],
      dataFetchMs: Math.max(0, m['data-fetched'] - m['engine-ready']),
      dataLoadMs: m['data-loaded'] - m['data-fetched'],
      firstQueriesMs: m['first-live-queries'] - m['data-loaded'],
      firstFrameMs: m['first-live-chart'] - m['first-live-queries'],
    },
  };
}

export async function firstChart(
  browser: Browser,
  url: string,
  timeout: number,
): Promise<{ cold: FirstChart; warm: FirstChart; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op one.
  await ctx.addInitScript('window.__name = (f) => f;');
  const page = await ctx.newPage();
  await page.goto(url);
  const cold = split(await marks(page, timeout));
  await page.reload();
  const warm = split(await marks(page, timeout));
  return { cold, warm, page };
}

/**
 * The engine's compile time, the floor's first part, measured in browsers of its own (V8 keeps
 * compiled modules per process, so the page's own compile must not be re-used): the engine file
 * fetched, then `WebAssembly.compile` timed. With V8's default lazy compilation that call only
 * validates the module and each function is compiled on its first call; `eager` launches Chromium
 * with `--no-wasm-lazy-compilation`, so the call compiles every function (the engine's full compile).
 */
export async function engineCompileMs(
  launch: (extraArgs: string[]) => Promise<Browser>,
  origin: string,
  wasmPath: string,
  eager: boolean,
  runs: number,
): Promise<number> {
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A browser per run: V8 keeps compiled modules per process and would find the previous one.
    const browser = await launch(eager ? ['--js-flags=--no-wasm-lazy-compilation'] : []);
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/no-page-here`);
      ts.push(
        await page.evaluate(async (wasm) => {
          const bytes = await (await fetch(wasm)).arrayBuffer();
          const t = performance.now();
          await WebAssembly.compile(bytes);
          return performance.now() - t;
        }, wasmPath),
      );
    } finally {
      await browser.close();
    }
  }
  return [...ts].sort((a, b) => a - b)[Math.floor((ts.length - 1) / 2)];
}

export async function engineQueries(page: Page, queries: SqlQuery<object>[], runs: number): Promise<Record<string, number>> {
  return page.evaluate(
    async ({ qs, runs }) => {
      const engine = (window as unknown as { __bench: { session: { engine: { query(s: string, p: unknown[]): Promise<unknown[]> } } } })
        .__bench.session.engine;
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      const out: Record<string, number> = {};
      // Warm-up: every query twice over before any is timed (V8 keeps optimising the engine's hot code after start).
      for (let i = 0; i < 2; i++) for (const q of qs) await engine.query(q.sql, q.params);
      for (const q of qs) {
        await engine.query(q.sql, q.params);
        const ts: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          await engine.query(q.sql, q.params);
          ts.push(performance.now() - t);
        }
        out[q.name] = med(ts);
      }
      return out;
    },
    { qs: queries.map((q) => ({ name: q.name, sql: q.sql, params: q.params })), runs },
  );
}

export interface FilterTiming {
  /** Per scripted change: filter set → every overview chart drawn again (ms). */
  latencies: number[];
  /** The longest main-thread task during the series (ms): how long the page was ever frozen. */
  longestTaskMs: number;
  /** Five changes 50 ms apart, then: last change → settled (ms). Superseded queries are skipped, so no backlog. */
  rapidSettleMs: number;
}

/** Filter change → every overview chart drawn again, measured inside the page. */
export async function filterLatency(page: Page, changes: Partial<Filters>[], rapid: Partial<Filters>[]): Promise<FilterTiming> {
  await page.evaluate(() => (window as unknown as { __bench: { app: { setView(v: string): void } } }).__bench.app.setView('overview'));
  return page.evaluate(
    async ({ changes, rapid }) => {
      const app = (window as unknown as { __bench: { app: { filters: object; setFilter(k: string, v: unknown): void } } }).__bench.app;
      let longestTaskMs = 0;
      const obs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, e.duration);
      });
      obs.observe({ type: 'longtask' });
      const settled = () =>
        new Promise<void>((resolve) => {
          const check = () => {
            const charts = [...document.querySelectorAll('[data-chart]')];
            if (document.documentElement.dataset.pendingQueries === '0' && charts.every((c) => c.getAttribute('data-ready') === 'true'))
              resolve();
            else requestAnimationFrame(check);
          };
          requestAnimationFrame(() => requestAnimationFrame(check));
        });
      await settled();
      const latencies: number[] = [];
      for (const ch of changes) {
        const t = performance.now();
        for (const [k, v] of Object.entries(ch)) app.setFilter(k, v);
        await settled();
        latencies.push(performance.now() - t);
      }
      for (const ch of rapid) {
        for (const [k, v] of Object.entries(ch)) app.setFilter(k, v);
        await new Promise((r) => setTimeout(r, 50));
      }
      const t = performance.now() - 50;
      await settled();
      const rapidSettleMs = performance.now() - t;
      obs.disconnect();
      return { latencies, longestTaskMs, rapidSettleMs };
    },
    { changes: changes as Record<string, unknown>[], rapid: rapid as Record<string, unknown>[] },
  );
}

/**
 * Load files from disk through the page's own file picker (加载数据… → 替换当前数据), as a user does:
 * timed from the page receiving the files to the load report, disk read, worker import and engine included.
 */
export async function loadThroughput(
  page: Page,
  paths: string[],
): Promise<{ ms: number; rows: number; longestTaskMs: number; progress: number }> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __loaded: Promise<{ ms: number; rows: number; longestTaskMs: number; progress: number }>;
      __bench: { session: { loadUserFiles(f: File[], m: string): Promise<{ rowsLoaded: number }[]>; progress: string } };
    };
    const session = w.__bench.session;
    const original = session.loadUserFiles.bind(session);
    // The page stays responsive while it imports: its longest main-thread task, and how often the progress line changed.
    let longestTaskMs = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longestTaskMs = Math.max(longestTaskMs, e.duration);
    });
    w.__loaded = new Promise((resolve) => {
      session.loadUserFiles = async (files, mode) => {
        obs.observe({ type: 'longtask' });
        const seen = new Set<string>();
        const poll = setInterval(() => seen.add(session.progress), 50);
        const t = performance.now();
        const reports = await original(files, mode);
        const ms = performance.now() - t;
        clearInterval(poll);
        await new Promise((r) => setTimeout(r, 200)); // the last long task is reported
        obs.disconnect();
        resolve({ ms, rows: reports.reduce((n, r) => n + r.rowsLoaded, 0), longestTaskMs, progress: seen.size });
        return reports;
      };
    });
  });
  await page.click('[data-testid="open-data"]');
  await page.setInputFiles('[data-testid="file-input"]', paths);
  return page.evaluate(
    () => (window as unknown as { __loaded: Promise<{ ms: number; rows: number; longestTaskMs: number; progress: number }> }).__loaded,
  );
}

export interface IngestFloor {
  rows: number;
  decodeMs: number;
  insertScratchMs: number;
  insertCompressedMs: number;
}

export interface CsvIngestFloor {
  rows: number;
  readScratchMs: number;
  readCompressedMs: number;
}

/** The import's floor (src/lib/import/staged/ingestFloor.ts) in a fresh page, on files of `dist/bench-data/`. */
export async function ingestFloorIn(browser: Browser, origin: string, files: string[], csv: true): Promise<CsvIngestFloor>;
export async function ingestFloorIn(browser: Browser, origin: string, files: string[], csv: false): Promise<IngestFloor>;
export async function ingestFloorIn(
  browser: Browser,
  origin: string,
  files: string[],
  csv: boolean,
): Promise<IngestFloor | CsvIngestFloor> {
  const ctx = await browser.newContext();
  try {
    await ctx.addInitScript('window.__name = (f) => f;');
    const page = await ctx.newPage();
    await page.goto(`${origin}/?bench=1`);
    await page.waitForFunction(() => performance.getEntriesByName('first-live-chart').length > 0, undefined, { timeout: 120_000 });
    const urls = files.map((f) => `/bench-data/${encodeURIComponent(f)}`);
    return await page.evaluate(
      ([u, c]) =>
        (
          window as unknown as { __bench: { ingestFloor(u: string[], c: boolean): Promise<IngestFloor | CsvIngestFloor> } }
        ).__bench.ingestFloor(u, c),
      [urls, csv] as const,
    );
  } finally {
    await ctx.close();
  }
}

/** Peak resident memory (VmHWM) of the renderer processes, in MB: the page, its workers and the engine. */
export function peakRendererMB(): number {
  let peak = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peak = Math.max(peak, Number(hwm[1]) / 1024);
    } catch {
      // the process ended
    }
  }
  return Math.round(peak);
}
