/**
 * The page's first work: the engine's worker and wasm, and the published data named by `?data=`
 * (or the bundled sample), are all requested at once. The data session picks these up; nothing
 * here touches the screen.
 */
import { createBrowserEngine } from './engine/browser';
import type { Engine } from './engine/types';
import type { InputFile } from './import/loadFiles';
import { PRERENDER_FILE } from './queries/prerender';
import projectsUrl from '../../data/projects.parquet?url';
import indicatorsUrl from '../../data/indicators.parquet?url';

export interface Boot {
  /** The published folder (`?data=`), or null for the bundled sample. */
  path: string | null;
  engine: Promise<Engine>;
  /** The published snapshot, null when the folder has none. */
  snapshot: Promise<PublishedSnapshot | null>;
  /** The pre-computed first view's JSON, null when absent or unreadable. */
  firstView: Promise<unknown>;
  /** The bundled sample's files, when no folder is named. */
  sample: Promise<InputFile[]> | null;
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
  if (!head.ok) return null;
  const encoded = (head.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const length = head.headers.get('content-length');
  const size = encoded || length === null ? null : Number(length);
  const ranged = !encoded && size !== null && head.headers.get('accept-ranges') === 'bytes';
  const wholeFile = () => fetchBytes(url, 'snapshot.duckdb').then((f) => f.bytes);
  let whole: Promise<Uint8Array> | null = ranged ? null : wholeFile();
  whole?.catch(() => undefined);
  return { url, size, ranged, bytes: () => (whole ??= wholeFile()) };
}

/** Only a relative folder on this server: letters, digits, - _ . / and no `..`. */
export function isSafeDataPath(p: string): boolean {
  return /^[\w\-./]{1,200}$/.test(p) && !p.includes('..') && !p.startsWith('/');
}

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
  if (!res.ok) throw new Error(`数据文件 ${url} 加载失败：HTTP ${res.status}`);
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

export function startBoot(search: string): Boot {
  const requested = new URLSearchParams(search).get('data');
  const path = requested !== null && isSafeDataPath(requested) ? requested.replace(/\/+$/, '') : null;
  const engine = createBrowserEngine();
  engine.catch(() => undefined); // reported by the session, which awaits it
  const sample = path === null ? fetchSample() : null;
  sample?.catch(() => undefined);
  return {
    sample,
    path,
    engine,
    snapshot: path === null ? Promise.resolve(null) : findSnapshot(path),
    firstView: path === null ? Promise.resolve(null) : fetchJson(`${path}/${PRERENDER_FILE}`),
  };
}

let started: Boot | null = null;

/** The boot of this page, started on first call (App, as the page starts). */
export function pageBoot(): Boot {
  started ??= startBoot(window.location.search);
  return started;
}
