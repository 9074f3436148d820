/// <reference lib="webworker" />
/**
 * The import worker: parses, normalises and encodes files off the main thread, so a large file
 * never freezes the page. Same code as Node runs in-process (prepareFile).
 */
import { prepareFile, preparedOfStage } from './loadFiles';
import { INDICATOR_CHUNK } from '../db/store';
import type { FileContent } from './byteSource';
import type { PutCsv } from './staged/csvFast';

/** One file per worker: the page starts a worker for each file and ends it when the file is done. */
export interface ImportRequest {
  name: string;
  bytes: FileContent;
  /**
   * A CSV the engine's reader can take is handed over with what its staging will be, and the page ends
   * this worker (the file is a File: it can be read again the long way, by another worker).
   */
  handOver?: boolean;
  /** Read the long way: the engine's reader refused the bytes a worker before this one handed over. */
  longWay?: boolean;
}

const ctx = self as unknown as DedicatedWorkerGlobalScope;

/** The page's answer to a CSV handed to the engine's reader: read (true) or to be read here (false). */
let csvAnswer: ((ok: boolean) => void) | null = null;
let handOver = false;

/**
 * A CSV the engine's reader can take goes to the page as a Blob (the engine reads it a piece at a
 * time) and leaves this worker's memory; the page reads it into the file's staging table. A File is
 * handed over with what its staging will be and the page ends this worker (`handOver`); bytes in
 * memory wait here for the page's answer, to be read the long way if the reader refuses them.
 */
const onCsv: PutCsv = (spec, stage) =>
  new Promise<boolean>((resolve) => {
    csvAnswer = resolve;
    const data = new Blob([spec.data as Uint8Array<ArrayBuffer>]);
    spec.data = new Uint8Array(0);
    ctx.postMessage({ type: 'csv', spec: { ...spec, data }, prepared: handOver ? [preparedOfStage(stage)] : undefined });
  });

ctx.onmessage = async (e: MessageEvent<ImportRequest | { type: 'csv-done'; ok: boolean }>) => {
  if ('type' in e.data) {
    csvAnswer?.(e.data.ok);
    csvAnswer = null;
    return;
  }
  const { name, bytes, longWay } = e.data;
  handOver = e.data.handOver === true;
  try {
    // Each chunk of indicator rows goes to the page as soon as it is encoded (and on into a staging table).
    const onChunk = async (ipc: Uint8Array) => {
      ctx.postMessage({ type: 'chunk', ipc }, [ipc.buffer as ArrayBuffer]);
    };
    const prepared = await prepareFile(
      { name, bytes },
      (msg) => ctx.postMessage({ type: 'progress', msg }),
      INDICATOR_CHUNK,
      onChunk,
      longWay ? undefined : onCsv,
    );
    const transfer = prepared
      .flatMap((p) => [p.batch.projects?.buffer, ...p.batch.indicators.map((c) => c.buffer)])
      .filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    ctx.postMessage({ type: 'done', prepared }, transfer);
  } catch (err) {
    ctx.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
