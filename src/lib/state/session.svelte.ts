/**
 * The browser's data session: one DuckDB-WASM engine, the data currently loaded and its load
 * reports. The engine download/compile and the sample fetch run at the same time; files are
 * parsed in the import worker and stored through the same `loadFiles` as in Node.
 */
import { SAMPLE_DIR, fetchPublishedParquet, fetchSample, type Boot, type PublishedSnapshot } from './boot';
import type { Engine } from '../engine/types';
import { initSchema, type LoadMode } from '../db/store';
import { SnapshotVersionError, attachSnapshot } from '../db/snapshot';
import { loadFiles, type InputFile } from '../import/loadFiles';
import { MAX_FILE_BYTES, prepareInWorker } from '../import/workerClient';
import { refused, type FileReport } from '../import/report';
import { schemaVersion } from '../db/schema';
import { clearResultCache } from '../queries/resultCache';
import { PRERENDER_FILE, isPrerendered, usePrerendered, type Prerendered } from '../queries/prerender';

/** One message for a published folder that cannot be shown: the folder, the files looked for, why, and the ways out. */
function publishedMissing(path: string, why: unknown): string {
  const reason = why instanceof Error ? why.message : String(why);
  return `数据目录「${path}」无法打开：其中既没有可用的数据快照 ${path}/snapshot.duckdb，也没有可读取的 ${path}/projects.parquet 与 ${path}/indicators.parquet（${reason}）。请核对链接中的目录名，或点「恢复示例数据」查看示例、点「加载数据…」选择本机文件。`;
}

export interface DataSource {
  label: string;
  sample: boolean;
  files: string[];
}

const SAMPLE_LABEL = '示例数据（系统自带，非真实数据）';

/**
 * Pre-computed results may be shown only for the snapshot they were computed from: the size the
 * server announces must match (a compressed or unannounced size is checked later, by data_id).
 */
function snapshotSource(path: string): DataSource {
  return { label: `${path}（数据快照）`, sample: false, files: ['snapshot.duckdb'] };
}

/** The bundled sample keeps its label (示例数据) however it was opened. */
function sourceOf(path: string | null): DataSource {
  return path === null ? { label: SAMPLE_LABEL, sample: true, files: [] } : snapshotSource(path);
}

