/**
 * The single place filter and view state live. Reads and writes the URL through injected
 * functions (so tests can drive it without a browser); views only read `state.filters`.
 */
import type { Filters } from '../queries/filters';
import { decodeState, encodeState, type AppUrlState, type ViewId } from './urlState';

export interface UrlIO {
  read(): string;
  write(search: string): void;
}

export const browserUrl: UrlIO = {
  read: () => window.location.search,
  write: (search) => {
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) history.replaceState(null, '', url);
  },
};

export class AppState {
  view = $state<ViewId>('overview');
  filters = $state<Filters>(decodeState('').filters);
  report = $state<string | null>(null);

  constructor(private io: UrlIO) {
    this.apply(decodeState(io.read()));
  }

  private apply(s: AppUrlState): void {
    this.view = s.view;
    this.filters = s.filters;
    this.report = s.report;
  }

  snapshot(): AppUrlState {
    return { view: this.view, filters: { ...this.filters }, report: this.report };
  }

  private sync(): void {
    this.io.write(encodeState(this.snapshot()));
  }

  setFilter<K extends keyof Filters>(key: K, value: Filters[K]): void {
    this.filters = { ...this.filters, [key]: value };
    this.sync();
  }

  /** Clicking a town (or any value) that is already selected clears it. */
  toggleFilter<K extends 'town' | 'conclusion' | 'unit' | 'category'>(key: K, value: string): void {
    this.setFilter(key, this.filters[key] === value ? null : value);
  }

  resetFilters(): void {
    this.filters = decodeState('').filters;
    this.sync();
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
