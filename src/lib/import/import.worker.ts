/// <reference lib="webworker" />
/**
 * The import worker: parses, normalises and encodes files off the main thread, so a large file
 * never freezes the page. Same code as Node runs in-process (prepareFile).
 */
import { prepareFile } from './loadFiles';
import { INDICATOR_CHUNK } from '../db/store';
import type { FileContent } from './byteSource';

/** One file per worker: the page starts a worker for each file and ends it when the file is done. */
export interface ImportRequest {
  name: string;
  bytes: FileContent;
}

const ctx = self as unknown as DedicatedWorkerGlobalScope;

ctx.onmessage = async (e: MessageEvent<ImportRequest>) => {
  const { name, bytes } = e.data;
  try {
    // Each chunk of indicator rows goes to the page as soon as it is encoded (and on into a staging table).
    const onChunk = async (ipc: Uint8Array) => {
      ctx.postMessage({ type: 'chunk', ipc }, [ipc.buffer as ArrayBuffer]);
    };
    const prepared = await prepareFile({ name, bytes }, (msg) => ctx.postMessage({ type: 'progress', msg }), INDICATOR_CHUNK, onChunk);
    const transfer = prepared
      .flatMap((p) => [p.batch.projects?.buffer, ...p.batch.indicators.map((c) => c.buffer)])
      .filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    ctx.postMessage({ type: 'done', prepared }, transfer);
  } catch (err) {
    ctx.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