function matchesSnapshot(p: Prerendered, snap: PublishedSnapshot): boolean {
  return snap.size === null || snap.size === p.snapshotBytes;
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
   * Takes over the page's boot (engine and data requested at once, see boot.ts). `boot.path` (from
   * `?data=`) names a folder on this same server holding a snapshot (with its pre-computed first
   * view) or projects.parquet and indicators.parquet; without it the bundled sample is shown.
   */
  async start(boot: Boot): Promise<void> {
    try {
      const { path } = boot;
      this.progress = '正在启动分析引擎（DuckDB-WASM）…';
      const preview = boot.refusedPath !== null ? Promise.resolve(null) : this.showPrerendered(path, boot);
      const snapshot = boot.snapshot;
      if (boot.refusedPath !== null) {
        this.engine = await boot.engine;
        await initSchema(this.engine);
        throw new Error(`链接中的数据目录未读取：${boot.refusedPath}。`);
      }
      const files: Promise<InputFile[] | null> =
        boot.sample ?? snapshot.then((s) => (s || path === null ? null : fetchPublishedParquet(path)));
      files.catch(() => undefined);
      const engine = await boot.engine;
      performance.mark('engine-ready');
      // The schema first, even before a snapshot: measured faster overall than opening the snapshot on a cold engine.
      await initSchema(engine);
      const snap = await snapshot;
      if (snap && (await this.openSnapshot(engine, snap, path, await preview))) return;
      // Views get the engine only now: before, they show pre-computed results (or wait).
      usePrerendered(null);
      this.engine = engine;
      if (this.status === 'preview') {
        this.status = 'starting';
        this.source = null;
      }
      let inputs: InputFile[];
      try {
        inputs = (await files) ?? (path === null ? await fetchSample() : await fetchPublishedParquet(path));
      } catch (e) {
        throw new Error(path === null ? `示例数据无法读取：${e instanceof Error ? e.message : String(e)}` : publishedMissing(path, e), {
          cause: e,
        });
      }
      performance.mark('data-fetched');
      const reports = await this.load(
        inputs,
        'replace',
        path === null ? { label: SAMPLE_LABEL, sample: true, files: [] } : { label: path, sample: false, files: inputs.map((f) => f.name) },
      );
      const bad = reports.filter((r) => r.status === 'refused');
      if (path !== null && (bad.length || this.source === null)) {
        throw new Error(publishedMissing(path, bad.map((r) => r.refusedReason).join('；') || '两个文件中没有可用的数据'));
      }
      performance.mark('data-loaded');
    } catch (e) {
      this.fail(e);
    }
  }

  /** Draw the published first view while the engine starts, if it belongs to the snapshot being fetched. */
  private async showPrerendered(path: string | null, boot: Boot): Promise<Prerendered | null> {
    const [p, snap] = await Promise.all([boot.firstView, boot.snapshot]);
    if (!snap || !isPrerendered(p, schemaVersion()) || !matchesSnapshot(p, snap) || this.status !== 'starting') return null;
    usePrerendered(p.results);
    this.source = sourceOf(path);
    this.status = 'preview';
    performance.mark('preview-shown');
    return p;
  }

  /** Open a published snapshot; false (with the reason shown) when it cannot be used. */
  /** `path` null: the bundled sample, published by the build as a snapshot. */
  private async openSnapshot(engine: Engine, snap: PublishedSnapshot, path: string | null, preview: Prerendered | null): Promise<boolean> {
    this.progress = '正在打开数据快照…';
    try {
      let n: Awaited<ReturnType<typeof attachSnapshot>>;
      try {
        if (!snap.ranged) throw new Error('服务器不支持按字节范围读取');
        performance.mark('data-fetched');
        n = await attachSnapshot(engine, { url: snap.url });
      } catch (e) {
        if (e instanceof SnapshotVersionError) throw e;
        // Read in place failed or is not offered: the whole file, then.
        if (snap.ranged) console.warn(`按字节范围读取数据快照失败（${e instanceof Error ? e.message : String(e)}），改为下载整个文件`);
        const bytes = await snap.bytes();
        performance.mark('data-fetched');
        n = await attachSnapshot(engine, bytes);
      }
      // Live results replace the pre-computed ones from here on (the same figures when data_id matches).
      if (preview && preview.dataId !== n.dataId)
        console.warn(`${PRERENDER_FILE} 与数据快照不对应（${preview.dataId} ≠ ${n.dataId}），已改用实时计算结果`);
      usePrerendered(null);
      this.engine = engine;
      this.reports = [
        {
          file: `${path ?? SAMPLE_DIR}/snapshot.duckdb`,
          format: 'unknown',
          kind: null,
          status: 'loaded',
          headersFound: [],
          unknownColumns: [],
          rowsRead: n.projects + n.indicators,
          rowsLoaded: n.projects + n.indicators,
          projectsLoaded: n.projects,
          indicatorsLoaded: n.indicators,
          rowsRejected: 0,
          rejected: [],
          warnings: [],
        },
      ];
      this.source = sourceOf(path);
      this.status = 'ready';
      clearResultCache();
      this.version++;
      performance.mark('data-loaded');
      return true;
    } catch (e) {
      this.progress = `数据快照不可用（${e instanceof Error ? e.message : String(e)}），改为读取 Parquet 文件…`;
      return false;
    }
  }

  async loadSample(): Promise<void> {
    try {
      await this.load(await fetchSample(), 'replace', { label: SAMPLE_LABEL, sample: true, files: [] });
    } catch (e) {
      this.fail(e);
    }
  }

  async loadUserFiles(files: File[], mode: LoadMode): Promise<FileReport[]> {
    const tooBig = files.filter((f) => f.size > MAX_FILE_BYTES);
    const ok = files.filter((f) => f.size <= MAX_FILE_BYTES);
    // Files are not read here: the import worker reads each one, a piece at a time, when its turn comes.
    const inputs: InputFile[] = ok.map((f) => ({ name: f.name, bytes: f }));
    const prev = this.source;
    const names = ok.map((f) => f.name).join('、');
    const source =
      mode === 'add' && prev
        ? { label: `${prev.label} + ${names}`, sample: prev.sample, files: [...prev.files, ...ok.map((f) => f.name)] }
        : { label: names, sample: false, files: ok.map((f) => f.name) };
    const extra = tooBig.map((f) =>
      refused(
        f.name,
        'unknown',
        `「${f.name}」有 ${(f.size / 1024 / 1024).toFixed(0)} MB，超过浏览器可处理的上限 ${MAX_FILE_BYTES / 1024 / 1024} MB，未读取。请按街镇或年度拆分后分别加载。`,
      ),
    );
    return this.load(inputs, mode, source, extra);
  }

  private async load(files: InputFile[], mode: LoadMode, source: DataSource, extra: FileReport[] = []): Promise<FileReport[]> {
    const engine = this.engine;
    if (!engine) throw new Error('分析引擎尚未就绪');
    this.status = 'loading';
    try {
      // The same load as Node's, each file prepared in the import worker.
      const result = await loadFiles(engine, files, mode, (m) => (this.progress = m), prepareInWorker);
      this.reports = [...result.reports, ...extra];
      if (result.changed) {
        this.source = source;
        this.version++;
      }
      return this.reports;
    } finally {
      // Whatever the load did to the tables (even if it failed half-way), no earlier result stands.
      clearResultCache();
      this.status = 'ready';
    }
  }

  private fail(e: unknown): void {
    this.status = 'error';
    this.error = e instanceof Error ? e.message : String(e);
  }
}
