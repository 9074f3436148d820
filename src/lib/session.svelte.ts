/**
 * The browser's data session: one DuckDB-WASM engine, the data currently loaded and its load
 * reports. The engine download/compile and the sample fetch run at the same time; files are
 * parsed in the import worker and stored through the same `commitPrepared` as in Node.
 */
import { createBrowserEngine } from './engine/browser';
import type { Engine } from './engine/types';
import { initSchema, type LoadMode } from './db/store';
import { attachSnapshot } from './db/snapshot';
import { commitPrepared, type InputFile, type PreparedFile } from './import/loadFiles';
import { MAX_FILE_BYTES, prepareInWorker } from './import/workerClient';
import { refused, type FileReport } from './import/report';
import { schemaVersion } from './db/schema';
import { PRERENDER_FILE, isPrerendered, usePrerendered, type Prerendered } from './queries/prerender';
import projectsUrl from '../../data/projects.parquet?url';
import indicatorsUrl from '../../data/indicators.parquet?url';

export interface DataSource {
  label: string;
  sample: boolean;
  files: string[];
}

const SAMPLE_LABEL = '示例数据（系统自带，非真实数据）';

async function fetchOptional(url: string): Promise<Uint8Array | null> {
  try {
    const res = await fetch(url);
    return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
  } catch {
    return null;
  }
}

async function fetchJson(url: string): Promise<unknown> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

/**
 * Pre-computed results may be shown only for the snapshot they were computed from: the size the
 * server announces must match (a compressed or unannounced size is checked later, by data_id).
 */
function matchesSnapshot(p: Prerendered, res: Response): boolean {
  const length = res.headers.get('content-length');
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  return encoded || length === null || Number(length) === p.snapshotBytes;
}

async function fetchBytes(url: string, name: string): Promise<InputFile> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`数据文件 ${url} 加载失败：HTTP ${res.status}`);
  return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Only a relative folder on this server: letters, digits, - _ . / and no `..`. */
export function isSafeDataPath(p: string): boolean {
  return /^[\w\-./]{1,200}$/.test(p) && !p.includes('..') && !p.startsWith('/');
}

export class DataSession {
  engine = $state.raw<Engine | null>(null);
  /** `preview`: pre-computed results of a published snapshot are on screen while the engine starts. */
  status = $state<'starting' | 'preview' | 'loading' | 'ready' | 'error'>('starting');
  progress = $state('正在启动…');
  error = $state<string | null>(null);
  /** Bumped after every load that changed the data: views re-query when it changes. */
  version = $state(0);
  source = $state<DataSource | null>(null);
  reports = $state.raw<FileReport[]>([]);

  /**
   * Starts the engine and fetches the data at the same time. `dataPath` (from `?data=` in the URL)
   * names a folder on this same server holding projects.parquet and indicators.parquet, e.g. an
   * intranet deployment's latest exports; without it the bundled sample is shown.
   */
  async start(dataPath: string | null = null): Promise<void> {
    try {
      const path = dataPath !== null && isSafeDataPath(dataPath) ? dataPath.replace(/\/+$/, '') : null;
      // Everything is fetched while the engine downloads and compiles. A published folder may hold
      // a database snapshot (fastest: nothing to parse, and its first view pre-computed) or the two Parquet exports.
      const snapRes = path === null ? Promise.resolve(null) : fetch(`${path}/snapshot.duckdb`).catch(() => null);
      const preview = path === null ? Promise.resolve(null) : this.showPrerendered(path, snapRes);
      const snapshot = snapRes.then(async (r) => (r?.ok ? new Uint8Array(await r.arrayBuffer()) : null)).catch(() => null);
      const files: Promise<InputFile[] | null> = path === null
        ? this.fetchSample()
        : snapshot.then((s) => (s ? null : Promise.all([fetchBytes(`${path}/projects.parquet`, 'projects.parquet'), fetchBytes(`${path}/indicators.parquet`, 'indicators.parquet')])));
      files.catch(() => undefined);
      const engine = await createBrowserEngine((m) => (this.progress = m));
      performance.mark('engine-ready');
      // The schema first, even before a snapshot: measured faster overall than opening the snapshot on a cold engine.
      await initSchema(engine);
      const snap = await snapshot;
      if (snap && path !== null && (await this.openSnapshot(engine, snap, path, await preview))) return;
      // Views get the engine only now: before, they show pre-computed results (or wait).
      usePrerendered(null);
      this.engine = engine;
      if (this.status === 'preview') {
        this.status = 'starting';
        this.source = null;
      }
      const inputs = (await files) ?? (await Promise.all([fetchBytes(`${path}/projects.parquet`, 'projects.parquet'), fetchBytes(`${path}/indicators.parquet`, 'indicators.parquet')]));
      performance.mark('data-fetched');
      await this.load(inputs, 'replace', path === null ? { label: SAMPLE_LABEL, sample: true, files: [] } : { label: path, sample: false, files: inputs.map((f) => f.name) });
      performance.mark('data-loaded');
    } catch (e) {
      this.fail(e);
    }
  }

