/**
 * Browser side of the import worker: a worker per file, ended when the file is done (so what it
 * built up while reading, a file's worth of garbage, goes with it rather than into the next file's peak).
 */
import type { InputFile, PreparedFile, Progress } from './loadFiles';
import type { IndicatorStager } from '../db/store';
import { putCsvStage, type CsvFastSpec } from './staged/csvFast';

type Reply =
  | { type: 'progress'; msg: string }
  | { type: 'chunk'; ipc: Uint8Array }
  | { type: 'csv'; spec: CsvFastSpec; prepared?: PreparedFile[] }
  | { type: 'done'; prepared: PreparedFile[] }
  | { type: 'error'; message: string };

/** Larger files are refused before they are read: the browser tab would run out of memory. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * Indicator chunks are staged in the engine as the worker makes them (see `IndicatorStager`).
 * `longWay`: the file is read record by record (the engine's reader refused its bytes).
 */
export function prepareInWorker(file: InputFile, stager: IndicatorStager, onProgress?: Progress, longWay = false): Promise<PreparedFile[]> {
  const w = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    const staged: Promise<void>[] = [];
    const onMessage = (e: MessageEvent<Reply>) => {
      const m = e.data;
      if (m.type === 'progress') {
        onProgress?.(m.msg);
        return;
      }
      if (m.type === 'csv' && m.prepared) {
        // Handed over: the worker's part is done and it ends now, its copy of the file with it (a
        // district's indicators CSV: ~100 MB its heap would keep until a collection, while the engine
        // reads the same bytes: 960 → 890 MB at the import's peak). Refused by the engine's reader, the
        // file is read again the long way by a worker of its own.
        const prepared = m.prepared;
        w.removeEventListener('message', onMessage);
        w.terminate();
        putCsvStage(stager, m.spec)
          .catch(() => false)
          .then((ok) => (ok ? Promise.all(staged).then(() => prepared) : prepareInWorker(file, stager, onProgress, true)))
          .then(resolve, reject);
        return;
      }
      if (m.type === 'csv') {
        // Bytes in memory (handed over to the worker, so they cannot be read again here): read by the
        // engine's CSV reader while the worker waits, and read by the worker itself if that is refused.
        const p = putCsvStage(stager, m.spec).catch(() => false);
        staged.push(p.then(() => undefined));
        void p.then((ok) => w.postMessage({ type: 'csv-done', ok }));
        return;
      }
      if (m.type === 'chunk') {
        const p = stager.put(m.ipc);
        p.catch(() => undefined); // awaited when the file is done
        staged.push(p);
        return;
      }
      w.removeEventListener('message', onMessage);
      w.terminate();
      if (m.type === 'done') {
        Promise.all(staged).then(
          () => resolve(m.prepared),
          (err: unknown) => reject(new Error(`写入 ${file.name} 时出错：${err instanceof Error ? err.message : String(err)}`)),
        );
      } else reject(new Error(`读取 ${file.name} 时出错：${m.message}`));
    };
    w.addEventListener('message', onMessage);
    // The worker itself failed (its script did not load, or it ran out of memory): the load fails, it does not hang.
    w.addEventListener('error', (e) => {
      e.preventDefault();
      w.removeEventListener('message', onMessage);
      w.terminate();
      reject(new Error(`读取 ${file.name} 时出错：导入进程意外终止${e.message ? `（${e.message}）` : '（可能是内存不足）'}`));
    });
    // A File is passed as it is (the worker reads it a piece at a time); bytes in memory are handed over.
    w.postMessage(
      { name: file.name, bytes: file.bytes, handOver: file.bytes instanceof Blob, longWay },
      file.bytes instanceof Uint8Array ? [file.bytes.buffer as ArrayBuffer] : [],
    );
  });
}
