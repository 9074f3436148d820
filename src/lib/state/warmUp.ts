/**
 * The page's redraw path — results from the cache, chart options, ECharts merging them in place, the
 * canvas — runs as cold code the first times it is used: on a district, the first filter changes took
 * 70–110 ms against ~45 ms for later ones. So once the first chart computed by the engine is drawn,
 * and before the user touches a filter, the current view is redrawn a few times with the same filters
 * while the page is idle (`AppState.redrawSame`): the same rows, the same picture, the URL and the
 * history untouched. The user's first change then runs on compiled code. Then the statements one click
 * away are run once, so the engine has them prepared (`prepareOneClickAway`). Both stop as soon as the
 * user changes anything. The page marks `warm-redraws` and `warm-statements` when each is done.
 */
import type { AppState } from './appState.svelte';
import type { DataSession } from './session.svelte';
import type { Filters } from '../queries/filters';
import { MINHANG_TOWNS } from '../contract/columns';
import { PROBLEM_TAXONOMY } from '../domain/problemTaxonomy';
import { shownBuilders } from './viewQueries.svelte';

const FIRST_CHART = 'first-live-chart';

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const idle = () =>
  new Promise<void>((r) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => r(), { timeout: 500 });
    else setTimeout(r, 50);
  });

/** No query pending and every chart on the page drawn (the attributes the page keeps for tests). */
function settled(): boolean {
  return (
    document.documentElement.dataset.pendingQueries === '0' &&
    [...document.querySelectorAll('[data-chart]')].every((c) => c.getAttribute('data-ready') === 'true')
  );
}

async function until(test: () => boolean, giveUpMs: number): Promise<boolean> {
  const end = performance.now() + giveUpMs;
  while (!test()) {
    if (performance.now() > end) return false;
    await frame();
  }
  return true;
}

/** Resolves when the page marks its first chart computed by the engine (at once if it already has). */
function firstChartDrawn(): Promise<void> {
  return new Promise((resolve) => {
    if (performance.getEntriesByName(FIRST_CHART).length) return resolve();
    const obs = new PerformanceObserver((list) => {
      if (!list.getEntriesByName(FIRST_CHART).length) return;
      obs.disconnect();
      resolve();
    });
    obs.observe({ type: 'mark' });
  });
}

/**
 * The filters one click away from `f`: each filter that is not set, set to a typical value (仅看预警项目
 * toggled). Only the SQL text matters (statements are prepared per text, values are bound).
 */
export function oneClickAway(f: Filters): Filters[] {
  const set: Partial<Filters>[] = [
    { town: MINHANG_TOWNS[0] },
    { year: 2024 },
    { round: '1–8月' },
    { unit: '（任一单位）' },
    { conclusion: '严重偏差' },
    { level: 'red' },
    { category: PROBLEM_TAXONOMY[0].id },
  ];
  const next = set.filter((s) => Object.keys(s).every((k) => f[k as keyof Filters] === null)).map((s) => ({ ...f, ...s }));
  return [...next, { ...f, atRisk: !f.atRisk }];
}

/**
 * Each statement the views on screen would run one click away (a new filter set or 仅看预警项目
 * toggled) is run once while the page is idle, so the engine has it prepared when the user clicks:
 * a new SQL text is parsed, bound and planned on its first run (2–9 ms per statement, ~4 per view).
 * One statement at a time; stops when the user changes anything.
 */
async function prepareOneClickAway(app: AppState, session: DataSession): Promise<void> {
  const f = app.filters;
  const engine = session.engine;
  const version = session.version;
  if (!engine) return;
  const builders = shownBuilders().flatMap((b) => Object.values(b));
  const current = new Set(builders.map((b) => b(f).sql));
  const seen = new Set<string>();
  for (const g of oneClickAway(f)) {
    for (const build of builders) {
      const q = build(g);
      if (current.has(q.sql) || seen.has(q.sql)) continue;
      seen.add(q.sql);
      await idle();
      if (app.filters !== f || document.hidden || session.version !== version || session.status !== 'ready') return;
      await engine.query(q.sql, q.params).catch(() => undefined);
    }
  }
}

export async function warmUp(app: AppState, session: DataSession, times = 3): Promise<void> {
  if (typeof document === 'undefined' || typeof requestAnimationFrame !== 'function' || typeof PerformanceObserver !== 'function') return;
  // A page opened on a view without charts warms when the user first opens one that has them.
  await firstChartDrawn();
  let mine = app.filters;
  for (let i = 0; i < times; i++) {
    if (!(await until(settled, 10_000))) return;
    await idle();
    // The user changed something (or the page did): their own redraws warm the path. A load started
    // meanwhile has the engine to itself.
    if (app.filters !== mine || document.hidden || session.status !== 'ready') return;
    mine = app.redrawSame();
    // The redraw has begun (its charts no longer say they are drawn) before the next one waits for it.
    await frame();
    await frame();
  }
  if (!(await until(settled, 10_000))) return;
  performance.mark('warm-redraws');
  await prepareOneClickAway(app, session);
  performance.mark('warm-statements');
}
