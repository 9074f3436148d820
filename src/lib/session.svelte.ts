/**
 * The browser's data session: one DuckDB-WASM engine, the data currently loaded and its load
 * reports. The engine download/compile and the sample fetch run at the same time.
 */
import { createBrowserEngine } from './engine/browser';
import type { Engine } from './engine/types';
import { initSchema, type LoadMode } from './db/store';
import { loadFiles, type InputFile } from './import/loadFiles';
import type { FileReport } from './import/report';
import projectsUrl from '../../data/projects.parquet?url';
import indicatorsUrl from '../../data/indicators.parquet?url';

export interface DataSource {
  label: string;
  sample: boolean;
  files: string[];
}

async function fetchBytes(url: string, name: string): Promise<InputFile> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`示例数据 ${name} 加载失败：HTTP ${res.status}`);
  return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

export class DataSession {
  engine = $state.raw<Engine | null>(null);
  status = $state<'starting' | 'loading' | 'ready' | 'error'>('starting');
  progress = $state('正在启动…');
  error = $state<string | null>(null);
  /** Bumped after every successful load: views re-query when it changes. */
  version = $state(0);
  source = $state<DataSource | null>(null);
  reports = $state.raw<FileReport[]>([]);

  async start(): Promise<void> {
    try {
      const sample = this.fetchSample();
      const engine = await createBrowserEngine((m) => (this.progress = m));
      await initSchema(engine);
      this.engine = engine;
      await this.load(await sample, 'replace', { label: '示例数据（系统自带，非真实数据）', sample: true, files: [] });
    } catch (e) {
      this.fail(e);
    }
  }

  private fetchSample(): Promise<InputFile[]> {
    return Promise.all([fetchBytes(projectsUrl, 'projects.parquet'), fetchBytes(indicatorsUrl, 'indicators.parquet')]);
  }

  async loadSample(): Promise<void> {
    try {
      await this.load(await this.fetchSample(), 'replace', { label: '示例数据（系统自带，非真实数据）', sample: true, files: [] });
    } catch (e) {
      this.fail(e);
    }
  }

  async loadUserFiles(files: File[], mode: LoadMode): Promise<FileReport[]> {
    const inputs = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const prev = this.source;
    const label = mode === 'add' && prev ? `${prev.label} + ${files.map((f) => f.name).join('、')}` : files.map((f) => f.name).join('、');
    return this.load(inputs, mode, { label, sample: mode === 'add' && prev ? prev.sample : false, files: files.map((f) => f.name) });
  }

  private async load(files: InputFile[], mode: LoadMode, source: DataSource): Promise<FileReport[]> {
    const engine = this.engine;
    if (!engine) throw new Error('分析引擎尚未就绪');
    this.status = 'loading';
    const result = await loadFiles(engine, files, mode, (m) => (this.progress = m));
    this.reports = result.reports;
    if (result.projects + result.indicators > 0) {
      this.source = source;
      this.version++;
    }
    this.status = 'ready';
    return result.reports;
  }

  private fail(e: unknown): void {
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
  }
}
