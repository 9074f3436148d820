/**
 * The page's first work: the engine's worker and wasm, and the published data named by `?data=`
 * (or the bundled sample), are all requested at once. The data session picks these up; nothing
 * here touches the screen.
 */
import { createBrowserEngine } from '../engine/browser';
import type { Engine } from '../engine/types';
import type { InputFile } from '../import/loadFiles';
import { PRERENDER_FILE } from '../queries/prerender';
import projectsUrl from '../../../data/projects.parquet?url';
import indicatorsUrl from '../../../data/indicators.parquet?url';

export interface Boot {
  /** The published folder (`?data=`), or null for the bundled sample. */
  path: string | null;
  engine: Promise<Engine>;
  /** The published snapshot, null when the folder has none. */
  snapshot: Promise<PublishedSnapshot | null>;
  /** The pre-computed first view's JSON, null when absent or unreadable. */
  firstView: Promise<unknown>;
  /**
   * The bundled sample's Parquet files, when no folder is named and the build's sample snapshot
   * (`sample/snapshot.duckdb`, written by the build) is not there (null then, e.g. `npm run dev`).
   */
  sample: Promise<InputFile[] | null> | null;
  /** Why `?data=` was not followed (an absolute address, a path leaving the site), in Chinese. */
  refusedPath: string | null;
}

export interface PublishedSnapshot {
  /** Absolute URL on this page's own server. */
  url: string;
  /** Bytes the server announces (null when compressed or not announced). */
  size: number | null;
  /** The server answers byte ranges: the engine can read the file in place. */
  ranged: boolean;
  /** The whole file (already being fetched when the server does not answer ranges). */
  bytes(): Promise<Uint8Array>;
}

/** What the server says about the snapshot (HEAD): its size and whether it answers byte ranges. */
async function findSnapshot(path: string): Promise<PublishedSnapshot | null> {
  const url = new URL(`${path}/snapshot.duckdb`, window.location.href).href;
  let head: Response;
  try {
    head = await fetch(url, { method: 'HEAD' });
  } catch {
    return null;
  }
  // A server that answers every unknown path with the page itself (a common nginx set-up) is not a snapshot.
  if (!head.ok || /text\/html/i.test(head.headers.get('content-type') ?? '')) return null;
  const encoded = (head.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const length = head.headers.get('content-length');
  const size = encoded || length === null ? null : Number(length);
  const ranged = !encoded && size !== null && head.headers.get('accept-ranges') === 'bytes';
  const wholeFile = () => fetchBytes(url, 'snapshot.duckdb').then((f) => f.bytes);
  let whole: Promise<Uint8Array> | null = ranged ? null : wholeFile();
  whole?.catch(() => undefined);
  return { url, size, ranged, bytes: () => (whole ??= wholeFile()) };
}

/**
 * `?data=` names a folder on this page's own server, relative to it (Chinese names included): an
 * address with a scheme or host, a path from the root, `..`, or characters that are not a folder
 * name are refused (the reason in Chinese); null when the path is fine.
 */
export function dataPathProblem(p: string): string | null {
  if (p.trim() === '') return '数据目录为空';
  if (/^[a-z][a-z0-9+.-]*:/i.test(p) || p.startsWith('//'))
    return `「${p}」是一个完整网址；看板只读取本站的相对目录（如 ?data=数据2024），数据不会从其他主机读取`;
  if (p.startsWith('/') || p.startsWith('\\')) return `「${p}」是从站点根目录开始的路径；请写相对于看板页面的目录名（如 ?data=数据2024）`;
  if (p.split(/[\\/]/).includes('..')) return `「${p}」含有「..」，看板只读取页面所在目录之下的文件夹`;
  if (p.length > 200 || /[\u0000-\u001f?#%<>"'`\\|*]/.test(p)) return `「${p}」不是有效的目录名`;
  return null;
}

export const isSafeDataPath = (p: string) => dataPathProblem(p) === null;

async function fetchJson(url: string): Promise<unknown> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

export async function fetchBytes(url: string, name: string): Promise<InputFile & { bytes: Uint8Array }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${name}：服务器答复 HTTP ${res.status}${res.status === 404 ? '（文件不存在）' : ''}`);
  if (/text\/html/i.test(res.headers.get('content-type') ?? ''))
    throw new Error(`${name}：服务器返回的是网页而不是数据文件（文件多半不存在）`);
  return { name, bytes: new Uint8Array(await res.arrayBuffer()) };
}

function fetchParquetPair(projects: string, indicators: string): Promise<InputFile[]> {
  return Promise.all([fetchBytes(projects, 'projects.parquet'), fetchBytes(indicators, 'indicators.parquet')]);
}

export function fetchSample(): Promise<InputFile[]> {
  return fetchParquetPair(projectsUrl, indicatorsUrl);
}

/** A published folder without a snapshot: its two Parquet exports. */
export function fetchPublishedParquet(path: string): Promise<InputFile[]> {
  return fetchParquetPair(`${path}/projects.parquet`, `${path}/indicators.parquet`);
}

/** Where the build publishes the bundled sample as a snapshot (vite.config.ts), beside the page. */
export const SAMPLE_DIR = 'sample';

export function startBoot(search: string): Boot {
  const requested = new URLSearchParams(search).get('data');
  const refusedPath = requested === null ? null : dataPathProblem(requested);
  const path = requested !== null && refusedPath === null ? requested.replace(/\/+$/, '') : null;
  const engine = createBrowserEngine();
  engine.catch(() => undefined); // reported by the session, which awaits it
  // No folder named: the sample, published by the build like real data (snapshot + first view); its
  // Parquet files only if that snapshot is not there.
  const dir = path ?? (refusedPath === null ? SAMPLE_DIR : null);
  const snapshot = dir === null ? Promise.resolve(null) : findSnapshot(dir);
  const sample = path === null && refusedPath === null ? snapshot.then((s) => (s ? null : fetchSample())) : null;
  sample?.catch(() => undefined);
  return {
    sample,
    refusedPath,
    path,
    engine,
    snapshot,
    firstView: dir === null ? Promise.resolve(null) : fetchJson(`${dir}/${PRERENDER_FILE}`),
  };
}

let started: Boot | null = null;

/** The boot of this page, started on first call (App, as the page starts). */
export function pageBoot(): Boot {
  started ??= startBoot(window.location.search);
  return started;
}
