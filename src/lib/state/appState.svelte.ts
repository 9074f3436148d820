/**
 * The single place filter and view state live. Reads and writes the URL through injected
 * functions (so tests can drive it without a browser); views only read `state.filters`.
 */
import type { Filters } from '../queries/filters';
import type { FilterOptionRow } from '../queries/filterOptions';
import { CHOICE_LABEL, checkChoice, type ChoiceKind } from '../domain/filterChoice';
import { decodeState, encodeState, withPageParams, type AppUrlState, type ViewId } from './urlState';
import { decodeRules, type WarningRules } from '../domain/warnings';

export interface UrlIO {
  read(): string;
  /** `push`: a step of the user's (Back returns to the state before it); `replace`: a correction of the URL. */
  write(search: string, mode: 'push' | 'replace'): void;
  /** Back / Forward: called with nothing, the URL already changed. */
  onPop?(handler: () => void): void;
}

export const browserUrl: UrlIO = {
  read: () => window.location.search,
  write: (encoded, mode) => {
    const search = withPageParams(window.location.search, encoded);
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (url === `${window.location.pathname}${window.location.search}${window.location.hash}`) return;
    if (mode === 'push') history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  },
  onPop: (handler) => window.addEventListener('popstate', handler),
};

const PARAM_LABEL: Record<string, string> = {
  view: '视图',
  year: '年度',
  conclusion: '跟踪结论',
  category: '问题类别',
  risk: '仅看预警项目',
  level: '预警等级',
};

/** Parameters of the link that the decoder could not read (a view, year, conclusion or category that does not exist). */
function unreadParams(search: string, s: AppUrlState): string | null {
  const p = new URLSearchParams(search);
  const kept: Record<string, boolean> = {
    view: s.view !== 'overview' || p.get('view') === 'overview',
    year: s.filters.year !== null,
    conclusion: s.filters.conclusion !== null,
    category: s.filters.category !== null,
    risk: s.filters.atRisk || p.get('risk') === '0',
    level: s.filters.level !== null,
  };
  const bad = Object.keys(PARAM_LABEL)
    .filter((k) => p.has(k) && (p.get(k) ?? '').trim() !== '' && !kept[k])
    .map((k) => `${PARAM_LABEL[k]}「${p.get(k)}」`);
  const badRules = decodeRules(p.get('rules')).bad.map((r) => `预警规则「${r}」`);
  const all = [...bad, ...badRules];
  return all.length ? `链接中的 ${all.join('、')} 无法识别，已忽略` : null;
}

export class AppState {
  view = $state<ViewId>('overview');
  filters = $state<Filters>(decodeState('').filters);
  report = $state<string | null>(null);
  /** Said on screen when a filter from the URL matched nothing loaded and was dropped. */
  notice = $state<string | null>(null);

  constructor(private io: UrlIO) {
    const read = io.read();
    this.apply(decodeState(read));
    this.notice = unreadParams(read, this.snapshot());
    // The URL as read, normalised (invalid values dropped): a correction, not a step of the user's.
    this.sync('replace');
    // Back / Forward move through the user's steps inside the page (the engine keeps running).
    io.onPop?.(() => this.apply(decodeState(io.read())));
  }

  /**
   * Filters from the URL checked against what is loaded: a town, year, round or unit that matches
   * nothing is dropped (with a notice naming it) instead of showing zeros under its name; 1-8月 is 1–8月.
   */
  checkAgainst(options: FilterOptionRow[]): void {
    if (options.length === 0) return;
    const dropped: string[] = [];
    const next = { ...this.filters };
    const check = (kind: ChoiceKind, raw: string | null): string | null => {
      if (raw === null) return null;
      const c = checkChoice(kind, raw, options);
      if ('error' in c) {
        dropped.push(`${CHOICE_LABEL[kind]}「${raw}」`);
        return null;
      }
      return c.value;
    };
    next.town = check('town', next.town);
    const y = check('year', next.year === null ? null : String(next.year));
    next.year = y === null ? null : Number(y);
    next.round = check('round', next.round);
    next.unit = check('unit', next.unit);
    if (JSON.stringify(next) === JSON.stringify(this.filters)) return;
    this.filters = next;
    if (dropped.length)
      this.notice = [this.notice, `链接中的筛选条件 ${dropped.join('、')} 不在当前数据中，已取消该条件`].filter(Boolean).join('；');
    this.sync('replace');
  }

  private apply(s: AppUrlState): void {
    this.view = s.view;
    this.filters = s.filters;
    this.report = s.report;
  }

  snapshot(): AppUrlState {
    return { view: this.view, filters: { ...this.filters }, report: this.report };
  }

  private sync(mode: 'push' | 'replace' = 'push'): void {
    this.io.write(encodeState(this.snapshot()), mode);
  }

  setFilter<K extends keyof Filters>(key: K, value: Filters[K]): void {
    this.notice = null;
    this.filters = { ...this.filters, [key]: value };
    this.sync();
  }

  /**
   * The current view drawn again under equal filters (a new object, the same values; the URL is not
   * written): see warmUp.ts. Returns the object set.
   */
  redrawSame(): Filters {
    this.filters = { ...this.filters };
    return this.filters;
  }

  /** Clicking a town (or any value) that is already selected clears it. */
  toggleFilter<K extends 'town' | 'conclusion' | 'unit' | 'category'>(key: K, value: string): void {
    this.setFilter(key, this.filters[key] === value ? null : value);
  }

  /** 清除筛选 clears the filters; the warning rules are not a filter and stay. */
  resetFilters(): void {
    this.filters = { ...decodeState('').filters, rules: this.filters.rules };
    this.sync();
  }

  setRules(rules: WarningRules): void {
    this.setFilter('rules', { ...rules });
  }

  setView(view: ViewId): void {
    this.view = view;
    this.sync();
  }

  openReport(reportId: string): void {
    this.report = reportId;
    this.view = 'project';
    this.sync();
  }
}
