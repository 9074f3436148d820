/**
 * End-to-end harness: builds the app once, serves dist/ on 127.0.0.1, opens Debian's Chromium
 * through playwright-core, and records every request and console error of the page.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { serveDir } from '../../scripts/serve';
import { repoRoot } from '../../src/lib/engine/node';

export const SHOTS = path.join(repoRoot, 'test-results', 'screenshots');

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]) {
    if (fs.existsSync(p)) return p;
  }
  throw new Error('找不到 Chromium：请先安装 Debian 的 chromium 包（apt-get install -y chromium fonts-noto-cjk）');
}

let built = false;
export function buildOnce(): void {
  if (built || process.env.E2E_SKIP_BUILD === '1') return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  built = true;
}

export interface Harness {
  browser: Browser;
  server: http.Server;
  origin: string;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  buildOnce();
  const server = await serveDir(path.join(repoRoot, 'dist'), 0);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  fs.mkdirSync(SHOTS, { recursive: true });
  return {
    browser,
    server,
    origin,
    async close() {
      await browser.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface Watched {
  page: Page;
  requests: string[];
  consoleErrors: string[];
}

export async function openPage(
  h: Harness,
  query = '',
  viewport = { width: 1400, height: 1000 },
  beforeGoto?: (page: Page) => Promise<void>,
): Promise<Watched> {
  const page = await h.browser.newPage({ viewport, acceptDownloads: true });
  await beforeGoto?.(page);
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${h.origin}/${query}`);
  return { page, requests, consoleErrors };
}

/**
 * The engine is up (no pre-computed preview on screen), no query in flight, and every chart on the
 * page has drawn its latest option.
 */
export async function chartsReady(page: Page, timeout = 30_000, opts: { duringPreview?: boolean } = {}): Promise<void> {
  try {
    await page.waitForSelector('[data-chart]', { timeout });
    // `duringPreview`: the charts drawn from pre-computed results are what the test looks at.
    if (!opts.duringPreview) await page.waitForFunction(() => !document.querySelector('[data-testid="preview"]'), undefined, { timeout });
    await page.waitForFunction(() => document.documentElement.dataset.pendingQueries === '0', undefined, { timeout });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.waitForFunction(
      () => [...document.querySelectorAll('[data-chart]')].every((el) => el.getAttribute('data-ready') === 'true'),
      undefined,
      { timeout },
    );
  } catch (e) {
    const state = await page
      .evaluate(() => ({
        pending: document.documentElement.dataset.pendingQueries,
        charts: [...document.querySelectorAll('[data-chart]')].map(
          (el) => `${el.getAttribute('data-chart')}=${el.getAttribute('data-ready')}`,
        ),
        text: document.querySelector('main')?.textContent?.slice(0, 300),
      }))
      .catch(() => null);
    throw new Error(`图表未就绪：${JSON.stringify(state)}\n${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
}

/** Requests to anything but the local server (data: and blob: URLs are in-page). */
export function foreignRequests(w: Watched, origin: string): string[] {
  return w.requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}