  /** Draw the published first view while the engine starts, if it belongs to the snapshot being fetched. */
  private async showPrerendered(path: string, snapRes: Promise<Response | null>): Promise<Prerendered | null> {
    const [p, res] = await Promise.all([fetchJson(`${path}/${PRERENDER_FILE}`), snapRes]);
    if (!res?.ok || !isPrerendered(p, schemaVersion()) || !matchesSnapshot(p, res) || this.status !== 'starting') return null;
    usePrerendered(p.results);
    this.source = { label: `${path}（数据快照）`, sample: false, files: ['snapshot.duckdb'] };
    this.status = 'preview';
    performance.mark('preview-shown');
    return p;
  }

  /** Open a published snapshot; false (with the reason shown) when it cannot be used. */
  private async openSnapshot(engine: Engine, bytes: Uint8Array, path: string, preview: Prerendered | null): Promise<boolean> {
    performance.mark('data-fetched');
    this.progress = '正在打开数据快照…';
    try {
      const n = await attachSnapshot(engine, bytes);
      // Live results replace the pre-computed ones from here on (the same figures when data_id matches).
      if (preview && preview.dataId !== n.dataId) console.warn(`${PRERENDER_FILE} 与数据快照不对应（${preview.dataId} ≠ ${n.dataId}），已改用实时计算结果`);
      usePrerendered(null);
      this.engine = engine;
      this.reports = [{
        file: `${path}/snapshot.duckdb`, format: 'unknown', kind: null, status: 'loaded', headersFound: [], unknownColumns: [],
        rowsRead: n.projects + n.indicators, rowsLoaded: n.projects + n.indicators, rowsRejected: 0, rejected: [], warnings: [],
      }];
      this.source = { label: `${path}（数据快照）`, sample: false, files: ['snapshot.duckdb'] };
      this.status = 'ready';
      this.version++;
      performance.mark('data-loaded');
      return true;
    } catch (e) {
      this.progress = `数据快照不可用（${e instanceof Error ? e.message : String(e)}），改为读取 Parquet 文件…`;
      return false;
    }
  }

  private fetchSample(): Promise<InputFile[]> {
    return Promise.all([fetchBytes(projectsUrl, 'projects.parquet'), fetchBytes(indicatorsUrl, 'indicators.parquet')]);
  }

  async loadSample(): Promise<void> {
    try {
      await this.load(await this.fetchSample(), 'replace', { label: SAMPLE_LABEL, sample: true, files: [] });
    } catch (e) {
      this.fail(e);
    }
  }

  async loadUserFiles(files: File[], mode: LoadMode): Promise<FileReport[]> {
    const tooBig = files.filter((f) => f.size > MAX_FILE_BYTES);
    const ok = files.filter((f) => f.size <= MAX_FILE_BYTES);
    const inputs = await Promise.all(ok.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const prev = this.source;
    const names = ok.map((f) => f.name).join('、');
    const source = mode === 'add' && prev ? { label: `${prev.label} + ${names}`, sample: prev.sample, files: [...prev.files, ...ok.map((f) => f.name)] } : { label: names, sample: false, files: ok.map((f) => f.name) };
    const extra = tooBig.map((f) => refused(f.name, 'unknown', `「${f.name}」有 ${(f.size / 1024 / 1024).toFixed(0)} MB，超过浏览器可处理的上限 ${MAX_FILE_BYTES / 1024 / 1024} MB，未读取。请按街镇或年度拆分后分别加载。`));
    return this.load(inputs, mode, source, extra);
  }

  private async load(files: InputFile[], mode: LoadMode, source: DataSource, extra: FileReport[] = []): Promise<FileReport[]> {
    const engine = this.engine;
    if (!engine) throw new Error('分析引擎尚未就绪');
    this.status = 'loading';
    try {
      const prepared: PreparedFile[] = [];
      for (const [i, f] of files.entries()) {
        this.progress = `正在读取 ${f.name}（${i + 1}/${files.length}）…`;
        prepared.push(await prepareInWorker(f, (m) => (this.progress = m)));
      }
      const result = await commitPrepared(engine, prepared, mode, (m) => (this.progress = m));
      this.reports = [...result.reports, ...extra];
      if (result.changed) {
        this.source = source;
        this.version++;
      }
      return this.reports;
    } finally {
      this.status = 'ready';
    }
  }

  private fail(e: unknown): void {
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
  }
}
